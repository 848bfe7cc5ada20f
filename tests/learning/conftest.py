"""Shared set-up for the learning tests. Consultation: version 0.2 in consultation with two
items, and comments on it from both vanguards' members and an RM."""

import pytest

from learning.models import ConsultationComment, ToolkitVersion
from tests.factories import ToolkitItemFactory, ToolkitVersionFactory, publish_toolkit_version


def consultation_version(number="0.2", items=("Return to work plan", "Employer conversation")):
    version = ToolkitVersionFactory(number=number)
    for order, title in enumerate(items):
        ToolkitItemFactory(version=version, title=title, order=order)
    version.status = ToolkitVersion.Status.CONSULTATION
    version.save()
    return version


def comment(version, author, *, item=None, text="Please add an example.", **fields):
    from vanguards.permissions import member_vanguard_id

    return ConsultationComment.objects.create(
        version=version,
        item=item,
        item_title=item.title if item else "",
        author=author,
        vanguard_id=member_vanguard_id(author),
        text=text,
        **fields,
    )


@pytest.fixture
def in_consultation(db):
    publish_toolkit_version(ToolkitVersionFactory(number="0.1"))
    return consultation_version()


@pytest.fixture
def comments(cast, in_consultation):
    """A comment each from member A, member B and the RM, on the first item."""
    item = in_consultation.items.order_by("order").first()
    return {
        "a": comment(in_consultation, cast["member_a"], item=item, text="Alpha's comment"),
        "b": comment(in_consultation, cast["member_b"], item=item, text="Bravo's comment"),
        "rm": comment(in_consultation, cast["rm"], text="The RM's comment"),
    }

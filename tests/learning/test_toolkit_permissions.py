"""Who sees which toolkit version, and who keeps the toolkit (DESIGN.md §3): published and
superseded versions for everyone signed in, the version in consultation for vanguard members
and the NST, drafts for the learning team and admins. Only they change versions and items,
and only while a version is open. Unknown and invisible versions are 404."""

import pytest
from django.core.files.base import ContentFile

from learning.models import ToolkitItem, ToolkitVersion
from tests.factories import ToolkitItemFactory, ToolkitVersionFactory, publish_toolkit_version
from tests.roles import OK, REDIRECT, each_role_gets, everyone
from vanguards import permissions

pytestmark = pytest.mark.django_db

Status = ToolkitVersion.Status
KEEPERS = {"admin_user": OK, "learning_user": OK}
CONSULTEES = {
    role: OK for role in ("admin_user", "rm", "rm_lead", "learning_user", "member_a", "member_b")
}
# A keeper asking to change a published version is sent back to it with a message.
KEEPERS_REFUSED = {"admin_user": REDIRECT, "learning_user": REDIRECT}


@pytest.fixture
def toolkit(tmp_path, settings):
    """0.1 superseded, 0.2 published (its item has a file), 0.3 in consultation, 0.4 draft;
    one item each."""
    settings.MEDIA_ROOT = tmp_path
    ids = {}
    for number, key in (("0.1", "a"), ("0.2", "b"), ("0.3", "c"), ("0.4", "d")):
        version = ToolkitVersionFactory(number=number)
        item = ToolkitItemFactory(version=version, title=f"Item of {number}")
        ids[key] = item.pk
        if number == "0.2":
            item.file.save("guide.pdf", ContentFile(b"%PDF-1.4 guide"))
            item.file_name = "Guide.pdf"
            item.save()
        if number in ("0.1", "0.2"):
            publish_toolkit_version(version)
        if number == "0.1":
            version.status = Status.SUPERSEDED
            version.save()
        if number == "0.3":
            version.status = Status.CONSULTATION
            version.save()
    return ids


PAGES = {
    "/learning/toolkit/0.1/": everyone(OK),
    "/learning/toolkit/0.2/": everyone(OK),
    "/learning/toolkit/0.3/": CONSULTEES,
    "/learning/toolkit/0.4/": KEEPERS,
    "/learning/toolkit/9.9/": {},
    "/learning/toolkit/not-a-number/": {},
    "/learning/toolkit/0.1/items/{a}/": everyone(OK),
    "/learning/toolkit/0.2/items/{b}/": everyone(OK),
    "/learning/toolkit/0.2/items/{b}/file/": everyone(OK),
    "/learning/toolkit/0.3/items/{c}/": CONSULTEES,
    "/learning/toolkit/0.4/items/{d}/": KEEPERS,
    "/learning/toolkit/0.4/items/{c}/": {},  # an item of another version
    "/learning/toolkit/0.3/items/{c}/file/": {},  # no file
    # The learning team's pages: open versions only.
    "/learning/toolkit/0.3/edit/": KEEPERS,
    "/learning/toolkit/0.4/edit/": KEEPERS,
    "/learning/toolkit/0.2/edit/": KEEPERS_REFUSED,
    "/learning/toolkit/0.1/edit/": KEEPERS_REFUSED,
    "/learning/toolkit/0.3/move/": KEEPERS,
    "/learning/toolkit/0.4/move/": KEEPERS,
    "/learning/toolkit/0.2/move/": KEEPERS_REFUSED,
    "/learning/toolkit/0.4/items/new/": KEEPERS,
    "/learning/toolkit/0.2/items/new/": KEEPERS_REFUSED,
    "/learning/toolkit/0.4/items/{d}/edit/": KEEPERS,
    "/learning/toolkit/0.3/items/{c}/remove/": KEEPERS,
    "/learning/toolkit/0.2/items/{b}/edit/": KEEPERS_REFUSED,
    "/learning/toolkit/0.2/items/{b}/remove/": KEEPERS_REFUSED,
}


@each_role_gets(PAGES)
def test_role_gets_expected_answer(client, cast, toolkit, url, role, expected):
    client.force_login(cast[role])
    assert client.get(url.format(**toolkit)).status_code == expected


# POSTs: only keepers change anything, and only in open versions.
CHANGES = {
    "/learning/toolkit/0.4/move/": {**KEEPERS_REFUSED},
    "/learning/toolkit/0.3/items/{c}/remove/": {**KEEPERS_REFUSED},
}


@each_role_gets(CHANGES)
def test_only_keepers_change_versions(client, cast, toolkit, url, role, expected):
    client.force_login(cast[role])
    response = client.post(url.format(**toolkit))
    assert response.status_code == expected
    moved = ToolkitVersion.objects.get(number="0.4").status == Status.CONSULTATION
    removed = not ToolkitItem.objects.filter(pk=toolkit["c"]).exists()
    assert (moved or removed) is (expected == REDIRECT)


@each_role_gets({"admin_user": True, "learning_user": True})
def test_only_keepers_see_the_draft_in_the_versions_list(client, cast, toolkit, role, expected):
    client.force_login(cast[role])
    page = client.get("/learning/toolkit/").content.decode()
    assert ("Version 0.4" in page) is (expected is True)  # everyone else gets the default
    assert "Version 0.1" in page


@each_role_gets(everyone(True))
def test_each_version_check_agrees_with_the_list(cast, toolkit, role, expected):
    user = cast[role]
    visible = set(
        permissions.toolkit_versions_visible_to(user, ToolkitVersion.objects.all()).values_list(
            "pk", flat=True
        )
    )
    items = set(
        permissions.toolkit_items_visible_to(user, ToolkitItem.objects.all()).values_list(
            "version", flat=True
        )
    )
    versions = ToolkitVersion.objects.all()
    agree = all(
        permissions.can_view_toolkit_version(user, v) is (v.pk in visible) for v in versions
    )
    assert (agree and items == visible) is expected

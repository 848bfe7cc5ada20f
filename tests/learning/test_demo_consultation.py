"""The demo consultation: comments in every state on the version in consultation, from several
vanguards and the NST; accepted comments from the previous consultation linked to changes in
the current version; both panels with members and a review from each on recent versions."""

import pytest

from learning.management.demo_consultation import seed_consultation
from learning.management.demo_toolkit import seed_toolkit
from learning.models import ConsultationComment, Panel, PanelMember, PanelReview, ToolkitVersion
from vanguards.management.demo import seed_registry

pytestmark = pytest.mark.django_db


def test_the_demo_consultation():
    registry = seed_registry()
    seed_toolkit(registry)
    seed_consultation(registry)
    current = ToolkitVersion.objects.get(status=ToolkitVersion.Status.CONSULTATION)
    previous = ToolkitVersion.objects.get(status=ToolkitVersion.Status.PUBLISHED)

    on_current = ConsultationComment.objects.filter(version=current)
    assert set(on_current.values_list("status", flat=True)) == set(ConsultationComment.Status)
    assert on_current.filter(vanguard__isnull=True).exists()  # from NST staff
    assert on_current.exclude(vanguard__isnull=True).values("vanguard").distinct().count() >= 3

    linked = ConsultationComment.objects.filter(version=previous, led_to__isnull=False)
    assert linked.exists()
    assert all(comment.led_to.version == current for comment in linked)
    assert all(comment.status == "accepted" for comment in linked)

    for panel in Panel:
        assert PanelMember.objects.filter(panel=panel).count() >= 3
        reviewed = set(PanelReview.objects.filter(panel=panel).values_list("version", flat=True))
        assert {current.pk, previous.pk} <= reviewed

    seed_consultation(registry)  # again: nothing new
    assert ConsultationComment.objects.filter(version=current).count() == on_current.count()
    assert PanelReview.objects.count() == 4

"""The demo's plans: Thurrock's key activities with their real timelines (the conditional ones
kept as words), a short plan for every other vanguard with some overdue and at risk, and the
programme plan's milestones linked to the demo's toolkit versions and events."""

import pytest
from django.utils import timezone

from learning.management.demo_events import seed_events
from learning.management.demo_toolkit import seed_toolkit
from plans.management.demo_plans import (
    GREATER_MANCHESTER_PLAN_VANGUARD,
    THURROCK_PLAN_VANGUARD,
    seed_plans,
)
from plans.models import Activity, Plan
from plans.selectors import plan_attention
from vanguards.management.demo import seed_registry

pytestmark = pytest.mark.django_db


def test_demo_plans(settings):
    registry = seed_registry()
    seed_events(registry)
    seed_toolkit(registry)
    seed_plans(registry)
    seed_plans(registry)  # a second run adds nothing
    assert Plan.objects.filter(kind=Plan.Kind.VANGUARD).count() == len(registry["vanguards"])
    # Thurrock's 12, Greater Manchester's 18, five for each of the other 13.
    assert Activity.objects.filter(theme__plan__kind=Plan.Kind.VANGUARD).count() == 12 + 18 + 5 * 13

    thurrock = Activity.objects.filter(theme__plan__vanguard__slug=THURROCK_PLAN_VANGUARD)
    words = {activity.timeline_words for activity in thurrock}
    assert "June 2023" in words
    assert "September 2024 to March 2025" in words
    assert "When post is recruited to." in words
    conditional = thurrock.filter(timeline=Activity.Timeline.CONDITION)
    assert conditional.count() == 3
    assert not conditional.filter(latest_date__isnull=False).exists()  # no date made up

    # Greater Manchester's is its board paper's: the three strands with their participants and
    # funding, the paper's dates as months, and no date where the paper gives none.
    manchester = Plan.objects.get(vanguard__slug=GREATER_MANCHESTER_PLAN_VANGUARD)
    titles = [theme.title for theme in manchester.themes.all()]
    assert "Strand 1: Employment support in the MFT MSK pathway (600 participants, £438,048)" in (
        titles
    )
    assert len([title for title in titles if title.startswith("Strand ")]) == 3
    gm = Activity.objects.filter(theme__plan=manchester)
    gm_words = {activity.timeline_words for activity in gm}
    assert {"October 2024 to November 2024", "December 2024", "December 2024 to March 2026"} <= (
        gm_words
    )
    assert "December 2024 onwards – a quality 18 month service" in gm_words
    assert gm.filter(timeline=Activity.Timeline.CONDITION, latest_date__isnull=True).count() == 3
    assert all(a.starts is None or a.starts.year in (2024, 2025, 2026) for a in gm)

    found = plan_attention(
        vanguards=[v.pk for v in registry["vanguards"]], today=timezone.localdate()
    )
    assert sum(1 for row in found.values() if row.overdue) >= 5
    assert sum(1 for row in found.values() if row.at_risk) >= 5

    milestones = Activity.objects.filter(theme__plan__kind=Plan.Kind.PROGRAMME)
    assert [theme.title for theme in Plan.objects.get(kind="programme").themes.all()] == [
        "Strategic planning and service design",
        "Implementation and delivery",
        "Learning and dissemination",
    ]
    linked = milestones.filter(toolkit_version__isnull=False).select_related("toolkit_version")
    assert linked.exists() and milestones.filter(event__isnull=False).exists()
    published = [m for m in linked if m.toolkit_version.status in m.toolkit_version.LOCKED]
    assert published and all(m.current_status == Activity.Status.DONE for m in published)

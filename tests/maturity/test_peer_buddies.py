"""Peer buddies: for each weak dimension, vanguards leading on it (agreed level at or above the
framework's leading threshold), from a different cohort group where possible."""

import datetime
from decimal import Decimal

import pytest

from maturity.models import SelfAssessment
from maturity.selectors.results import recommendations
from tests.factories import (
    AssessmentCycleFactory,
    CohortGroupFactory,
    DimensionFactory,
    FrameworkVersionFactory,
    VanguardFactory,
    join_group,
    make_assessment,
)
from vanguards.models import CohortGroup, Vanguard

SUBMITTED = SelfAssessment.Status.SUBMITTED
DRAFT = SelfAssessment.Status.DRAFT


def named_framework(**thresholds):
    framework = FrameworkVersionFactory(**thresholds)
    for order, name in enumerate(["Leadership", "Partnership", "Data"], start=1):
        DimensionFactory(framework=framework, order=order, name=name)
    return framework


@pytest.fixture
def cycle(db):
    return AssessmentCycleFactory(
        name="Autumn 2025", framework=named_framework(), opens_on=datetime.date(2025, 10, 1)
    )


def vanguard(name, group=None, **kwargs):
    made = VanguardFactory(name=name, **kwargs)
    if group is not None:
        join_group(made, group)
    return made


def buddies(of) -> dict[str, list[str]]:
    return {
        weak.dimension.name: [buddy.vanguard.name for buddy in weak.buddies]
        for weak in recommendations(vanguard=of).weak_dimensions
    }


@pytest.fixture
def programme(cycle, vanguard_a, vanguard_b):
    """A (Alpha group) is weakest on Data, then Leadership, then Partnership."""
    alpha = CohortGroup.objects.get(name="Alpha group")
    bravo = CohortGroup.objects.get(name="Bravo group")
    make_assessment(vanguard_a, cycle, [2, 3, 1])
    make_assessment(vanguard_b, cycle, [4, 2, 5])  # another group: leads Leadership and Data
    make_assessment(vanguard("Echo", alpha), cycle, [5, 2, 4])  # A's own group
    make_assessment(vanguard("Foxtrot", bravo), cycle, [3, 2, 3])  # leads nothing
    make_assessment(vanguard("Juliet", alpha), cycle, [3, 4, 3])  # A's group, Partnership
    # Not buddies: closed; a draft; submitted but not agreed.
    make_assessment(vanguard("Golf", bravo, status=Vanguard.Status.CLOSED), cycle, [5, 5, 5])
    make_assessment(vanguard("Hotel", bravo), cycle, [5, 5, 5], status=DRAFT)
    make_assessment(vanguard("India", CohortGroupFactory()), cycle, [5, 5, 5], status=SUBMITTED)
    return {"alpha": alpha, "bravo": bravo}


def test_leading_vanguards_from_other_groups_come_first(programme, vanguard_a):
    assert buddies(vanguard_a) == {
        # B leads at 5 from another group; Echo at 4 is in A's own group.
        "Data": ["Bravo Vanguard", "Echo"],
        # Another group is preferred even over a higher level in A's own group.
        "Leadership": ["Bravo Vanguard", "Echo"],
        # Only a same-group vanguard leads here, so it is suggested: "where possible".
        "Partnership": ["Juliet"],
    }


def test_buddies_say_whether_they_are_in_the_same_group(programme, vanguard_a):
    data = recommendations(vanguard=vanguard_a).weak_dimensions[0]
    assert [(b.cohort_group_name, b.same_group, b.level) for b in data.buddies] == [
        ("Bravo group", False, 5),
        ("Alpha group", True, 4),
    ]


def test_at_most_three_buddies_highest_level_then_name(cycle, vanguard_a):
    make_assessment(vanguard_a, cycle, [5, 5, 1])
    other = CohortGroupFactory()
    for name, data_level in [("Zulu", 5), ("Yankee", 4), ("Kilo", 5), ("Lima", 4)]:
        make_assessment(vanguard(name, other), cycle, [3, 3, data_level])
    make_assessment(
        vanguard("Mike", vanguard_a.group_memberships.get().cohort_group), cycle, [3, 3, 5]
    )
    assert buddies(vanguard_a) == {"Data": ["Kilo", "Zulu", "Lima"]}


def test_only_each_vanguards_latest_agreed_levels_count(cycle, vanguard_a):
    later = AssessmentCycleFactory(framework=cycle.framework, opens_on=datetime.date(2026, 2, 1))
    make_assessment(vanguard_a, later, [5, 5, 1])
    slipped = vanguard("November", CohortGroupFactory())
    make_assessment(slipped, cycle, [3, 3, 5])
    make_assessment(slipped, later, [3, 3, 3])
    assert buddies(vanguard_a) == {"Data": []}


def test_leading_follows_the_frameworks_threshold(vanguard_a):
    strict = named_framework(emerging_below=Decimal("3"), maturing_below=Decimal("4.5"))
    cycle = AssessmentCycleFactory(framework=strict, opens_on=datetime.date(2025, 10, 1))
    make_assessment(vanguard_a, cycle, [5, 5, 1])
    make_assessment(vanguard("Oscar", CohortGroupFactory()), cycle, [3, 3, 4])
    make_assessment(vanguard("Papa", CohortGroupFactory()), cycle, [3, 3, 5])
    assert buddies(vanguard_a) == {"Data": ["Papa"]}


def test_member_sees_their_buddies_named_with_the_reason(client, member_a, programme):
    client.force_login(member_a)
    html = client.get("/maturity/vanguards/alpha/").content.decode()
    assert "Peer buddies" in html
    assert "<li>Bravo Vanguard (Bravo group)</li>" in html
    assert "<li>Echo (Alpha group, the same cohort group)</li>" in html
    assert "buddies are named so that you can get in touch" in html
    # Never a vanguard that is not a suggested buddy.
    assert "Foxtrot" not in html and "Golf" not in html and "Hotel" not in html


def test_rm_sees_buddies_too(client, rm, programme):
    client.force_login(rm)
    html = client.get("/maturity/vanguards/alpha/").content.decode()
    assert "<li>Juliet (Alpha group, the same cohort group)</li>" in html


def test_no_leader_yet_is_said_plainly(client, rm, cycle, vanguard_a):
    make_assessment(vanguard_a, cycle, [2, 3, 1])
    client.force_login(rm)
    html = client.get("/maturity/vanguards/alpha/").content.decode()
    assert "No vanguard is leading on this dimension yet." in html

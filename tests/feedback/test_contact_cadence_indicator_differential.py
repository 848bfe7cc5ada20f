"""The contact-cadence quality indicator against the rule it had before it read only the last
cadence's contacts: each vanguard's newest contact on or before the quarter's end (or today),
read from every touchpoint as an instance, and in time when contact_due_on of it is not before
that day. On generated data: contacts either side of the cut-off, on weekends and before bank
holidays (a due date moved on past the quarter's end), drafts, archived and future touchpoints,
touchpoints of several vanguards, vanguards never contacted, closed or moving between cohort
groups and RMs (two groups of one RM), with three cadences, for closed quarters and the open one."""

import datetime
import random
from collections import defaultdict

import pytest
from django.utils import timezone

from feedback.models.quality import Indicator
from feedback.selectors.quality import NATIONAL, Share, indicator_shares
from tests.factories import (
    CohortGroupFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
)
from vanguards.models import CohortGroupMembership, ProgrammeSettings, Touchpoint, Vanguard
from vanguards.selectors.cadence import contact_due_on
from workwell.dates import Quarter
from workwell.models import Role

# 2024/25 Q3 ends on Tuesday 31 December, after Christmas and Boxing Day; 2025/26 Q1 on Monday
# 30 June; 2025/26 Q2 on Tuesday 30 September. Today is in 2025/26 Q3, the open quarter.
QUARTERS = [Quarter(2024, 3), Quarter(2025, 1), Quarter(2025, 2), Quarter(2025, 3)]
TODAY = datetime.date(2025, 11, 14)
SWITCH = datetime.date(2025, 5, 15)  # when the movers change cohort group


def _reference(quarter: Quarter, today: datetime.date, cadence: int) -> dict:
    """scope → Share of vanguards contacted in time, as the indicator was first written."""
    as_of = min(quarter.end, today)
    groups = {}
    for membership in CohortGroupMembership.objects.select_related("cohort_group"):
        if membership.started_on <= as_of and (
            membership.ended_on is None or membership.ended_on >= as_of
        ):
            groups[membership.vanguard_id] = (
                membership.cohort_group_id,
                membership.cohort_group.relationship_manager_id,
            )
    newest = {}
    for touchpoint in Touchpoint.objects.prefetch_related("vanguards"):
        counts = (
            touchpoint.status == Touchpoint.Status.COMPLETE
            and touchpoint.archived_at is None
            and touchpoint.date <= as_of
        )
        if counts:
            for vanguard in touchpoint.vanguards.all():
                newest[vanguard.pk] = max(newest.get(vanguard.pk, touchpoint.date), touchpoint.date)
    totals = defaultdict(Share)
    for vanguard in Vanguard.objects.exclude(status=Vanguard.Status.CLOSED):
        last = newest.get(vanguard.pk)
        share = Share(int(last is not None and contact_due_on(last, cadence) >= as_of), 1)
        totals[(NATIONAL, None)] += share
        group, rm = groups.get(vanguard.pk, (None, None))
        if group is not None:
            totals[("cohort_group", group)] += share
        if rm is not None:
            totals[("relationship_manager", rm)] += share
    return dict(totals)


def _build(seed: int) -> None:
    rng = random.Random(seed)
    rms = [UserFactory(role=Role.RM) for _ in range(3)]
    groups = [CohortGroupFactory(relationship_manager=rng.choice(rms)) for _ in range(5)]
    vanguards = [
        VanguardFactory(
            status=rng.choice(list(Vanguard.Status)), start_date=datetime.date(2024, 4, 1)
        )
        for _ in range(18)
    ]
    for index, vanguard in enumerate(vanguards):
        if index % 6 == 5:
            continue  # in no cohort group
        first, second = rng.sample(groups, 2)
        if index % 3 == 0:  # moves group part-way through
            CohortGroupMembership.objects.create(
                vanguard=vanguard,
                cohort_group=first,
                started_on=datetime.date(2024, 4, 1),
                ended_on=SWITCH,
            )
            CohortGroupMembership.objects.create(
                vanguard=vanguard, cohort_group=second, started_on=SWITCH + datetime.timedelta(1)
            )
        else:
            CohortGroupMembership.objects.create(
                vanguard=vanguard, cohort_group=first, started_on=datetime.date(2024, 4, 1)
            )
    # Contacts clustered near each quarter's end (either side of every cut-off), some anywhere.
    ends = [min(quarter.end, TODAY) for quarter in QUARTERS]
    for _ in range(110):
        if rng.random() < 0.8:
            day = rng.choice(ends) - datetime.timedelta(days=rng.randint(-3, 40))
        else:
            day = datetime.date(2024, 4, 1) + datetime.timedelta(days=rng.randint(0, 600))
        touchpoint = TouchpointFactory(
            date=day,
            author=rms[0],
            status=rng.choice([Touchpoint.Status.COMPLETE] * 4 + [Touchpoint.Status.DRAFT]),
            vanguards=rng.sample(vanguards[:-2], rng.choice([1, 1, 1, 2, 3])),  # two never
        )
        if rng.random() < 0.15:
            Touchpoint.objects.filter(pk=touchpoint.pk).update(archived_at=timezone.now())


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("cadence", [7, 14, 30])
def test_contact_cadence_matches_the_rule_over_every_contact(seed, cadence):
    _build(seed)
    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"contact_cadence_days": cadence})
    nationals = []
    for quarter in QUARTERS:
        expected = _reference(quarter, TODAY, cadence)
        shares = indicator_shares(quarter, today=TODAY)
        found = {
            scope: by_indicator[Indicator.CONTACT_CADENCE]
            for scope, by_indicator in shares.items()
            if Indicator.CONTACT_CADENCE in by_indicator
        }
        assert found == expected, quarter
        nationals.append(expected[(NATIONAL, None)])
    # The data has vanguards in time and vanguards late.
    assert any(0 < share.met < share.count for share in nationals)

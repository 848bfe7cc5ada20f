"""The pulse results selector against a reference that reads every answer, invitation, support
rating and event rating of the quarter as a model instance and adds them up in Python, on
generated data: two quarters, vanguards whose cohort group, RM and region move between them,
RMs of the same name, people outside any vanguard rating events, every role of the cast, with
and without pages of a breakdown."""

import datetime
import random

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from feedback.models import PulseInvitation, PulseResponse, PulseSurvey
from feedback.selectors import results
from feedback.selectors.disclosure import disclose, disclosure_threshold
from feedback.selectors.results import (
    BREAKDOWNS,
    PulseTally,
    ResultRow,
    Tally,
    pulse_tallies,
    quarter_results,
)
from learning.models import EventFeedback
from tests.conftest import CAST
from tests.factories import (
    CohortGroupFactory,
    EventFactory,
    SupportRequestFactory,
    UserFactory,
    VanguardFactory,
    make_member,
)
from vanguards import permissions
from vanguards.models import Region, SupportRequest, VanguardMember
from workwell.dates import Quarter
from workwell.models import Role

NAME = {
    "vanguard": lambda row: row.vanguard.name,
    "cohort_group": lambda row: row.cohort_group.name,
    "relationship_manager": lambda row: row.relationship_manager.full_name,
    "region": lambda row: row.region.name,
}


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _span(quarter: Quarter) -> tuple[datetime.datetime, datetime.datetime]:
    return _at(quarter.start, 0), _at(quarter.next().start, 0)


def _groups(row) -> tuple:
    return (row.vanguard_id, row.cohort_group_id, row.relationship_manager_id, row.region_id)


def _tally(values: list[int]) -> Tally:
    return Tally(len(values), sum(values), sum(value >= 4 for value in values))


def _reference(user, quarter: Quarter, pages: dict | None) -> dict:
    """What the results should be, from instances: every group's figures added up directly."""
    in_quarter = {"survey__year": quarter.year, "survey__number": quarter.number}
    answers = list(PulseResponse.objects.filter(**in_quarter))
    asked = list(PulseInvitation.objects.filter(**in_quarter))
    start, end = _span(quarter)
    support = [
        request
        for request in SupportRequest.objects.exclude(rating=None)
        if start <= request.delivered_at < end
    ]
    feedback = [
        rating
        for rating in EventFeedback.objects.select_related("event")
        if start <= rating.event.starts_at < end
    ]
    vanguard_of = dict(VanguardMember.objects.values_list("user_id", "vanguard_id"))
    # The data gives each vanguard one set of groups a quarter; support and event ratings
    # count in its groups (a vanguard nobody was asked in counts in its own and nationally).
    groups_of = {row.vanguard_id: _groups(row) for row in answers + asked}

    def vanguard_groups(vanguard_id):
        return groups_of.get(vanguard_id, (vanguard_id, None, None, None))

    def figures(holds) -> tuple:
        mine = [row for row in answers if holds(_groups(row))]
        pulse = PulseTally(
            _tally([row.satisfaction for row in mine]),
            _tally([row.rm_support for row in mine]),
            _tally([row.learning_usefulness for row in mine]),
            sum(holds(_groups(row)) for row in asked),
        )
        rated = _tally([row.rating for row in support if holds(vanguard_groups(row.vanguard_id))])
        useful = _tally(
            [
                row.usefulness
                for row in feedback
                if holds(vanguard_groups(vanguard_of.get(row.person_id)))
            ]
        )
        return pulse, rated, useful

    threshold = disclosure_threshold()

    def row(breakdown, key, label, holds):
        shown = [disclose(aggregate, user, threshold=threshold) for aggregate in figures(holds)]
        return ResultRow(breakdown, key, label, *shown)

    seen = permissions.pulse_result_breakdowns(user)
    visible = list(
        permissions.pulse_results_visible_to(user, PulseInvitation.objects.filter(**in_quarter))
    )
    sections, page_numbers = [], {}
    for breakdown in (breakdown for breakdown in BREAKDOWNS if breakdown in seen):
        position = results.GROUP_FIELDS.index(breakdown)
        labels = {
            _groups(invitation)[position]: NAME[breakdown](invitation)
            for invitation in visible
            if _groups(invitation)[position] is not None
        }
        keys = sorted(labels, key=lambda key: (labels[key], key))
        if not keys:
            continue
        if pages is not None and len(keys) > results.SECTION_PAGE_SIZE:
            page = Paginator(keys, results.SECTION_PAGE_SIZE).get_page(pages.get(breakdown))
            page_numbers[breakdown], keys = page.number, list(page.object_list)

        def holds_for(key, position=position):
            return lambda groups: groups[position] == key

        sections.append(
            (breakdown, [row(breakdown, key, labels[key], holds_for(key)) for key in keys])
        )
    national = None
    if seen:
        national = row("national", None, "England", lambda groups: True)
    return {"national": national, "sections": sections, "pages": page_numbers}


def _seed(rng: random.Random, cast, quarters: list[Quarter]) -> None:
    regions = list(Region.objects.all())
    twins = [UserFactory(role=Role.RM, full_name="Sam Same") for _ in range(2)]
    managers = [cast["rm"], cast["rm_lead"], *twins]
    groups = [CohortGroupFactory(relationship_manager=manager) for manager in managers]
    vanguards = [cast["member_a"].vanguard_membership.vanguard]
    vanguards += [cast["member_b"].vanguard_membership.vanguard]
    vanguards += [VanguardFactory(region=rng.choice(regions)) for _ in range(7)]
    members = {
        vanguard.pk: list(
            {membership.user for membership in VanguardMember.objects.filter(vanguard=vanguard)}
        )
        + [make_member(vanguard) for _ in range(rng.randrange(1, 5))]
        for vanguard in vanguards
    }
    outsiders = [cast["learning_user"], cast["network_partner"], cast["rm"]]
    for quarter in quarters:
        opens = quarter.end.replace(day=1)
        survey = PulseSurvey.objects.create(
            year=quarter.year,
            number=quarter.number,
            opens_on=opens,
            closes_on=quarter.end,
            status=PulseSurvey.Status.CLOSED,
        )
        event = EventFactory(starts_at=_at(quarter.start + datetime.timedelta(days=20)))
        for vanguard in vanguards:
            if rng.random() < 0.1:
                continue  # nobody asked in this vanguard this quarter
            group = rng.choice(groups)
            recorded = {
                "vanguard": vanguard,
                "cohort_group": None if rng.random() < 0.1 else group,
                "relationship_manager": None if rng.random() < 0.1 else group.relationship_manager,
                "region": rng.choice(regions),
            }
            for person in members[vanguard.pk]:
                PulseInvitation.objects.create(survey=survey, person=person, **recorded)
                if rng.random() < 0.75:
                    PulseResponse.objects.create(
                        survey=survey,
                        person=person,
                        **recorded,
                        satisfaction=rng.randint(1, 5),
                        rm_support=rng.randint(1, 5),
                        learning_usefulness=rng.randint(1, 5),
                        submitted_at=_at(opens),
                        updated_at=_at(opens),
                    )
                if rng.random() < 0.5:
                    EventFeedback.objects.create(
                        event=event, person=person, usefulness=rng.randint(1, 5)
                    )
        for vanguard in rng.sample(vanguards, 5):
            for _ in range(rng.randrange(1, 4)):
                day = quarter.start + datetime.timedelta(days=rng.randrange(0, 91))
                SupportRequestFactory(
                    vanguard=vanguard,
                    status="delivered",
                    delivered_at=_at(day, rng.choice((0, 12, 23))),
                    rating=rng.choice((None, 1, 2, 3, 4, 5)),
                )
        for person in outsiders:
            EventFeedback.objects.create(event=event, person=person, usefulness=rng.randint(1, 5))
    # A vanguard rated but never asked: its ratings count nationally only.
    unasked = VanguardFactory()
    for quarter in quarters:
        SupportRequestFactory(
            vanguard=unasked, status="delivered", delivered_at=_at(quarter.start), rating=5
        )


def _as_compared(found) -> dict:
    return {
        "national": found.national,
        "sections": found.sections,
        "pages": {breakdown: page.number for breakdown, page in found.pages.items()},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_results_match_the_reference_for_every_role(cast, seed, monkeypatch):
    quarter = Quarter.containing(timezone.localdate())
    quarters = [quarter.previous(), quarter]
    _seed(random.Random(seed), cast, quarters)
    compared = 0
    for role in CAST:
        user = cast[role]
        for each in quarters:
            for pages in (None, {}, {"vanguard": "2", "relationship_manager": "9"}):
                for size in (25, 3):  # every row on one page; a page of three rows
                    monkeypatch.setattr(results, "SECTION_PAGE_SIZE", size)
                    found = quarter_results(user=user, quarter=each, pages=pages)
                    assert _as_compared(found) == _reference(user, each, pages), (role, each)
                    compared += len(found.rows)
    assert compared > 500  # rows of every breakdown were compared, not just empty results


@pytest.mark.django_db
def test_tallies_by_group_match_the_reference(cast):
    quarter = Quarter.containing(timezone.localdate())
    _seed(random.Random(3), cast, [quarter])
    in_quarter = {"survey__year": quarter.year, "survey__number": quarter.number}
    expected = {}
    for row in PulseResponse.objects.filter(**in_quarter):
        expected.setdefault(_groups(row), {"answers": [], "asked": 0})["answers"].append(row)
    for row in PulseInvitation.objects.filter(**in_quarter):
        expected.setdefault(_groups(row), {"answers": [], "asked": 0})["asked"] += 1
    assert pulse_tallies(quarter) == {
        groups: PulseTally(
            _tally([row.satisfaction for row in found["answers"]]),
            _tally([row.rm_support for row in found["answers"]]),
            _tally([row.learning_usefulness for row in found["answers"]]),
            found["asked"],
        )
        for groups, found in expected.items()
    }

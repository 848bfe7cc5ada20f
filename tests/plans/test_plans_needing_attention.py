"""The homes read only the plan activities that may be overdue or at risk: what they find is
what judging every activity finds (Activity.is_overdue and is_at_risk on each; for the
programme plan, programme_plan_attention), whatever the timeline, its precision, its dates
around today and the status. The dashboards' counts (plan_attention, counted in SQL) are what
judging every activity counts."""

import datetime
import itertools

import pytest
from django.utils import timezone

from plans.models import Activity, Theme
from plans.selectors import (
    plan_attention,
    plans_needing_attention,
    plans_needing_attention_page,
    programme_plan_attention,
    vanguard_plan_overdue_q,
)
from plans.services import vanguard_plan
from tests.factories import VanguardFactory, make_plan_activity
from vanguards.models import Vanguard
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db
S, T, P = Activity.Status, Activity.Timeline, Activity.Precision


def _timelines(today: datetime.date) -> list[dict]:
    days = [today + datetime.timedelta(days=n) for n in (-40, -1, 0, 1, 40)]
    quarter = Quarter.containing(today)
    quarters = [quarter.previous().previous(), quarter.previous(), quarter, quarter.next()]
    found = []
    for day, precision in itertools.product(days, P.values):
        found.append({"timeline": T.DATE, "target_date": day, "precision": precision})
        found.append(
            {"timeline": T.RANGE, "starts_on": day - datetime.timedelta(days=90), "ends_on": day}
        )
        found.append({"timeline": T.CONDITION, "condition": "When filled", "latest_date": day})
    found.append({"timeline": T.RANGE, "starts_on": days[0], "ends_on": None})
    found.append({"timeline": T.CONDITION, "condition": "When filled", "latest_date": None})
    for each in quarters:
        found.append(
            {"timeline": T.QUARTER, "quarter_year": each.year, "quarter_number": each.number}
        )
    return found


def _fill(vanguard, today):
    for fields, status in itertools.product(_timelines(today), S.values):
        dropped = {"dropped_reason": "No longer needed"} if status == S.DROPPED else {}
        make_plan_activity(vanguard, status=status, **{"target_date": None, **fields, **dropped})


def _every_activity_judged(vanguard, today) -> tuple:
    """The overdue and at-risk activities of the vanguard's plan, each activity judged, in plan
    order (as plan_attention found them before the dashboards' counting moved into SQL)."""
    activities = list(
        Activity.objects.filter(theme__plan__vanguard=vanguard).order_by(
            "theme__position", "number"
        )
    )
    overdue = [a.pk for a in activities if a.is_overdue(today)]
    at_risk = [a.pk for a in activities if a.is_at_risk]
    return (overdue, at_risk) if overdue or at_risk else ()


def _keys(found) -> tuple:
    if found is None or not (found.overdue or found.at_risk):
        return ()
    return ([a.pk for a in found.overdue], [a.pk for a in found.at_risk])


@pytest.mark.parametrize("days_on", [0, 45, 200])
def test_a_vanguards_plan_needing_attention_is_what_judging_every_activity_finds(
    vanguard_a, days_on
):
    today = timezone.localdate() + datetime.timedelta(days=days_on)
    _fill(vanguard_a, timezone.localdate())

    needing = plans_needing_attention(vanguards=[vanguard_a.pk], today=today).get(vanguard_a.pk)

    assert _keys(needing) == _every_activity_judged(vanguard_a, today) != ()


@pytest.mark.parametrize("days_on", [0, 45, 200])
def test_the_programme_plans_milestones_needing_attention_are_what_judging_every_one_finds(
    days_on,
):
    today = timezone.localdate() + datetime.timedelta(days=days_on)
    _fill(None, timezone.localdate())

    every = programme_plan_attention(today=today)
    needing = programme_plan_attention(today=today, needing_attention=True)

    assert _keys(needing) == _keys(every) != ()


def _judged_in_python(vanguard_ids, today) -> list[tuple]:
    """The homes' table as it was built before the counting moved into the database: every
    activity that may need attention judged by Activity.is_overdue and is_at_risk."""
    found = plans_needing_attention(vanguards=vanguard_ids, today=today).values()
    rows = sorted(found, key=lambda row: (-len(row.overdue), -len(row.at_risk), row.vanguard.name))
    return [
        (
            row.vanguard.name,
            row.vanguard.slug,
            [f"{a.theme.position}.{a.number}" for a in row.overdue],
            [f"{a.theme.position}.{a.number}" for a in row.at_risk],
        )
        for row in rows
    ]


def _counted_in_sql(vanguard_ids, today, *, size=1000, number=1) -> list[tuple]:
    page = plans_needing_attention_page(
        vanguards=vanguard_ids, today=today, number=number, size=size
    )
    return [(r.vanguard_name, r.vanguard_slug, r.overdue, r.at_risk) for r in page.rows]


@pytest.mark.parametrize("days_on", [0, 1, 31, 45, 92, 200])
def test_the_homes_plans_counted_in_sql_are_what_judging_each_activity_finds(days_on):
    """Several vanguards' plans, each with a different share of every timeline, precision,
    date around today and status (two themes, so numbers sort across themes), judged on
    days around month and quarter ends: the page counted in the database lists the same
    plans in the same order with the same activity numbers as judging each in Python."""
    start = timezone.localdate()
    today = start + datetime.timedelta(days=days_on)
    combinations = list(itertools.product(_timelines(start), S.values))
    vanguards = [VanguardFactory() for _ in range(5)]
    for index, vanguard in enumerate(vanguards):
        for position, (fields, status) in enumerate(combinations):
            if position % (index + 2):  # a different subset for each vanguard
                continue
            dropped = {"dropped_reason": "No longer needed"} if status == S.DROPPED else {}
            theme = "Provider development" if position % 3 else "Workforce"
            make_plan_activity(
                vanguard,
                theme_title=theme,
                status=status,
                **{"target_date": None, **fields, **dropped},
            )
    ids = [vanguard.pk for vanguard in vanguards]

    expected = _judged_in_python(ids, today)

    assert expected  # the data has plans needing attention to compare
    assert _counted_in_sql(ids, today) == expected
    assert _counted_in_sql(Vanguard.objects.filter(pk__in=ids), today) == expected


@pytest.mark.parametrize("day", [(2026, 3, 31), (2026, 4, 1), (2026, 12, 1), (2027, 1, 31)])
def test_an_activity_is_overdue_in_sql_exactly_when_is_overdue_says(vanguard_a, day):
    """vanguard_plan_overdue_q against Activity.is_overdue on month and quarter boundaries."""
    today = datetime.date(*day)
    _fill(vanguard_a, today)
    activities = Activity.objects.filter(theme__plan__vanguard=vanguard_a)
    by_sql = set(activities.filter(vanguard_plan_overdue_q(today)).values_list("pk", flat=True))
    by_python = {activity.pk for activity in activities if activity.is_overdue(today)}
    assert by_python and by_sql == by_python


def test_a_page_of_the_plans_and_the_page_past_the_last():
    """Pages of two: the plans in the same order as on one page, the total on every page;
    a page past the last shows the last."""
    today = timezone.localdate()
    vanguards = [VanguardFactory() for _ in range(5)]
    for count, vanguard in enumerate(vanguards, start=1):
        for _ in range(count):
            make_plan_activity(vanguard, target_date=today - datetime.timedelta(days=70))
    ids = [vanguard.pk for vanguard in vanguards]
    whole = _counted_in_sql(ids, today)
    pages = [
        plans_needing_attention_page(vanguards=ids, today=today, number=n, size=2)
        for n in (1, 2, 3, 9)
    ]
    assert [page.total for page in pages] == [5, 5, 5, 5]
    assert [page.number for page in pages] == [1, 2, 3, 3]
    listed = [
        (r.vanguard_name, r.vanguard_slug, r.overdue, r.at_risk) for p in pages[:3] for r in p.rows
    ]
    assert listed == whole == _judged_in_python(ids, today)
    assert [len(row[2]) for row in whole] == [5, 4, 3, 2, 1]
    assert pages[3].rows == pages[2].rows


def _counted_by_judging(vanguard_ids, today) -> dict[int, tuple[int, int, int]]:
    """The old rule: every activity of each plan built and judged in Python (total, overdue, at
    risk); a vanguard whose plan has no activities is absent."""
    found = {}
    for vanguard_id in vanguard_ids:
        activities = list(Activity.objects.filter(theme__plan__vanguard_id=vanguard_id))
        if activities:
            found[vanguard_id] = (
                len(activities),
                sum(a.is_overdue(today) for a in activities),
                sum(a.is_at_risk for a in activities),
            )
    return found


@pytest.mark.parametrize(
    "day",
    [(2026, 3, 31), (2026, 4, 1), (2026, 6, 30), (2026, 7, 1), (2026, 12, 31), (2027, 1, 1)],
)
def test_the_dashboards_plan_counts_are_what_judging_every_activity_counts(day):
    """plan_attention (counted in SQL) against judging each activity, on month and quarter
    boundaries: vanguards with different shares of every timeline, precision, date and status,
    one with no plan, one whose plan has a theme but no activities, and a closed one."""
    today = datetime.date(*day)
    combinations = list(itertools.product(_timelines(today), S.values))
    vanguards = [VanguardFactory() for _ in range(4)]
    vanguards[3].status = Vanguard.Status.CLOSED
    vanguards[3].save()
    for index, vanguard in enumerate(vanguards):
        for position, (fields, status) in enumerate(combinations):
            if position % (index + 1):
                continue
            dropped = {"dropped_reason": "No longer needed"} if status == S.DROPPED else {}
            make_plan_activity(
                vanguard,
                theme_title="Workforce" if position % 3 else "Provider development",
                status=status,
                **{"target_date": None, **fields, **dropped},
            )
    no_plan = VanguardFactory()
    empty = VanguardFactory()
    Theme.objects.create(plan=vanguard_plan(empty), position=1, title="Nothing yet")
    _fill(None, today)  # the programme plan's milestones are never a vanguard's
    ids = [vanguard.pk for vanguard in [*vanguards, no_plan, empty]]

    expected = _counted_by_judging(ids, today)
    found = plan_attention(vanguards=ids, today=today)

    assert set(expected) == {v.pk for v in vanguards}
    assert all(overdue and at_risk for _, overdue, at_risk in expected.values())
    assert {pk: (c.total, c.overdue, c.at_risk) for pk, c in found.items()} == expected
    queryset = Vanguard.objects.filter(pk__in=ids)
    assert plan_attention(vanguards=queryset, today=today) == found

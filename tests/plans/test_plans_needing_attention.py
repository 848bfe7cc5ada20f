"""The homes read only the plan activities that may be overdue or at risk: what they find is
what judging every activity finds (plan_attention, programme_plan_attention), whatever the
timeline, its precision, its dates around today and the status."""

import datetime
import itertools

import pytest
from django.utils import timezone

from plans.models import Activity
from plans.selectors import (
    plan_attention,
    plans_needing_attention,
    plans_needing_attention_page,
    programme_plan_attention,
    vanguard_plan_overdue_q,
)
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

    every = plan_attention(vanguards=[vanguard_a.pk], today=today).get(vanguard_a.pk)
    needing = plans_needing_attention(vanguards=[vanguard_a.pk], today=today).get(vanguard_a.pk)

    assert _keys(needing) == _keys(every) != ()


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

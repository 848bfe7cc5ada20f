"""The homes read only the plan activities that may be overdue or at risk: what they find is
what judging every activity finds (plan_attention, programme_plan_attention), whatever the
timeline, its precision, its dates around today and the status."""

import datetime
import itertools

import pytest
from django.utils import timezone

from plans.models import Activity
from plans.selectors import plan_attention, plans_needing_attention, programme_plan_attention
from tests.factories import make_plan_activity
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

"""The concern clocks in working days (weekends and England-and-Wales bank holidays skipped,
from the holidays package shipped with the code): acknowledge within 3, respond within the
programme's target, close 10 after an unanswered response; and when each counts as overdue."""

import datetime

import pytest

from feedback.models import Concern
from feedback.selectors.concerns import (
    acknowledge_due,
    acknowledged_in_time,
    auto_close_due,
    is_overdue,
    overdue_q,
    respond_due,
    responded_in_time,
)

D = datetime.date


@pytest.mark.parametrize(
    ("raised_on", "due"),
    [
        (D(2026, 3, 4), D(2026, 3, 9)),  # Wednesday: over the weekend to Monday
        (D(2026, 3, 6), D(2026, 3, 11)),  # Friday
        (D(2026, 3, 7), D(2026, 3, 11)),  # Saturday counts from Monday
        (D(2026, 4, 2), D(2026, 4, 9)),  # over Good Friday and Easter Monday
        (D(2026, 12, 23), D(2026, 12, 30)),  # over Christmas Day and Boxing Day (a Monday)
        (D(2025, 12, 31), D(2026, 1, 6)),  # over the year end and New Year's Day
        (D(2027, 12, 23), D(2027, 12, 30)),  # Christmas on a Saturday: 27 and 28 off
    ],
)
def test_acknowledge_within_three_working_days(raised_on, due):
    assert acknowledge_due(raised_on) == due


def test_respond_within_the_target_across_the_year_end():
    # 18 Dec 2026 (Fri) + 20 working days: 25, 28 Dec and 1 Jan are bank holidays.
    assert respond_due(D(2026, 12, 18), 20) == D(2027, 1, 20)
    assert respond_due(D(2026, 12, 18), 5) == D(2026, 12, 29)


def test_unanswered_responses_close_ten_working_days_later():
    assert auto_close_due(D(2026, 5, 1)) == D(2026, 5, 18)  # over the early May bank holiday


def _concern(**fields) -> Concern:
    base = {
        "state": Concern.State.RAISED,
        "acknowledge_by": D(2026, 3, 9),
        "respond_by": D(2026, 4, 1),
    }
    return Concern(**{**base, **fields})


@pytest.mark.parametrize(
    ("fields", "today", "overdue"),
    [
        ({}, D(2026, 3, 9), False),  # due today is not late
        ({}, D(2026, 3, 10), True),
        ({"state": Concern.State.ACKNOWLEDGED}, D(2026, 3, 10), False),
        ({"state": Concern.State.ACKNOWLEDGED}, D(2026, 4, 2), True),
        ({"state": Concern.State.INVESTIGATING}, D(2026, 4, 2), True),
        ({"state": Concern.State.RESPONDED}, D(2026, 6, 1), False),
        ({"state": Concern.State.CLOSED}, D(2026, 6, 1), False),
    ],
)
@pytest.mark.django_db
def test_overdue_in_memory_and_in_the_database_agree(member_a, rm, fields, today, overdue):
    from .conftest import raise_concern

    assert is_overdue(_concern(**fields), today=today) is overdue
    concern = raise_concern(member_a)
    Concern.objects.filter(pk=concern.pk).update(**fields)
    assert Concern.objects.filter(overdue_q(today=today), pk=concern.pk).exists() is overdue


def test_in_time_answers_for_the_quality_plan():
    at = lambda day: datetime.datetime.combine(day, datetime.time(12), datetime.UTC)  # noqa: E731
    concern = _concern(acknowledged_at=at(D(2026, 3, 9)), responded_at=at(D(2026, 4, 2)))
    assert acknowledged_in_time(concern) is True
    assert responded_in_time(concern) is False
    assert acknowledged_in_time(_concern(acknowledged_at=None)) is None

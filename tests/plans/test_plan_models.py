"""Activity timelines kept as the plan words them (a day, a month, a range, a quarter, a
condition), never with a made-up date; their deadlines, overdue and at-risk logic on known
data; and the model's validation messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from plans.models import Activity
from plans.timeline import parse_timeline
from tests.factories import make_plan_activity

TODAY = datetime.date(2025, 7, 15)
S, T, P = Activity.Status, Activity.Timeline, Activity.Precision


def _activity(**fields) -> Activity:
    return Activity(description="Do it", lead="Commissioning", **fields)


@pytest.mark.parametrize(
    ("fields", "words", "deadline"),
    [
        # "June 2023" is a month: shown as a month, due at its end, no day made up.
        (
            {"timeline": T.DATE, "target_date": datetime.date(2023, 6, 1), "precision": P.MONTH},
            "June 2023",
            datetime.date(2023, 6, 30),
        ),
        (
            {"timeline": T.DATE, "target_date": datetime.date(2025, 7, 3), "precision": P.DAY},
            "3 July 2025",
            datetime.date(2025, 7, 3),
        ),
        (
            {
                "timeline": T.RANGE,
                "starts_on": datetime.date(2024, 9, 1),
                "ends_on": datetime.date(2025, 3, 1),
                "precision": P.MONTH,
            },
            "September 2024 to March 2025",
            datetime.date(2025, 3, 31),
        ),
        # An open range has no deadline.
        (
            {"timeline": T.RANGE, "starts_on": datetime.date(2024, 9, 1), "precision": P.MONTH},
            "September 2024 onwards",
            None,
        ),
        (
            {"timeline": T.QUARTER, "quarter_year": 2024, "quarter_number": 3},
            "2024/25 Q3",
            datetime.date(2024, 12, 31),
        ),
        # A condition has no date unless the plan gives a latest one.
        (
            {"timeline": T.CONDITION, "condition": "When post is recruited to"},
            "When post is recruited to",
            None,
        ),
        (
            {
                "timeline": T.CONDITION,
                "condition": "When post is recruited to",
                "latest_date": datetime.date(2026, 3, 1),
                "precision": P.MONTH,
            },
            "When post is recruited to (by March 2026 at the latest)",
            datetime.date(2026, 3, 31),
        ),
        (
            # All four parts: a condition, its latest date and a note (review 12, finding 3).
            {
                "timeline": T.CONDITION,
                "condition": "When post is recruited to",
                "latest_date": datetime.date(2023, 6, 1),
                "precision": P.MONTH,
                "timeline_note": "subject to funding",
            },
            "When post is recruited to (by June 2023 at the latest) – subject to funding",
            datetime.date(2023, 6, 30),
        ),
    ],
)
def test_each_timeline_kind_is_shown_as_the_plan_says_it(fields, words, deadline):
    activity = _activity(**fields)
    assert activity.timeline_words == words
    assert activity.deadline == deadline
    # Read back from its words, it is the same timeline (the XLSX export and import).
    parsed = parse_timeline(words)
    assert _activity(**parsed).timeline_words == words
    assert (parsed["latest_date"], parsed["timeline_note"]) == (
        fields.get("latest_date"),
        fields.get("timeline_note", ""),
    )


@pytest.mark.parametrize(
    "words",
    ["When post is recruited to.", "Year 1 to 2 of the contract (see above).", "Summer"],
)
def test_words_that_are_not_dates_stay_a_condition_with_no_date(words):
    fields = parse_timeline(words)
    assert fields["timeline"] == T.CONDITION
    assert fields["condition"] == words
    dates = ("target_date", "starts_on", "ends_on", "latest_date", "quarter_year")
    assert all(fields[name] is None for name in dates)


def test_thurrock_timelines_are_read_without_inventing_days():
    assert parse_timeline("By March 2023") == parse_timeline("March 2023")
    between = parse_timeline(
        "Between April 2025 and March 2026 (timeframes variable as dependent on profile)"
    )
    assert between["timeline"] == T.RANGE
    assert (between["starts_on"], between["ends_on"]) == (
        datetime.date(2025, 4, 1),
        datetime.date(2026, 3, 1),
    )
    assert between["precision"] == P.MONTH
    assert between["timeline_note"] == "timeframes variable as dependent on profile"


@pytest.mark.parametrize(
    ("status", "deadline_month", "overdue", "at_risk"),
    [
        (S.IN_PROGRESS, 6, True, False),  # June 2025 ended before 15 July 2025
        (S.IN_PROGRESS, 7, False, False),  # July 2025 is a month: not over until the 31st
        (S.AT_RISK, 6, True, True),
        (S.AT_RISK, 8, False, True),
        (S.DONE, 6, False, False),
        (S.DROPPED, 6, False, False),
    ],
)
def test_overdue_and_at_risk_on_known_data(status, deadline_month, overdue, at_risk):
    activity = _activity(
        timeline=T.DATE,
        target_date=datetime.date(2025, deadline_month, 1),
        precision=P.MONTH,
        status=status,
        dropped_reason="No longer needed" if status == S.DROPPED else "",
    )
    assert activity.is_overdue(TODAY) is overdue
    assert activity.is_at_risk is at_risk


def test_a_condition_without_a_latest_date_is_never_overdue():
    activity = _activity(timeline=T.CONDITION, condition="When the post is filled")
    assert activity.is_overdue(datetime.date(2099, 1, 1)) is False


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"timeline": T.DATE}, "target_date", "Enter the target date"),
        ({"timeline": T.RANGE}, "starts_on", "Enter when the activity starts"),
        (
            {
                "timeline": T.RANGE,
                "starts_on": datetime.date(2025, 3, 1),
                "ends_on": datetime.date(2024, 9, 1),
            },
            "ends_on",
            "The end must be the same as or after the start",
        ),
        (
            {"timeline": T.QUARTER, "quarter_year": 2025},
            "quarter_year",
            "Choose the financial quarter",
        ),
        ({"timeline": T.CONDITION}, "condition", "Enter the condition"),
        (
            {"timeline": T.CONDITION, "condition": "Later", "status": S.DROPPED},
            "dropped_reason",
            "Enter why the activity was dropped",
        ),
    ],
)
def test_validation_messages(fields, field, message):
    with pytest.raises(ValidationError) as raised:
        _activity(**fields).clean()
    assert raised.value.message_dict[field][0].startswith(message)


@pytest.mark.django_db
def test_the_database_refuses_a_dropped_activity_without_a_reason(vanguard_a):
    with pytest.raises(IntegrityError):
        make_plan_activity(vanguard_a, status=S.DROPPED)


@pytest.mark.django_db
def test_the_database_refuses_a_date_timeline_without_a_date(vanguard_a):
    with pytest.raises(IntegrityError):
        make_plan_activity(vanguard_a, target_date=None)

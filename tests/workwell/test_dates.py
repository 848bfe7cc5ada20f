"""UK financial-year quarters and England-and-Wales working days."""

import datetime

import pytest

from workwell.dates import Quarter, add_working_days, is_working_day, working_days_between

D = datetime.date


@pytest.mark.parametrize(
    ("day", "label", "start", "end"),
    [
        (D(2025, 4, 1), "2025/26 Q1", D(2025, 4, 1), D(2025, 6, 30)),
        (D(2025, 6, 30), "2025/26 Q1", D(2025, 4, 1), D(2025, 6, 30)),
        (D(2025, 7, 1), "2025/26 Q2", D(2025, 7, 1), D(2025, 9, 30)),
        (D(2025, 12, 31), "2025/26 Q3", D(2025, 10, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), "2025/26 Q4", D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 3, 31), "2025/26 Q4", D(2026, 1, 1), D(2026, 3, 31)),
    ],
)
def test_quarter_containing(day, label, start, end):
    quarter = Quarter.containing(day)
    assert str(quarter) == label
    assert (quarter.start, quarter.end) == (start, end)


def test_quarters_step_across_financial_years():
    assert Quarter(2025, 4).next() == Quarter(2026, 1)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 12, 25), False),  # Christmas Day
        (D(2025, 12, 26), False),  # Boxing Day
        (D(2026, 4, 3), False),  # Good Friday 2026
        (D(2026, 4, 6), False),  # Easter Monday 2026
        (D(2026, 8, 31), False),  # summer bank holiday (England and Wales)
        (D(2026, 8, 3), True),  # Scotland's summer bank holiday is a working day here
        (D(2026, 11, 21), False),  # Saturday
        (D(2026, 11, 23), True),  # Monday
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(day, working):
    assert is_working_day(day) is working


def test_working_days_between_counts_after_start_up_to_end():
    # Thursday 24 Dec 2025 to Tuesday 29 Dec: Christmas, Boxing Day and the weekend are skipped.
    assert working_days_between(D(2025, 12, 24), D(2025, 12, 29)) == 1
    assert working_days_between(D(2026, 11, 23), D(2026, 11, 23)) == 0
    assert add_working_days(D(2025, 12, 24), 3) == D(2025, 12, 31)

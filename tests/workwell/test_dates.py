"""UK financial-year quarters, England-and-Wales working days, and dates and times as GOV.UK
writes them."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from workwell.dates import (
    Quarter,
    add_working_days,
    clock_time,
    date_input_example,
    govuk_date,
    govuk_date_with_weekday,
    govuk_datetime,
    is_working_day,
    iso_date,
    nth_working_day_back,
    working_days_between,
)

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


def test_quarters_as_integers_step_as_next_does():
    # Quarter.index and Quarter.at: n quarters later is the index plus n, across years.
    quarter = Quarter(2023, 3)
    for _ in range(12):
        assert quarter.next().index == quarter.index + 1
        assert Quarter.at(quarter.index) == quarter
        quarter = quarter.next()
    assert Quarter.at(Quarter(2025, 4).index + 1) == Quarter(2026, 1)


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


def test_working_days_between_is_the_count_of_working_days_day_by_day():
    """Counted with arithmetic, it is what walking the days one by one gives: every start from
    the last week of 2024 to the first of 2027 (bank holidays, weekends, year ends) against
    ends from 10 days before it to 400 after."""
    starts = [D(2024, 12, 20) + datetime.timedelta(days=n) for n in range(0, 745, 3)]
    for start in starts:
        for length in (-10, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 40, 100, 250, 400):
            end = start + datetime.timedelta(days=length)
            days = (start + datetime.timedelta(days=n) for n in range(1, max(length, 0) + 1))
            walked = sum(1 for day in days if is_working_day(day))
            assert working_days_between(start, end) == walked, (start, end)


UTC = datetime.UTC


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # 18:39 UTC in November is 6:39pm in London (GMT).
        (datetime.datetime(2026, 11, 22, 18, 39, tzinfo=UTC), "22 November 2026 at 6:39pm"),
        # 08:05 UTC in July is 9:05am in London (BST).
        (datetime.datetime(2026, 7, 1, 8, 5, tzinfo=UTC), "1 July 2026 at 9:05am"),
        # Whole hours have no minutes; 12 o'clock is midday or midnight.
        (datetime.datetime(2026, 3, 3, 14, 0, tzinfo=UTC), "3 March 2026 at 2pm"),
        (datetime.datetime(2026, 3, 3, 12, 0, tzinfo=UTC), "3 March 2026 at midday"),
        (datetime.datetime(2026, 3, 3, 12, 30, tzinfo=UTC), "3 March 2026 at 12:30pm"),
        # 23:00 UTC on 1 July is midnight starting 2 July in London: the UK date is shown.
        (datetime.datetime(2026, 7, 1, 23, 0, tzinfo=UTC), "2 July 2026 at midnight"),
        (datetime.datetime(2026, 7, 1, 23, 15, tzinfo=UTC), "2 July 2026 at 12:15am"),
        (None, ""),
    ],
)
def test_times_are_written_the_govuk_way_in_uk_time(moment, expected):
    assert govuk_datetime(moment) == expected


def test_dates_are_written_the_govuk_way():
    assert govuk_date(D(2026, 3, 3)) == "3 March 2026"
    assert govuk_date(datetime.datetime(2026, 7, 1, 23, 30, tzinfo=UTC)) == "2 July 2026"
    assert govuk_date(None) == ""


def test_templates_format_through_the_same_filters():
    moment = datetime.datetime(2026, 11, 22, 18, 39, tzinfo=UTC)
    html = Template("{{ when|govuk_datetime }}; {{ when|govuk_date }}").render(
        Context({"when": moment})
    )
    assert html == "22 November 2026 at 6:39pm; 22 November 2026"


def test_nth_working_day_back_counts_the_day_itself_and_skips_holidays():
    assert nth_working_day_back(D(2026, 11, 23), 1) == D(2026, 11, 23)  # a Monday counts
    assert nth_working_day_back(D(2026, 11, 22), 1) == D(2026, 11, 20)  # Sunday: back to Friday
    # Tuesday 29 Dec 2026 back 3: Mon 28 Dec is the Boxing Day substitute, so 29, 24, 23.
    assert nth_working_day_back(D(2026, 12, 29), 3) == D(2026, 12, 23)


def test_exports_carry_the_uk_date_in_iso_form():
    # 23:30 UTC on 1 July is already 2 July in London.
    assert iso_date(datetime.datetime(2026, 7, 1, 23, 30, tzinfo=UTC)) == "2026-07-02"
    assert iso_date(D(2026, 3, 3)) == "2026-03-03"
    assert iso_date(None) == ""


def test_date_input_examples_are_the_numbers_people_type():
    assert date_input_example(D(2026, 3, 3)) == "3 3 2026"


# Formatting a date by hand: strftime, a format spec such as f"{day:%B %Y}", a Django `date`
# or `time` filter with a format of its own, or the "day month year" pieces glued together.
HAND_FORMATTED = re.compile(
    r"strftime"
    r"|\{[^{}]*:%[a-zA-Z]"  # f"{day:%B %Y}"
    r"|\|\s*(date|time)\s*:\s*[\"'][a-zA-Z]"  # {{ day|date:"j F Y" }}
    r"|\.day\} \{"  # f"{day.day} {…}"
    r"|\.day\s*\}\}"  # {{ day.day }}
)


def test_no_module_or_template_writes_dates_by_hand():
    root = Path(settings.BASE_DIR)
    sources = [
        *(
            path
            for app in ("workwell", "vanguards", "maturity", "learning", "reporting")
            for path in (root / app).rglob("*.py")
        ),
        *(root / "templates").rglob("*.html"),
        *(root / "templates").rglob("*.txt"),
    ]
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in sources
        if path != root / "workwell" / "dates.py" and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if HAND_FORMATTED.search(line)
    ]
    assert offenders == []


def test_event_dates_have_their_weekday_and_form_times_the_24_hour_clock():
    summer = datetime.datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 July in London
    assert govuk_date_with_weekday(summer) == "Thursday 2 July 2026"
    assert govuk_date_with_weekday(D(2026, 3, 3)) == "Tuesday 3 March 2026"
    assert clock_time(summer) == "00:30"

"""The one place that knows UK financial-year quarters, England-and-Wales working days, and
how the portal writes dates and times (the GOV.UK style: "22 November 2026 at 6:39pm")."""

import datetime
from dataclasses import dataclass
from functools import cache, lru_cache

import holidays
from django.utils import timezone


@dataclass(frozen=True, order=True)
class Quarter:
    """A UK financial-year quarter: 2025/26 Q1 is April to June 2025."""

    year: int  # the calendar year the financial year starts in (2025 for 2025/26)
    number: int  # 1..4

    @classmethod
    def containing(cls, day: datetime.date) -> "Quarter":
        if day.month >= 4:
            return cls(day.year, (day.month - 4) // 3 + 1)
        return cls(day.year - 1, 4)

    @property
    def start(self) -> datetime.date:
        month = 4 + (self.number - 1) * 3
        year = self.year
        if month > 12:
            month -= 12
            year += 1
        return datetime.date(year, month, 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> "Quarter":
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    # Quarters as integers, for arithmetic over many quarters (the funding rule works out every
    # vanguard's every quarter): n quarters later is `index + n`, and back with `at`.
    @property
    def index(self) -> int:
        """The quarter counted from year 0: 2025/26 Q1 is 2025 * 4, Q2 one more."""
        return self.year * 4 + self.number - 1

    @classmethod
    @cache  # one instance of each quarter asked for (a few hundred): quarters are immutable
    def at(cls, index: int) -> "Quarter":
        year, number = divmod(index, 4)
        return cls(year, number + 1)

    @property
    def financial_year(self) -> str:
        return f"{self.year}/{str(self.year + 1)[-2:]}"

    def __str__(self) -> str:
        return f"{self.financial_year} Q{self.number}"


@lru_cache(maxsize=32)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    # The holidays package ships its data, so nothing is fetched at run time. England's bank
    # holidays are England and Wales's.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    Counted, not walked day by day: a list page works this out for every row, and a request
    open for a year was 365 steps of it."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    first = start.weekday() + 1  # the weekday of the day after `start`, counting on past 6
    weekdays = weeks * 5 + sum(1 for day in range(first, first + rest) if day % 7 < 5)
    holidays_on_weekdays = sum(
        1
        for year in range(start.year, end.year + 1)
        for holiday in _bank_holidays(year)
        if start < holiday <= end and holiday.weekday() < 5
    )
    return weekdays - holidays_on_weekdays


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


# --- Dates and times as GOV.UK writes them ----------------------------------------------
# Every page, email and message shows dates and times through these (templates through the
# `govuk_date` and `govuk_datetime` filters), so they read the same everywhere. Exports do
# not: they carry ISO dates that spreadsheets sort.


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def govuk_date(value: datetime.date | datetime.datetime | None) -> str:
    """3 March 2026 (a timestamp's date in UK time); empty for no date."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return f"{value.day} {value:%B %Y}"


def date_input_example(value: datetime.date) -> str:
    """3 3 2026: a date as GOV.UK's date-input hints write it, in the numbers people type."""
    return f"{value.day} {value.month} {value.year}"


def govuk_time(value: datetime.datetime) -> str:
    """6:39pm, 9am, midday or midnight, in UK time. Not "18:39", nor Django's "p.m."."""
    local = _local(value)
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def govuk_datetime(value: datetime.datetime | None) -> str:
    """22 November 2026 at 6:39pm, in UK time; empty for no time."""
    if not value:
        return ""
    return f"{govuk_date(value)} at {govuk_time(value)}"


def govuk_date_with_weekday(value: datetime.date | datetime.datetime) -> str:
    """Tuesday 3 March 2026 (a timestamp's date in UK time): for events people put in diaries."""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return f"{value:%A} {govuk_date(value)}"


def clock_time(value: datetime.datetime) -> str:
    """14:30, in UK time: what a time box on a form shows (its hint asks for the 24-hour clock)."""
    return f"{_local(value):%H:%M}"


def iso_date(value: datetime.date | datetime.datetime | None) -> str:
    """2026-03-03, for exports, so spreadsheets sort and filter dates (a timestamp's UK date)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return value.isoformat()


def nth_working_day_back(day: datetime.date, n: int) -> datetime.date:
    """The nth working day counting back from `day`, `day` itself counting when it is one."""
    counted = 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == n:
                return day
        day -= datetime.timedelta(days=1)

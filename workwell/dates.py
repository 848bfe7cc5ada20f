"""The one place that knows UK financial-year quarters and England-and-Wales working days."""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays


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
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day

"""Reads for the returns' operations: the quarters' due dates, and which vanguards' returns are
outstanding in every chased quarter (the one rule the staff homes, the member's home and the
reminders share)."""

import datetime
import functools
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import F, QuerySet
from django.urls import reverse

from vanguards.models import Vanguard
from workwell.dates import Quarter

from ..models import QuarterlyReturn, ReturnPeriod
from .figures import up_to
from .returns import of_vanguards

# Quarters the due-dates page offers around today even before anyone has set their date.
QUARTERS_AROUND_TODAY = 2


@dataclass(frozen=True)
class DueDateRow:
    quarter: Quarter
    due_on: datetime.date | None
    is_current: bool  # the latest quarter that has ended: its returns are being collected


def due_date_rows(*, today: datetime.date) -> list[DueDateRow]:
    """Every quarter with a due date, and the quarters around today with or without one, newest
    first. One query."""
    due = {period.quarter: period.due_on for period in ReturnPeriod.objects.all()}
    current = Quarter.containing(today)
    quarters = set(due)
    quarter = current
    for _ in range(QUARTERS_AROUND_TODAY):
        quarters.add(quarter)
        quarter = quarter.previous()
    collecting = current.previous()
    return [
        DueDateRow(quarter=quarter, due_on=due.get(quarter), is_current=quarter == collecting)
        for quarter in sorted(quarters, reverse=True)
    ]


def return_period_for(quarter: Quarter) -> ReturnPeriod | None:
    return ReturnPeriod.objects.filter(year=quarter.year, number=quarter.number).first()


def return_period_history(period: ReturnPeriod | None) -> list:
    """The due date as each change left it, newest first, with who changed it. One query."""
    if period is None:
        return []
    return list(period.history.select_related("history_user").order_by("-history_date"))


def return_url(slug: str, quarter: Quarter) -> str:
    """The return's own page."""
    return reverse("reporting:return", kwargs={"slug": slug, "quarter": quarter})


# --- Outstanding returns -------------------------------------------------------------------

NOT_STARTED, IN_PROGRESS, LATE = "not_started", "in_progress", "late"
# Returned with a query: signed off once, now waiting on the vanguard's answer (not received).
QUERIED = "queried"
# Returns the vanguard has signed off (a queried one was, and waits on the vanguard's answer,
# not on a first submission: reminders about the first sign-off leave it alone).
SIGNED_OFF = (
    QuarterlyReturn.Status.SUBMITTED,
    QuarterlyReturn.Status.QUERIED,
    QuarterlyReturn.Status.ACCEPTED,
)


# Started returns still waiting on the vanguard: not yet signed off, or answering a query.
OWED_BY_VANGUARD = (QuarterlyReturn.Status.IN_PROGRESS, QuarterlyReturn.Status.QUERIED)


def return_state(status: str | None, *, due_on: datetime.date, today: datetime.date) -> str | None:
    """Not started, in progress or late (None once signed off). Late: not signed off by the
    due date, whether started or not."""
    if status in SIGNED_OFF:
        return None
    if today > due_on:
        return LATE
    return NOT_STARTED if status is None else IN_PROGRESS


@dataclass(frozen=True)
class OutstandingReturn:
    vanguard: Vanguard
    quarter: Quarter
    state: str  # NOT_STARTED, IN_PROGRESS, LATE or QUERIED
    status: str | None  # the return's own status, None when not started
    due_on: datetime.date  # the quarter's due date


@dataclass(frozen=True)
class OutstandingReturns:
    period: ReturnPeriod  # the latest due quarter: the return being collected
    returns: list[OutstandingReturn]  # of every chased quarter, oldest quarter first
    received: int  # how many of the vanguards have signed off the latest due quarter's

    def of(self, state: str) -> list[OutstandingReturn]:
        return [row for row in self.returns if row.state == state]

    @property
    def expected(self) -> int:
        """How many of the vanguards owe the latest due quarter's return."""
        latest = self.period.quarter
        return self.received + sum(row.quarter == latest for row in self.returns)

    @property
    def earliest(self) -> Quarter:
        return min((row.quarter for row in self.returns), default=self.period.quarter)


@functools.lru_cache(maxsize=4)
def _periods_up_to(ended: Quarter) -> QuerySet:
    """Built once a quarter per process (the quarter is its only value); read a clone."""
    return ReturnPeriod.objects.filter(up_to(ended)).order_by("year", "number")


def chased_periods(*, today: datetime.date) -> list[ReturnPeriod]:
    """The quarters whose returns are chased, oldest first: every quarter whose due date has
    passed, and the latest quarter that has ended and has a due date (being collected). One
    query."""
    periods = list(_periods_up_to(Quarter.containing(today).previous()).all())
    return [
        period
        for index, period in enumerate(periods)
        if period.due_on < today or index == len(periods) - 1
    ]


def _quarter_key(quarter: Quarter) -> int:
    """Quarters as consecutive whole numbers, as the query below gives them."""
    return quarter.year * 4 + quarter.number


@functools.cache
def _returns_by_status_query() -> QuerySet:
    """Built once per process; read through `.all()` and filtered per request."""
    return (
        QuarterlyReturn.objects.order_by()
        .values_list("vanguard_id", "status")
        .annotate(keys=ArrayAgg(F("year") * 4 + F("number")))
    )


def _returns_by_status(vanguards, periods: list[ReturnPeriod]) -> dict[int, dict[str, list]]:
    """{vanguard id: {status: keys (`_quarter_key`) of its returns with that status}} in the
    chased periods' years (the caller keeps the chased quarters). One query, a row per
    vanguard and status: a vanguard's quarters come back as an array, not as a row each."""
    rows = (
        _returns_by_status_query()
        .all()
        .filter(of_vanguards(vanguards), year__gte=periods[0].year, year__lte=periods[-1].year)
    )
    found: dict[int, dict[str, list]] = defaultdict(dict)
    for vanguard_id, status, keys in rows:
        found[vanguard_id][status] = keys
    return found


def outstanding_returns(
    *, vanguards: QuerySet | list[Vanguard], today: datetime.date
) -> OutstandingReturns | None:
    """The returns of `vanguards` (not closed) not started, in progress, late or returned with
    a query, in every chased quarter (an older quarter's missing return stays listed until it
    is signed off); None when no quarter has a due date yet. Three queries whatever the
    number of quarters and vanguards: the periods, the vanguards, and their returns' quarters
    by vanguard and status; two when `vanguards` is a list the page has already read
    (in the database's order of their names, with their status, slug and delivery dates).

    A vanguard owes a return for each chased quarter it delivered in: its missing ones are
    found with sets, and only the outstanding returns are walked one by one."""
    periods = chased_periods(today=today)
    if not periods:
        return None
    if isinstance(vanguards, QuerySet):
        rows = list(
            vanguards.exclude(status=Vanguard.Status.CLOSED)
            .only("name", "slug", "start_date", "end_date")
            .order_by("name")
        )
    else:
        rows = [vanguard for vanguard in vanguards if vanguard.status != Vanguard.Status.CLOSED]
    found = _returns_by_status(vanguards if isinstance(vanguards, QuerySet) else rows, periods)
    keys = [_quarter_key(period.quarter) for period in periods]
    period_of = dict(zip(keys, periods, strict=True))
    latest = keys[-1]
    starts = [period.quarter.start for period in periods]
    ends = [period.quarter.end for period in periods]
    owed, received = [], 0  # (quarter key, position in `rows`, vanguard, status)
    for position, vanguard in enumerate(rows):
        returns = found.get(vanguard.pk, {})
        # The chased quarters the vanguard delivered in (delivers_in): a run of `periods`.
        delivering = keys[
            bisect_left(ends, vanguard.start_date) : bisect_right(starts, vanguard.end_date)
        ]
        started = set().union(*returns.values())
        if not started.issuperset(delivering):
            owed += [(key, position, vanguard, None) for key in delivering if key not in started]
        for status, quarters in returns.items():
            if status in OWED_BY_VANGUARD:
                owed += [(key, position, vanguard, status) for key in quarters if key in period_of]
            elif latest in quarters:
                received += 1  # signed off (submitted or accepted) for the latest quarter
    outstanding = []
    for key, _, vanguard, status in sorted(owed, key=lambda row: row[:2]):
        period = period_of[key]
        if status == QuarterlyReturn.Status.QUERIED:
            state = QUERIED
        else:
            state = return_state(status, due_on=period.due_on, today=today)
        outstanding.append(
            OutstandingReturn(vanguard, period.quarter, state, status, period.due_on)
        )
    return OutstandingReturns(period=periods[-1], returns=outstanding, received=received)

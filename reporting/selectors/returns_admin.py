"""Reads for the returns' operations: the quarters' due dates, and which vanguards' returns are
outstanding in every chased quarter (the one rule the staff homes, the member's home and the
reminders share)."""

import datetime
import functools
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse

from vanguards import permissions
from vanguards.models import Vanguard
from workwell.compiled import Compiled
from workwell.dates import Quarter

from ..models import QuarterlyReturn, ReturnPeriod
from .figures import up_to
from .returns import NOT_STARTED as LIST_NOT_STARTED
from .returns import ListedVanguard, ReturnRow, list_row

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
# Started returns still waiting on the vanguard: not yet signed off, or answering a query.
OWED_BY_VANGUARD = (QuarterlyReturn.Status.IN_PROGRESS, QuarterlyReturn.Status.QUERIED)


@dataclass(frozen=True)
class OutstandingReturn:
    vanguard: ListedVanguard
    quarter: Quarter
    state: str  # NOT_STARTED, IN_PROGRESS, LATE or QUERIED
    status: str | None  # the return's own status, None when not started
    due_on: datetime.date  # the quarter's due date


@dataclass(frozen=True)
class OutstandingReturns:
    period: ReturnPeriod  # the latest due quarter: the return being collected
    # Every outstanding return of every chased quarter, oldest quarter first, then by vanguard;
    # with `shown`, only that many, the most urgent first (MOST_URGENT_FIRST).
    returns: list[OutstandingReturn]
    received: int  # how many of the vanguards have signed off the latest due quarter's
    counts: dict[str, int]  # how many are outstanding in each state, of every chased quarter
    owed_latest: int  # how many of them are the latest due quarter's
    earliest: Quarter  # the oldest quarter with one outstanding (the latest, with none)

    @property
    def total(self) -> int:
        """How many returns are outstanding, however many are in `returns`."""
        return sum(self.counts.values())

    @property
    def expected(self) -> int:
        """How many of the vanguards owe the latest due quarter's return."""
        return self.received + self.owed_latest

    @property
    def earlier(self) -> int:
        """How many outstanding returns are of quarters before the latest due one."""
        return self.total - self.owed_latest


@functools.lru_cache(maxsize=4)
def _periods_up_to(ended: Quarter) -> Compiled:
    """Built and compiled once a quarter per process (the quarter is its only value)."""
    return Compiled(ReturnPeriod.objects.filter(up_to(ended)).order_by("year", "number"))


def chased_periods(*, today: datetime.date) -> list[ReturnPeriod]:
    """The quarters whose returns are chased, oldest first: every quarter whose due date has
    passed, and the latest quarter that has ended and has a due date (being collected). One
    query."""
    periods = _periods_up_to(Quarter.containing(today).previous())()
    return [
        period
        for index, period in enumerate(periods)
        if period.due_on < today or index == len(periods) - 1
    ]


# The outstanding states by urgency, as the SQL below numbers them: late first, then returned
# with a query, in progress and not started.
URGENCY = (LATE, QUERIED, IN_PROGRESS, NOT_STARTED)
# The orders `outstanding_returns` gives its returns in.
OLDEST_FIRST = "year, number, name, id"
MOST_URGENT_FIRST = "urgency, year, number, name, id"

# The chased periods and vanguards (not closed), for the two queries below.
_CHASED_SQL = """
WITH periods (year, number, due_on, begins, ends) AS (VALUES {periods}),
chased AS (
    SELECT id, name, slug, start_date, end_date FROM {vanguard} WHERE status <> %s AND {which}
)"""
# How many of the chased vanguards signed off (or had accepted) the latest quarter's return.
_RECEIVED_SQL = """
SELECT count(*) FROM chased v JOIN {returns} r ON r.vanguard_id = v.id
WHERE r.year = %s AND r.number = %s AND r.status NOT IN (%s, %s)"""
# One row per outstanding return: a chased vanguard with no return for a chased quarter it
# delivers in (`delivers_in`), or with one in progress or returned with a query (whether or
# not in its delivery). Each row carries the counts of all of them (window aggregates, worked
# out before the LIMIT) and how many vanguards signed off the latest quarter's return.
# Only the chased vanguards' returns are joined, read through their vanguard's index: joined
# to every return, PostgreSQL read and hashed all of the country's to find an RM's few (3,889
# at national scale: about 1.3 ms of a 1.5 ms query for four vanguards, 0.15 ms now).
_OUTSTANDING_SQL = """,
owed AS (
    SELECT v.id, v.name, v.slug, v.start_date, v.end_date, p.year, p.number, r.status,
        CASE WHEN r.status = %s THEN 1 WHEN p.due_on < %s THEN 0
            WHEN r.status IS NULL THEN 3 ELSE 2 END AS urgency
    FROM chased v CROSS JOIN periods p
    LEFT JOIN (
        SELECT id, vanguard_id, year, number, status FROM {returns}
        WHERE vanguard_id = ANY(ARRAY(SELECT id FROM chased))
    ) r ON r.vanguard_id = v.id AND r.year = p.year AND r.number = p.number
    WHERE (r.id IS NULL AND v.start_date <= p.ends AND v.end_date >= p.begins)
        OR r.status IN (%s, %s)
)
SELECT id, name, slug, start_date, end_date, year, number, status, urgency,
    count(*) FILTER (WHERE urgency = 0) OVER (),
    count(*) FILTER (WHERE urgency = 1) OVER (),
    count(*) FILTER (WHERE urgency = 2) OVER (),
    count(*) FILTER (WHERE urgency = 3) OVER (),
    count(*) FILTER (WHERE year = %s AND number = %s) OVER (),
    min(year * 4 + number) OVER (),
    ({received})
FROM owed ORDER BY {order}{limit}"""
# Quoted, as Django names them: workwell/kept.py learns the tables a result reads from them.
TABLES = {
    "vanguard": connection.ops.quote_name(Vanguard._meta.db_table),
    "returns": connection.ops.quote_name(QuarterlyReturn._meta.db_table),
}


def _which_vanguards(vanguards) -> tuple[str, list]:
    """The SQL picking `vanguards` (a queryset: its own query as a subquery; instances or
    tuples with a pk already read: one array parameter) and its parameters."""
    if isinstance(vanguards, QuerySet):
        sql, params = vanguards.order_by().values("pk").query.sql_with_params()
        return f"id IN ({sql})", list(params)
    return "id = ANY(%s)", [[vanguard.pk for vanguard in vanguards]]


def _chased_sql(periods: list[ReturnPeriod], vanguards) -> tuple[str, list]:
    which, which_params = _which_vanguards(vanguards)
    sql = _CHASED_SQL.format(
        periods=", ".join(["(%s, %s, %s::date, %s::date, %s::date)"] * len(periods)),
        which=which,
        **TABLES,
    )
    params = [
        value
        for period in periods
        for value in (
            period.year,
            period.number,
            period.due_on,
            period.quarter.start,
            period.quarter.end,
        )
    ]
    return sql, [*params, Vanguard.Status.CLOSED, *which_params]


def _quarter_of_key(key: int) -> Quarter:
    """The quarter numbered `year * 4 + number`, as the SQL above numbers them."""
    return Quarter((key - 1) // 4, (key - 1) % 4 + 1)


def outstanding_returns(
    *,
    vanguards: QuerySet | list,
    today: datetime.date,
    shown: int | None = None,
) -> OutstandingReturns | None:
    """The returns of `vanguards` (not closed) not started, in progress, late or returned with
    a query, in every chased quarter (an older quarter's missing return stays listed until it
    is signed off); None when no quarter has a due date yet. All of them, oldest quarter first
    then by vanguard name; given `shown`, that many, the most urgent first (late, queried, in
    progress, not started; then oldest quarter first, by vanguard name), picked in SQL with
    the counts of all. Two queries whatever the number of vanguards and quarters (the periods,
    and the outstanding returns with their counts); three when none is outstanding."""
    periods = chased_periods(today=today)
    if not periods:
        return None
    latest = periods[-1]
    chased, chased_params = _chased_sql(periods, vanguards)
    received = _RECEIVED_SQL.format(**TABLES)
    received_params = [latest.year, latest.number, *OWED_BY_VANGUARD]
    outstanding = _OUTSTANDING_SQL.format(
        received=received,
        order=OLDEST_FIRST if shown is None else MOST_URGENT_FIRST,
        limit="" if shown is None else " LIMIT %s",
        **TABLES,
    )
    params = [
        *chased_params,
        QuarterlyReturn.Status.QUERIED,
        today,
        *OWED_BY_VANGUARD,
        latest.year,
        latest.number,
        *received_params,
        *([] if shown is None else [shown]),
    ]
    with connection.cursor() as cursor:
        cursor.execute(chased + outstanding, params)
        rows = cursor.fetchall()
        if not rows:  # nothing outstanding: no row brought the count of those received
            cursor.execute(chased + received, [*chased_params, *received_params])
            return OutstandingReturns(
                period=latest,
                returns=[],
                received=cursor.fetchone()[0],
                counts=dict.fromkeys(URGENCY, 0),
                owed_latest=0,
                earliest=latest.quarter,
            )
    due = {period.quarter: period.due_on for period in periods}
    returns = []
    for pk, name, slug, start, end, year, number, status, urgency, *_ in rows:
        quarter = Quarter(year, number)
        vanguard = ListedVanguard(pk, name, slug, start, end)
        returns.append(OutstandingReturn(vanguard, quarter, URGENCY[urgency], status, due[quarter]))
    *_, late, queried, in_progress, not_started, owed_latest, earliest, received_count = rows[0]
    return OutstandingReturns(
        period=latest,
        returns=returns,
        received=received_count,
        counts=dict(zip(URGENCY, (late, queried, in_progress, not_started), strict=True)),
        owed_latest=owed_latest,
        earliest=_quarter_of_key(earliest),
    )


def outstanding_return_rows(
    *, user, today: datetime.date, quarter: Quarter | None = None, status: str = ""
) -> list[ReturnRow]:
    """The returns list's rows of the outstanding returns the user's home chases (every one of
    those its block counts), newest quarter first, then by vanguard, as the list orders them;
    optionally one quarter's or one status's. Two queries."""
    vanguards = permissions.returns_chased_vanguards(user, permissions.return_vanguards(user))
    found = outstanding_returns(vanguards=vanguards, today=today)
    if found is None:
        return []
    sees_drafts = permissions.sees_return_drafts(user)
    rows = []
    for row in found.returns:
        state = row.status or LIST_NOT_STARTED
        if (quarter is None or row.quarter == quarter) and (not status or state == status):
            overdue = row.due_on < today
            rows.append(
                list_row(row.quarter, row.vanguard, state, row.due_on, overdue, sees_drafts)
            )
    # Newest quarter first; the sort keeps each quarter's vanguards in the order of their names.
    return sorted(rows, key=lambda row: row.quarter, reverse=True)

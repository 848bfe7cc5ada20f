"""Reads for the quarterly returns pages: the list of vanguards' quarters, a return's task
list, and its history."""

import datetime
import functools
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from typing import NamedTuple

from django.db.models import (
    Count,
    DateField,
    F,
    Func,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Mod

from vanguards import permissions
from vanguards.models import Vanguard
from workwell.compiled import Compiled
from workwell.dates import Quarter, govuk_date
from workwell.kept import kept
from workwell.models import User
from workwell.sql import is_any_of

from ..models import DeliveryStrand, QuarterlyReturn, ReturnPeriod, StrandReturn
from ..models.returns import FIGURES

Status = QuarterlyReturn.Status
NOT_STARTED = "not_started"
# The list's statuses, in the order a return goes through them.
LIST_STATUSES = [(NOT_STARTED, "Not started"), *Status.choices]
LIST_STATUS_LABELS = dict(LIST_STATUSES)


class ListedVanguard(NamedTuple):
    """What the returns list shows of a vanguard and needs to know whether it owes a return
    (read as tuples: the list reads every vanguard the user may see)."""

    pk: int
    name: str
    slug: str
    start_date: datetime.date
    end_date: datetime.date


@dataclass(frozen=True)
class ReturnRow:
    """One vanguard's return for one quarter, started or not."""

    quarter: Quarter
    vanguard: ListedVanguard
    status: str  # a QuarterlyReturn.Status value or NOT_STARTED
    due_on: datetime.date
    viewable: bool  # whether the user may open it (drafts are not shown to everyone)
    late: bool  # past its due date and not signed off

    @property
    def status_label(self) -> str:
        return LIST_STATUS_LABELS[self.status]


@functools.cache
def _every_period() -> Compiled:
    """Every quarter with a due date, newest first: compiled once per process (a period is
    its quarter and its due date, every column)."""
    return Compiled(ReturnPeriod.objects.order_by("-year", "-number"))


def return_periods(*, today: datetime.date) -> list[ReturnPeriod]:
    """Quarters that have begun and have a due date, newest first. One query."""
    return [period for period in _every_period()() if period.quarter.start <= today]


def delivers_in(vanguard, begins: datetime.date, ends: datetime.date) -> bool:
    """Whether the vanguard's delivery covers some of the quarter from `begins` to `ends`
    (before or after it, no return is expected). The rule's SQL is `delivers_in_sql`."""
    return vanguard.start_date <= ends and vanguard.end_date >= begins


def of_vanguards(vanguards) -> Q:
    """The filter on returns of these vanguards: instances (or tuples with a pk) already read,
    or a queryset of them (a subquery)."""
    if isinstance(vanguards, QuerySet):
        return Q(vanguard__in=vanguards.values("pk"))
    ids = [vanguard.pk for vanguard in vanguards]
    return is_any_of("vanguard_id", ids)


def returns_in(vanguards, quarters: set[tuple[int, int]], returns=None) -> QuerySet:
    """The vanguards' returns (of `returns`, a queryset built once, or all) in the quarters'
    years, unordered (the model's order joins the vanguards for their names). The quarters
    are picked out by the caller: an OR of (year, number) pairs, one per quarter, cost more to
    build than the few extra rows read."""
    years = sorted({year for year, _ in quarters})
    returns = QuarterlyReturn.objects.order_by() if returns is None else returns.all()
    return returns.filter(of_vanguards(vanguards), year__in=years)


def return_statuses(*, vanguards, periods) -> dict[tuple[int, int, int], str]:
    """{(vanguard id, year, number): status} of the vanguards' returns (instances, or a
    queryset of them) in the periods' quarters (none for a return not started). One query."""
    quarters = {(period.year, period.number) for period in periods}
    if not quarters:
        return {}
    rows = returns_in(vanguards, quarters).values_list("vanguard_id", "year", "number", "status")
    return {
        (vanguard_id, year, number): value
        for vanguard_id, year, number, value in rows
        if (year, number) in quarters
    }


def _quarter_day_sql(later: int) -> Func:
    """In SQL, the first day of the row's quarter (its `year` and `number`) or of the quarter
    `later` quarters after it (0 or 1): the financial year's quarter 4 starts in January."""
    year, number = F("year"), F("number") + later
    return Func(
        year + number / 4,
        Mod(number * 3, 12) + 1,
        Value(1),
        function="make_date",
        output_field=DateField(),
    )


def quarter_start_sql() -> Func:
    return _quarter_day_sql(0)


def quarter_after_sql() -> Func:
    """The day after the row's quarter ends."""
    return _quarter_day_sql(1)


def delivers_in_sql() -> Q:
    """`delivers_in` for a return's vanguard and the return's own quarter, in SQL."""
    return Q(
        vanguard__start_date__lt=quarter_after_sql(), vanguard__end_date__gte=quarter_start_sql()
    )


def _delivering_counts(vanguards, quarters: list[Quarter]) -> list[int]:
    """How many of the vanguards deliver in each quarter (`delivers_in`), without walking every
    vanguard for every quarter: those that start by the quarter's end, less those that ended
    before it began (every vanguard ends after it starts: a database constraint)."""
    starts = sorted(vanguard.start_date for vanguard in vanguards)
    ends = sorted(vanguard.end_date for vanguard in vanguards)
    return [
        bisect_right(starts, quarter.end) - bisect_left(ends, quarter.start) for quarter in quarters
    ]


@functools.cache
def _counted_returns() -> QuerySet:
    """Returns counted per quarter and status, and how many of them are in their vanguard's
    delivery: built once per process (resolving its expressions cost three times the rest of
    the query), read through `.all()` and filtered per request."""
    return (
        QuarterlyReturn.objects.order_by()
        .values_list("year", "number", "status")
        .annotate(returns=Count("pk"), inside=Count("pk", filter=delivers_in_sql()))
    )


def _started_counts(vanguards, periods) -> dict[tuple[int, int], dict[str, tuple[int, int]]]:
    """{(year, number): {status: (returns, of them in the vanguard's delivery)}} of the
    vanguards' returns in the periods' quarters. One query, a row per quarter and status."""
    quarters = {(period.year, period.number) for period in periods}
    if not quarters:
        return {}
    rows = returns_in(vanguards, quarters, _counted_returns())
    counts: dict = defaultdict(dict)
    for year, number, value, returns, inside in rows:
        if (year, number) in quarters:
            counts[(year, number)][value] = (returns, inside)
    return counts


class ReturnRows(Sequence):
    """The list's rows (`ReturnRow`), newest quarter first, then by vanguard: counted per
    quarter in SQL, and built only for the quarters a slice reaches (a page of 25 reads one
    or two quarters' statuses, not every quarter's of every vanguard).

    What the rows are made from, the vanguards with each quarter's row count and the reached
    quarters' statuses, is shared (workwell/kept.py), read only, by everyone
    whose rule lists the same vanguards (keyed by what the rule is made from,
    `permissions.return_scope`: the rows hold nothing else of the viewer), until a vanguard,
    a return or a table the rule reads is written. The rule's query is built only to work
    them out. Who may open a row and whether it is late (the viewer's role, today) are worked
    out per request, for the slice's rows only."""

    def __init__(self, *, user, today, periods, status: str):
        self._user, self._today, self._status = user, today, status
        self._sees_drafts = permissions.sees_return_drafts(user)
        self._scope = permissions.return_scope(user)
        self._all = periods
        quarters = [period.quarter for period in periods]
        self._vanguards, sizes = self._listed_and_counted()
        self._periods = list(zip(periods, quarters, sizes, strict=True))
        self._length = sum(sizes)

    @functools.cached_property
    def _listed(self) -> QuerySet:
        return permissions.return_vanguards(self._user)

    def _listed_and_counted(self) -> tuple[list[ListedVanguard], list[int]]:
        """The vanguards listed, by name, and how many rows each period has. Two queries when
        worked out."""
        keys = tuple((period.year, period.number) for period in self._all)
        return kept(
            "reporting.return_list",
            (self._scope, keys, self._status),
            lambda: _listed_and_counted(self._listed, self._all, self._status),
        )

    def __len__(self) -> int:
        return self._length

    def __iter__(self):
        return iter(self._rows_of([(period, quarter) for period, quarter, _ in self._periods]))

    def __getitem__(self, index):
        if not isinstance(index, slice):
            position = range(self._length)[index]  # IndexError past either end
            return self[position : position + 1][0]
        start, stop, step = index.indices(self._length)
        if start >= stop:
            return []
        reached, offset, first = [], 0, None
        for period, quarter, size in self._periods:
            if offset < stop and offset + size > start:
                first = offset if first is None else first
                reached.append((period, quarter))
            offset += size
        return self._rows_of(reached, start - first, stop - first, step)

    def _statuses(self, periods) -> dict[tuple[int, int, int], str]:
        """`return_statuses` of the listed vanguards in these periods, read through the rule
        (a subquery: the result learns the tables it reads). One query when worked out."""
        keys = tuple((period.year, period.number) for period in periods)
        return kept(
            "reporting.return_statuses",
            (self._scope, keys),
            lambda: return_statuses(vanguards=self._listed, periods=periods),
        )

    def _rows_of(self, periods, start=0, stop=None, step=1) -> list[ReturnRow]:
        """The rows of these quarters, in order, from `start` to `stop` (every row of them by
        default): only those rows are built."""
        statuses = self._statuses([period for period, _ in periods])
        status, vanguards = self._status, self._vanguards
        chosen = []  # (quarter, due on, vanguard, state)
        for period, quarter in periods:
            begins, ends, due_on = quarter.start, quarter.end, period.due_on
            key = (period.year, period.number)
            for vanguard in vanguards:
                state = statuses.get((vanguard.pk, *key), NOT_STARTED)
                if state == NOT_STARTED and not delivers_in(vanguard, begins, ends):
                    continue
                if status and state != status:
                    continue
                chosen.append((quarter, due_on, vanguard, state))
        today, sees_drafts = self._today, self._sees_drafts
        return [
            list_row(quarter, vanguard, state, due_on, due_on < today, sees_drafts)
            for quarter, due_on, vanguard, state in chosen[start:stop:step]
        ]


def _listed_and_counted(listed, periods, status: str) -> tuple[list[ListedVanguard], list[int]]:
    """The vanguards of `listed` by name, as tuples, and how many of the list's rows each
    period has: its returns (of `status`, when given), and for a status of not started or
    none, the vanguards delivering in the quarter without one. Two queries."""
    vanguards = [
        ListedVanguard(*row) for row in listed.order_by("name").values_list(*ListedVanguard._fields)
    ]
    started = _started_counts(vanguards, periods)
    quarters = [period.quarter for period in periods]
    sizes = []
    for period, delivering in zip(periods, _delivering_counts(vanguards, quarters), strict=True):
        counts = started.get((period.year, period.number), {})
        not_started = delivering - sum(inside for _, inside in counts.values())
        if not status:
            size = not_started + sum(returns for returns, _ in counts.values())
        elif status == NOT_STARTED:
            size = not_started
        else:
            size = counts.get(status, (0, 0))[0]
        sizes.append(size)
    return vanguards, sizes


def list_row(quarter, vanguard, state: str, due_on, overdue: bool, sees_drafts: bool) -> ReturnRow:
    """The list's row of a vanguard's return (`state`: its status or NOT_STARTED): only those
    who see drafts may open one not signed off; late when overdue and not signed off."""
    unsigned = state in (NOT_STARTED, Status.IN_PROGRESS)
    return ReturnRow(
        quarter, vanguard, state, due_on, sees_drafts or not unsigned, overdue and unsigned
    )


def return_rows(
    *,
    user,
    today: datetime.date,
    periods: list[ReturnPeriod],
    quarter: Quarter | None = None,
    status: str = "",
) -> ReturnRows:
    """Every quarter's return (of `periods`, from return_periods) of every vanguard whose
    returns the user may list, newest quarter first, then by vanguard; optionally one
    quarter's or one status's. Two queries whatever the number of rows (the vanguards, and
    the returns counted per quarter and status), and one more for each slice or iteration:
    the statuses of the quarters it reaches."""
    periods = [period for period in periods if quarter is None or period.quarter == quarter]
    return ReturnRows(user=user, today=today, periods=periods, status=status)


def return_period(quarter: Quarter) -> ReturnPeriod | None:
    return ReturnPeriod.objects.filter(year=quarter.year, number=quarter.number).first()


def return_of(*, vanguard: Vanguard, quarter: Quarter) -> QuarterlyReturn | None:
    """The vanguard's return for the quarter, if started, with who signed and decided it."""
    return (
        QuarterlyReturn.objects.select_related("signed_off_by", "decided_by")
        .filter(vanguard=vanguard, year=quarter.year, number=quarter.number)
        .first()
    )


def strands_and_rows(
    report: QuarterlyReturn | None, *, vanguard: Vanguard
) -> tuple[list[DeliveryStrand], dict[int, StrandReturn]]:
    """The vanguard's strands with participants (the return's tasks, in order) and the
    return's strand figures by strand id. Two queries (one before the return is started)."""
    strands = [
        strand
        for strand in DeliveryStrand.objects.filter(vanguard=vanguard)
        if strand.has_participants
    ]
    if report is None:
        return strands, {}
    rows = {row.strand_id: row for row in StrandReturn.objects.filter(quarterly_return=report)}
    return strands, rows


def strand_task_status(row: StrandReturn | None) -> str:
    """Not yet started, In progress or Completed: the GOV.UK task list's statuses."""
    if row is not None and row.complete:
        return "Completed"
    if row is None or all(value is None for value in row.figures().values()):
        return "Not yet started"
    return "In progress"


def narrative_task_status(report: QuarterlyReturn | None) -> str:
    if report is not None and report.narrative_complete:
        return "Completed"
    if report is None or not any((report.progress, report.risks, report.what_helped)):
        return "Not yet started"
    return "In progress"


def completed_sections(report: QuarterlyReturn | None, strands, rows) -> int:
    """How many of the task list's sections are completed."""
    done = sum(strand_task_status(rows.get(strand.pk)) == "Completed" for strand in strands)
    return done + (narrative_task_status(report) == "Completed")


# --- History ---------------------------------------------------------------------------

RETURN_FIELDS = {
    "status": "status",
    "progress": "progress this quarter",
    "risks": "risks and issues",
    "what_helped": "what helped",
    "narrative_complete": "narrative completed",
    "query": "query",
    "query_answer": "answer to the query",
    "correction_reason": "reason for the correction",
}
STRAND_FIELDS = {"complete": "section completed", **dict(FIGURES)}


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: User | None
    status: str
    section: str
    changes: list[str]
    reason: str


def _describe(field: str, value) -> str:
    if value in (None, ""):
        return "nothing"
    if field == "status":
        return Status(value).label
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return govuk_date(value)
    if isinstance(value, Decimal):
        return f"£{value:,.2f}"
    return str(value)


def _lower(label: str) -> str:
    """ "referrals" for "Referrals", mid-sentence; "starts: White" keeps the group's capital."""
    return label[:1].lower() + label[1:]


def _changes(record, previous, fields: dict) -> list[str]:
    if previous is None:
        changed = [(f, getattr(record, f)) for f in fields if getattr(record, f) not in (None, "")]
        return [f"Set {_lower(fields[f])} to {_describe(f, value)}" for f, value in changed] or [
            "Started"
        ]
    delta = record.diff_against(previous, included_fields=list(fields))
    return [
        f"Changed {_lower(fields[c.field])} from {_describe(c.field, c.old)} "
        f"to {_describe(c.field, c.new)}"
        for c in delta.changes
    ]


def return_history(*, quarterly_return: QuarterlyReturn) -> list[HistoryEntry]:
    """Every version of the return and of its strands' figures, newest first: who, when, the
    return's status at the time, and what changed. Two queries."""
    own = quarterly_return.history.select_related("history_user").order_by("history_date")
    strands = (
        StrandReturn.history.filter(quarterly_return_id=quarterly_return.pk)
        .select_related("history_user", "strand")
        .order_by("history_date")
    )
    records = sorted(chain(own, strands), key=lambda record: record.history_date)
    previous_of: dict = {}
    status = Status.IN_PROGRESS
    entries = []
    for record in records:
        is_return = hasattr(record, "narrative_complete")
        key = "return" if is_return else record.strand_id
        fields = RETURN_FIELDS if is_return else STRAND_FIELDS
        changes = _changes(record, previous_of.get(key), fields)
        previous_of[key] = record
        if is_return:
            status = record.status
        if changes:
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    status=Status(status).label,
                    section="Return" if is_return else record.strand.name,
                    changes=changes,
                    reason=record.history_change_reason or "",
                )
            )
    return entries[::-1]

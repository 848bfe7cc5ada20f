"""Reads for the quarterly returns pages: the list of vanguards' quarters, a return's task
list, and its history."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain

from vanguards import permissions
from vanguards.models import Vanguard
from workwell.dates import Quarter, govuk_date
from workwell.models import User

from ..models import DeliveryStrand, QuarterlyReturn, ReturnPeriod, StrandReturn
from ..models.returns import FIGURES

Status = QuarterlyReturn.Status
NOT_STARTED = "not_started"
# The list's statuses, in the order a return goes through them.
LIST_STATUSES = [(NOT_STARTED, "Not started"), *Status.choices]
LIST_STATUS_LABELS = dict(LIST_STATUSES)


@dataclass(frozen=True)
class ReturnRow:
    """One vanguard's return for one quarter, started or not."""

    quarter: Quarter
    vanguard: Vanguard
    status: str  # a QuarterlyReturn.Status value or NOT_STARTED
    due_on: datetime.date
    viewable: bool  # whether the user may open it (drafts are not shown to everyone)
    late: bool  # past its due date and not signed off

    @property
    def status_label(self) -> str:
        return LIST_STATUS_LABELS[self.status]


def return_periods(*, today: datetime.date) -> list[ReturnPeriod]:
    """Quarters that have begun and have a due date, newest first. One query."""
    periods = ReturnPeriod.objects.only("year", "number", "due_on")
    return [period for period in periods if period.quarter.start <= today]


def delivers_in(vanguard: Vanguard, quarter: Quarter) -> bool:
    """Whether the vanguard's delivery covers some of `quarter` (before or after it, no return
    is expected)."""
    return vanguard.start_date <= quarter.end and vanguard.end_date >= quarter.start


def return_statuses(*, vanguards, periods) -> dict[tuple[int, int, int], str]:
    """{(vanguard id, year, number): status} of the vanguards' returns in the periods'
    quarters (none for a return not started). One query.

    The query asks for the periods' years and the quarters are picked out here: an OR of
    (year, number) pairs, one per period, cost more to build than the few extra rows read."""
    quarters = {(period.year, period.number) for period in periods}
    if not quarters:
        return {}
    # Unordered: the model's order joins the vanguards for their names, and this is a dict.
    rows = (
        QuarterlyReturn.objects.filter(
            year__in=sorted({year for year, _ in quarters}),
            vanguard__in=[vanguard.pk for vanguard in vanguards],
        )
        .order_by()
        .values_list("vanguard_id", "year", "number", "status")
    )
    return {
        (vanguard_id, year, number): value
        for vanguard_id, year, number, value in rows
        if (year, number) in quarters
    }


def return_rows(
    *,
    user,
    today: datetime.date,
    periods: list[ReturnPeriod],
    quarter: Quarter | None = None,
    status: str = "",
) -> list[ReturnRow]:
    """Every quarter's return (of `periods`, from return_periods) of every vanguard whose
    returns the user may list, newest quarter first, then by vanguard; optionally one
    quarter's or one status's. Two queries whatever the number of rows: the vanguards and
    the returns' statuses."""
    periods = [period for period in periods if quarter is None or period.quarter == quarter]
    vanguards = list(
        permissions.return_vanguards(user)
        .only("name", "slug", "start_date", "end_date")
        .order_by("name")
    )
    statuses = return_statuses(vanguards=vanguards, periods=periods)
    sees_drafts = permissions.sees_return_drafts(user)
    rows = []
    for period in periods:
        for vanguard in vanguards:
            state = statuses.get((vanguard.pk, period.year, period.number), NOT_STARTED)
            if state == NOT_STARTED and not delivers_in(vanguard, period.quarter):
                continue
            if status and state != status:
                continue
            viewable = sees_drafts or state not in (NOT_STARTED, Status.IN_PROGRESS)
            late = state in (NOT_STARTED, Status.IN_PROGRESS) and period.due_on < today
            rows.append(ReturnRow(period.quarter, vanguard, state, period.due_on, viewable, late))
    return rows


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

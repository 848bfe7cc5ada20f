"""The quarterly return's workflow: a member starts and fills it in (strand by strand, then
the narrative), the SRO signs it off (which submits it), the vanguard's RM or an admin accepts
it or returns it with a query, and an admin may correct an accepted one with a reason.

Every step re-checks the right to take it (vanguards/permissions.py) and the return's status
on a locked row, so two people acting at once cannot both move it; a step the return's state
does not allow raises ReturnError with a message for the page."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from vanguards import permissions
from vanguards.models import Vanguard
from workwell.dates import Quarter, govuk_datetime
from workwell.errors import ServiceError
from workwell.queueing import queue_after_commit

from ..models import DeliveryStrand, QuarterlyReturn, StrandReturn
from ..models.returns import FIGURES
from ..rules import Problem, figure_problems
from ..selectors.figures import RECEIVED, up_to
from ..selectors.returns import strands_and_rows

Status = QuarterlyReturn.Status


class ReturnError(ServiceError):
    """A quarterly return or delivery strand rule was broken."""


@dataclass(frozen=True)
class EarlierStarts:
    """A strand's starts in every quarter before this one, for the cumulative rules."""

    in_work: int = 0
    out_of_work: int = 0


def earlier_starts(*, quarterly_return: QuarterlyReturn) -> dict[int, EarlierStarts]:
    """{strand id: its starts in and out of work in the vanguard's earlier quarters}. One query."""
    before = quarterly_return.quarter.previous()
    rows = (
        StrandReturn.objects.filter(
            up_to(before, "quarterly_return__"),
            quarterly_return__vanguard_id=quarterly_return.vanguard_id,
        )
        .values("strand_id")
        .annotate(
            in_work=Sum("starts_in_work", default=0),
            out_of_work=Sum("starts_out_of_work", default=0),
        )
        .order_by()
    )
    return {row["strand_id"]: EarlierStarts(row["in_work"], row["out_of_work"]) for row in rows}


def strand_problems(
    figures: Mapping, earlier: EarlierStarts | None, *, require_all: bool = False
) -> list[Problem]:
    """figure_problems with the strand's earlier starts (the one place the rules are asked)."""
    earlier = earlier or EarlierStarts()
    return figure_problems(
        figures,
        earlier_in_work_starts=earlier.in_work,
        earlier_out_of_work_starts=earlier.out_of_work,
        require_all=require_all,
    )


# The rules that count a strand's starts across quarters.
CUMULATIVE_RULES = {"remained_within_in_work_starts", "entered_within_out_of_work_starts"}


def later_problems(
    report: QuarterlyReturn, strand: DeliveryStrand, figures: Mapping, earlier: EarlierStarts
) -> list[str]:
    """What changing `report`'s figures for `strand` to `figures` would break in the strand's
    later received quarters: their outcomes are checked against the starts to date (one
    query)."""
    in_work = earlier.in_work + (figures.get("starts_in_work") or 0)
    out_of_work = earlier.out_of_work + (figures.get("starts_out_of_work") or 0)
    later = (
        StrandReturn.objects.filter(strand=strand)
        .exclude(up_to(report.quarter, "quarterly_return__"))
        .select_related("quarterly_return")
        .order_by("quarterly_return__year", "quarterly_return__number")
    )
    broken = []
    for row in later:
        if row.quarterly_return.status in RECEIVED:
            for problem in figure_problems(
                row.figures(),
                earlier_in_work_starts=in_work,
                earlier_out_of_work_starts=out_of_work,
            ):
                if problem.rule in CUMULATIVE_RULES:
                    broken.append(f"{row.quarterly_return.quarter}: {problem.message}")
        in_work += row.starts_in_work or 0
        out_of_work += row.starts_out_of_work or 0
    return broken


def _locked(quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    """The return's row, locked until the transaction ends, with its current status."""
    return (
        QuarterlyReturn.objects.select_for_update()
        .select_related("vanguard")
        .get(pk=quarterly_return.pk)
    )


def _check_unchanged(report: QuarterlyReturn, seen: datetime.datetime | None) -> None:
    """Optimistic concurrency: refuse a save made from a page loaded before someone else's
    save (`seen` is the return's updated_at when the page was loaded; None skips the check)."""
    if seen is not None and report.updated_at != seen:
        raise ReturnError(
            "Someone else changed this return on "
            f"{govuk_datetime(report.updated_at)}, after you opened this page, so your "
            "changes have not been saved. Check the return, then save your changes again."
        )


def _status(quarterly_return: QuarterlyReturn | None) -> str | None:
    return quarterly_return.status if quarterly_return else None


def return_start(*, actor, vanguard: Vanguard, quarter: Quarter) -> QuarterlyReturn:
    """Start the vanguard's return for the quarter (or give the one already started)."""
    existing = QuarterlyReturn.objects.filter(
        vanguard=vanguard, year=quarter.year, number=quarter.number
    ).first()
    if not permissions.can_edit_quarterly_return(actor, vanguard, _status(existing)):
        raise ReturnError("Only the vanguard's members can fill in its return.")
    if existing:
        return existing
    with transaction.atomic():
        report, _ = QuarterlyReturn.objects.get_or_create(
            vanguard=vanguard, year=quarter.year, number=quarter.number
        )
    return report


def _check_editable(actor, report: QuarterlyReturn) -> None:
    if not permissions.can_edit_quarterly_return(actor, report.vanguard, report.status):
        if report.status == Status.ACCEPTED:
            raise ReturnError("This return has been accepted and can no longer be changed.")
        if report.status == Status.SUBMITTED:
            raise ReturnError(
                "This return has been signed off and is waiting for the relationship manager."
            )
        raise ReturnError("Only the vanguard's members can change its return.")


def _strand_with_participants(report: QuarterlyReturn, strand: DeliveryStrand) -> None:
    if strand.vanguard_id != report.vanguard_id or not strand.has_participants:
        raise ReturnError("This strand has no part in this return.")


def _strand_row(report, strand, figures: Mapping) -> StrandReturn:
    """The strand's row (a new one if none) with `figures` set, not yet saved: one save, so
    one version in its history."""
    row = StrandReturn.objects.filter(quarterly_return=report, strand=strand).first()
    row = row or StrandReturn(quarterly_return=report, strand=strand)
    for field, _label in FIGURES:
        setattr(row, field, figures.get(field))
    return row


def strand_return_save(
    *,
    actor,
    quarterly_return: QuarterlyReturn,
    strand: DeliveryStrand,
    figures: Mapping,
    complete: bool,
    seen: datetime.datetime | None = None,
) -> list[Problem]:
    """Save what was typed for one strand, always (a draft may break the rules). Marked
    completed only when every figure is entered and no rule is broken; returns the problems
    (every empty figure among them when the member asked to mark it completed)."""
    with transaction.atomic():
        report = _locked(quarterly_return)
        _check_editable(actor, report)
        _check_unchanged(report, seen)
        _strand_with_participants(report, strand)
        earlier = earlier_starts(quarterly_return=report).get(strand.pk)
        problems = strand_problems(figures, earlier, require_all=complete)
        row = _strand_row(report, strand, figures)
        row.complete = complete and not problems
        row.save()
        report.save(update_fields=["updated_at"])
    return problems


def narrative_save(
    *,
    actor,
    quarterly_return: QuarterlyReturn,
    progress: str,
    risks: str,
    what_helped: str,
    complete: bool,
    query_answer: str = "",
    seen: datetime.datetime | None = None,
) -> QuarterlyReturn:
    """Save the narrative (and, once queried, the answer to the query)."""
    with transaction.atomic():
        report = _locked(quarterly_return)
        _check_editable(actor, report)
        _check_unchanged(report, seen)
        if complete and not all(text.strip() for text in (progress, risks, what_helped)):
            raise ReturnError(
                "Answer all three questions before you mark the narrative as completed",
                field="complete",
            )
        report.progress, report.risks, report.what_helped = progress, risks, what_helped
        report.narrative_complete = complete
        if report.status == Status.QUERIED:
            report.query_answer = query_answer
        report.save()
    return report


@dataclass(frozen=True)
class SignOffBlocker:
    """Something to fix before the SRO can sign the return off, and where to fix it."""

    message: str
    section: str  # a strand's name, or "Narrative"
    strand_id: int | None = None


def sign_off_blockers(
    *, quarterly_return: QuarterlyReturn, strands: list[DeliveryStrand], rows: dict
) -> list[SignOffBlocker]:
    """Every section not completed and every broken rule (each empty figure among them)."""
    blockers = []
    earlier = earlier_starts(quarterly_return=quarterly_return)
    for strand in strands:
        row = rows.get(strand.pk)
        if row is None or not row.complete:
            blockers.append(
                SignOffBlocker(f"Complete the section for {strand.name}", strand.name, strand.pk)
            )
        figures = row.figures() if row else {}
        for problem in strand_problems(figures, earlier.get(strand.pk), require_all=True):
            blockers.append(
                SignOffBlocker(f"{strand.name}: {problem.message}", strand.name, strand.pk)
            )
    if not quarterly_return.narrative_complete:
        blockers.append(SignOffBlocker("Complete the narrative", "Narrative"))
    if quarterly_return.status == Status.QUERIED and not quarterly_return.query_answer.strip():
        blockers.append(SignOffBlocker("Answer the query in the narrative", "Narrative"))
    return blockers


def return_sign_off(*, actor, quarterly_return: QuarterlyReturn, confirmed: bool) -> None:
    """The SRO confirms the figures are accurate, which submits the return to the RM."""
    with transaction.atomic():
        report = _locked(quarterly_return)
        if not permissions.can_sign_off_quarterly_return(actor, report.vanguard, report.status):
            if report.status in (Status.SUBMITTED, Status.ACCEPTED):
                raise ReturnError("This return has already been signed off.")
            raise ReturnError("Only the vanguard's senior responsible owner can sign it off.")
        if not confirmed:
            raise ReturnError("Confirm that these figures are accurate", field="confirm")
        strands, rows = strands_and_rows(report, vanguard=report.vanguard)
        blockers = sign_off_blockers(quarterly_return=report, strands=strands, rows=rows)
        if blockers:
            raise ReturnError(
                "You cannot sign off this return yet: " + "; ".join(b.message for b in blockers)
            )
        report.status = Status.SUBMITTED
        report.signed_off_by = actor
        report.signed_off_at = timezone.now()
        report.save()
        report_id = report.pk
        _queue("send_return_submitted_email", report_id)


def _queue(task_name: str, report_id: int) -> None:
    from .. import tasks  # tasks import services: imported when needed

    queue_after_commit(getattr(tasks, task_name), report_id)


def _check_decider(actor, report: QuarterlyReturn) -> None:
    if not permissions.can_decide_quarterly_return(actor, report.vanguard, report.status):
        if report.status != Status.SUBMITTED:
            raise ReturnError("Only a return waiting for the relationship manager can be decided.")
        raise ReturnError("Only the vanguard's relationship manager or an admin can decide.")


def return_accept(*, actor, quarterly_return: QuarterlyReturn) -> None:
    """The RM (or an admin) accepts a signed-off return; it is locked from now on."""
    with transaction.atomic():
        report = _locked(quarterly_return)
        _check_decider(actor, report)
        report.status = Status.ACCEPTED
        report.decided_by, report.decided_at = actor, timezone.now()
        report.save()
        report_id = report.pk
        _queue("send_return_decided_email", report_id)


def return_query(*, actor, quarterly_return: QuarterlyReturn, query: str) -> None:
    """The RM (or an admin) sends a signed-off return back with a query to answer."""
    if not query.strip():
        raise ReturnError("Enter the query the vanguard needs to answer", field="query")
    with transaction.atomic():
        report = _locked(quarterly_return)
        _check_decider(actor, report)
        report.status = Status.QUERIED
        report.query, report.query_answer = query.strip(), ""
        report.decided_by, report.decided_at = actor, timezone.now()
        report.save()
        report_id = report.pk
        _queue("send_return_decided_email", report_id)


def return_correct(
    *,
    actor,
    quarterly_return: QuarterlyReturn,
    strand: DeliveryStrand,
    figures: Mapping,
    reason: str,
) -> None:
    """An admin corrects an accepted return's figures, giving the reason; it stays accepted
    and its history keeps the version before."""
    if not reason.strip():
        raise ReturnError("Enter the reason for the correction", field="reason")
    with transaction.atomic():
        report = _locked(quarterly_return)
        if not permissions.can_correct_quarterly_return(actor, report.status):
            raise ReturnError("Only an admin can correct a return, and only once accepted.")
        _strand_with_participants(report, strand)
        earlier = earlier_starts(quarterly_return=report).get(strand.pk)
        problems = strand_problems(figures, earlier, require_all=True)
        if problems:
            raise ReturnError(
                "An accepted return must keep every rule: "
                + "; ".join(problem.message for problem in problems)
            )
        broken = later_problems(report, strand, figures, earlier or EarlierStarts())
        if broken:
            raise ReturnError(
                "This correction would break a later quarter's return, whose outcomes count "
                "these starts: " + "; ".join(broken)
            )
        row = _strand_row(report, strand, figures)
        row.complete = True
        row._change_reason = reason.strip()[:100]
        row.save()
        report.correction_reason = reason.strip()
        report._change_reason = "Corrected by an admin"
        report.save()

"""Quarterly returns: the list, a return's task list, its strand and narrative forms, check
your answers with the SRO's sign-off, the RM's decision, an admin's correction, and history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vanguards import permissions
from workwell.forms import chooser
from workwell.tables import kept_list_page

from ..forms.returns import (
    CorrectionForm,
    NarrativeForm,
    QueryForm,
    ReturnFilterForm,
    SignOffForm,
    StrandReturnForm,
)
from ..models import DeliveryStrand
from ..presenters import returns as presenters
from ..selectors import returns as selectors
from ..selectors.returns_admin import outstanding_return_rows
from ..services import returns as services
from ..services.returns import ReturnError
from ..tables.returns import ReturnTable


@login_required
def return_list(request):
    if not permissions.may_use_returns(request.user):
        raise Http404
    user, today = request.user, timezone.localdate()
    periods = selectors.return_periods(today=today)
    quarters = [period.quarter for period in periods]
    form = chooser(
        ReturnFilterForm,
        request.GET or None,
        quarters=quarters,
        chases_returns=permissions.chases_returns(user),
    )

    def make_table() -> ReturnTable:
        filters = form.chosen(quarters)
        if filters.pop("outstanding"):
            return ReturnTable(outstanding_return_rows(user=user, today=today, **filters))
        return ReturnTable(
            selectors.return_rows(user=user, today=today, periods=periods, **filters)
        )

    context = {"filter_form": form, "form": form if form.errors else None}
    return kept_list_page(
        request,
        make_table,
        "reporting/returns/return_list.html",
        context,
        name="returns",
        # The rows, their links and the filters are made from these alone (and the day, which
        # a kept result's minute holds): the viewer's scope and the periods, read before.
        kept_for=(
            permissions.return_list_scope(user),
            tuple((period.year, period.number, period.due_on) for period in periods),
        ),
        caption="Quarterly returns",
        export_name="returns",
        rows_html=lambda table, _request, caption: table.page_html(caption),
    )


def _return_page(request, slug, quarter):
    """The vanguard (404 unless the user lists its returns), its return for the quarter (None
    if not started: 404 for anyone who may not see drafts) and the quarter's period."""
    vanguard = get_object_or_404(permissions.return_vanguards(request.user), slug=slug)
    period = selectors.return_period(quarter)
    report = selectors.return_of(vanguard=vanguard, quarter=quarter)
    status = report.status if report else None
    if period is None or not permissions.can_view_quarterly_return(request.user, vanguard, status):
        raise Http404
    return vanguard, period, report


def _started_return(request, slug, quarter):
    """As _return_page, for pages of a started return (404 before it is started)."""
    vanguard, period, report = _return_page(request, slug, quarter)
    if report is None:
        raise Http404
    return vanguard, period, report


def _editable(request, vanguard, report) -> bool:
    return permissions.can_edit_quarterly_return(
        request.user, vanguard, report.status if report else None
    )


@login_required
def return_detail(request, slug, quarter):
    """The return's task list."""
    vanguard, period, report = _return_page(request, slug, quarter)
    strands, rows = selectors.strands_and_rows(report, vanguard=vanguard)
    editable = report is not None and _editable(request, vanguard, report)

    def urls(strand):
        if not editable:
            return None
        if strand is None:
            return presenters.return_url("return_narrative", vanguard, quarter)
        return presenters.return_url("return_strand", vanguard, quarter, strand=strand.pk)

    context = {
        "vanguard": vanguard,
        "quarter": quarter,
        "period": period,
        "report": report,
        "can_start": report is None and _editable(request, vanguard, None),
        "editable": editable,
        "can_decide": permissions.can_decide_quarterly_return(
            request.user, vanguard, report.status if report else None
        ),
        "task_list": presenters.task_list_params(
            report=report, strands=strands, rows=rows, urls=urls
        ),
        "completed": selectors.completed_sections(report, strands, rows),
        "task_count": len(strands) + 1,
        "summary_rows": presenters.return_summary_rows(report, period=period),
    }
    return render(request, "reporting/returns/return_detail.html", context)


@login_required
@require_POST
def return_start(request, slug, quarter):
    vanguard, _period, _report = _return_page(request, slug, quarter)
    try:
        services.return_start(actor=request.user, vanguard=vanguard, quarter=quarter)
    except ReturnError as error:
        messages.error(request, error.message)
    return redirect("reporting:return", slug=slug, quarter=quarter)


def _editable_return(request, slug, quarter):
    vanguard, period, report = _return_page(request, slug, quarter)
    if report is None or not _editable(request, vanguard, report):
        raise Http404  # not started, locked once signed off, or not the user's to fill in
    return vanguard, period, report


@login_required
def return_strand(request, slug, quarter, strand):
    """One strand's figures: a draft always saves what was typed; the rules' problems are
    shown, and stop the section being marked completed."""
    vanguard, _period, report = _editable_return(request, slug, quarter)
    strand = get_object_or_404(
        DeliveryStrand, pk=strand, vanguard=vanguard, participant_target__isnull=False
    )
    _strands, rows = selectors.strands_and_rows(report, vanguard=vanguard)
    row = rows.get(strand.pk)
    initial = {
        **(row.figures() if row else {}),
        "complete": "yes" if row and row.complete else None,
    }
    form = StrandReturnForm(request.POST or None, initial=initial, seen=report.updated_at)
    if request.method == "POST" and form.is_valid():
        try:
            problems = services.strand_return_save(
                actor=request.user,
                quarterly_return=report,
                strand=strand,
                figures=form.figures(),
                complete=form.marked_complete,
                seen=form.cleaned_data["seen"],
            )
        except ReturnError as error:
            form.add_error(None, error.message)
            report.refresh_from_db(fields=["updated_at"])
            form.reset_seen(report.updated_at)
        else:
            if not problems:
                messages.success(request, f"Your figures for {strand.name} have been saved.")
                return redirect("reporting:return", slug=slug, quarter=quarter)
            # Saved as a draft with problems: the next save from this page follows this one.
            report.refresh_from_db(fields=["updated_at"])
            form.reset_seen(report.updated_at)
            form.add_problems(problems)
            if form.marked_complete:
                form.add_error(
                    "complete", "Fix the problems before you mark this section as completed"
                )
            messages.info(request, "Your figures have been saved as a draft.")
    context = {"vanguard": vanguard, "quarter": quarter, "strand": strand, "form": form}
    return render(request, "reporting/returns/strand_form.html", context)


@login_required
def return_narrative(request, slug, quarter):
    vanguard, _period, report = _editable_return(request, slug, quarter)
    queried = report.status == report.Status.QUERIED
    initial = {
        "progress": report.progress,
        "risks": report.risks,
        "what_helped": report.what_helped,
        "query_answer": report.query_answer,
        "complete": "yes" if report.narrative_complete else None,
    }
    form = NarrativeForm(
        request.POST or None, initial=initial, queried=queried, seen=report.updated_at
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.narrative_save(
                actor=request.user,
                quarterly_return=report,
                progress=data["progress"],
                risks=data["risks"],
                what_helped=data["what_helped"],
                query_answer=data.get("query_answer", ""),
                complete=data["complete"] == "yes",
                seen=data["seen"],
            )
        except ReturnError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            report.refresh_from_db(fields=["updated_at"])
            form.reset_seen(report.updated_at)
        else:
            messages.success(request, "Your narrative has been saved.")
            return redirect("reporting:return", slug=slug, quarter=quarter)
    context = {"vanguard": vanguard, "quarter": quarter, "report": report, "form": form}
    return render(request, "reporting/returns/narrative_form.html", context)


def _render_check(request, vanguard, period, report, quarter, **forms_given):
    strands, rows = selectors.strands_and_rows(report, vanguard=vanguard)
    user = request.user
    status = report.status if report else None
    editable = report is not None and _editable(request, vanguard, report)
    sections = presenters.check_sections(
        strands,
        rows,
        vanguard=vanguard,
        quarter=quarter,
        editable=editable,
        correctable=permissions.can_correct_quarterly_return(user, status),
    )
    narrative_url = (
        presenters.return_url("return_narrative", vanguard, quarter) if editable else None
    )
    can_sign = permissions.can_sign_off_quarterly_return(user, vanguard, status)
    can_decide = permissions.can_decide_quarterly_return(user, vanguard, status)
    blockers = (
        services.sign_off_blockers(quarterly_return=report, strands=strands, rows=rows)
        if can_sign
        else []
    )
    context = {
        "vanguard": vanguard,
        "quarter": quarter,
        "report": report,
        "sections": sections,
        "narrative_rows": presenters.narrative_summary_rows(report, change_url=narrative_url),
        "summary_rows": presenters.return_summary_rows(report, period=period),
        "can_sign": can_sign,
        "blockers": blockers,
        "sign_off_form": forms_given.get("sign_off_form") or (SignOffForm() if can_sign else None),
        "can_decide": can_decide,
        "query_form": forms_given.get("query_form") or (QueryForm() if can_decide else None),
        "form": next((form for form in forms_given.values() if form.errors), None),
    }
    return render(request, "reporting/returns/return_check.html", context)


@login_required
def return_check(request, slug, quarter):
    """Check your answers; the SRO signs off here, and the RM accepts or queries."""
    vanguard, period, report = _started_return(request, slug, quarter)
    return _render_check(request, vanguard, period, report, quarter)


@login_required
@require_POST
def return_sign_off(request, slug, quarter):
    vanguard, period, report = _started_return(request, slug, quarter)
    form = SignOffForm(request.POST)
    form.is_valid()
    try:
        services.return_sign_off(
            actor=request.user, quarterly_return=report, confirmed=form.cleaned_data["confirm"]
        )
    except ReturnError as error:
        form.add_error("confirm" if error.field == "confirm" else None, error.message)
        return _render_check(request, vanguard, period, report, quarter, sign_off_form=form)
    messages.success(
        request,
        f"You have signed off the {quarter} return. It has been sent to your relationship manager.",
    )
    return redirect("reporting:return", slug=slug, quarter=quarter)


@login_required
@require_POST
def return_accept(request, slug, quarter):
    _vanguard, _period, report = _started_return(request, slug, quarter)
    try:
        services.return_accept(actor=request.user, quarterly_return=report)
    except ReturnError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The return has been accepted. The vanguard has been told.")
    return redirect("reporting:return_check", slug=slug, quarter=quarter)


@login_required
@require_POST
def return_query(request, slug, quarter):
    vanguard, period, report = _started_return(request, slug, quarter)
    form = QueryForm(request.POST)
    if form.is_valid():
        try:
            services.return_query(
                actor=request.user, quarterly_return=report, query=form.cleaned_data["query"]
            )
        except ReturnError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                "The return has been sent back with your query. The vanguard has been told.",
            )
        return redirect("reporting:return_check", slug=slug, quarter=quarter)
    return _render_check(request, vanguard, period, report, quarter, query_form=form)


@login_required
def return_correct(request, slug, quarter, strand):
    """An admin corrects an accepted return's figures for one strand, giving a reason."""
    vanguard, _period, report = _return_page(request, slug, quarter)
    if report is None or not permissions.can_correct_quarterly_return(request.user, report.status):
        raise Http404
    strand = get_object_or_404(
        DeliveryStrand, pk=strand, vanguard=vanguard, participant_target__isnull=False
    )
    _strands, rows = selectors.strands_and_rows(report, vanguard=vanguard)
    row = rows.get(strand.pk)
    form = CorrectionForm(request.POST or None, initial=row.figures() if row else {})
    if request.method == "POST" and form.is_valid():
        try:
            services.return_correct(
                actor=request.user,
                quarterly_return=report,
                strand=strand,
                figures=form.figures(),
                reason=form.cleaned_data["reason"],
            )
        except ReturnError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"The figures for {strand.name} have been corrected.")
            return redirect("reporting:return_check", slug=slug, quarter=quarter)
    context = {
        "vanguard": vanguard,
        "quarter": quarter,
        "strand": strand,
        "form": form,
        "correcting": True,
    }
    return render(request, "reporting/returns/strand_form.html", context)


@login_required
def return_history(request, slug, quarter):
    vanguard, _period, report = _started_return(request, slug, quarter)
    entries = selectors.return_history(quarterly_return=report)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {"vanguard": vanguard, "quarter": quarter, "report": report, "page": page}
    return render(request, "reporting/returns/return_history.html", context)

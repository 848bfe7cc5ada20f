from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from workwell.tables import is_export, kept_list_page

from .. import permissions
from ..filters.support import SupportRequestFilter
from ..forms.support import (
    AssignForm,
    CloseForm,
    DeliveryForm,
    RatingForm,
    SupportRequestForm,
    TriageForm,
)
from ..presenters import (
    NEXT_STEPS,
    flag_text,
    support_request_summary_rows,
    touchpoint_links,
)
from ..selectors import support as selectors
from ..services import support as services
from ..services.support import SupportError
from ..tables.support import SupportRequestTable

Status = services.Status


@login_required
def support_list(request):
    today = timezone.localdate()
    limit = selectors.programme_settings().support_request_triage_working_days
    filterset = SupportRequestFilter(request.GET or None, request=request, today=today, limit=limit)

    def make_table() -> SupportRequestTable:
        requests = selectors.support_requests_for_list(
            user=request.user, today=today, limit=limit, with_people=is_export(request)
        )
        return SupportRequestTable(filterset.qs_of(requests), today=today, limit=limit)

    context = {
        "filter": filterset,
        "flag_text": flag_text(limit),
        "can_raise": permissions.may_raise_support_requests(request.user),
    }
    template = "vanguards/support/support_list.html"
    return kept_list_page(
        request,
        make_table,
        template,
        context,
        name="support_requests",
        # The requests and the filters offered are made from the records' scope; "assigned
        # to me", from who the viewer is; the flag, from the triage limit (the day is in
        # every kept result's key).
        kept_for=(
            permissions.records_scope(request.user),
            request.user.role,
            request.user.pk,
            limit,
        ),
        caption="Support requests",
        filterset=filterset,
        export_name="support-requests",
    )


def _raised_message(support_request, form: SupportRequestForm) -> str:
    """Members asked for themselves; NST staff asked on the vanguard's behalf."""
    if form.member_vanguard is not None:
        return (
            f"Your support request #{support_request.pk} has been sent to the National Support "
            "Team."
        )
    return f"Support request #{support_request.pk} has been raised for {support_request.vanguard}."


@login_required
def support_create(request):
    if not permissions.may_raise_support_requests(request.user):
        raise Http404
    offer = selectors.active_offer(request.GET.get("offer", ""))
    form = SupportRequestForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={"offer": offer},
    )
    if request.method == "POST" and form.is_valid():
        try:
            support_request = services.support_request_raise(
                raised_by=request.user, **form.request_data()
            )
        except SupportError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _raised_message(support_request, form))
            return redirect("support:detail", pk=support_request.pk)
    limit = selectors.programme_settings().support_request_triage_working_days
    context = {"form": form, "offer": offer, "limit": limit}
    return render(request, "vanguards/support/support_form.html", context)


def _render_detail(request, pk, **bound_forms):
    """The request's page, with each form the user may use in its current state."""
    context = selectors.support_request_detail(user=request.user, pk=pk)
    support_request = context["support_request"]
    status = support_request.status
    may_triage = permissions.can_triage_support_request(request.user, support_request)
    forms = {}
    if may_triage and status == Status.NEW:
        forms["triage_form"] = TriageForm(prefix="triage")
    initial = {"assigned_to": support_request.assigned_to}
    if may_triage and status == Status.TRIAGED:
        forms["start_form"] = AssignForm(prefix="start", initial=initial)
    if may_triage and status == Status.IN_PROGRESS:
        forms["assign_form"] = AssignForm(prefix="assign", initial=initial)
    if may_triage and status == Status.IN_PROGRESS:
        forms["delivery_form"] = DeliveryForm(prefix="delivery", support_request=support_request)
    if permissions.can_rate_support_request(request.user, support_request):
        forms["rating_form"] = RatingForm(prefix="rating")
    forms.update(bound_forms)
    context.update(
        forms,
        may_close=may_triage and status == Status.DELIVERED,
        next_step=NEXT_STEPS.get(status),
        summary_rows=support_request_summary_rows(
            support_request, limit=context["limit"], working_days=context["working_days"]
        ),
        touchpoint_links=touchpoint_links(context["touchpoints"]),
        # `form` (any one with errors) makes the page title start "Error:".
        form=next((form for form in bound_forms.values() if form.errors), None),
    )
    return render(request, "vanguards/support/support_detail.html", context)


@login_required
def support_detail(request, pk):
    return _render_detail(request, pk)


def _request_for_step(user, pk, may=permissions.can_triage_support_request):
    """The request a step acts on; 404 when the user may not see it or may not take the step."""
    support_request = permissions.get_support_request_or_404(user, pk)
    if not may(user, support_request):
        raise Http404
    return support_request


def _run_step(request, support_request, form, step):
    """The rest of every step: form → service → message → redirect.

    `step(user, support_request, cleaned_data)` calls one service and returns the success
    message. A rule broken on a field goes back to the form; any other (someone else got there
    first) is reported on the request's page.
    """
    pk = support_request.pk
    if form.is_valid():
        try:
            message = step(request.user, support_request, form.cleaned_data)
        except SupportError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
                return _render_detail(request, pk, **{f"{form.prefix}_form": form})
            messages.info(request, error.message)
        else:
            messages.success(request, message)
        return redirect("support:detail", pk=pk)
    return _render_detail(request, pk, **{f"{form.prefix}_form": form})


def _triage(by, support_request, data) -> str:
    kwargs = {"support_request": support_request, "by": by}
    if data["decision"] == TriageForm.DECLINE:
        services.support_request_decline(**kwargs, reason=data["note"])
        return "The request has been declined. The vanguard can see your reason."
    if data["decision"] == TriageForm.REDIRECT:
        services.support_request_redirect(**kwargs, note=data["note"])
        return "The request has been redirected and closed."
    services.support_request_accept(**kwargs, assigned_to=data["assigned_to"])
    return "The request has been accepted."


@login_required
@require_POST
def support_triage(request, pk):
    """Accept, decline or redirect a new request."""
    support_request = _request_for_step(request.user, pk)
    form = TriageForm(request.POST, prefix="triage")
    return _run_step(request, support_request, form, _triage)


def _start(by, support_request, data) -> str:
    services.support_request_start(
        support_request=support_request, by=by, assigned_to=data["assigned_to"]
    )
    return f"Work has started. {data['assigned_to']} is delivering the support."


@login_required
@require_POST
def support_start(request, pk):
    """Start work on a triaged request, naming who delivers it."""
    support_request = _request_for_step(request.user, pk)
    form = AssignForm(request.POST, prefix="start")
    return _run_step(request, support_request, form, _start)


def _assign(by, support_request, data) -> str:
    services.support_request_assign(
        support_request=support_request, by=by, assigned_to=data["assigned_to"]
    )
    return f"The request is now assigned to {data['assigned_to']}."


@login_required
@require_POST
def support_assign(request, pk):
    """Hand a request in progress to someone else in the NST."""
    support_request = _request_for_step(request.user, pk)
    form = AssignForm(request.POST, prefix="assign")
    return _run_step(request, support_request, form, _assign)


def _deliver(by, support_request, data) -> str:
    services.support_request_deliver(
        support_request=support_request,
        by=by,
        notes=data["delivery_notes"],
        touchpoints=data["touchpoints"],
    )
    return "The delivery has been recorded. The vanguard will be asked to rate it."


@login_required
@require_POST
def support_deliver(request, pk):
    """Record how the support was delivered, and at which touchpoints."""
    support_request = _request_for_step(request.user, pk)
    form = DeliveryForm(request.POST, prefix="delivery", support_request=support_request)
    return _run_step(request, support_request, form, _deliver)


def _close(by, support_request, data) -> str:
    services.support_request_close(support_request=support_request, by=by)
    return "The request has been closed."


@login_required
@require_POST
def support_close(request, pk):
    """Close a delivered request, rated or not."""
    support_request = _request_for_step(request.user, pk)
    form = CloseForm(request.POST, prefix="close")
    return _run_step(request, support_request, form, _close)


def _rate(by, support_request, data) -> str:
    services.support_request_rate(
        support_request=support_request,
        by=by,
        rating=data["rating"],
        comment=data["rating_comment"],
    )
    return "Thank you for rating the support."


@login_required
@require_POST
def support_rate(request, pk):
    """The vanguard rates the support it received."""
    support_request = _request_for_step(request.user, pk, may=permissions.can_rate_support_request)
    form = RatingForm(request.POST, prefix="rating")
    return _run_step(request, support_request, form, _rate)

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vanguards import permissions
from workwell.dates import govuk_date
from workwell.models import ProgrammeTheme
from workwell.tables import list_page

from ..filters.concerns import ConcernFilter
from ..forms.concerns import (
    AcknowledgeForm,
    CloseForm,
    ConcernForm,
    EscalateForm,
    InvestigateForm,
    MessageForm,
    ReopenForm,
    RespondForm,
)
from ..models import Concern
from ..presenters.concerns import clock_text, concern_summary_rows
from ..presenters.themes import themes_checkboxes
from ..selectors import concerns as selectors
from ..selectors.yousaid import changes_from_concern
from ..services import concerns as services
from ..services.concerns import ConcernError
from ..tables.concerns import ConcernTable

State = Concern.State


def _list(request, *, mine: bool):
    if not permissions.may_use_concerns(request.user):
        raise Http404
    today = timezone.localdate()
    concerns = selectors.concerns_for_list(user=request.user, today=today)
    if mine:
        concerns = concerns.filter(raised_by=request.user)
    filterset = ConcernFilter(request.GET or None, queryset=concerns, request=request, today=today)
    context = {
        "filter": filterset,
        "mine": mine,
        "can_raise": permissions.can_raise_concerns(request.user),
    }
    table = ConcernTable(filterset.qs, today=today)
    template = "feedback/concerns/concern_list.html"
    return list_page(request, table, template, context, export_name="concerns")


@login_required
def concern_list(request):
    return _list(request, mine=False)


@login_required
def my_concerns(request):
    if not permissions.can_raise_concerns(request.user):
        raise Http404
    return _list(request, mine=True)


@login_required
def concern_create(request):
    if not permissions.can_raise_concerns(request.user):
        raise Http404
    form = ConcernForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_raise(raised_by=request.user, **form.concern_data())
        except ConcernError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                f"Your concern #{concern.pk} has been sent. It will be acknowledged by "
                f"{govuk_date(concern.acknowledge_by)}.",
            )
            return redirect("feedback:concern", pk=concern.pk)
    target = selectors.response_target()
    return render(request, "feedback/concerns/concern_form.html", {"form": form, "target": target})


def _forms_for(user, concern: Concern) -> dict:
    """The forms the user may use on the concern in its current state."""
    forms = {}
    handles = permissions.can_handle_concern(user, concern)
    raiser = permissions.is_concern_raiser(user, concern)
    if handles and concern.state == State.RAISED:
        forms["acknowledge_form"] = AcknowledgeForm(prefix="acknowledge")
    if handles and concern.state == State.ACKNOWLEDGED:
        forms["investigate_form"] = InvestigateForm(prefix="investigate")
    if handles and concern.state == State.INVESTIGATING:
        forms["respond_form"] = RespondForm(prefix="respond")
    if (
        handles
        and concern.state in selectors.AWAITING_RESPONSE
        and concern.stage in (services.NEXT_STAGE)
    ):
        forms["escalate_form"] = EscalateForm(prefix="escalate")
    if (handles or raiser) and concern.state == State.RESPONDED:
        forms["close_form"] = CloseForm(prefix="close")
    if raiser and not concern.was_reopened and concern.state in (State.RESPONDED, State.CLOSED):
        forms["reopen_form"] = ReopenForm(prefix="reopen")
    if (handles or raiser) and concern.state != State.CLOSED:
        forms["message_form"] = MessageForm(prefix="message")
    return forms


def _themes_for(user, concern: Concern) -> dict | None:
    """The NST's theme tags and their checkboxes (for the strategic review's theme counts)."""
    if not permissions.tags_feedback_themes(user):
        return None
    themes = list(ProgrammeTheme.objects.all())
    chosen = set(concern.themes.values_list("pk", flat=True))
    return {
        "names": [theme.name for theme in themes if theme.pk in chosen],
        "field": themes_checkboxes(themes, chosen, id_prefix="themes"),
    }


def _render_detail(request, pk, **bound_forms):
    concern = selectors.concern_detail(user=request.user, pk=pk)
    is_raiser = permissions.is_concern_raiser(request.user, concern)
    context = {
        "concern": concern,
        "is_raiser": is_raiser,
        "summary_rows": concern_summary_rows(concern, today=timezone.localdate()),
        "clock": clock_text(concern, to_raiser=is_raiser),
        "changes": list(changes_from_concern(concern)) if is_raiser else [],
        "themes": _themes_for(request.user, concern),
        **_forms_for(request.user, concern),
        **bound_forms,
        # `form` (any one with errors) makes the page title start "Error:".
        "form": next((form for form in bound_forms.values() if form.errors), None),
    }
    return render(request, "feedback/concerns/concern_detail.html", context)


@login_required
def concern_detail(request, pk):
    return _render_detail(request, pk)


def _step(request, pk, form_class, prefix, step, *, handlers_only: bool):
    """Every action: fetch (404 if not visible, or for a handler's step if the user does not
    handle it) → form → service → message → redirect. A rule broken on a field goes back to
    the form with what was typed; any other is reported on the concern's page."""
    concern = permissions.get_concern_or_404(request.user, Concern.objects.all(), pk)
    if handlers_only and not permissions.can_handle_concern(request.user, concern):
        raise Http404
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            message = step(request.user, concern, form.cleaned_data)
        except ConcernError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
                return _render_detail(request, pk, **{f"{prefix}_form": form})
            messages.error(request, error.message)
        else:
            messages.success(request, message)
        return redirect("feedback:concern", pk=pk)
    return _render_detail(request, pk, **{f"{prefix}_form": form})


def _acknowledge(by, concern, data):
    services.concern_acknowledge(concern=concern, by=by, note=data["note"])
    return "The concern has been acknowledged. The raiser can see your acknowledgement."


def _investigate(by, concern, data):
    services.concern_start_investigation(concern=concern, by=by, note=data["note"])
    return "The investigation has started."


def _escalate(by, concern, data):
    concern = services.concern_escalate(concern=concern, by=by, reason=data["reason"])
    return f"The concern has moved to {concern.get_stage_display().lower()}."


def _respond(by, concern, data):
    services.concern_respond(concern=concern, by=by, response=data["response"])
    return "Your response has been sent to the raiser."


def _close(by, concern, data):
    services.concern_close(concern=concern, by=by)
    return "The concern has been closed."


def _reopen(by, concern, data):
    services.concern_reopen(concern=concern, by=by, reason=data["reason"])
    return "Your concern has been reopened."


def _message(by, concern, data):
    services.concern_message(concern=concern, by=by, text=data["text"])
    return "Your message has been added."


# Each step: its form, what it does, and whether only the concern's handlers may take it
# (the raiser's steps are refused by the service, with a message, for anyone else who sees it).
STEPS = {
    "acknowledge": (AcknowledgeForm, _acknowledge, True),
    "investigate": (InvestigateForm, _investigate, True),
    "escalate": (EscalateForm, _escalate, True),
    "respond": (RespondForm, _respond, True),
    "close": (CloseForm, _close, False),
    "reopen": (ReopenForm, _reopen, False),
    "message": (MessageForm, _message, False),
}


@login_required
@require_POST
def concern_step(request, pk, step):
    """One action on a concern, named in the address (acknowledge, respond, reopen …)."""
    if step not in STEPS:
        raise Http404
    form_class, run, handlers_only = STEPS[step]
    return _step(request, pk, form_class, step, run, handlers_only=handlers_only)

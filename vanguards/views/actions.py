from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workwell.tables import is_export, kept_list_page

from .. import permissions
from ..filters.actions import EVERYONE, MINE, ActionFilter
from ..forms.actions import ActionForm, CancelActionForm
from ..presenters import action_summary_rows
from ..selectors import actions as selectors
from ..selectors.registry import loggable_vanguard_named
from ..services.actions import ActionError, action_cancel, action_complete, action_create
from ..tables.actions import ActionTable


@login_required
def action_list(request):
    filterset = ActionFilter(request.GET, request=request)

    def make_table() -> ActionTable:
        actions = selectors.actions_for_list(user=request.user, with_origin=is_export(request))
        return ActionTable(filterset.qs_of(actions))

    context = {
        "filter": filterset,
        "view": _current_view(filterset),
        "views": {"mine": MINE, "everyone": EVERYONE},
        "can_create": permissions.can_log_touchpoints(request.user),
        "can_own": permissions.can_own_actions(request.user),
    }
    template = "vanguards/actions/action_list.html"
    return kept_list_page(
        request,
        make_table,
        template,
        context,
        name="actions",
        # The actions and the filters offered are made from the records' scope; "mine" and
        # the owners offered, from who the viewer is.
        kept_for=(permissions.records_scope(request.user), request.user.role, request.user.pk),
        caption="Actions",
        filterset=filterset,
        export_name="actions",
    )


def _current_view(filterset) -> str:
    """Which of the quick views ("mine", "overdue", "all") the filters amount to, if any."""
    data = filterset.data  # what the form is given (the form itself is drawn and kept)
    # Only filters the list has: a member's old `?vanguard=` is ignored, and narrows nothing.
    narrowed = any(
        data.get(name) for name in ("status", "vanguard", "owner") if name in filterset.filters
    )
    if narrowed:
        return ""
    if data.get("overdue"):
        return "overdue" if data.get("mine") == EVERYONE else ""
    return "mine" if data.get("mine") == MINE else "all"


@login_required
def action_create_view(request):
    if not permissions.can_log_touchpoints(request.user):
        raise Http404
    vanguard = loggable_vanguard_named(user=request.user, slug=request.GET.get("vanguard"))
    initial = {"vanguard": vanguard} if vanguard else {}
    form = ActionForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = action_create(created_by=request.user, **form.cleaned_data)
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"The action for {action.vanguard} has been added.")
            return redirect("actions:detail", pk=action.pk)
    return render(request, "vanguards/actions/action_form.html", {"form": form})


def _render_detail(request, pk, cancel_form=None):
    action = selectors.action_detail(user=request.user, pk=pk)
    show_touchpoint = selectors.touchpoint_visible(user=request.user, action=action)
    context = {
        "action": action,
        "summary_rows": action_summary_rows(action, show_touchpoint=show_touchpoint),
        "history": selectors.action_history(action=action),
        "can_update": action.status == action.Status.OPEN
        and permissions.can_update_action(request.user, action),
        # Named `form` so the page title starts "Error:" when the reason is missing.
        "form": cancel_form or CancelActionForm(),
    }
    return render(request, "vanguards/actions/action_detail.html", context)


@login_required
def action_detail(request, pk):
    return _render_detail(request, pk)


def _updatable_action(request, pk):
    action = permissions.get_action_or_404(request.user, pk)
    if not permissions.can_update_action(request.user, action):
        raise Http404
    return action


@login_required
@require_POST
def action_done(request, pk):
    action = _updatable_action(request, pk)
    try:
        action_complete(action=action, by=request.user)
    except ActionError as error:
        messages.info(request, error.message)
    else:
        messages.success(request, "The action has been marked as done.")
    return redirect("actions:detail", pk=pk)


@login_required
@require_POST
def action_cancel_view(request, pk):
    action = _updatable_action(request, pk)
    form = CancelActionForm(request.POST)
    if form.is_valid():
        try:
            action_cancel(action=action, by=request.user, reason=form.cleaned_data["cancel_reason"])
        except ActionError as error:
            messages.info(request, error.message)
        else:
            messages.success(request, "The action has been cancelled.")
        return redirect("actions:detail", pk=pk)
    return _render_detail(request, pk, cancel_form=form)

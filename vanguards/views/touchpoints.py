from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workwell.dates import govuk_date
from workwell.tables import is_export, kept_list_page

from .. import permissions, presenters
from ..filters.touchpoints import TouchpointFilter
from ..forms.touchpoints import ArchiveForm, TouchpointPage, touchpoint_initial
from ..models import Touchpoint
from ..selectors import touchpoints as selectors
from ..selectors.registry import loggable_vanguard_named
from ..services import touchpoints as services
from ..services.touchpoints import TouchpointError
from ..tables.touchpoints import TouchpointTable


@login_required
def touchpoint_list(request):
    user = request.user
    filterset = TouchpointFilter(request.GET or None, request=request)
    hidden = () if permissions.can_see_internal_notes(user) else ("internal_notes",)

    def make_table() -> TouchpointTable:
        touchpoints = selectors.touchpoints_for_list(user=user, for_export=is_export(request))
        return TouchpointTable(
            filterset.qs_of(touchpoints),
            exclude=hidden,
            vanguard_names=lambda ids: selectors.vanguard_names(user=user, touchpoint_ids=ids),
            vanguard_name_list=selectors.vanguard_name_list(user),
        )

    context = {"filter": filterset, "can_log": permissions.can_log_touchpoints(user)}
    template = "vanguards/touchpoints/touchpoint_list.html"
    return kept_list_page(
        request,
        make_table,
        template,
        context,
        name="touchpoints",
        # The touchpoints, their actions counted and their vanguards named, the columns and
        # the filters offered are made from these alone (permissions.records_scope).
        kept_for=permissions.records_scope(user),
        caption="Touchpoints",
        filterset=filterset,
        export_name="touchpoints",
        # Every touchpoint ever logged is counted (100,000 at national scale): shared.
        shared_count=True,
    )


def _save(request, page, touchpoint=None):
    """Call the create or update service; on a refusal, show it next to its field."""
    rows = page.actions.drafts()
    drafts = [draft for _form, draft in rows]
    complete = request.POST.get("status") != Touchpoint.Status.DRAFT
    try:
        if touchpoint is None:
            return services.touchpoint_create(
                author=request.user, complete=complete, actions=drafts, **page.form.service_kwargs()
            )
        return services.touchpoint_update(
            touchpoint=touchpoint,
            by=request.user,
            complete=complete,
            actions=drafts,
            **page.form.service_kwargs(),
        )
    except TouchpointError as error:
        page.show_error(error, [form for form, _draft in rows])
        return None


def _saved_message(touchpoint) -> str:
    day = govuk_date(touchpoint.date)
    draft = " as a draft" if touchpoint.status == Touchpoint.Status.DRAFT else ""
    return f"The {touchpoint.get_kind_display().lower()} on {day} has been saved{draft}."


@login_required
def touchpoint_create(request):
    if not permissions.can_log_touchpoints(request.user):
        raise Http404
    prefill = loggable_vanguard_named(user=request.user, slug=request.GET.get("vanguard"))
    initial = {"vanguards": [prefill] if prefill else [], "nst_participants": [request.user]}
    page = TouchpointPage(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and page.is_valid():
        touchpoint = _save(request, page)
        if touchpoint:
            messages.success(request, _saved_message(touchpoint))
            return redirect("touchpoints:detail", pk=touchpoint.pk)
    return render(
        request, "vanguards/touchpoints/touchpoint_form.html", {"page": page, "form": page.form}
    )


@login_required
def touchpoint_detail(request, pk):
    touchpoint = permissions.get_touchpoint_or_404(request.user, pk)
    context = selectors.touchpoint_page(user=request.user, touchpoint=touchpoint)
    user = request.user
    can_edit = permissions.can_edit_touchpoint(user, touchpoint)
    context.update(
        touchpoint=touchpoint,
        summary_rows=presenters.touchpoint_summary_rows(
            touchpoint,
            vanguards=context["vanguards"],
            participants=context["participants"],
            contacts=context["contacts"],
            themes=context["themes"],
        ),
        actions_table=presenters.follow_up_actions_table(context["actions"]),
        can_edit=can_edit,
        can_archive=permissions.can_archive_touchpoint(user, touchpoint),
        # Only when time is why: an RM whose vanguard moved group is not told to wait.
        edit_window_closed=not can_edit and permissions.author_edit_window_closed(user, touchpoint),
    )
    return render(request, "vanguards/touchpoints/touchpoint_detail.html", context)


def _editable_or_404(user, pk) -> Touchpoint:
    touchpoint = permissions.get_touchpoint_or_404(user, pk)
    if not permissions.can_edit_touchpoint(user, touchpoint):
        raise Http404
    return touchpoint


@login_required
def touchpoint_edit(request, pk):
    touchpoint = _editable_or_404(request.user, pk)
    page = TouchpointPage(
        request.POST or None,
        user=request.user,
        touchpoint=touchpoint,
        initial=touchpoint_initial(touchpoint),
    )
    if request.method == "POST" and page.is_valid():
        saved = _save(request, page, touchpoint)
        if saved:
            messages.success(request, _saved_message(saved))
            return redirect("touchpoints:detail", pk=saved.pk)
    context = {"page": page, "form": page.form, "touchpoint": touchpoint}
    return render(request, "vanguards/touchpoints/touchpoint_form.html", context)


@login_required
@require_POST
def touchpoint_complete(request, pk):
    touchpoint = _editable_or_404(request.user, pk)
    try:
        services.touchpoint_complete(touchpoint=touchpoint, by=request.user)
    except TouchpointError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The touchpoint is complete.")
    return redirect("touchpoints:detail", pk=touchpoint.pk)


@login_required
def touchpoint_archive(request, pk):
    touchpoint = permissions.get_touchpoint_or_404(request.user, pk)
    if not permissions.can_archive_touchpoint(request.user, touchpoint):
        raise Http404
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.touchpoint_archive(
                touchpoint=touchpoint, by=request.user, reason=form.cleaned_data["reason"]
            )
        except TouchpointError as error:
            form.add_error("reason" if error.field else None, error.message)
        else:
            messages.success(request, "The touchpoint has been archived.")
            return redirect("touchpoints:detail", pk=touchpoint.pk)
    context = {"form": form, "touchpoint": touchpoint}
    return render(request, "vanguards/touchpoints/touchpoint_archive.html", context)

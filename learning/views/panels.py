"""The expert panel and the lived experience panel (/learning/panels/): the learning team keeps
their members and records their reviews of toolkit versions; the NST sees who is on them.
Reviews are shown on the version's page, marked as from their panel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from vanguards import permissions

from ..forms.panels import PanelMemberForm, PanelReviewForm
from ..models import Panel
from ..selectors import panels as selectors
from ..selectors.consultation import version_or_404
from ..services import panels as services


def _require_keeper(user):
    if not permissions.can_manage_panels(user):
        raise Http404


@login_required
def panel_list(request):
    if not permissions.can_see_panel_members(request.user):
        raise Http404
    context = {
        "panels": selectors.panel_summaries(),
        "can_manage": permissions.can_manage_panels(request.user),
    }
    return render(request, "learning/panels/panel_list.html", context)


@login_required
def panel_detail(request, panel):
    panel = selectors.panel_or_404(user=request.user, panel=panel)
    context = {
        "panel": panel,
        "members": selectors.panel_members(panel),
        "reviews": selectors.panel_reviews(panel=panel),
        "can_manage": permissions.can_manage_panels(request.user),
    }
    return render(request, "learning/panels/panel_detail.html", context)


def _save_member(request, form, panel, member=None):
    try:
        return services.panel_member_save(
            actor=request.user, panel=panel, data=form.cleaned_data, member=member
        )
    except services.PanelError as error:
        form.add_error(error.field, error.message)
        return None


@login_required
def member_create(request, panel):
    _require_keeper(request.user)
    panel = selectors.panel_or_404(user=request.user, panel=panel)
    form = PanelMemberForm(request.POST or None)
    member = request.method == "POST" and form.is_valid() and _save_member(request, form, panel)
    if member:
        messages.success(
            request, f"{member.full_name} has been added to the {panel.label.lower()}."
        )
        return redirect("learning:panel_detail", panel=panel.value)
    context = {"form": form, "panel": panel, "member": None}
    return render(request, "learning/panels/member_form.html", context)


@login_required
def member_edit(request, pk):
    member = selectors.panel_member_or_404(user=request.user, pk=pk)
    panel = Panel(member.panel)
    form = PanelMemberForm(request.POST or None, instance=member)
    saved = (
        request.method == "POST" and form.is_valid() and _save_member(request, form, panel, member)
    )
    if saved:
        messages.success(request, f"Your changes to {saved.full_name} have been saved.")
        return redirect("learning:panel_detail", panel=panel.value)
    context = {"form": form, "panel": panel, "member": member}
    return render(request, "learning/panels/member_form.html", context)


@login_required
def member_remove(request, pk):
    member = selectors.panel_member_or_404(user=request.user, pk=pk)
    panel = Panel(member.panel)
    if request.method == "POST":
        services.panel_member_remove(actor=request.user, member=member)
        messages.success(
            request, f"{member.full_name} has been taken off the {panel.label.lower()}."
        )
        return redirect("learning:panel_detail", panel=panel.value)
    context = {"member": member, "panel": panel}
    return render(request, "learning/panels/member_remove.html", context)


@login_required
def review_create(request, number):
    _require_keeper(request.user)
    version = version_or_404(user=request.user, number=number)
    form = PanelReviewForm(request.POST or None, members=selectors.reviewer_choices())
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_review_record(actor=request.user, version=version, **form.cleaned_data)
        except services.PanelError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"The review of version {version.number} has been recorded.")
            return redirect("learning:toolkit_version", number=version.number)
    context = {"form": form, "version": version}
    return render(request, "learning/panels/review_form.html", context)

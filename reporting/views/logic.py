"""/reporting/vanguards/<slug>/logic-model/: a vanguard's logic model as a five-column diagram,
its versions, each version's comments and history, and the forms that draft, refine and agree
it. The RM starts a draft, the RM and the vanguard change its items and comment, the RM agrees
it with the SRO; an agreed version is final and the next draft starts from a copy of it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.views.decorators.http import require_POST

from vanguards import permissions
from workwell.kept import Drawn

from ..forms.logic import LogicAgreeForm, LogicCommentForm, LogicItemForm
from ..models import LogicItem
from ..presenters import logic as presenters
from ..selectors import logic as selectors
from ..services import logic as services


def _version_url(vanguard, version):
    return redirect("reporting:logic_version", slug=vanguard.slug, number=version.number)


def _render_version(request, vanguard, version, comment_form=None):
    user = request.user
    # From an agreed version: its open draft, or the right to start one (one draft at a time).
    draft = None if version.is_draft else selectors.open_draft(user=user, vanguard=vanguard)
    context = {
        "vanguard": vanguard,
        "version": version,
        "status_tag": presenters.status_tag(version),
        "columns": presenters.diagram(version),
        "can_edit": permissions.can_edit_logic_model(user, version),
        "can_agree": permissions.can_agree_logic_model(user, version),
        "can_comment": permissions.can_comment_on_logic_model(user, version),
        "draft": draft,
        "can_start": not version.is_draft
        and draft is None
        and permissions.can_start_logic_model(user, vanguard),
        "comment_form": comment_form or LogicCommentForm(),
    }
    return render(request, "reporting/logic/version.html", context)


@login_required
def logic_model(request, slug):
    vanguard = permissions.get_vanguard_or_404(request.user, slug)
    current = selectors.current_logic_model(user=request.user, vanguard=vanguard)
    if current is None:
        context = {
            "vanguard": vanguard,
            "can_start": permissions.can_start_logic_model(request.user, vanguard),
        }
        return render(request, "reporting/logic/none.html", context)
    version = selectors.logic_version_or_404(
        user=request.user, vanguard=vanguard, number=current.number
    )
    return _render_version(request, vanguard, version)


@login_required
def logic_versions(request, slug):
    vanguard = permissions.get_vanguard_or_404(request.user, slug)
    versions = selectors.logic_versions(user=request.user, vanguard=vanguard)
    context = {"vanguard": vanguard, "table": presenters.versions_table(versions, vanguard)}
    return render(request, "reporting/logic/versions.html", context)


def _version(request, slug, number):
    """The vanguard (as its profile: 404 for another vanguard's member) and its version."""
    vanguard = permissions.get_vanguard_or_404(request.user, slug)
    version = selectors.logic_version_or_404(user=request.user, vanguard=vanguard, number=number)
    return vanguard, version


@login_required
def logic_version(request, slug, number):
    return _render_version(request, *_version(request, slug, number))


@login_required
@require_POST
def logic_start(request, slug):
    vanguard = permissions.get_vanguard_or_404(request.user, slug)
    if not permissions.can_start_logic_model(request.user, vanguard):
        raise Http404
    try:
        draft = services.logic_draft_start(vanguard=vanguard, actor=request.user)
    except services.LogicModelError as error:
        messages.error(request, error.message)
        return redirect("reporting:logic_model", slug=slug)
    messages.success(request, f"Version {draft.number} has been started as a draft.")
    return _version_url(vanguard, draft)


@login_required
@require_POST
def logic_comment(request, slug, number):
    vanguard, version = _version(request, slug, number)
    if not permissions.can_comment_on_logic_model(request.user, version):
        raise Http404
    form = LogicCommentForm(request.POST)
    if form.is_valid():
        try:
            services.logic_comment_add(
                version=version, author=request.user, body=form.cleaned_data["body"]
            )
        except services.LogicModelError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, "Your comment has been added.")
            return _version_url(vanguard, version)
    return _render_version(request, vanguard, version, comment_form=form)


def _editable_version(request, slug, number):
    vanguard, version = _version(request, slug, number)
    if not permissions.can_edit_logic_model(request.user, version):
        raise Http404
    return vanguard, version


def _item_form(request, vanguard, version, column, item=None):
    form = LogicItemForm(
        request.POST if request.method == "POST" else None,
        column=column,
        initial=dict(text=item.text, measure_key=item.measure_key) if item else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(
            text=form.cleaned_data["text"],
            measure_key=form.cleaned_data.get("measure_key", ""),
        )
        try:
            if item is None:
                services.logic_item_add(version=version, actor=request.user, column=column, **data)
            else:
                services.logic_item_update(item=item, actor=request.user, **data)
        except services.LogicModelError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"{LogicItem.Column(column).label} have been updated.")
            return _version_url(vanguard, version)
    context = {
        "vanguard": vanguard,
        "version": version,
        "item": item,
        "column": LogicItem.Column(column),
        "form": form,
    }
    return render(request, "reporting/logic/item_form.html", context)


@login_required
def logic_item_add(request, slug, number, column):
    vanguard, version = _editable_version(request, slug, number)
    if column not in LogicItem.Column.values:
        raise Http404
    return _item_form(request, vanguard, version, column)


@login_required
def logic_item_change(request, slug, number, pk):
    vanguard, version = _editable_version(request, slug, number)
    item = selectors.logic_item_or_404(version=version, pk=pk)
    return _item_form(request, vanguard, version, item.column, item)


@login_required
def logic_item_remove(request, slug, number, pk):
    vanguard, version = _editable_version(request, slug, number)
    item = selectors.logic_item_or_404(version=version, pk=pk)
    if request.method == "POST":
        try:
            services.logic_item_remove(item=item, actor=request.user)
        except services.LogicModelError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"“{item.text}” has been removed.")
        return _version_url(vanguard, version)
    context = {"vanguard": vanguard, "version": version, "item": item}
    return render(request, "reporting/logic/item_remove.html", context)


@login_required
def logic_agree(request, slug, number):
    vanguard, version = _version(request, slug, number)
    if not permissions.can_agree_logic_model(request.user, version):
        raise Http404
    form = LogicAgreeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.logic_version_agree(version=version, actor=request.user)
        except services.LogicModelError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Version {version.number} has been agreed.")
            return _version_url(vanguard, version)
    context = {"vanguard": vanguard, "version": version, "form": form}
    return render(request, "reporting/logic/agree.html", context)


@login_required
def logic_history(request, slug, number):
    vanguard, version = _version(request, slug, number)
    context = {
        "vanguard": vanguard,
        "version": version,
        "history": selectors.logic_history(version=version),
    }
    return render(request, "reporting/logic/history.html", context)


# The profile's section drawn once for each kept version (or None) and the vanguard.
DRAWN = Drawn(64)


def logic_model_section(*, user, vanguard) -> str:
    """The vanguard profile's "Logic model" section (vanguards.selectors.registry
    PROFILE_SECTIONS): its newest version the user may see (kept) and a link. One query.
    Drawn once for the version, the vanguard's name and the script prefix."""
    version = selectors.newest_logic_version(user=user, vanguard=vanguard)

    def draw() -> str:
        section = {"vanguard": vanguard, "version": version}
        return render_to_string("reporting/logic/_profile_section.html", {"section": section})

    return DRAWN(version, (vanguard.slug, vanguard.name, get_script_prefix()), draw)

"""The WorkWell toolkit at /learning/toolkit/: everyone signed in reads the published version;
vanguard members and the NST read the version in consultation; the learning team drafts,
edits and publishes versions. Unknown and invisible versions are 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from vanguards import permissions
from workwell.markdown import render_markdown
from workwell.tables import kept_list_page, url_once
from workwell.uploads import file_response

from ..filters.toolkit import ToolkitItemFilter
from ..forms.compare import ToolkitCompareForm
from ..forms.toolkit import ToolkitItemForm, ToolkitVersionForm
from ..models import ToolkitError, ToolkitItem
from ..presenters import toolkit as presenters
from ..selectors import toolkit as selectors
from ..services import toolkit as services
from ..tables.toolkit import ToolkitItemTable
from .consultation import (
    comparison_led_to_notes,
    item_consultation_context,
    version_consultation_context,
)


def _version_page(request, version, versions):
    """The items of `version` (searched, filtered, paginated) with the versions list; before
    any version is published, the versions list alone."""
    rows = presenters.version_list_rows(versions, shown=version)
    context = {
        "versions": rows,
        "version_items": presenters.version_list_items(rows),
        "can_manage": permissions.can_manage_toolkit(request.user),
        "open_version": selectors.toolkit_open(versions),
        "version": version,
        # The page's links reversed once per process (workwell.tables.url_once).
        "compare_url": url_once("learning:toolkit_compare"),
    }
    if version is None:
        # The filter panel is not shown, but the hostile query string test reads its fields.
        empty = ToolkitItemFilter(None, queryset=ToolkitItem.objects.none())
        return render(request, "learning/toolkit/version.html", {**context, "filter": empty})
    filterset = ToolkitItemFilter(request.GET or None)
    context |= presenters.version_header(
        version, previous=selectors.toolkit_previous(version, versions)
    )
    context |= presenters.version_page_urls(version, current=not request.resolver_match.kwargs)
    context["filter"] = filterset
    context["can_change"] = permissions.can_change_toolkit_version(request.user, version)
    context["consultation"] = version_consultation_context(request, version)  # comments, PDF

    def make_table() -> ToolkitItemTable:
        items = filterset.qs_of(selectors.toolkit_items_for_list(version=version))
        return ToolkitItemTable(items, version=version)

    return kept_list_page(
        request,
        make_table,
        "learning/toolkit/version.html",
        context,
        name="toolkit_items",
        # A version's items are the same for everyone who may read it (checked above).
        kept_for=(version.pk,),
        caption="Toolkit items",
        filterset=filterset,
    )


@login_required
def toolkit_current(request):
    versions = selectors.toolkit_versions_for(user=request.user)
    return _version_page(request, selectors.toolkit_current(versions), versions)


@login_required
def toolkit_version(request, number):
    version = selectors.get_toolkit_version_or_404(request.user, number)
    versions = selectors.toolkit_versions_for(user=request.user)
    return _version_page(request, version, versions)


@login_required
def toolkit_item(request, number, pk):
    version = selectors.get_toolkit_version_or_404(request.user, number)
    item = selectors.get_toolkit_item_or_404(version=version, pk=pk)
    context = {
        "version": version,
        "item": item,
        "summary_rows": presenters.item_summary_rows(item),
        "resource": presenters.item_resource(item, number=version.number),
        "body_html": render_markdown(item.body),
        "other_versions": selectors.toolkit_item_versions(user=request.user, item=item),
        "can_change": permissions.can_change_toolkit_version(request.user, version),
        "consultation": item_consultation_context(request, version, item),  # comments
    }
    return render(request, "learning/toolkit/item.html", context)


@login_required
def toolkit_item_file(request, number, pk):
    version = selectors.get_toolkit_version_or_404(request.user, number)
    item = selectors.get_toolkit_item_or_404(version=version, pk=pk)
    if not item.file:
        raise Http404("This item has no file.")
    return file_response(item.file, item.download_name)


# --- The learning team's forms ----------------------------------------------------------------


def _changeable_version_or_404(request, number):
    version = selectors.get_toolkit_version_or_404(request.user, number)
    if not permissions.can_manage_toolkit(request.user):
        raise Http404
    return version


def _refuse_closed(request, version):
    messages.error(request, f"Version {version.number} is published and can no longer change.")
    return redirect("learning:toolkit_version", number=version.number)


def _attach(form, error: ToolkitError):
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _version_form_page(request, version=None):
    """Start a draft (no `version`) or change an open version's number, quarter and notes."""
    form = ToolkitVersionForm(request.POST or None, today=timezone.localdate(), version=version)
    if request.method == "POST" and form.is_valid():
        try:
            if version is None:
                saved = services.toolkit_draft_start(actor=request.user, **form.cleaned_data)
                message = f"Version {saved.number} has been started as a draft."
            else:
                saved = services.toolkit_version_update(
                    actor=request.user, version=version, **form.cleaned_data
                )
                message = f"Your changes to version {saved.number} have been saved."
        except ToolkitError as error:
            _attach(form, error)
        else:
            messages.success(request, message)
            return redirect("learning:toolkit_version", number=saved.number)
    return render(request, "learning/toolkit/version_form.html", {"form": form, "version": version})


@login_required
def toolkit_draft_start(request):
    if not permissions.can_manage_toolkit(request.user):
        raise Http404
    return _version_form_page(request)


@login_required
def toolkit_version_edit(request, number):
    version = _changeable_version_or_404(request, number)
    if not version.is_open:
        return _refuse_closed(request, version)
    return _version_form_page(request, version)


@login_required
def toolkit_version_move(request, number):
    """A confirmation page (GET), then the move to the next status (POST)."""
    version = _changeable_version_or_404(request, number)
    target = services.NEXT_STATUS.get(version.status)
    if target is None:
        return _refuse_closed(request, version)
    if request.method == "POST":
        try:
            services.toolkit_version_move(actor=request.user, version=version, to=target)
        except ToolkitError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, presenters.MOVED_MESSAGES[target].format(n=version.number))
        return redirect("learning:toolkit_version", number=version.number)
    context = {
        "version": version,
        "action": presenters.MOVE_ACTIONS[version.status],
        "consequence": presenters.MOVE_CONSEQUENCES[version.status],
    }
    return render(request, "learning/toolkit/version_move.html", context)


def _item_form_page(request, version, item=None):
    if not version.is_open:
        return _refuse_closed(request, version)
    form = ToolkitItemForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.toolkit_item_save(
                actor=request.user,
                version=version,
                item=item,
                data=form.item_data(),
                tags=form.item_tags(),
                upload=form.cleaned_data["upload"],
                remove_file=form.cleaned_data.get("remove_file", False),
            )
        except ToolkitError as error:
            _attach(form, error)
        else:
            messages.success(request, f"{saved.title} has been saved in version {version.number}.")
            return redirect("learning:toolkit_item", number=version.number, pk=saved.pk)
    context = {"form": form, "version": version, "item": item}
    return render(request, "learning/toolkit/item_form.html", context)


@login_required
def toolkit_item_create(request, number):
    return _item_form_page(request, _changeable_version_or_404(request, number))


@login_required
def toolkit_item_edit(request, number, pk):
    version = _changeable_version_or_404(request, number)
    return _item_form_page(
        request, version, selectors.get_toolkit_item_or_404(version=version, pk=pk)
    )


@login_required
def toolkit_item_remove(request, number, pk):
    """A confirmation page (GET), then the item taken out of the version (POST)."""
    version = _changeable_version_or_404(request, number)
    item = selectors.get_toolkit_item_or_404(version=version, pk=pk)
    if not version.is_open:
        return _refuse_closed(request, version)
    if request.method == "POST":
        try:
            services.toolkit_item_remove(actor=request.user, item=item)
        except ToolkitError as error:
            messages.error(request, error.message)
            return redirect("learning:toolkit_item", number=version.number, pk=item.pk)
        messages.success(request, f"{item.title} has been removed from version {version.number}.")
        return redirect("learning:toolkit_version", number=version.number)
    return render(request, "learning/toolkit/item_remove.html", {"version": version, "item": item})


# --- What changed -----------------------------------------------------------------------------


@login_required
def toolkit_compare(request):
    versions = selectors.toolkit_versions_for(user=request.user)
    form = ToolkitCompareForm(request.GET or None, versions=versions)
    comparison = None
    if form.is_bound and form.is_valid():
        comparison = selectors.compare_toolkit_versions(
            form.cleaned_data["from_version"], form.cleaned_data["to_version"]
        )
    context = {
        "form": form,
        "comparison": comparison,
        "summary": presenters.comparison_summary(comparison) if comparison else "",
        "changes": presenters.comparison_rows(
            comparison, led_to=comparison_led_to_notes(request, comparison)
        )
        if comparison
        else None,
    }
    return render(request, "learning/toolkit/compare.html", context)

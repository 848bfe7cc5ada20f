"""/reporting/snapshots/: admins build a closed quarter's snapshot (a new revision), watch the
build, and read each revision with what moved since the one before."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from feedback.forms.quality import quarter_from_slug
from vanguards import permissions

from ..forms.snapshots import SnapshotRequestForm, closed_quarters
from ..models import SnapshotBuild
from ..models.snapshots import SnapshotError
from ..presenters.snapshots import (
    builds_table,
    changes_table,
    figures_table,
    returns_changed_table,
    snapshot_url,
    snapshots_table,
)
from ..selectors.snapshots import recent_builds, snapshot_changes, snapshot_or_none, snapshots_list
from ..services.snapshots import snapshot_request


def _admins_only(user) -> None:
    if not permissions.can_run_reports(user):
        raise Http404


@login_required
def snapshots(request):
    _admins_only(request.user)
    quarters = closed_quarters(timezone.localdate())
    form = SnapshotRequestForm(request.POST or None, quarters=quarters)
    if request.method == "POST" and form.is_valid():
        try:
            build = snapshot_request(quarter=form.cleaned_data["quarter"], by=request.user)
        except SnapshotError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Building a snapshot of {build.quarter}")
            return redirect("reporting:snapshot_build", pk=build.pk)
    context = {
        "form": form,
        "snapshots_table": snapshots_table(snapshots_list()),
        "builds_table": builds_table(recent_builds()),
    }
    return render(request, "reporting/snapshots/list.html", context)


@login_required
def snapshot_build(request, pk):
    _admins_only(request.user)
    build = get_object_or_404(SnapshotBuild.objects.select_related("snapshot"), pk=pk)
    context = {
        "build": build,
        "snapshot_url": snapshot_url(build.snapshot) if build.snapshot else "",
    }
    return render(request, "reporting/snapshots/build.html", context)


@login_required
def snapshot(request, quarter, revision):
    _admins_only(request.user)
    chosen = quarter_from_slug(quarter)
    found = chosen and snapshot_or_none(chosen, revision)
    if not found:
        raise Http404
    changes = snapshot_changes(found)
    context = {
        "snapshot": found,
        "changes": changes,
        "changes_table": changes_table(changes) if changes.figures else None,
        "returns_table": returns_changed_table(changes) if changes.returns else None,
        "national_table": figures_table(
            found.figures.get("national", {}), caption="National figures"
        ),
    }
    return render(request, "reporting/snapshots/detail.html", context)

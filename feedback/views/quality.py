"""/feedback/review/<quarter>/: the quarterly strategic review for NST leadership and admins,
with its CSV and XLSX downloads; /feedback/review/ goes to the chosen (or last closed) quarter;
/feedback/review/targets/: admins set the indicators' targets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from vanguards import permissions
from workwell.forms import chooser
from workwell.tables import export_response, is_export

from ..forms.quality import QualityTargetForm, QuarterPickerForm, quarter_from_slug, quarter_slug
from ..presenters.quality import (
    change_records,
    export_records,
    indicator_tables,
    notes_html,
    open_concerns_html,
    theme_records,
)
from ..selectors.quality import last_closed_quarter, review_quarters, strategic_review, targets_list
from ..services.quality import set_quality_target
from ..tables.quality import QualityReviewExport, ReviewChangesExport, ReviewThemesExport


@login_required
def review_start(request):
    """The quarter picker's target: on to the chosen quarter, else the last closed one."""
    if not permissions.reads_quality_review(request.user):
        raise Http404
    quarter = quarter_from_slug(request.GET.get("quarter", "")) or last_closed_quarter(
        timezone.localdate()
    )
    return redirect("feedback:quality_review", quarter=quarter_slug(quarter))


REVIEW_PARTS = {
    "indicators": (QualityReviewExport, export_records),
    "themes": (ReviewThemesExport, theme_records),
    "changes": (ReviewChangesExport, change_records),
}


@login_required
def quality_review(request, quarter):
    if not permissions.reads_quality_review(request.user):
        raise Http404
    chosen = quarter_from_slug(quarter)
    if chosen is None:
        raise Http404
    review = strategic_review(user=request.user, quarter=chosen)
    if is_export(request):
        # `part`: which of the review's tables; anything else is the indicators.
        part = request.GET.get("part")
        if part not in REVIEW_PARTS:
            part = "indicators"
        table_class, records = REVIEW_PARTS[part]
        return export_response(
            table_class(records(review)), request.GET["_export"], f"quality-review-{quarter}-{part}"
        )
    quarters = review_quarters(today=review.today)
    if chosen not in quarters:
        quarters = sorted([*quarters, chosen], key=lambda q: (q.year, q.number), reverse=True)
    national, breakdowns = indicator_tables(review)
    context = {
        "quarter": chosen,
        "review": review,
        "picker": chooser(QuarterPickerForm, quarters=quarters, chosen=chosen),
        "national_table": national,
        "breakdown_tables": breakdowns,
        "open_concerns_html": open_concerns_html(review),
        "notes_html": notes_html(review),
        "sets_targets": permissions.can_set_quality_targets(request.user),
    }
    return render(request, "feedback/quality/review.html", context)


@login_required
def quality_targets(request):
    if not permissions.can_set_quality_targets(request.user):
        raise Http404
    form = QualityTargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = set_quality_target(by=request.user, **form.cleaned_data)
        messages.success(request, f"Target set: {target}")
        return redirect(reverse("feedback:quality_targets"))
    return render(
        request, "feedback/quality/targets.html", {"form": form, "targets": targets_list()}
    )

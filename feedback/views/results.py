"""/feedback/results/: the pulse survey's results with support ratings and event feedback,
as each role may see them, and their CSV and XLSX downloads."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from vanguards import permissions
from workwell.dates import Quarter
from workwell.forms import chooser
from workwell.models import ProgrammeTheme
from workwell.tables import export_response, is_export, page_pagination

from ..forms.results import QuarterForm, quarter_value
from ..presenters.results import (
    drawn_results,
    export_records,
    free_text_items,
    sections_html,
)
from ..selectors.results import (
    BREAKDOWNS,
    FREE_TEXT_PAGE_FIELD,
    pulse_free_text,
    pulse_survey_quarters,
    quarter_results,
    section_page_field,
)
from ..tables.results import PulseResultsExport


def _free_text(request, quarter) -> dict:
    """The page of free-text answers asked for (`?answers_page=`), drawn, with its pagination."""
    user = request.user
    page = pulse_free_text(user=user, quarter=quarter, page=request.GET.get(FREE_TEXT_PAGE_FIELD))
    if page is None or not page.object_list:
        return {"items": [], "count": 0 if page is None else page.paginator.count}
    items = free_text_items(
        page.object_list,
        themes=list(ProgrammeTheme.objects.all()),
        may_tag=permissions.tags_feedback_themes(user),
    )
    pagination = page_pagination(
        page, request, page_field=FREE_TEXT_PAGE_FIELD, label="Pages of what members said"
    )
    return {"items": items, "count": page.paginator.count, "pagination": pagination}


@login_required
def pulse_results(request):
    if not permissions.sees_national_results(request.user):
        raise Http404
    quarters, newest_final = pulse_survey_quarters()
    default = newest_final or Quarter.containing(timezone.localdate())
    form = chooser(QuarterForm, request.GET or None, quarters=quarters, default=default)
    quarter = form.chosen()
    if is_export(request):  # every row; the page shows a breakdown 25 rows a page
        results = quarter_results(user=request.user, quarter=quarter)
        table = PulseResultsExport(export_records(results))
        return export_response(
            table, request.GET["_export"], f"pulse-results-{quarter_value(quarter)}"
        )
    pages = {breakdown: request.GET.get(section_page_field(breakdown)) for breakdown in BREAKDOWNS}
    results, drawn = drawn_results(user=request.user, quarter=quarter, pages=pages)
    context = {
        "form": form,
        "results": results,
        "sections_html": sections_html(results, drawn, request),
        "free_text": _free_text(request, quarter),
        "reads_free_text": permissions.reads_pulse_free_text(request.user),
        "query": f"quarter={quarter_value(quarter)}",
    }
    return render(request, "feedback/results/results.html", context)

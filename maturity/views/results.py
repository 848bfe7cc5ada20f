"""Maturity results: the national heatmap at /maturity/ and one vanguard's trend, recommended
support and peer buddies at /maturity/vanguards/<slug>/."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from vanguards import permissions
from workwell.filters import kept_form

from .. import charts, presenters
from ..filters.results import ResultsFilter
from ..selectors import results as selectors
from ..selectors.heatmap import DEFAULT_SORT


@login_required
def results(request):
    if permissions.maturity_results_anonymised(request.user):
        return _own_results(request)
    filterset = ResultsFilter(
        request.GET or None,
        queryset=selectors.vanguards_for_results(user=request.user),
        request=request,
    )
    national = selectors.national_results(
        user=request.user,
        vanguards=lambda: filterset.qs,
        narrowed_by=filterset.given(),
        sort=request.GET.get("sort"),
    )
    context = {
        "filter": filterset,
        # Its options are made from the records' scope alone (as the vanguard list's).
        "filter_form": kept_form(
            request,
            filterset,
            name="maturity.results",
            kept_for=permissions.records_scope(request.user),
        ),
        "national": national,
        "band_counts": presenters.band_count_items(national.band_counts, national.unbanded),
        "heatmap_key": presenters.heatmap_key(national.dimensions),
        "heatmap_legend": presenters.heatmap_legend(),
        # Filtering keeps the chosen order (the sort links keep the filters).
        "sort_kept": [("sort", national.sort.value)] if national.sort != DEFAULT_SORT else [],
        "calibration_table": presenters.calibration_table(national),
    }
    context |= presenters.heatmap_page(national, request)
    return render(request, "maturity/results.html", context)


def _own_results(request):
    """A vanguard member's own results against the anonymised national distribution."""
    vanguard = permissions.vanguards_visible_to(request.user).first()
    context = {"vanguard": vanguard, "level_legend": presenters.level_legend()}
    if vanguard is not None:
        anonymised = selectors.anonymised_results(vanguard=vanguard)
        own_movement = anonymised.own.movement if anonymised.own else None
        context.update(
            anonymised=anonymised,
            band_counts=presenters.band_count_items(anonymised.band_counts),
            distribution_table=presenters.distribution_table(anonymised),
            own_movement=presenters.movement_html(own_movement),
        )
    return render(request, "maturity/results_member.html", context)


@login_required
def vanguard_results(request, slug):
    vanguard = permissions.get_vanguard_or_404(request.user, slug)
    trend = selectors.vanguard_trend(user=request.user, vanguard=vanguard)
    context = {"vanguard": vanguard, "trend": trend, "band": next(reversed(trend.bands), None)}
    if trend.cycles:
        context["charts"] = charts.trend_charts(vanguard, trend)
        context["trend_table"] = presenters.trend_table(vanguard, trend)
    if permissions.can_see_maturity_suggestions(request.user, vanguard):
        context["recommendations"] = selectors.recommendations(vanguard=vanguard)
        context["can_request"] = permissions.can_raise_support_request_for(request.user, vanguard)
    return render(request, "maturity/results_vanguard.html", context)

"""A vanguard's change since its baseline beside its comparators' mean change, per indicator.

- Baseline: the vanguard area's value in the quarter the vanguard started (or, where that
  quarter has none, the latest before it; never one from after the start).
- Latest: the vanguard area's latest value up to the chosen quarter.
- Comparators: the network partners matched to the vanguard (sharing a current cohort group
  or its theme, as vanguards.selectors.partners matches them) that have an area, plus the
  areas an admin linked. Each counts only when it has values for both the baseline and the
  latest quarter, so every change is over the same quarters.
Four queries, however many vanguards, indicators, comparators and quarters. A quarter's
dashboard figures store each vanguard's comparison as plain JSON (`stored_comparison`), so a
closed quarter's snapshot keeps the comparison it was reported with."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count

from vanguards.models import CohortGroupMembership, Vanguard
from workwell.dates import Quarter
from workwell.sql import is_any_of

from ..models import Area, ComparatorLink, Indicator, IndicatorValue
from .figures import up_to

# Fewer comparators than this and the comparison says it is weak.
FEW_COMPARATORS = 3
CAVEAT = (
    "The comparators are not a randomised control group: they were chosen because they are "
    "like this vanguard, and other things than WorkWell change these figures. Read the "
    "difference as a sign, not as WorkWell's effect."
)


def caveat(comparators: int) -> str:
    """The plain-English caveat for a comparison with `comparators` areas."""
    if comparators == 0:
        return (
            "No comparator area has figures for these quarters, so there is nothing to "
            "compare with."
        )
    if comparators < FEW_COMPARATORS:
        return (
            f"Only {comparators} comparator area{'s' if comparators != 1 else ''} "
            f"{'has' if comparators == 1 else 'have'} figures for these quarters: fewer than "
            f"{FEW_COMPARATORS}, so one unusual area can swing the mean. {CAVEAT}"
        )
    return CAVEAT


@dataclass(frozen=True)
class IndicatorComparison:
    indicator: Indicator
    baseline_quarter: Quarter | None
    baseline: Decimal | None
    latest_quarter: Quarter | None
    latest: Decimal | None
    comparators: int  # comparator areas with values for both quarters
    comparator_change: Decimal | None  # their mean change, to 2 decimal places

    @property
    def change(self) -> Decimal | None:
        if self.baseline is None or self.latest is None:
            return None
        return self.latest - self.baseline

    @property
    def difference(self) -> Decimal | None:
        """The vanguard's change less the comparators' mean change."""
        if self.change is None or self.comparator_change is None:
            return None
        return self.change - self.comparator_change

    @property
    def caveat(self) -> str:
        return caveat(self.comparators)


@dataclass
class Counterfactual:
    vanguard: Vanguard
    quarter: Quarter
    area: Area | None
    comparator_areas: list[Area] = field(default_factory=list)
    indicators: list[IndicatorComparison] = field(default_factory=list)


def _baseline_quarter(series: dict[int, Decimal], start: int) -> int | None:
    before = [at for at in series if at <= start]
    return max(before) if before else None


def _mean_change(comparators, values, indicator_id, baseline: int, latest: int):
    changes = []
    for area in comparators:
        series = values[(area.pk, indicator_id)]
        if baseline in series and latest in series:
            changes.append(series[latest] - series[baseline])
    if not changes:
        return 0, None
    mean = (sum(changes, Decimal(0)) / len(changes)).quantize(Decimal("0.01"))
    return len(changes), mean


def counterfactual_for(vanguard: Vanguard, quarter: Quarter) -> Counterfactual:
    """Each indicator's baseline, latest value and change for `vanguard` up to `quarter`,
    with its comparators' mean change over the same quarters and how many there are."""
    return counterfactuals_for([vanguard], quarter)[vanguard.pk]


def _areas_by_vanguard(vanguards: list[Vanguard]) -> dict[int, list[Area]]:
    """Each vanguard's own area and comparator areas (the module docstring's rule), by
    name, in
    two queries however many vanguards: the (vanguard, area) pairs, then the areas."""
    # The ids as one subquery the four parts share, its list one array parameter: a list
    # `__in` takes is prepared id by id, each time a part is written out.
    ids = Vanguard.objects.filter(is_any_of("pk", [vanguard.pk for vanguard in vanguards]))
    ids = ids.values("pk")
    partners = Area.objects.filter(vanguard__isnull=True, organisation__is_network_partner=True)
    # One part per way an area is found, each a (vanguard, area) pair; UNION drops the repeats
    # (a partner matched on both a group and its theme, or also linked). Each part's
    # conditions on a many-valued relation sit in one filter(), so they are about one row.
    own = Area.objects.filter(vanguard__in=ids).values_list("vanguard_id", "pk")
    linked = ComparatorLink.objects.filter(vanguard__in=ids, area__vanguard__isnull=True)
    by_group = partners.filter(
        organisation__partner_cohort_groups__memberships__vanguard__in=ids,
        organisation__partner_cohort_groups__memberships__ended_on__isnull=True,
    ).values_list("organisation__partner_cohort_groups__memberships__vanguard_id", "pk")
    # A cohort group's theme has no way back to its groups, so this part starts from them.
    by_theme = CohortGroupMembership.objects.filter(
        vanguard__in=ids,
        ended_on__isnull=True,
        cohort_group__theme__network_partners__counterfactual_area__in=partners,
    ).values_list("vanguard_id", "cohort_group__theme__network_partners__counterfactual_area")
    pairs = set(
        own.order_by().union(
            linked.values_list("vanguard_id", "area_id").order_by(),
            by_group.order_by(),
            by_theme.order_by(),
        )
    )
    area_ids = {area_id for _, area_id in pairs}
    found = Area.objects.filter(is_any_of("pk", area_ids)) if area_ids else []  # none: no query
    found = {area.pk: area for area in found}
    areas = defaultdict(list)
    for vanguard_id, area_id in sorted(pairs, key=lambda pair: found[pair[1]].name):
        areas[vanguard_id].append(found[area_id])
    return areas


def counterfactuals_for(vanguards: list[Vanguard], quarter: Quarter) -> dict[int, Counterfactual]:
    """`counterfactual_for` of each of `vanguards`, by id, in four queries however many
    vanguards there are: what a quarter's dashboard figures (and so its snapshot) store."""
    if not vanguards:
        return {}
    areas = _areas_by_vanguard(vanguards)
    indicators = list(Indicator.objects.all())
    # Each area's series keyed by Quarter.index: ints, which hash and compare without a
    # Python call (Quarters cost a national dashboard 1,200 calls more).
    values: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    area_ids = {area.pk for found in areas.values() for area in found}
    if area_ids:  # none: no query
        rows = IndicatorValue.objects.filter(up_to(quarter), is_any_of("area_id", area_ids))
        for area_id, indicator_id, year, number, value in rows.values_list(
            "area_id", "indicator_id", "year", "number", "value"
        ):
            values[area_id, indicator_id][year * 4 + number - 1] = value
    return {
        vanguard.pk: _counterfactual(vanguard, quarter, areas[vanguard.pk], indicators, values)
        for vanguard in vanguards
    }


def _counterfactual(vanguard, quarter, areas, indicators, values) -> Counterfactual:
    own = next((area for area in areas if area.vanguard_id == vanguard.pk), None)
    comparators = [area for area in areas if area is not own]
    start = Quarter.containing(vanguard.start_date).index
    comparisons = []
    for indicator in indicators:
        series = values[(own.pk, indicator.pk)] if own else {}
        baseline = _baseline_quarter(series, start)
        latest = max(series) if series else None
        if baseline is not None and latest is not None and latest > baseline:
            count, mean = _mean_change(comparators, values, indicator.pk, baseline, latest)
        else:
            count, mean = 0, None
        comparisons.append(
            IndicatorComparison(
                indicator=indicator,
                baseline_quarter=None if baseline is None else Quarter.at(baseline),
                baseline=series.get(baseline),
                latest_quarter=None if latest is None else Quarter.at(latest),
                latest=series.get(latest),
                comparators=count,
                comparator_change=mean,
            )
        )
    return Counterfactual(vanguard, quarter, own, comparators, comparisons)


# --- The comparison as a snapshot stores it ---------------------------------------------------


def _text(value) -> str | None:
    return None if value is None else str(value)


def stored_comparison(counterfactual: Counterfactual) -> dict:
    """The comparison as plain JSON (decimals and quarters as text): what the dashboard
    figures, and so a closed quarter's snapshot, keep for each vanguard, and what
    presenters.counterfactual.comparison shows."""
    return {
        "vanguard": counterfactual.vanguard.name,
        "quarter": str(counterfactual.quarter),
        "area": counterfactual.area.name if counterfactual.area else None,
        "comparator_areas": [area.name for area in counterfactual.comparator_areas],
        "indicators": [
            {
                "name": c.indicator.name,
                "is_percentage": c.indicator.is_percentage,
                "baseline_quarter": _text(c.baseline_quarter),
                "baseline": _text(c.baseline),
                "latest_quarter": _text(c.latest_quarter),
                "latest": _text(c.latest),
                "change": _text(c.change),
                "comparators": c.comparators,
                "comparator_change": _text(c.comparator_change),
            }
            for c in counterfactual.indicators
        ],
    }


def stored_comparisons(vanguards: list[Vanguard], quarter: Quarter) -> dict[str, dict]:
    """{vanguard slug: stored_comparison} for `vanguards` (four queries)."""
    found = counterfactuals_for(vanguards, quarter)
    return {vanguard.slug: stored_comparison(found[vanguard.pk]) for vanguard in vanguards}


# Each stored indicator's figures a rebuild compares, with their labels.
COMPARISON_FIGURES = [
    ("baseline_quarter", "baseline quarter"),
    ("baseline", "baseline"),
    ("latest_quarter", "latest quarter"),
    ("latest", "latest figure"),
    ("change", "change since the baseline"),
    ("comparator_change", "comparators' mean change"),
    ("comparators", "comparator areas counted"),
]


def comparison_figures(stored: dict | None) -> dict[str, object]:
    """A stored comparison's figures by label ("Indicator: baseline" …), for a rebuild's
    diff; numbers as numbers, so they are written like any other figure."""
    if not stored:
        return {}
    figures: dict[str, object] = {
        "Counterfactual: comparator areas": ", ".join(stored["comparator_areas"]) or None
    }
    decimals = {"baseline", "latest", "change", "comparator_change"}
    for row in stored["indicators"]:
        for key, label in COMPARISON_FIGURES:
            value = row[key]
            if key in decimals and value is not None:
                value = float(Decimal(value))
            figures[f"{row['name']}: {label}"] = value
    return figures


def areas_list() -> list[Area]:
    """Every area with its vanguard, the vanguards it is compared with and how many values it
    has (two queries)."""
    areas = (
        Area.objects.select_related("vanguard")
        .prefetch_related("compared_with")
        .annotate(value_count=Count("values"))
    )
    # Vanguards' own areas first, then the comparators.
    return sorted(areas, key=lambda area: (area.vanguard_id is None, area.name))


def indicators_list() -> list[Indicator]:
    return list(Indicator.objects.all())

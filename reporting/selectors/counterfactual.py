"""A vanguard's change since its baseline beside its comparators' mean change, per indicator.

- Baseline: the vanguard area's value in the quarter the vanguard started (or, where that
  quarter has none, the latest before it; never one from after the start).
- Latest: the vanguard area's latest value up to the chosen quarter.
- Comparators: the network partners matched to the vanguard (sharing a current cohort group
  or its theme, as vanguards.selectors.partners matches them) that have an area, plus the
  areas an admin linked. Each counts only when it has values for both the baseline and the
  latest quarter, so every change is over the same quarters.
Four queries, however many indicators, comparators and quarters."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from vanguards.models import CohortGroupMembership, Vanguard
from workwell.dates import Quarter

from ..models import Area, Indicator, IndicatorValue
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


def comparator_areas_q(vanguard: Vanguard, groups: set[int], themes: set[int]) -> Q:
    """Areas compared with `vanguard`: network partners matched on its current cohort groups
    (or their themes), and the areas an admin linked to it."""
    partners = Q(organisation__is_network_partner=True) & (
        Q(organisation__partner_cohort_groups__in=groups)
        | Q(organisation__partner_themes__in=themes)
    )
    return (partners | Q(links__vanguard=vanguard)) & Q(vanguard__isnull=True)


def _baseline_quarter(series: dict[Quarter, Decimal], start: Quarter) -> Quarter | None:
    before = [quarter for quarter in series if quarter <= start]
    return max(before) if before else None


def _mean_change(comparators, values, indicator_id, baseline: Quarter, latest: Quarter):
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
    memberships = CohortGroupMembership.objects.filter(
        vanguard=vanguard, ended_on__isnull=True
    ).values_list("cohort_group_id", "cohort_group__theme_id")
    groups, themes = set(), set()
    for group, theme in memberships:
        groups.add(group)
        if theme is not None:
            themes.add(theme)
    areas = list(
        Area.objects.filter(Q(vanguard=vanguard) | comparator_areas_q(vanguard, groups, themes))
        .distinct()
        .order_by("name")
    )
    own = next((area for area in areas if area.vanguard_id == vanguard.pk), None)
    comparators = [area for area in areas if area is not own]
    indicators = list(Indicator.objects.all())
    values: dict[tuple[int, int], dict[Quarter, Decimal]] = defaultdict(dict)
    rows = IndicatorValue.objects.filter(up_to(quarter), area__in=[a.pk for a in areas])
    for row in rows.values_list("area_id", "indicator_id", "year", "number", "value"):
        values[row[0], row[1]][Quarter(row[2], row[3])] = row[4]

    start = Quarter.containing(vanguard.start_date)
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
                baseline_quarter=baseline,
                baseline=series.get(baseline),
                latest_quarter=latest,
                latest=series.get(latest),
                comparators=count,
                comparator_change=mean,
            )
        )
    return Counterfactual(vanguard, quarter, own, comparators, comparisons)


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

"""The comparisons a quarter's dashboard figures store (stored_comparisons), with each area's
series keyed by Quarter.index rather than by Quarter and the ids sent as one array: checked
against the rule they replaced, kept here, on generated programmes (vanguards starting on a
quarter's first or last day, with and without an area, areas with gaps, values only before
or only after the start, comparators missing the baseline or the latest quarter, a second
indicator, no values at all) for quarters before, at and after the starts."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

import pytest

from reporting.models import Area, Indicator, IndicatorValue
from reporting.selectors.counterfactual import (
    Counterfactual,
    IndicatorComparison,
    _mean_change,
    stored_comparison,
    stored_comparisons,
)
from reporting.selectors.figures import up_to
from workwell.dates import Quarter

from .test_counterfactual_areas import _old_areas_by_vanguard, _programme

pytestmark = pytest.mark.django_db


# --- The rule replaced, as it was (its mean change, unchanged, is the module's) -------------


def _old_counterfactual(vanguard, quarter, areas, indicators, values) -> Counterfactual:
    own = next((area for area in areas if area.vanguard_id == vanguard.pk), None)
    comparators = [area for area in areas if area is not own]
    start = Quarter.containing(vanguard.start_date)
    comparisons = []
    for indicator in indicators:  # keyed by Quarter, as it was
        series = values[(own.pk, indicator.pk)] if own else {}
        baseline = max((at for at in series if at <= start), default=None)
        latest = max(series, default=None)
        changed = baseline is not None and latest is not None and latest > baseline
        count, mean = (
            _mean_change(comparators, values, indicator.pk, baseline, latest)
            if changed
            else (0, None)
        )
        found = (series.get(baseline), series.get(latest))
        comparisons.append(
            IndicatorComparison(indicator, baseline, found[0], latest, found[1], count, mean)
        )
    return Counterfactual(vanguard, quarter, own, comparators, comparisons)


def old_stored_comparisons(vanguards, quarter: Quarter) -> dict[str, dict]:
    areas = _old_areas_by_vanguard(vanguards)
    indicators = list(Indicator.objects.all())
    values = defaultdict(dict)
    area_ids = {area.pk for found in areas.values() for area in found}
    rows = IndicatorValue.objects.filter(up_to(quarter), area__in=area_ids)
    for row in rows.values_list("area_id", "indicator_id", "year", "number", "value"):
        values[row[0], row[1]][Quarter(row[2], row[3])] = row[4]
    return {
        v.slug: stored_comparison(_old_counterfactual(v, quarter, areas[v.pk], indicators, values))
        for v in vanguards
    }


# --- Generated programmes -------------------------------------------------------------------

FIRST = Quarter(2023, 3)


def _generate(seed: int):
    vanguards = _programme(seed)
    rng = random.Random(seed)
    for vanguard in vanguards:
        start = Quarter.at(FIRST.index + rng.randint(0, 6))
        vanguard.start_date = rng.choice(
            [start.start, start.end, start.start + datetime.timedelta(40)]
        )
        vanguard.save()
    indicators = [Indicator.objects.create(name=f"Indicator {seed}-{n}") for n in range(2)]
    for area in Area.objects.all():
        if rng.random() < 0.15:
            continue  # no values at all
        for indicator in indicators:
            for index in range(FIRST.index - 2, FIRST.index + 12):
                if rng.random() < 0.35:
                    continue  # a gap
                at = Quarter.at(index)
                value = Decimal(rng.randint(0, 4000)) / rng.choice([1, 10, 100])
                IndicatorValue.objects.create(
                    area=area, indicator=indicator, year=at.year, number=at.number, value=value
                )
    return vanguards


QUARTERS = [Quarter.at(FIRST.index + n) for n in (-3, -1, 0, 2, 5, 8, 20)]


@pytest.mark.parametrize("seed", range(4))
def test_the_stored_comparisons_are_what_the_old_rule_gives(seed):
    vanguards = _generate(seed)
    compared = 0
    for quarter in QUARTERS:
        found = stored_comparisons(vanguards, quarter)
        assert found == old_stored_comparisons(vanguards, quarter), quarter
        compared += sum(row["comparators"] > 0 for c in found.values() for row in c["indicators"])
    assert compared  # some comparisons had comparators to count
    # Asked for some vanguards, the same as for those among all.
    some = vanguards[::3]
    assert stored_comparisons(some, QUARTERS[4]) == old_stored_comparisons(some, QUARTERS[4])

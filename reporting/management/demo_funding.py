"""Demo data for funding and the counterfactual, relative to today: the programme's funding
rule (the default), two area indicators, an area for every vanguard, for each network
partner and for four other comparator areas, values for every area and every quarter from the
programme's start to the last closed quarter (one comparator's latest figure is not out yet),
and comparators linked to some vanguards. Safe to run again."""

import datetime
import random
from decimal import Decimal

from django.db.models import Min

from vanguards.models import Organisation, Vanguard
from workwell.dates import Quarter

from ..funding import quarters_from
from ..models import Area, ComparatorLink, FundingRule, Indicator, IndicatorValue

# (name, description, percentage, higher is better, baseline range, drift a quarter in
# vanguard areas, drift elsewhere)
INDICATORS = [
    (
        "Economically inactive due to long-term sickness (%)",
        "People aged 16 to 64 economically inactive because of long-term sickness, as a share "
        "of all aged 16 to 64 (ONS Annual Population Survey, rolling year).",
        False,
        (4.5, 8.0),
        Decimal("-0.09"),
        Decimal("-0.03"),
    ),
    (
        "Employment rate of disabled people (%)",
        "People aged 16 to 64 who are disabled under the Equality Act and in employment, as a "
        "share of all disabled people aged 16 to 64 (ONS Annual Population Survey).",
        True,
        (48.0, 58.0),
        Decimal("0.30"),
        Decimal("0.12"),
    ),
]
# Comparator areas outside the programme and the network: (name, ONS code).
OTHER_AREAS = [
    ("Kent and Medway", "E54000032"),
    ("Cumbria", "E10000006"),
    ("Derby and Derbyshire", "E54000058"),
    ("Devon", "E54000037"),
]
# Vanguards (by position, name order) each other area is linked to as a comparator.
LINKS = {0: [0, 3, 6, 9, 12], 1: [0, 1, 4, 6, 7, 10], 2: [1, 2, 5, 8, 11, 14], 3: [2, 3, 6, 13]}


def _series(rng, first_value, drift, quarters) -> list[Decimal]:
    values, value = [], Decimal(str(first_value)).quantize(Decimal("0.1"))
    for _ in quarters:
        values.append(max(Decimal(0), value))
        noise = Decimal(str(rng.uniform(-0.15, 0.15))).quantize(Decimal("0.01"))
        value = (value + drift + noise).quantize(Decimal("0.1"))
    return values


def seed_funding(registry: dict, *, today: datetime.date | None = None) -> dict:
    FundingRule.objects.get_or_create(pk=1)
    today = today or datetime.date.today()
    last_closed = Quarter.containing(today).previous()
    start = Vanguard.objects.aggregate(first=Min("start_date"))["first"]
    if start is None:
        return {}
    quarters = quarters_from(Quarter.containing(start), last_closed)

    indicators = []
    for position, (name, description, higher, *_rest) in enumerate(INDICATORS):
        indicator, _ = Indicator.objects.get_or_create(
            name=name,
            defaults={"description": description, "higher_is_better": higher, "position": position},
        )
        indicators.append(indicator)

    vanguards = list(Vanguard.objects.order_by("name"))
    areas = []  # (area, in a vanguard)
    for vanguard in vanguards:
        area, _ = Area.objects.get_or_create(vanguard=vanguard, defaults={"name": vanguard.name})
        areas.append((area, True))
    for partner in Organisation.objects.filter(is_network_partner=True).order_by("name"):
        name = partner.name.removeprefix("NHS ").removesuffix(" Integrated Care Board")
        area, _ = Area.objects.get_or_create(organisation=partner, defaults={"name": name})
        areas.append((area, False))
    for index, (name, code) in enumerate(OTHER_AREAS):
        area, _ = Area.objects.get_or_create(name=name, defaults={"ons_code": code})
        areas.append((area, False))
        for position in LINKS[index]:
            if position < len(vanguards):
                ComparatorLink.objects.get_or_create(area=area, vanguard=vanguards[position])

    existing = set(IndicatorValue.objects.values_list("area_id", "indicator_id", "year", "number"))
    new = []
    for area, in_vanguard in areas:
        rng = random.Random(f"counterfactual-{area.name}")
        for indicator, (*_, low_high, vanguard_drift, other_drift) in zip(
            indicators, INDICATORS, strict=True
        ):
            drift = vanguard_drift if in_vanguard else other_drift
            series = _series(rng, rng.uniform(*low_high), drift, quarters)
            for quarter, value in zip(quarters, series, strict=True):
                # Devon's latest figures are not published yet: a missing quarter.
                if area.name == "Devon" and quarter == last_closed:
                    continue
                if (area.pk, indicator.pk, quarter.year, quarter.number) not in existing:
                    new.append(
                        IndicatorValue(
                            area=area,
                            indicator=indicator,
                            year=quarter.year,
                            number=quarter.number,
                            value=value,
                        )
                    )
    IndicatorValue.objects.bulk_create(new)
    return {"indicators": indicators, "areas": [area for area, _ in areas]}

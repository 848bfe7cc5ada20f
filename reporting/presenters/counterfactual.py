"""GOV.UK parameters for the counterfactual: the comparison a vanguard's dashboard includes
(`comparison(stored)` → templates/reporting/counterfactual/_comparison.html), the
admin's lists of indicators and areas, and the upload preview."""

from decimal import Decimal

from django.utils.html import format_html

from workwell.tables import row_urls

from ..selectors.counterfactual import caveat

NUMERIC = {"format": "numeric"}
NONE = "–"


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _value(value: Decimal | None, row: dict) -> str:
    if value is None:
        return NONE
    return f"{value:.1f}%" if row["is_percentage"] else f"{value:,.1f}"


def movement(change: Decimal | None, row: dict) -> str:
    """A change in words, not a sign (a leading minus reads as a formula in a spreadsheet)."""
    if change is None:
        return NONE
    unit = " points" if row["is_percentage"] else ""
    change = change.quantize(Decimal("0.1"))
    if change == 0:
        return "No change"
    return f"{'Up' if change > 0 else 'Down'} {abs(change):.1f}{unit}"


def _dated(key: str, row: dict) -> dict:
    quarter = row[f"{key}_quarter"]
    if quarter is None:
        return {"text": NONE, **NUMERIC}
    return {
        "html": format_html(
            '{}<br><span class="govuk-!-font-size-16">{}</span>',
            _value(_decimal(row[key]), row),
            quarter.replace(" ", "\u00a0"),  # "2025/26 Q1" on one line
        ),
        **NUMERIC,
    }


def _sentence(vanguard_name: str, row: dict) -> str:
    name = row["name"]
    baseline, latest = _decimal(row["baseline"]), _decimal(row["latest"])
    change, comparator_change = _decimal(row["change"]), _decimal(row["comparator_change"])
    if baseline is None:
        return f"{name}: no figure for {vanguard_name}'s area from before it started."
    if change is None or row["latest_quarter"] == row["baseline_quarter"]:
        return f"{name}: {_value(baseline, row)} in {row['baseline_quarter']}; no later figure yet."
    text = (
        f"{name}: {movement(change, row).lower()} since {row['baseline_quarter']}, from "
        f"{_value(baseline, row)} to {_value(latest, row)} in {row['latest_quarter']}."
    )
    if comparator_change is None:
        return f"{text} No comparator area has figures for the same quarters."
    areas = f"{row['comparators']} comparator area{'s' if row['comparators'] != 1 else ''}"
    moved = movement(comparator_change, row)
    if moved == "No change":
        return f"{text} Over the same quarters the {areas} showed no change on average."
    return f"{text} Over the same quarters the {areas} moved {moved.lower()} on average."


def comparison(stored: dict | None) -> dict:
    """What _comparison.html shows, from a comparison as the dashboard figures store it
    (selectors.counterfactual.stored_comparison: live, or frozen in a closed quarter's
    snapshot): the table, a sentence per indicator and the caveats. None: a snapshot built
    before comparisons were stored, which the template says."""
    if stored is None:
        return {"not_stored": True}
    name = stored["vanguard"]
    indicators = stored["indicators"]
    rows = [
        [
            {"text": c["name"]},
            _dated("baseline", c),
            _dated("latest", c),
            {"text": movement(_decimal(c["change"]), c), **NUMERIC},
            {"text": movement(_decimal(c["comparator_change"]), c), **NUMERIC},
            {"text": str(c["comparators"]), **NUMERIC},
        ]
        for c in indicators
    ]
    # The caveat speaks for the weakest comparison among the indicators that have one.
    counts = [c["comparators"] for c in indicators if c["change"] is not None]
    fewest = min(counts, default=0)
    return {
        "has_area": stored["area"] is not None,
        "has_indicators": bool(indicators),
        "table": {
            "caption": f"{name} compared with similar areas, to {stored['quarter']}",
            "captionClasses": "govuk-table__caption--m",
            "firstCellIsHeader": True,
            "head": [
                {"text": "Indicator"},
                {"text": "Baseline", **NUMERIC},
                {"text": "Latest", **NUMERIC},
                {"text": f"Change in {name}'s area", **NUMERIC},
                {"text": "Comparators' mean change", **NUMERIC},
                {"text": "Comparators", **NUMERIC},
            ],
            "rows": rows,
        },
        "sentences": [_sentence(name, c) for c in indicators],
        "caveat": caveat(fewest),
        "comparator_names": stored["comparator_areas"],
    }


def indicators_table(indicators) -> dict:
    return {
        "caption": "Indicators",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "Indicator"}, {"text": "Values"}, {"text": "Better when"}],
        "rows": [
            [
                {"text": indicator.name},
                {"text": "Percentages" if indicator.is_percentage else "Numbers"},
                {"text": "Higher" if indicator.higher_is_better else "Lower"},
            ]
            for indicator in indicators
        ],
    }


def _compared_with(area) -> str:
    linked = ", ".join(vanguard.name for vanguard in area.compared_with.all())
    if area.organisation_id:
        matched = "The vanguards it is matched with"
        return f"{matched}, and {linked}" if linked else matched
    return linked or NONE


def areas_table(areas) -> dict:
    url = row_urls("reporting:counterfactual_area")
    return {
        "caption": "Areas",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Area"},
            {"text": "ONS code"},
            {"text": "Kind"},
            {"text": "Compared with"},
            {"text": "Values", **NUMERIC},
        ],
        "rows": [
            [
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">{}</a>',
                        url(area.pk),
                        area.name,
                    )
                },
                {"text": area.ons_code or NONE},
                {"text": f"Vanguard: {area.vanguard.name}" if area.vanguard else area.kind},
                {"text": _compared_with(area)},
                {"text": str(area.value_count), **NUMERIC},
            ]
            for area in areas
        ],
    }


def problems_table(problems) -> dict:
    return {
        "caption": f"{len(problems)} problem{'s' if len(problems) != 1 else ''} to fix",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "Row", **NUMERIC}, {"text": "Column"}, {"text": "Problem"}],
        "rows": [
            [{"text": str(p.row), **NUMERIC}, {"text": p.column}, {"text": p.message}]
            for p in problems
        ],
    }


def _number(value: Decimal) -> str:
    """57.10 as 57.1, 50.00 as 50: the file's value and the one kept, written alike."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def plan_table(plan) -> dict:
    return {
        "caption": "What saving the file will do",
        "captionClasses": "govuk-table__caption--m",
        "head": [
            {"text": "Row", **NUMERIC},
            {"text": "Area"},
            {"text": "Indicator"},
            {"text": "Quarter"},
            {"text": "Value", **NUMERIC},
            {"text": "Now", **NUMERIC},
            {"text": "Action"},
        ],
        "rows": [
            [
                {"text": str(v.row), **NUMERIC},
                {"text": v.area.name},
                {"text": v.indicator.name},
                {"text": str(v.quarter)},
                {"text": _number(v.value), **NUMERIC},
                {"text": NONE if v.previous is None else _number(v.previous), **NUMERIC},
                {"text": v.action},
            ]
            for v in plan.values
        ],
    }

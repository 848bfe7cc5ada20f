"""The funding pages' tables are written straight from their cells (`table_from_cells`), money by
`money`; checked here against the code they replaced (reporting/presenters/funding.py before,
kept here verbatim but for its imports: component params drawn by the GOV.UK table component,
money through `intcomma`) on generated tables: names that need escaping, negative amounts,
pennies, halves, zero and millions, every payment status, national and regional totals, no
rows."""

import random
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html

from reporting.funding import FundingPosition, Payment
from reporting.models import FundingRule
from reporting.presenters import funding as presenters
from reporting.selectors.funding import FundingTable, VanguardFunding
from vanguards.models import Vanguard
from workwell.dates import Quarter
from workwell.govuk import render_component
from workwell.tables import row_urls

# --- The code before (reporting/presenters/funding.py at 43ee8c1) ---------------------------

NUMERIC = {"format": "numeric"}
VANGUARD_COLUMNS = presenters.VANGUARD_COLUMNS


def money(value) -> str:
    return f"£{intcomma(round(value))}"


def _status_tag(payment: Payment):
    colour = {"Paid": "green", "Due": "blue", "Forecast": "grey"}[
        presenters.payment_status(payment)
    ]
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        colour,
        presenters.payment_status(payment),
    )


def _money_cells(values) -> list[dict]:
    return [{"text": money(value), **NUMERIC} for value in values]


def old_national_table(table: FundingTable, query: str) -> dict:
    url = row_urls("reporting:funding_vanguard")
    rows = [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}?{}">{}</a>',
                    url(row.vanguard.slug),
                    query,
                    row.vanguard.name,
                )
            },
            *_money_cells(getattr(row.position, name) for name, _ in VANGUARD_COLUMNS),
        ]
        for row in table.rows
    ]
    total = "England" if table.national else "Total"
    rows.append(
        [
            {"html": format_html("<strong>{}</strong>", total)},
            *(
                {"html": format_html("<strong>{}</strong>", money(table.totals[name])), **NUMERIC}
                for name, _ in VANGUARD_COLUMNS
            ),
        ]
    )
    return {
        "caption": f"Funding by vanguard to the end of {table.quarter}",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Vanguard"},
            *({"text": label, **NUMERIC} for _, label in VANGUARD_COLUMNS),
        ],
        "rows": rows,
    }


def old_schedule_table(schedule: list[Payment], caption: str) -> dict:
    return {
        "caption": caption,
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Paid in"},
            {"text": "For starts in"},
            {"text": "Guaranteed", **NUMERIC},
            {"text": "Performance", **NUMERIC},
            {"text": "Total", **NUMERIC},
            {"text": "Status"},
        ],
        "rows": [
            [
                {"text": str(payment.quarter)},
                {"text": str(payment.earned_in)},
                *_money_cells((payment.guaranteed, payment.performance, payment.total)),
                {"html": _status_tag(payment)},
            ]
            for payment in schedule
        ],
    }


# --- Generated tables ------------------------------------------------------------------------

NAMES = ["Greater Manchester", "Bravo & Co <ICB>", 'The "quoted" one', "O'Hara's", "Ünïcode"]


def amount(rng: random.Random) -> Decimal:
    kind = rng.randrange(6)
    if kind == 0:
        return Decimal(0) if rng.random() < 0.5 else Decimal("0.00")
    if kind == 1:  # a half penny either side of a whole pound
        return Decimal(f"{rng.randrange(-3000, 3000)}.{rng.choice(['49', '50', '51'])}")
    digits = rng.randrange(1, 12)
    return Decimal(rng.randrange(10**digits)).scaleb(-2) * rng.choice((1, 1, 1, -1))


def payment(rng: random.Random) -> Payment:
    paid_in = Quarter(rng.randrange(2024, 2030), rng.randrange(1, 5))
    return Payment(
        quarter=paid_in,
        earned_in=Quarter(paid_in.year - rng.randrange(2), rng.randrange(1, 5)),
        guaranteed=amount(rng),
        performance=amount(rng),
        paid=rng.random() < 0.4,
        forecast=rng.random() < 0.5,
    )


def position(rng: random.Random) -> FundingPosition:
    return FundingPosition(
        allocation=amount(rng),
        guaranteed=amount(rng),
        performance_available=amount(rng),
        performance_earned=amount(rng),
        paid=amount(rng),
        spend=amount(rng),
        forecast_starts=rng.randrange(5000),
        forecast_performance=amount(rng),
        forecast_spend=amount(rng),
        schedule=[payment(rng) for _ in range(rng.randrange(4))],
        guaranteed_held=amount(rng) if rng.random() < 0.3 else Decimal(0),
    )


def funding_table(rng: random.Random, count: int) -> FundingTable:
    rows = [
        VanguardFunding(
            Vanguard(name=f"{rng.choice(NAMES)} {index}", slug=f"vanguard-{index}"),
            position(rng),
        )
        for index in range(count)
    ]
    return FundingTable(
        quarter=Quarter(2026, rng.randrange(1, 5)),
        rule=FundingRule(pk=1),
        rows=rows,
        totals={name: amount(rng) for name in ("allocation", *presenters.VANGUARD_NAMES)},
        schedule=[payment(rng) for _ in range(count)],
        national=rng.random() < 0.5,
    )


@pytest.mark.parametrize("count", [0, 1, 25, 60])
def test_the_national_table_is_what_the_component_drew(count):
    rng = random.Random(count)
    for _ in range(10):
        table = funding_table(rng, count)
        query = rng.choice(["quarter=2026-27-q1", "quarter=2025-26-q4"])
        drawn = presenters.national_table(table, query)
        expected = old_national_table(table, query)
        assert drawn["caption"] == expected["caption"]
        assert drawn["html"] == render_component("table", expected)


@pytest.mark.parametrize("count", [0, 1, 30, 80])
def test_the_schedule_is_what_the_component_drew(count):
    rng = random.Random(100 + count)
    for _ in range(10):
        schedule = funding_table(rng, count).schedule
        caption = f"Payments to {rng.choice(NAMES)} by quarter"
        drawn = presenters.schedule_table(schedule, caption)
        assert drawn["caption"] == caption
        assert drawn["html"] == render_component("table", old_schedule_table(schedule, caption))

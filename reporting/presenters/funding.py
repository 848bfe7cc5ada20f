"""GOV.UK table and summary-list parameters, and export records, for the funding pages. Money
shows in whole pounds (£1,310,012); the downloads keep the pennies."""

from dataclasses import replace

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import Paginator
from django.utils.html import format_html

from vanguards.presenters import money
from workwell.dates import govuk_datetime
from workwell.tables import page_pagination, row_urls

from ..funding import FundingPosition, Payment
from ..selectors.funding import FundingTable

NUMERIC = {"format": "numeric"}
VANGUARD_COLUMNS = [
    ("allocation", "Allocation"),
    ("guaranteed", "Guaranteed"),
    ("performance_earned", "Performance earned to date"),
    ("paid", "Paid to date"),
    ("spend", "Spend to date"),
    ("forecast_total", "Forecast funding"),
]
# The downloads add the forecast spend (the page has room for seven columns at 1280px).
EXPORT_COLUMNS = [*VANGUARD_COLUMNS, ("forecast_spend", "Forecast spend")]


def payment_status(payment: Payment) -> str:
    if payment.paid:
        return "Paid"
    return "Forecast" if payment.forecast else "Due"


def _status_tag(payment: Payment):
    colour = {"Paid": "green", "Due": "blue", "Forecast": "grey"}[payment_status(payment)]
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, payment_status(payment)
    )


def _money_cells(values) -> list[dict]:
    return [{"text": money(value), **NUMERIC} for value in values]


# The national table shows this many vanguards a page (nationally there are hundreds); its
# total row, the payment schedule and the downloads are over every vanguard shown to the user.
NATIONAL_PAGE_SIZE = 25


def national_page(table: FundingTable, query: str, request) -> dict:
    """The page of the national table asked for (`?page=`, read as Django's Paginator.get_page
    reads it), its GOV.UK pagination (none with one page) and how many vanguards it covers."""
    page = Paginator(table.rows, NATIONAL_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "national_table": national_table(replace(table, rows=list(page.object_list)), query),
        "national_pagination": page_pagination(page, request, label="Pages of funding by vanguard"),
        "vanguard_count": len(table.rows),
    }


def national_table(table: FundingTable, query: str) -> dict:
    """The rows of `table` (a page of them), and the total row of its `totals`."""
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


def schedule_table(schedule: list[Payment], caption: str) -> dict:
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


def position_summary(position: FundingPosition, participant_target: int) -> dict:
    """The headline figures as a GOV.UK summary list."""
    rows = [
        ("Allocation", money(position.allocation)),
        ("Guaranteed", money(position.guaranteed)),
        (
            "Performance-related",
            f"{money(position.performance_available)} for "
            f"{intcomma(participant_target)} participants started",
        ),
        ("Performance earned to date", money(position.performance_earned)),
        ("Paid to date", money(position.paid)),
        ("Spend to date", money(position.spend)),
        ("Forecast starts by the end", intcomma(position.forecast_starts)),
        ("Forecast funding", money(position.forecast_total)),
        ("Forecast spend", money(position.forecast_spend)),
    ]
    if position.guaranteed_held:
        rows.append(("Guaranteed not paid (no starts)", money(position.guaranteed_held)))
    return {
        "rows": [{"key": {"text": key}, "value": {"text": value}} for key, value in rows],
    }


def national_records(table: FundingTable) -> list[dict]:
    return [
        {
            "quarter": str(table.quarter),
            "vanguard": row.vanguard.name,
            "region": row.vanguard.region.name,
            "participant_target": row.vanguard.participant_target,
            **{name: getattr(row.position, name) for name, _ in EXPORT_COLUMNS},
            "performance_available": row.position.performance_available,
            "forecast_starts": row.position.forecast_starts,
        }
        for row in table.rows
    ]


def schedule_records(schedule: list[Payment], who: str) -> list[dict]:
    return [
        {
            "who": who,
            "paid_in": str(payment.quarter),
            "earned_in": str(payment.earned_in),
            "guaranteed": payment.guaranteed,
            "performance": payment.performance,
            "total": payment.total,
            "status": payment_status(payment),
        }
        for payment in schedule
    ]


def rule_history_table(history) -> dict:
    return {
        "caption": "Changes to the rule",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "When"}, {"text": "Who"}, {"text": "Rule"}],
        "rows": [
            [
                {"text": govuk_datetime(entry.history_date)},
                {"text": entry.history_user.full_name if entry.history_user else "The system"},
                {
                    "text": f"{entry.guaranteed_percent}% guaranteed, paid "
                    f"{entry.arrears_quarters} quarter{'s' if entry.arrears_quarters != 1 else ''}"
                    " in arrears"
                },
            ]
            for entry in history
        ],
    }

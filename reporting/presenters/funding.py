"""GOV.UK table and summary-list parameters, and export records, for the funding pages. Money
shows in whole pounds (£1,310,012); the downloads keep the pennies."""

from dataclasses import replace

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import Paginator
from django.urls import get_script_prefix
from django.utils.html import format_html

from vanguards.presenters import money
from workwell.dates import govuk_datetime
from workwell.govuk import table_from_cells
from workwell.kept import Drawn
from workwell.tables import page_pagination, row_urls

from ..funding import FundingPosition, Payment
from ..selectors.funding import FundingTable

M = "govuk-table__caption--m"
VANGUARD_COLUMNS = [
    ("allocation", "Allocation"),
    ("guaranteed", "Guaranteed"),
    ("performance_earned", "Performance earned to date"),
    ("paid", "Paid to date"),
    ("spend", "Spend to date"),
    ("forecast_total", "Forecast funding"),
]
VANGUARD_NAMES = [name for name, _ in VANGUARD_COLUMNS]
# The downloads add the forecast spend (the page has room for seven columns at 1280px).
EXPORT_COLUMNS = [*VANGUARD_COLUMNS, ("forecast_spend", "Forecast spend")]


def payment_status(payment: Payment) -> str:
    if payment.paid:
        return "Paid"
    return "Forecast" if payment.forecast else "Due"


STATUS_TAGS = {
    status: format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, status)
    for status, colour in (("Paid", "green"), ("Due", "blue"), ("Forecast", "grey"))
}


# The national table shows this many vanguards a page (nationally there are hundreds); its
# total row, the payment schedule and the downloads are over every vanguard shown to the user.
NATIONAL_PAGE_SIZE = 25

# The tables are written straight from their cells (workwell.govuk.table_from_cells), money
# by `money` (a few hundred amounts a page). A page of the national table and the schedule
# read nothing but the funding table `selectors.funding_table` gives (kept for what the viewer
# may see: workwell/kept.py), the page asked for and the quarter's query: drawn once for each.
DRAWN = Drawn(16)


def national_page(table: FundingTable, query: str, request) -> dict:
    """The page of the national table asked for (`?page=`, read as Django's Paginator.get_page
    reads it) and the payment schedule, drawn, each {"caption", "html"}; the table's GOV.UK
    pagination (none with one page) and how many vanguards it covers."""
    page = Paginator(table.rows, NATIONAL_PAGE_SIZE).get_page(request.GET.get("page"))
    drawn = DRAWN(
        table,
        (page.number, query, get_script_prefix()),
        lambda: {
            "national_table": national_table(replace(table, rows=page.object_list), query),
            "schedule_table": schedule_table(table.schedule, "Payments by quarter"),
        },
    )
    return {
        **drawn,
        "national_pagination": page_pagination(page, request, label="Pages of funding by vanguard"),
        "vanguard_count": len(table.rows),
    }


def national_table(table: FundingTable, query: str) -> dict:
    """The rows of `table` (a page of them), and the total row of its `totals`."""
    url = row_urls("reporting:funding_vanguard")
    rows = [
        [
            format_html(
                '<a class="govuk-link" href="{}?{}">{}</a>',
                url(row.vanguard.slug),
                query,
                row.vanguard.name,
            ),
            *(money(getattr(row.position, name)) for name in VANGUARD_NAMES),
        ]
        for row in table.rows
    ]
    rows.append(
        [
            format_html("<strong>{}</strong>", "England" if table.national else "Total"),
            *(
                format_html("<strong>{}</strong>", money(table.totals[name]))
                for name in VANGUARD_NAMES
            ),
        ]
    )
    caption = f"Funding by vanguard to the end of {table.quarter}"
    head = [("Vanguard", False), *((label, True) for _, label in VANGUARD_COLUMNS)]
    return {"caption": caption, "html": table_from_cells(caption, head, rows, caption_classes=M)}


SCHEDULE_HEAD = [
    ("Paid in", False),
    ("For starts in", False),
    ("Guaranteed", True),
    ("Performance", True),
    ("Total", True),
    ("Status", False),
]


def schedule_table(schedule: list[Payment], caption: str) -> dict:
    rows = [
        [
            str(payment.quarter),
            str(payment.earned_in),
            money(payment.guaranteed),
            money(payment.performance),
            money(payment.total),
            STATUS_TAGS[payment_status(payment)],
        ]
        for payment in schedule
    ]
    return {
        "caption": caption,
        "html": table_from_cells(caption, SCHEDULE_HEAD, rows, caption_classes=M),
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
        "captionClasses": M,
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

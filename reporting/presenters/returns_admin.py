"""GOV.UK component params for the returns' operations pages and home-page blocks (no queries)."""

import functools
import html
import re

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from workwell.dates import Quarter, govuk_date, govuk_datetime
from workwell.govuk import render_component, table_from_cells
from workwell.kept import Drawn

from ..forms.returns import OUTSTANDING_FILTER
from ..selectors.returns_admin import (
    IN_PROGRESS,
    LATE,
    NOT_STARTED,
    QUERIED,
    return_url,
)

# --- Due dates --------------------------------------------------------------------------------


def due_dates_table(rows) -> dict:
    """Each quarter with its due date and a link to set or change it."""
    table_rows = []
    for row in rows:
        href = reverse("reporting:return_due_date", args=[row.quarter.year, row.quarter.number])
        action = "Change" if row.due_on else "Set"
        quarter = str(row.quarter)
        if row.is_current:
            quarter_html = format_html(
                "{} {}",
                quarter,
                render_component("tag", {"text": "Collecting", "classes": "govuk-tag--blue"}),
            )
        else:
            quarter_html = quarter
        table_rows.append(
            [
                {"html": quarter_html},
                {"text": f"{govuk_date(row.quarter.start)} to {govuk_date(row.quarter.end)}"},
                {"text": govuk_date(row.due_on) if row.due_on else "Not set"},
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">'
                        " the due date for {}</span></a>",
                        href,
                        action,
                        quarter,
                    )
                },
            ]
        )
    return {
        "caption": "Quarters and when their returns are due",
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Quarter"},
            {"text": "Covers"},
            {"text": "Returns due"},
            {"html": '<span class="govuk-visually-hidden">Action</span>'},
        ],
        "rows": table_rows,
        "classes": "govuk-table--small-text-until-tablet",
    }


def due_date_history_table(history) -> dict:
    rows = [
        [
            {"text": govuk_date(entry.due_on)},
            {"text": str(entry.history_user or "The system")},
            {"text": govuk_datetime(entry.history_date)},
        ]
        for entry in history
    ]
    return {
        "caption": "Changes to the due date",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "Due date set to"}, {"text": "By"}, {"text": "When"}],
        "rows": rows,
    }


# --- Outstanding returns on the admin's and RMs' homes -------------------------------------

# Most urgent first: the order of the counts and of the table's rows.
STATE_TAGS = {
    LATE: ("Late", "govuk-tag--red"),
    QUERIED: ("Returned with a query", "govuk-tag--orange"),
    IN_PROGRESS: ("In progress", "govuk-tag--light-blue"),
    NOT_STARTED: ("Not started", "govuk-tag--grey"),
}


# A slug that return_url writes as it is (nothing to quote), and the one put in its place.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_STAND_IN = "Stand-in_slug-0"


@functools.lru_cache(maxsize=256)
def _return_url_parts(quarter: Quarter, prefix: str, urlconf: str) -> tuple[str, str] | None:
    """return_url with a stand-in slug, split around it: reversed once per process for each
    quarter, script prefix and URL configuration (all that reverse() reads)."""
    parts = return_url(_STAND_IN, quarter).split(_STAND_IN)
    return (parts[0], parts[1]) if len(parts) == 2 else None


def _return_link(slug: str, quarter: Quarter) -> str:
    """return_url(slug, quarter), without walking the URL resolver on every row."""
    parts = _return_url_parts(quarter, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    if parts is None or not _SLUG.fullmatch(slug):
        return return_url(slug, quarter)
    return f"{parts[0]}{slug}{parts[1]}"


def _vanguard_return_cell(vanguard, quarter: Quarter) -> SafeString:
    href, name = html.escape(_return_link(vanguard.slug, quarter)), html.escape(vanguard.name)
    return SafeString(f'<a class="govuk-link" href="{href}">{name}</a>')  # every value escaped


def _state_detail(row) -> str:
    if row.state == LATE:
        return " (not started)" if row.status is None else " (in progress)"
    if row.state == QUERIED:
        return " (waiting on the vanguard)"
    return ""


OUTSTANDING_CAPTION = "Returns not yet signed off, or returned with a query"
_OUTSTANDING_HEAD = [("Vanguard", False), ("Quarter", False), ("Return", False)]


@functools.cache
def _state_tag(state: str) -> SafeString:
    """Each state's tag, the same on every row: rendered once per process."""
    text, classes = STATE_TAGS[state]
    return render_component("tag", {"text": text, "classes": classes})


def outstanding_returns_table(outstanding) -> SafeString:
    """The outstanding returns shown (the most urgent: late first, then oldest quarter
    first), not signed off or returned with a query."""
    rows = [
        [
            _vanguard_return_cell(row.vanguard, row.quarter),
            str(row.quarter),
            # The detail is one of _state_detail's fixed phrases: nothing to escape.
            SafeString(_state_tag(row.state) + _state_detail(row)),
        ]
        for row in outstanding.returns
    ]
    return table_from_cells(
        OUTSTANDING_CAPTION,
        _OUTSTANDING_HEAD,
        rows,
        caption_classes="govuk-visually-hidden",
        classes="govuk-table--small-text-until-tablet",
    )


def _more_returns(outstanding) -> str:
    """ "The 10 most urgent of 37 outstanding returns are shown. See all 37 …", linking to
    the returns list filtered to the same returns; "" when every one is shown."""
    shown, total = len(outstanding.returns), outstanding.total
    if shown >= total:
        return ""
    href = f"{reverse('reporting:returns')}?{OUTSTANDING_FILTER}"
    return format_html(
        '<p class="govuk-body">The {} most urgent of {} outstanding returns are shown. '
        '<a class="govuk-link" href="{}">See all {} outstanding returns</a>.</p>',
        intcomma(shown),
        intcomma(total),
        href,
        intcomma(total),
    )


# The homes' blocks drawn from the outstanding returns (kept: reporting/selectors/home.py),
# once for each while it is kept (workwell/kept.py: Drawn).
DRAWN = Drawn(16)


def outstanding_returns_block(outstanding, *, today) -> dict:
    """The home page's block: heading, a sentence saying where things stand, the counts of
    late, queried, in progress and not started, the table of the most urgent and, when there
    are more, how many with a link to them all. Read, never changed."""
    key = (today, get_script_prefix())
    return DRAWN(outstanding, key, lambda: _outstanding_block(outstanding, today=today))


def _outstanding_block(outstanding, *, today) -> dict:
    period, quarter = outstanding.period, outstanding.period.quarter
    total = outstanding.expected
    due = govuk_date(period.due_on)
    when = f"were due on {due}" if period.due_on < today else f"are due on {due}"
    if not total:
        summary = f"Returns for {quarter} {when}."
        if not outstanding.total:
            summary += " There are no vanguards to show."
    elif total == outstanding.received:
        summary = f"Returns for {quarter} {when}. Every vanguard has signed theirs off."
    else:
        summary = (
            f"Returns for {quarter} {when}. {outstanding.received} of {total} "
            f"vanguard{'s' if total != 1 else ''} signed off so far."
        )
    earlier = outstanding.earlier
    if earlier:
        summary += (
            f" {earlier} return{'s' if earlier != 1 else ''} from earlier quarters "
            f"{'are' if earlier != 1 else 'is'} still outstanding."
        )
    first = outstanding.earliest
    covers = str(quarter) if first == quarter else f"{first} to {quarter}"
    return {
        "heading": f"Quarterly returns for {covers}",
        "summary": summary,
        "counts": [(text, outstanding.counts[state]) for state, (text, _) in STATE_TAGS.items()],
        "table": outstanding_returns_table(outstanding) if outstanding.returns else None,
        "table_caption": OUTSTANDING_CAPTION,
        "more": _more_returns(outstanding),
    }


# --- The bulk upload's preview ----------------------------------------------------------------


def _figure(value) -> str:
    if value is None:
        return "empty"
    return f"{value:,}" if isinstance(value, int) else f"£{value:,}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def problem_groups(check) -> list[dict]:
    """One table per rule broken: sheet, row, column and message of each problem."""
    groups = []
    for rule, says, problems in check.problems_by_rule():
        rows = [
            [
                {"text": problem.sheet},
                {"text": str(problem.row), "format": "numeric"},
                {"text": problem.column or "Whole row"},
                {"text": problem.message},
            ]
            for problem in problems
        ]
        groups.append(
            {
                "id": f"rule-{rule.replace('_', '-')}",
                "heading": says,
                "count": len(problems),
                "table": {
                    "caption": f"{says}: {_plural(len(problems), 'problem')}",
                    "captionClasses": "govuk-visually-hidden",
                    "head": [
                        {"text": "Sheet"},
                        {"text": "Row", "format": "numeric"},
                        {"text": "Column"},
                        {"text": "Problem"},
                    ],
                    "rows": rows,
                    "classes": "govuk-table--small-text-until-tablet",
                },
            }
        )
    return groups


def problem_summary(groups) -> dict:
    """The error summary at the top of a preview with problems, linking to each rule's table."""
    total = sum(group["count"] for group in groups)
    return {
        "titleText": "There is a problem",
        "descriptionText": (
            f"The file has {_plural(total, 'problem')}. Nothing has been saved. "
            "Correct the file and upload it again."
        ),
        "errorList": [
            {"text": f"{group['heading']}: {group['count']}", "href": f"#{group['id']}"}
            for group in groups
        ],
    }


def created_table(plans) -> dict:
    rows = [
        [
            {"text": str(plan.quarter)},
            {"text": plan.vanguard.name},
            {"text": plan.strand.name},
            {"text": "New return, in progress" if plan.creates_return else "Added to the return"},
        ]
        for plan in plans
    ]
    return {
        "caption": "What will be created",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "Quarter"}, {"text": "Vanguard"}, {"text": "Strand"}, {"text": "Return"}],
        "rows": rows,
        "classes": "govuk-table--small-text-until-tablet",
    }


def changed_cards(plans) -> list[dict]:
    """A summary card per strand return that changes, each figure's old → new as a row."""
    return [
        {
            "card": {
                "title": {"text": f"{plan.vanguard.name}: {plan.strand.name}, {plan.quarter}"}
            },
            "rows": [
                {
                    "key": {"text": change.label},
                    "value": {"text": f"{_figure(change.old)} → {_figure(change.new)}"},
                }
                for change in plan.changes
            ],
        }
        for plan in plans
    ]


def upload_saved_message(check) -> str:
    return (
        f"The upload is saved: {_plural(len(check.creates), 'strand return')} created and "
        f"{len(check.updates)} changed."
    )

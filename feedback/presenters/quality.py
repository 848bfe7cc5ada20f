"""GOV.UK table parameters and export records for the quarterly strategic review. Figures
arrive already through `disclose`: a withheld one prints as "Too few responses"."""

import html

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import format_html
from django.utils.safestring import SafeString

from workwell.dates import govuk_date, iso_date
from workwell.govuk import render_component, table_from_cells
from workwell.kept import Drawn, kept

from ..selectors.disclosure import TOO_FEW
from ..selectors.quality import (
    BREAKDOWNS,
    IndicatorValue,
    QualityIndicators,
    StrategicReview,
)

NOT_JUDGED = "No data"


def percent_text(value: float | None) -> str:
    return "–" if value is None else f"{round(value)}%"


def change_text(change: float | None) -> str:
    if change is None:
        return "–"
    points = round(change)
    if points == 0:
        return "No change"
    # Words, not a sign: a leading minus would read as a formula in a spreadsheet.
    return f"{'Up' if points > 0 else 'Down'} {abs(points)} point{'s' if abs(points) != 1 else ''}"


def status_text(value: IndicatorValue) -> str:
    if value.withheld:
        return TOO_FEW
    return {True: "Met", False: "Not met", None: NOT_JUDGED}[value.met]


def _value_text(value: IndicatorValue) -> str:
    if value.withheld:
        return TOO_FEW
    share = value.share
    if not share.count:
        return "–"
    return f"{percent_text(value.value)} ({share.met} of {share.count})"


# The status as words in a tag: colour is never the only signal. Built once: at national
# scale the review shows about 770 of them.
STATUS_TAGS = {
    text: format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)
    for text, colour in [
        ("Met", "green"),
        ("Not met", "red"),
        (NOT_JUDGED, "grey"),
        (TOO_FEW, "grey"),
    ]
}


def status_tag(value: IndicatorValue):
    return STATUS_TAGS[status_text(value)]


def national_table(indicators: QualityIndicators) -> dict:
    rows = [
        [
            {"text": value.label},
            {"text": _value_text(value), "format": "numeric"},
            {"text": f"{value.target}%", "format": "numeric"},
            {"html": status_tag(value)},
            {"text": change_text(value.change), "format": "numeric"},
        ]
        for value in indicators.national.values
    ]
    return {
        "caption": f"Quality indicators in England, {indicators.quarter}",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Indicator"},
            {"text": "Value", "format": "numeric"},
            {"text": "Target", "format": "numeric"},
            {"text": "Status"},
            {"text": "Change since last quarter", "format": "numeric"},
        ],
        "rows": rows,
    }


def breakdown_tables(indicators: QualityIndicators) -> list[dict]:
    """One table per breakdown: a row per group, a column per indicator (value and status),
    written straight from the cells (`table_from_cells`). At national scale about 750 cells,
    about 100 of them different: each written once (a cell is its share and target alone)."""
    cells: dict[tuple, str] = {}

    def cell(value: IndicatorValue) -> str:
        key = (value.share, value.target)
        if key not in cells:
            cells[key] = _breakdown_cell(value)
        return cells[key]

    tables = []
    for breakdown, scopes in indicators.sections:
        if not scopes:
            continue
        name = BREAKDOWNS[breakdown]
        head = [(name, False)] + [(value.label, False) for value in scopes[0].values]
        rows = [[scope.label] + [cell(v) for v in scope.values] for scope in scopes]
        caption = f"Quality indicators by {name.lower()}"
        html = table_from_cells(caption, head, rows, caption_classes="govuk-table__caption--m")
        tables.append({"caption": caption, "html": html})
    return tables


def indicator_tables(review: StrategicReview) -> tuple[dict, list[dict]]:
    """The review's indicator tables drawn, each {"caption", "html"}: the nation's, and one per
    breakdown. Drawn from `review.indicators`, which depend on its quarter, day and whether
    the viewer sees small numbers and nothing else, so kept under those (at national scale
    about 750 cells: most of the page's work)."""
    return kept(
        "quality.indicator_tables",
        (review.quarter, review.today, review.small_numbers),
        lambda: _drawn(review.indicators),
    )


def _drawn(indicators: QualityIndicators) -> tuple[dict, list[dict]]:
    national = national_table(indicators)
    drawn = {"caption": national["caption"], "html": render_component("table", national)}
    return drawn, breakdown_tables(indicators)


def _breakdown_cell(value: IndicatorValue) -> str:
    """A group's indicator: its value over its status tag, as format_html("{}<br>{}", ...)
    writes it."""
    if value.withheld:
        return TOO_FEW
    return SafeString(f"{html.escape(_value_text(value))}<br>{status_tag(value)}")


# What the review draws from its kept results (workwell/kept.py: each is the same object until
# a table it read changes or the minute passes): drawn once for each, not on every request.
DRAWN = Drawn(16)


def open_concerns_html(review: StrategicReview) -> SafeString:
    """The review's open concerns (templates/feedback/quality/_open_concerns.html), drawn once
    while the concerns listed are kept: they are the viewer's (`open_concerns_of`)."""

    def draw() -> SafeString:
        context = {"review": review, "open_concerns": open_concern_items(review)}
        return render_to_string("feedback/quality/_open_concerns.html", context)

    return DRAWN(review.open_concern_list, ("open concerns", get_script_prefix()), draw)


def notes_html(review: StrategicReview) -> SafeString:
    """The quarter's themes and "you said, we did" (templates/feedback/quality/_notes.html),
    drawn once while they are kept (`_quarter_notes`: the same for every viewer)."""

    def draw() -> SafeString:
        context = {"review": review, "themes_table": themes_table(review)}
        return render_to_string("feedback/quality/_notes.html", context)

    return DRAWN(review.themes, ("notes",), draw)


def open_concern_items(review: StrategicReview) -> list[dict]:
    return [
        {
            "pk": concern.pk,
            "kind": concern.get_kind_display(),
            "where": concern.vanguard.name if concern.vanguard else concern.region.name,
            "state": concern.get_state_display(),
            "raised": govuk_date(concern.raised_at),
            "overdue": concern.is_overdue,
        }
        for concern in review.open_concern_list
    ]


def themes_table(review: StrategicReview) -> dict:
    return {
        "caption": "Themes of free-text answers and concerns",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Programme theme"},
            {"text": "Pulse answers", "format": "numeric"},
            {"text": "Concerns", "format": "numeric"},
        ],
        "rows": [
            [
                {"text": row.theme},
                {"text": str(row.pulse_answers), "format": "numeric"},
                {"text": str(row.concerns), "format": "numeric"},
            ]
            for row in review.themes
        ],
    }


def export_records(review: StrategicReview) -> list[dict]:
    quarter = str(review.indicators.quarter)
    scopes = [review.indicators.national] + [
        scope for _, scopes in review.indicators.sections for scope in scopes
    ]
    return [
        {
            "quarter": quarter,
            "breakdown": "England"
            if scope.breakdown == "national"
            else BREAKDOWNS[scope.breakdown],
            "group": scope.label,
            "indicator": value.label,
            "value": TOO_FEW if value.withheld else percent_text(value.value),
            "cases": TOO_FEW if value.withheld else value.share.count,
            "target": f"{value.target}%",
            "status": status_text(value),
            "change": change_text(value.change),
        }
        for scope in scopes
        for value in scope.values
    ]


def theme_records(review: StrategicReview) -> list[dict]:
    quarter = str(review.indicators.quarter)
    return [
        {
            "quarter": quarter,
            "theme": row.theme,
            "pulse_answers": row.pulse_answers,
            "concerns": row.concerns,
        }
        for row in review.themes
    ]


def change_records(review: StrategicReview) -> list[dict]:
    quarter = str(review.indicators.quarter)
    return [
        {
            "quarter": quarter,
            "title": entry.title,
            "you_said": entry.you_said,
            "we_did": entry.we_did,
            "published_on": iso_date(entry.published_on),
        }
        for entry in review.you_said_we_did
    ]

"""GOV.UK table parameters and export records for the pulse results page. Aggregates arrive
already through `disclose`: a withheld one prints as "Too few responses"."""

from django.template.loader import render_to_string
from django.urls import get_script_prefix

from workwell.govuk import render_component
from workwell.kept import Drawn, kept
from workwell.tables import page_pagination

from ..selectors.disclosure import TOO_FEW, Withheld
from ..selectors.results import (
    BREAKDOWNS,
    NATIONAL,
    QuarterResults,
    ResultRow,
    Tally,
    quarter_results,
    results_seen_as,
    section_page_field,
)
from .themes import themes_checkboxes

PULSE_HEAD = [
    "Responses",
    "Response rate",
    "Mean satisfaction (1 to 5)",
    "Satisfied (4 or 5)",
    "Relationship manager support (mean)",
    "Learning offer (mean)",
]
OTHER_HEAD = [
    "Support ratings",
    "Mean support rating",
    "Rated 4 or 5",
    "Event ratings",
    "Mean event usefulness",
    "Rated useful (4 or 5)",
]


def mean_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def share_text(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _rate_text(pulse) -> str:
    if not pulse.asked:
        return "–"
    return f"{share_text(pulse.response_rate)} ({pulse.count} of {pulse.asked})"


def pulse_cells(pulse) -> list[str]:
    if isinstance(pulse, Withheld):
        return [TOO_FEW] * len(PULSE_HEAD)
    return [
        str(pulse.count),
        _rate_text(pulse),
        mean_text(pulse.satisfaction.mean),
        share_text(pulse.satisfaction.share_satisfied),
        mean_text(pulse.rm_support.mean),
        mean_text(pulse.learning.mean),
    ]


def tally_cells(tally: Tally | Withheld) -> list[str]:
    if isinstance(tally, Withheld):
        return [TOO_FEW] * 3
    return [str(tally.count), mean_text(tally.mean), share_text(tally.share_satisfied)]


def other_cells(row: ResultRow) -> list[str]:
    return tally_cells(row.support) + tally_cells(row.events)


def _body(row: ResultRow, sources: list[list[str]]) -> list[dict]:
    """The row's label, then each source's cells; a withheld source is one "Too few
    responses" cell across its columns."""
    cells = [{"text": row.label}]
    for source in sources:
        if source.count(TOO_FEW) == len(source):
            cells.append({"text": TOO_FEW, "colspan": len(source)})
        else:
            cells += [{"text": cell, "format": "numeric"} for cell in source]
    return cells


def _table(caption: str, first: str, head: list[str], rows: list[list[dict]]) -> dict:
    """A table drawn: its caption (the region wrapping it is labelled with it) and markup."""
    params = {
        "caption": caption,
        "captionClasses": "govuk-table__caption--s",
        "firstCellIsHeader": True,
        "head": [{"text": first}] + [{"text": text, "format": "numeric"} for text in head],
        "rows": rows,
        "classes": "govuk-table--small-text-until-tablet",
    }
    return {"caption": caption, "html": render_component("table", params)}


def drawn_results(*, user, quarter, pages: dict) -> tuple[QuarterResults, list[dict]]:
    """The quarter's results as `user` sees them on the page (`pages`: the page asked for of
    each breakdown) and their sections' tables drawn (`_drawn`). Kept for everyone who would
    see the same rows (`results_seen_as`): at national scale the tables have about 170 rows
    drawn through the table component, most of the page's work."""
    return kept(
        "pulse.drawn_results",
        lambda: results_seen_as(user=user, quarter=quarter, pages=pages),
        lambda: _drawn(quarter_results(user=user, quarter=quarter, pages=pages)),
    )


def _drawn(results: QuarterResults) -> tuple[QuarterResults, list[dict]]:
    """The results and one section per breakdown the user sees (the nation first): its
    heading, its breakdown (None for the nation), and two tables drawn, each {"caption",
    "html"}: the pulse answers, then the support ratings and event feedback."""
    sections = []
    if results.national:
        sections.append(("England", "Nationally", [results.national], None))
    for breakdown, rows in results.sections:
        label = BREAKDOWNS[breakdown]
        sections.append((f"By {label[0].lower()}{label[1:]}", label, rows, breakdown))
    return results, [
        {
            "heading": heading,
            "breakdown": breakdown,
            "pulse_table": _table(
                f"Pulse survey answers, {results.quarter}: {heading}",
                first,
                PULSE_HEAD,
                [_body(row, [pulse_cells(row.pulse)]) for row in rows],
            ),
            "other_table": _table(
                f"Support ratings and event feedback, {results.quarter}: {heading}",
                first,
                OTHER_HEAD,
                [_body(row, [tally_cells(row.support), tally_cells(row.events)]) for row in rows],
            ),
        }
        for heading, first, rows, breakdown in sections
    ]


# The sections drawn from each kept drawing (workwell/kept.py: the same object until a table
# it read changes or the minute passes), for each address: not on every request.
DRAWN = Drawn(32)


def sections_html(results: QuarterResults, drawn: list[dict], request) -> str:
    """The sections (templates/feedback/results/_sections.html) of a kept drawing
    (`drawn_results`), with their paginations, which carry the request's query string: drawn
    once for each drawing, address and script prefix."""

    def draw() -> str:
        sections = results_sections(results, drawn, request)
        return render_to_string("feedback/results/_sections.html", {"sections": sections})

    key = (request.GET.urlencode(), get_script_prefix())
    return DRAWN(drawn, key, draw)


def results_sections(results: QuarterResults, drawn: list[dict], request) -> list[dict]:
    """The drawn sections (`drawn_results`), each with the GOV.UK pagination of a breakdown
    shown a page at a time (empty otherwise): it carries the request's query string, so it is
    not kept with them (`sections_html` draws them once for each address)."""
    sections = []
    for section in drawn:
        breakdown, pagination = section["breakdown"], ""
        if breakdown in results.pages:
            label = BREAKDOWNS[breakdown]
            pagination = page_pagination(
                results.pages[breakdown],
                request,
                page_field=section_page_field(breakdown),
                label=f"Pages of the results by {label[0].lower()}{label[1:]}",
            )
        sections.append({**section, "pagination": pagination})
    return sections


def export_records(results: QuarterResults) -> list[dict]:
    """One record per row shown, for the CSV and XLSX downloads (feedback/tables/results.py)."""
    return [
        {
            "quarter": str(results.quarter),
            "breakdown": "National" if row.breakdown == NATIONAL else BREAKDOWNS[row.breakdown],
            "group": row.label,
            **dict(zip(EXPORT_COLUMNS, pulse_cells(row.pulse) + other_cells(row), strict=True)),
        }
        for row in results.rows
    ]


EXPORT_COLUMNS = [
    "responses",
    "response_rate",
    "satisfaction_mean",
    "satisfied_share",
    "rm_support_mean",
    "learning_mean",
    "support_ratings",
    "support_mean",
    "support_rated_4_or_5",
    "event_ratings",
    "event_mean",
    "event_rated_useful",
]


def free_text_items(answers, *, themes, may_tag: bool) -> list[dict]:
    """Free-text answers as summary-list-like records: who only when they agreed, the
    programme themes they are tagged with (`themes`: all of them, in order), and the tagging
    checkboxes for those who tag."""
    return [
        {
            "pk": answer.pk,
            "themes": [theme.name for theme in themes if theme.pk in answer.theme_ids],
            "themes_field": themes_checkboxes(
                themes, answer.theme_ids, id_prefix=f"themes-{answer.pk}"
            )
            if may_tag
            else None,
            "went_well": answer.went_well,
            "even_better": answer.even_better,
            "who": f"{answer.name}, {answer.vanguard} ({answer.email})" if answer.name else "",
        }
        for answer in answers
    ]

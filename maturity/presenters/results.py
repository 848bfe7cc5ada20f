"""The results pages: the heatmap and its key, bands and movement, calibration, a member's
distribution and a vanguard's trend as GOV.UK table params, beside the charts (charts.py)."""

import dataclasses
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape

from workwell.govuk import (
    _PLAIN_CELL_HTML,
    _PLAIN_HEADER_CELL,
    render_component,
    table_from_cells,
)
from workwell.kept import Drawn
from workwell.models import MaturityBand
from workwell.tables import ESCAPES, page_pagination, query_with, row_urls

from ..charts import dimension_abbreviations
from ..models import LEVELS
from ..selectors.heatmap import BAND, MEAN, VANGUARD, dimension_sort_key
from ..selectors.results import display_mean


def level_legend() -> dict:
    """Inset text on how to read the levels in the results tables: the number is the level;
    the tag colours only repeat it."""
    ends = {LEVELS[0]: " (weakest)", LEVELS[-1]: " (strongest)"}
    items = format_html_join(
        "",
        "<li>{} level {}{}</li>",
        ((level_tag(level), level, ends.get(level, "")) for level in LEVELS),
    )
    html = format_html(
        '<h3 class="govuk-heading-s">How to read the levels</h3>'
        '<p class="govuk-body">Each cell shows the level, from 1 (weakest) to 5 (strongest), as '
        "a number. The colours only repeat it:</p>"
        '<ul class="govuk-list">{}<li>– not assessed</li></ul>',
        items,
    )
    return {"html": html}


def heatmap_key(dimensions) -> list[tuple[str, str]]:
    """The heatmap's short column headings and the dimension each stands for, in column order."""
    short = dimension_abbreviations(dimensions)
    return [(short[dimension.pk], dimension.name) for dimension in dimensions]


def heatmap_legend() -> dict:
    """Inset text on reading the heatmap's cells: the number is the level; the fill, darker as
    the level rises, only repeats it."""
    swatches = format_html_join(
        "",
        '<li><span class="app-heatmap__swatch app-heatmap__cell--{}">{}</span>{}</li>',
        (
            (
                level,
                level,
                " (weakest)"
                if level == LEVELS[0]
                else " (strongest)"
                if level == LEVELS[-1]
                else "",
            )
            for level in LEVELS
        ),
    )
    html = format_html(
        '<h3 class="govuk-heading-s">How to read the heatmap</h3>'
        '<p class="govuk-body">Each cell shows the level, from 1 (weakest) to 5 (strongest), as '
        "a number. The fill gets darker as the level rises:</p>"
        '<ul class="govuk-list app-heatmap__legend">{}'
        '<li><span class="app-heatmap__swatch">–</span> not assessed</li></ul>',
        swatches,
    )
    return {"html": html}


LEVEL_COLOURS = {1: "red", 2: "orange", 3: "yellow", 4: "teal", 5: "green"}
NOT_ASSESSED = mark_safe('–<span class="govuk-visually-hidden"> not assessed</span>')


def level_tag(level: int | None) -> SafeString:
    """A level as a coloured GOV.UK tag showing the number, or a dash when not assessed."""
    if level is None:
        return NOT_ASSESSED
    return render_component(
        "tag", {"text": str(level), "classes": f"govuk-tag--{LEVEL_COLOURS[level]}"}
    )


def _vanguard_links():
    """A function giving a vanguard's link to its results, the address reversed once a table
    (`row_urls`), not once a row; escaped in one step a value (`ESCAPES`), not `format_html`."""
    url = row_urls("maturity:vanguard_results")

    def link(vanguard) -> SafeString:
        href, name = url(vanguard.slug).translate(ESCAPES), vanguard.name.translate(ESCAPES)
        return mark_safe(f'<a class="govuk-link" href="{href}">{name}</a>')  # noqa: S308 - escaped with ESCAPES

    return link


def _sort_header(text, key: str, sort, sorted_by, **cell) -> dict:
    """A column header that links to the table sorted by `key`, saying how it is sorted now;
    `sorted_by(value)` is the page's query string with `sort=value` (`query_with`)."""
    cell["html"] = format_html(
        '<a class="govuk-link app-sort-link" href="?{}#heatmap">{}</a>',
        sorted_by(sort.toggled(key).value),
        text,
    )
    if sort.key == key:
        cell["attributes"] = {"aria-sort": "descending" if sort.descending else "ascending"}
        cell["classes"] = "app-sorted"
    return cell


def heatmap_table(results, *, query: QueryDict) -> SafeString:
    """Vanguards × dimensions, each cell the latest agreed level, filled by level and numbered;
    short dimension headings (expanded in the key, and for screen readers); every column but
    "Agreed in" sorts the table. `query` is the page's query string, kept in the sort links.
    The head is the GOV.UK table's params; the rows, a level cell for every dimension of every
    vanguard, are written straight from their cells (`_heatmap_row`), as the component writes
    them (tests/maturity/test_results_tables_differential.py)."""
    table = _table("Latest agreed level by dimension", heatmap_head(results, query), [])
    table["classes"] += " app-heatmap"
    empty = render_component("table", table)
    vanguard_link = _vanguard_links()
    rows = "".join(_heatmap_row(row, vanguard_link) for row in results.rows)
    if not empty.endswith(_TABLE_END):
        raise ValueError("the GOV.UK table no longer ends as the heatmap's rows expect")
    return mark_safe(empty[: -len(_TABLE_END)] + rows + _TABLE_END)  # noqa: S308 - escaped


def heatmap_head(results, query: QueryDict) -> list[dict]:
    """The heatmap's column headers (GOV.UK table params), each but "Agreed in" a sort link."""
    sort, sorted_by = results.sort, query_with(query, "sort")
    short = dimension_abbreviations(results.dimensions)
    head = [_sort_header("Vanguard", VANGUARD, sort, sorted_by)]
    head += [
        _sort_header(
            format_html(
                '{}<span class="govuk-visually-hidden">: {}</span>',
                short[dimension.pk],
                dimension.name,
            ),
            dimension_sort_key(dimension),
            sort,
            sorted_by,
        )
        for dimension in results.dimensions
    ]
    head += [
        _sort_header("Band", BAND, sort, sorted_by),
        _sort_header("Mean level", MEAN, sort, sorted_by, format="numeric"),
        {"text": "Agreed in"},
    ]
    return head


def heatmap_cell(level: int | None) -> dict:
    """A heatmap cell filled by level (app-heatmap__cell--N, darker as it rises) that shows the
    level as a number, so the colour is never the only signal."""
    if level is None:
        return {"html": NOT_ASSESSED, "classes": "app-heatmap__cell"}
    return {"text": str(level), "classes": f"app-heatmap__cell app-heatmap__cell--{level}"}


# The GOV.UK table's markup around its rows and cells (workwell/govuk.py `_table`), for the
# heatmap's rows: a level cell is one of six, written once.
_TABLE_END = "\n  </tbody>\n</table>\n"
_ROW_START, _ROW_END = '\n  \n    <tr class="govuk-table__row">\n    ', "\n    </tr>\n  \n"
_CELL = _PLAIN_CELL_HTML.format("", "", "{}")
_NUMERIC_CELL = _PLAIN_CELL_HTML.format(" govuk-table__cell--numeric", "", "{}")
_LEVEL_CELLS = {
    level: _PLAIN_CELL_HTML.format(
        f" {escape(cell['classes'])}", "", cell.get("html") or escape(cell["text"])
    )
    for level, cell in ((level, heatmap_cell(level)) for level in (None, *LEVELS))
}


def _heatmap_row(row, vanguard_link) -> str:
    """One vanguard's row of the heatmap, as the GOV.UK table writes it from `heatmap_cell`s
    and the band, mean and cycle as text."""
    return "".join(
        [
            _ROW_START,
            _PLAIN_HEADER_CELL.format("", "", vanguard_link(row.vanguard)),
            *[_LEVEL_CELLS[level] for level in row.levels],
            _CELL.format(escape(_band_text(row.band))),
            _NUMERIC_CELL.format(escape(row.mean_display or "–")),
            _CELL.format(escape(row.cycle.name if row.cycle else "No agreed assessment yet")),
            _ROW_END,
        ]
    )


def _band_text(band) -> str:
    if band is None:
        return "–"
    return band.label if band.is_moderated else f"{band.label} (own levels)"


# movement_html and band_html are written with f-strings and `ESCAPES` (what format_html
# writes, in one step a value): they are on every row of the movement table. The means and
# the change are digits, a point and a sign: nothing to escape.


def movement_html(movement) -> SafeString:
    """The change with an arrow for a glance and words for everyone: "↑ Up 0.40 since …"."""
    if movement is None:
        return mark_safe("No earlier agreed assessment")
    since = movement.since.name.translate(ESCAPES)
    means = f"(mean level {display_mean(movement.before)} then, {display_mean(movement.now)} now)"
    if movement.direction == "same":
        return mark_safe(f"No change since {since} {means}")  # noqa: S308 - escaped with ESCAPES
    arrow, word = ("↑", "Up") if movement.direction == "up" else ("↓", "Down")
    return mark_safe(  # noqa: S308 - escaped with ESCAPES
        f'<span aria-hidden="true">{arrow} </span>{word} {movement.change_display} since {since}'
        f" {means}"
    )


def band_html(band) -> SafeString:
    if band is None:
        return mark_safe("Not yet assessed")
    label, source = band.label.translate(ESCAPES), band.source_label.translate(ESCAPES)
    cycle = band.cycle.name.translate(ESCAPES)
    return mark_safe(  # noqa: S308 - escaped with ESCAPES
        f"<strong>{label}</strong> (mean {band.mean_display}, from {source} in {cycle})"
    )


# The heatmap and the movement table show this many vanguards a page (nationally there are
# hundreds); the band counts and the calibration are over every vanguard the filters match.
HEATMAP_PAGE_SIZE = 25


# Each page of a kept heatmap's rows drawn (workwell.kept.Drawn): keyed by the rows' list,
# the same object while the heatmap is kept in that order (selectors.results.SORTED).
DRAWN = Drawn(16)


def heatmap_page(results, request) -> dict:
    """The heatmap and the movement table of one page of `results.rows` (in the chosen order)
    and the GOV.UK pagination (none with one page): drawn from the rows and the address
    alone, so kept drawn with the rows."""

    def draw() -> dict:
        page = Paginator(results.rows, HEATMAP_PAGE_SIZE).get_page(request.GET.get("page"))
        shown = dataclasses.replace(results, rows=list(page.object_list))
        query = request.GET.copy()
        query.pop("page", None)  # a new order starts at its first page
        return {
            "heatmap_table": heatmap_table(shown, query=query),
            "movement_table": movement_table(shown),
            "heatmap_pagination": page_pagination(page, request),
        }

    return DRAWN(results.rows, (request.path, request.GET.urlencode()), draw)


def movement_table(results) -> SafeString:
    """Each vanguard's band (saying whether from moderated or self levels) and its movement,
    written straight from the cells (workwell.govuk.table_from_cells)."""
    head = [("Vanguard", False), ("Band", False), ("Movement of mean agreed level", False)]
    vanguard_link = _vanguard_links()
    rows = [
        [vanguard_link(row.vanguard), band_html(row.band), movement_html(row.movement)]
        for row in results.rows
    ]
    return table_from_cells(
        _CAPTION,
        head,
        rows,
        caption_classes=_CAPTION_CLASSES,
        classes=_TABLE_CLASSES,
    )


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "–"
    rounded = value.quantize(Decimal("0.01"))
    return f"+{rounded}" if rounded > 0 else str(rounded).replace("-", "−")


def calibration_table(results) -> dict:
    head = [
        {"text": "Dimension"},
        {"text": "Mean self-assessed level", "format": "numeric"},
        {"text": "Mean moderated level", "format": "numeric"},
        {"text": "Gap (self minus moderated)", "format": "numeric"},
        {"text": "Agreed assessments", "format": "numeric"},
    ]
    rows = [
        [
            {"text": item.dimension.name},
            {"text": display_mean(item.mean_self) or "–", "format": "numeric"},
            {"text": display_mean(item.mean_moderated) or "–", "format": "numeric"},
            {"text": _signed(item.gap), "format": "numeric"},
            {"text": str(item.count), "format": "numeric"},
        ]
        for item in results.calibration
    ]
    return _table("Calibration: self-assessed against moderated levels", head, rows)


def distribution_table(anonymised) -> dict:
    """Per dimension: the vanguard's own level against how many vanguards are at each level
    (just its own levels while too few vanguards are assessed to compare safely)."""
    head = [{"text": "Dimension"}, {"text": "Your level"}]
    if anonymised.comparable:
        head += [{"text": f"Vanguards at level {level}", "format": "numeric"} for level in LEVELS]
        head += [{"text": "National median", "format": "numeric"}]
    rows = []
    for item in anonymised.distributions:
        row = [{"text": item.dimension.name}, {"html": level_tag(item.own_level)}]
        if anonymised.comparable:
            row += [{"text": str(count), "format": "numeric"} for count in item.counts]
            row += [{"text": item.median or "–", "format": "numeric"}]
        rows.append(row)
    caption = "Your latest agreed levels"
    if anonymised.comparable:
        caption += " against every vanguard's"
    return _table(caption, head, rows)


def trend_table(vanguard, trend) -> dict:
    """The trend chart's data: dimensions (and overall) down, cycles across."""
    head = [{"text": "Dimension"}] + [{"text": cycle.name} for cycle in trend.cycles]
    rows = [
        [{"text": row.name}] + [{"text": str(level) if level else "–"} for level in row.levels]
        for row in trend.rows
    ]
    rows.append(
        [{"text": "Overall (mean level)"}]
        + [{"text": display_mean(mean) or "–"} for mean in trend.overall]
    )
    rows.append([{"text": "Band"}] + [{"text": b.label if b else "–"} for b in trend.bands])
    rows.append(
        [{"text": "Levels from"}]
        + [
            {"text": "–" if b is None else "Moderation" if b.is_moderated else "Self-assessment"}
            for b in trend.bands
        ]
    )
    return _table(f"Maturity levels of {vanguard.name} by cycle", head, rows)


def _table(caption: str, head: list, rows: list) -> dict:
    return {
        "caption": caption,
        "captionClasses": _CAPTION_CLASSES,
        "firstCellIsHeader": True,
        "head": head,
        "rows": rows,
        "classes": _TABLE_CLASSES,
    }


_CAPTION = "Bands and movement since the baseline"
_CAPTION_CLASSES, _TABLE_CLASSES = "govuk-table__caption--m", "govuk-table--small-text-until-tablet"


def band_count_items(band_counts: dict[str, int], unbanded: int | None = None) -> list[dict]:
    """Headline counts per band (and of vanguards not yet assessed, when given)."""
    items = [
        {"label": MaturityBand(band).label, "count": count} for band, count in band_counts.items()
    ]
    if unbanded is not None:
        items.append({"label": "Not yet assessed", "count": unbanded})
    return items

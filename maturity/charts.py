"""Maturity results drawn on the server: an inline SVG line chart, and the GOV.UK table params
of the heatmap and the trend, so every chart has the same data in a table beside it.

The charts need no JavaScript, and the Content Security Policy forbids inline scripts and
styles, so the SVG is styled with presentation attributes (fill, stroke) only. Colour is never
the only cue: every heatmap cell shows its level as a number, every point its value.
"""

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from workwell.govuk import render_component
from workwell.models import MaturityBand

from .models import LEVELS
from .selectors.heatmap import BAND, MEAN, VANGUARD, dimension_sort_key
from .selectors.results import display_mean

# GOV.UK tag colours for levels 1 to 5, from weakest to strongest.
LEVEL_COLOURS = {1: "red", 2: "orange", 3: "yellow", 4: "teal", 5: "green"}
NOT_ASSESSED = mark_safe('–<span class="govuk-visually-hidden"> not assessed</span>')

# GOV.UK Frontend palette, for the SVG.
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
GRID = "#b1b4b6"
LINE = "#1d70b8"
FONT = "Arial, sans-serif"


def level_tag(level: int | None) -> SafeString:
    """A level as a coloured GOV.UK tag showing the number, or a dash when not assessed."""
    if level is None:
        return NOT_ASSESSED
    return render_component(
        "tag", {"text": str(level), "classes": f"govuk-tag--{LEVEL_COLOURS[level]}"}
    )


# --- Inline SVG line chart ---------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    value: Decimal
    label: str


def _value_text(value) -> str:
    return display_mean(value) if isinstance(value, Decimal) else str(value)


def _wrap(label: str, width: int) -> list[str]:
    """Split an axis label into lines of at most `width` characters, at spaces."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line][:3]


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: list[str],
    values: list,
    thresholds: tuple[Threshold, ...] = (),
    width: int = 640,
    height: int = 300,
) -> SafeString:
    """An accessible SVG line chart of levels 1 to 5 across `labels`; gaps where a value is
    None. Each point carries its value as text and in a tooltip (<title>)."""
    left, right, top, bottom = 40, 140 if thresholds else 16, 24, 56
    plot_width, plot_height = width - left - right, height - top - bottom
    low, high = min(LEVELS), max(LEVELS)
    slot = plot_width / max(len(labels), 1)

    def x(index):
        return round(left + (index + 0.5) * slot, 1)

    def y(value):
        return round(top + (high - float(value)) / (high - low) * plot_height, 1)

    parts = [
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, description),
    ]
    for level in LEVELS:
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" fill="{}">'
                "{}</text>",
                left,
                left + plot_width,
                y(level),
                y(level),
                GRID,
                left - 8,
                y(level),
                SECONDARY_TEXT,
                level,
            )
        )
    for threshold in thresholds:
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2" '
                'stroke-dasharray="6 4"/><text x="{}" y="{}" dominant-baseline="middle" '
                'fill="{}">{}</text>',
                left,
                left + plot_width,
                y(threshold.value),
                y(threshold.value),
                SECONDARY_TEXT,
                left + plot_width + 6,
                y(threshold.value),
                SECONDARY_TEXT,
                threshold.label,
            )
        )
    line_width = max(int(slot / 7), 8)
    for index, label in enumerate(labels):
        lines = format_html_join(
            "",
            '<tspan x="{}" dy="{}">{}</tspan>',
            (
                (x(index), "0" if n == 0 else "1.2em", text)
                for n, text in enumerate(_wrap(label, line_width))
            ),
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
                x(index),
                top + plot_height + 20,
                TEXT,
                lines,
            )
        )
    parts.extend(_series(values, labels, x, y))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'width="100%" role="img" aria-label="{}" aria-labelledby="{}-title" '
        'aria-describedby="{}-desc" font-family="{}" font-size="14">{}</svg>',
        width,
        height,
        title,
        chart_id,
        chart_id,
        FONT,
        mark_safe("".join(parts)),  # noqa: S308 - every part was built with format_html
    )


def _series(values, labels, x, y) -> list[SafeString]:
    """The line (split where a value is missing), its points, and each value as text."""
    parts, segment = [], []
    for index, value in enumerate([*values, None]):
        if value is not None:
            segment.append(f"{x(index)},{y(value)}")
            continue
        if len(segment) > 1:
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="3"/>',
                    " ".join(segment),
                    LINE,
                )
            )
        segment = []
    for index, value in enumerate(values):
        if value is None:
            continue
        text = _value_text(value)
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="5" fill="{}"><title>{}: {}</title></circle>'
                '<text x="{}" y="{}" text-anchor="middle" fill="{}" font-weight="bold">{}</text>',
                x(index),
                y(value),
                LINE,
                labels[index],
                text,
                x(index),
                y(value) - 10,
                TEXT,
                text,
            )
        )
    return parts


# --- GOV.UK table params -----------------------------------------------------------------


def _vanguard_link(vanguard) -> SafeString:
    return format_html(
        '<a class="govuk-link" href="{}">{}</a>',
        reverse("maturity:vanguard_results", args=[vanguard.slug]),
        vanguard.name,
    )


# Words left out of a dimension's abbreviation: "Data, evaluation and impact" is DEI.
MINOR_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"})


def _abbreviation(name: str) -> str:
    words = [word for word in re.findall(r"[A-Za-z]+", name) if word.lower() not in MINOR_WORDS]
    if len(words) == 1:
        return words[0][:4].capitalize()
    return "".join(word[0] for word in words[:4]).upper()


def dimension_abbreviations(dimensions) -> dict[int, str]:
    """A short heading for each dimension (by pk), unique within `dimensions`: the initials of
    its main words, or the first four letters of a one-word name, numbered when two clash."""
    short = {
        dimension.pk: _abbreviation(dimension.name) or str(dimension.order)
        for dimension in dimensions
    }
    clashes = Counter(short.values())
    return {
        dimension.pk: f"{short[dimension.pk]}{dimension.order}"
        if clashes[short[dimension.pk]] > 1
        else short[dimension.pk]
        for dimension in dimensions
    }


def _sort_header(text, key: str, sort, query: QueryDict, **cell) -> dict:
    """A column header that links to the table sorted by `key`, saying how it is sorted now."""
    params = query.copy()
    params["sort"] = sort.toggled(key).value
    cell["html"] = format_html(
        '<a class="govuk-link app-sort-link" href="?{}#heatmap">{}</a>', params.urlencode(), text
    )
    if sort.key == key:
        cell["attributes"] = {"aria-sort": "descending" if sort.descending else "ascending"}
        cell["classes"] = "app-sorted"
    return cell


def heatmap_cell(level: int | None) -> dict:
    """A heatmap cell filled by level (app-heatmap__cell--N, darker as it rises) that shows the
    level as a number, so the colour is never the only signal."""
    if level is None:
        return {"html": NOT_ASSESSED, "classes": "app-heatmap__cell"}
    return {"text": str(level), "classes": f"app-heatmap__cell app-heatmap__cell--{level}"}


def _band_text(band) -> str:
    if band is None:
        return "–"
    return band.label if band.is_moderated else f"{band.label} (own levels)"


def heatmap_table(results, *, query: QueryDict) -> dict:
    """Vanguards × dimensions, each cell the latest agreed level, filled by level and numbered;
    short dimension headings (expanded in the key, and for screen readers); every column but
    "Agreed in" sorts the table. `query` is the page's query string, kept in the sort links."""
    sort = results.sort
    short = dimension_abbreviations(results.dimensions)
    head = [_sort_header("Vanguard", VANGUARD, sort, query)]
    head += [
        _sort_header(
            format_html(
                '{}<span class="govuk-visually-hidden">: {}</span>',
                short[dimension.pk],
                dimension.name,
            ),
            dimension_sort_key(dimension),
            sort,
            query,
        )
        for dimension in results.dimensions
    ]
    head += [
        _sort_header("Band", BAND, sort, query),
        _sort_header("Mean level", MEAN, sort, query, format="numeric"),
        {"text": "Agreed in"},
    ]
    rows = []
    for row in results.rows:
        cells = [{"html": _vanguard_link(row.vanguard)}]
        cells += [heatmap_cell(level) for level in row.levels]
        cells += [
            {"text": _band_text(row.band)},
            {"text": row.mean_display or "–", "format": "numeric"},
            {"text": row.cycle.name if row.cycle else "No agreed assessment yet"},
        ]
        rows.append(cells)
    table = _table("Latest agreed level by dimension", head, rows)
    table["classes"] += " app-heatmap"
    return table


def movement_html(movement) -> SafeString:
    """The change with an arrow for a glance and words for everyone: "↑ Up 0.40 since …"."""
    if movement is None:
        return format_html("{}", "No earlier agreed assessment")
    means = format_html(
        "(mean level {} then, {} now)", display_mean(movement.before), display_mean(movement.now)
    )
    if movement.direction == "same":
        return format_html("No change since {} {}", movement.since.name, means)
    arrow, word = ("↑", "Up") if movement.direction == "up" else ("↓", "Down")
    return format_html(
        '<span aria-hidden="true">{} </span>{} {} since {} {}',
        arrow,
        word,
        movement.change_display,
        movement.since.name,
        means,
    )


def band_html(band) -> SafeString:
    if band is None:
        return format_html("{}", "Not yet assessed")
    return format_html(
        "<strong>{}</strong> (mean {}, from {} in {})",
        band.label,
        band.mean_display,
        band.source_label,
        band.cycle.name,
    )


def movement_table(results) -> dict:
    """Each vanguard's band (saying whether from moderated or self levels) and its movement."""
    head = [{"text": "Vanguard"}, {"text": "Band"}, {"text": "Movement of mean agreed level"}]
    rows = [
        [
            {"html": _vanguard_link(row.vanguard)},
            {"html": band_html(row.band)},
            {"html": movement_html(row.movement)},
        ]
        for row in results.rows
    ]
    return _table("Bands and movement since the baseline", head, rows)


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


def trend_charts(vanguard, trend) -> dict:
    """The overall chart (with band thresholds) and one small chart per dimension."""
    labels = [cycle.name for cycle in trend.cycles]
    framework = trend.cycles[-1].framework
    overall = line_chart(
        chart_id="trend-overall",
        title=f"Mean maturity level of {vanguard.name} by cycle",
        description=_describe(labels, trend.overall),
        labels=labels,
        values=trend.overall,
        thresholds=(
            Threshold(framework.emerging_below, f"Maturing from {framework.emerging_below}"),
            Threshold(framework.maturing_below, f"Leading from {framework.maturing_below}"),
        ),
    )
    dimensions = [
        {
            "name": row.name,
            "chart": line_chart(
                chart_id=f"trend-dimension-{index}",
                title=f"{row.name}: level by cycle",
                description=_describe(labels, row.levels),
                labels=labels,
                values=row.levels,
                width=420,
                height=240,
            ),
        }
        for index, row in enumerate(trend.rows, start=1)
    ]
    return {"overall": overall, "dimensions": dimensions}


def _describe(labels, values) -> str:
    points = [
        f"{label}: {'not assessed' if value is None else _value_text(value)}"
        for label, value in zip(labels, values, strict=True)
    ]
    return "Level from 1 to 5 in each cycle. " + "; ".join(points) + "."


def _table(caption: str, head: list, rows: list) -> dict:
    return {
        "caption": caption,
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": head,
        "rows": rows,
        "classes": "govuk-table--small-text-until-tablet",
    }


def band_count_items(band_counts: dict[str, int], unbanded: int | None = None) -> list[dict]:
    """Headline counts per band (and of vanguards not yet assessed, when given)."""
    items = [
        {"label": MaturityBand(band).label, "count": count} for band, count in band_counts.items()
    ]
    if unbanded is not None:
        items.append({"label": "Not yet assessed", "count": unbanded})
    return items

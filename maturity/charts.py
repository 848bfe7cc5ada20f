"""Maturity results drawn on the server: an inline SVG line chart of a vanguard's trend, and
the short dimension headings the heatmap uses. The tables with the same numbers (GOV.UK
component params) are built in presenters/results.py.

The charts need no JavaScript, and the Content Security Policy forbids inline scripts and
styles, so the SVG is styled with presentation attributes (fill, stroke) only. Colour is never
the only cue: every heatmap cell shows its level as a number, every point its value.
"""

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .models import LEVELS
from .selectors.results import display_mean

# GOV.UK Frontend palette, for the SVG.
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
GRID = "#b1b4b6"
LINE = "#1d70b8"
FONT = "Arial, sans-serif"


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


# --- Short dimension headings -------------------------------------------------------------


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

"""The dashboards' charts as they were drawn before they were written with f-strings: a
format_html call per element (reporting/charts.py at 6d16535), kept only so that
test_charts_differential.py can compare the two drawings."""

import textwrap

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from reporting.charts import (
    BAR,
    FONT,
    GRID,
    HIGHLIGHT,
    LINE,
    SECONDARY_TEXT,
    SUBTITLE_SIZE,
    TEXT,
    TEXT_SIZE,
    TITLE_SIZE,
    WIDTH,
    number_text,
)


def _text(x, y, content, *, size=TEXT_SIZE, weight="normal", fill=TEXT, anchor="start"):
    return format_html(
        '<text x="{}" y="{}" font-family="{}" font-size="{}" font-weight="{}" fill="{}" '
        'text-anchor="{}">{}</text>',
        round(x, 1),
        round(y, 1),
        FONT,
        size,
        weight,
        fill,
        anchor,
        content,
    )


def _heading(title: str, subtitle: str) -> tuple[list[SafeString], float]:
    """The title (bold) and subtitle lines at the top, and the height they take."""
    parts, y = [], 0
    for line in textwrap.wrap(title, 34):
        y += TITLE_SIZE + 4
        parts.append(_text(0, y, line, size=TITLE_SIZE, weight="bold"))
    y += 2
    for line in textwrap.wrap(subtitle, 44):
        y += SUBTITLE_SIZE + 4
        parts.append(_text(0, y, line, size=SUBTITLE_SIZE, fill=SECONDARY_TEXT))
    return parts, y + 12


def _hatch(chart_id: str) -> SafeString:
    return format_html(
        '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="{}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>',
        chart_id,
        HIGHLIGHT,
    )


def _svg(chart_id: str, title: str, summary: str, height: float, parts) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart__svg" role="img" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'aria-labelledby="{id}-title {id}-desc" id="{id}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{summary}</desc>'
        "{body}</svg>",
        w=WIDTH,
        h=round(height),
        id=chart_id,
        title=title,
        summary=summary,
        body=mark_safe("".join(parts)),  # noqa: S308 (built by format_html above)
    )


def _key(items: list[tuple[str, SafeString]], y: float) -> tuple[list[SafeString], float]:
    """A key of (label, swatch markup at 0,0 in a 16x12 box), one item per line."""
    parts = []
    for label, swatch in items:
        parts.append(format_html('<g transform="translate(0 {})">{}</g>', round(y, 1), swatch))
        parts.append(_text(22, y + 11, label))
        y += 20
    return parts, y + 6


def _bar_swatch(fill: str) -> SafeString:
    return format_html('<rect width="16" height="12" fill="{}"/>', fill)


def _line_swatch(dash: str) -> SafeString:
    return format_html(
        '<line x1="0" y1="6" x2="16" y2="6" stroke="{}" stroke-width="3" stroke-dasharray="{}"/>',
        LINE,
        dash,
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    subtitle: str,
    summary: str,
    bars: list[tuple[str, float | None]],
    unit: str = "count",
    markers: list[float | None] | None = None,
    marker_label: str = "Target",
    highlight: str | None = None,
    highlight_label: str = "",
    scale_max: float | None = None,
    bar_label: str = "Value",
    value_texts: list[str] | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value), each label above its bar and the value
    written after it (or `value_texts`' words for it, e.g. why there is no value);
    `markers` (one per bar, or None) draw a dashed target line across a bar; the bar
    labelled `highlight` is hatched and named in the key."""
    parts, y = _heading(title, subtitle)
    if highlight:
        parts.insert(0, _hatch(chart_id))
    key = [(bar_label, _bar_swatch(BAR))]
    if highlight:
        key.append(
            (
                highlight_label,
                format_html('<rect width="16" height="12" fill="url(#{}-hatch)"/>', chart_id),
            )
        )
    if markers and any(marker is not None for marker in markers):
        key.append((marker_label, _line_swatch("4 3")))
    if len(key) > 1:
        key_parts, y = _key(key, y)
        parts += key_parts
    values = [value or 0 for _, value in bars]
    top = max([scale_max or 0, *values, *[m or 0 for m in markers or []]]) or 1
    label_width = 84  # room after the longest bar for its value
    span = WIDTH - label_width

    def x(value):
        return span * value / top

    for index, (label, value) in enumerate(bars):
        name = label if label != highlight else f"{label} ({highlight_label.lower()})"
        parts.append(_text(0, y + TEXT_SIZE, name))
        y += TEXT_SIZE + 6
        fill = f"url(#{chart_id}-hatch)" if label == highlight else BAR
        width = x(value or 0)
        parts.append(
            format_html(
                '<rect x="0" y="{}" width="{}" height="18" fill="{}"/>', y, round(width, 1), fill
            )
        )
        # No bar, no marker: the words written instead say why (and may name the target).
        marker = markers[index] if markers and value is not None else None
        after = max(width, x(marker) if marker is not None else 0)  # clear of the marker
        if value is None:
            after = -6  # no bar: the words start where it would
        written = value_texts[index] if value_texts else number_text(value, unit)
        parts.append(_text(after + 6, y + 14, written, weight="bold"))
        if marker is not None:
            parts.append(
                format_html(
                    '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{}" stroke-width="3" '
                    'stroke-dasharray="4 3"/>',
                    LINE,
                    x=round(x(marker), 1),
                    y1=round(y - 2, 1),  # clear of the label's descenders above
                    y2=round(y + 22, 1),
                )
            )
        y += 30
    return _svg(chart_id, title, summary, y + 4, parts)


def trend_chart(
    *,
    chart_id: str,
    title: str,
    subtitle: str,
    summary: str,
    labels: list[str],
    bars: list[float],
    bar_label: str,
    line: list[float] | None = None,
    line_label: str = "",
    target: float | None = None,
    target_label: str = "",
    unit: str = "count",
) -> SafeString:
    """Columns by quarter (`labels`, written "Q1" over "2025/26"), each with its value above;
    an optional dashed line (e.g. the trajectory) with square points, and an optional dotted
    horizontal line for a target. Every line is named in the key."""
    parts, y = _heading(title, subtitle)
    key = [(bar_label, _bar_swatch(BAR))]
    if line:
        key.append((line_label, _line_swatch("6 3")))
    if target is not None:
        key.append((f"{target_label}: {number_text(target, unit)}", _line_swatch("2 3")))
    key_parts, y = _key(key, y)
    parts += key_parts
    top = max([*bars, *(line or []), target or 0]) or 1
    plot_top, plot_height = y + 18, 200
    base = plot_top + plot_height
    left = 4
    slot = (WIDTH - left) / max(len(bars), 1)

    def y_of(value):
        return base - plot_height * value / top

    parts.append(
        format_html(
            '<line x1="0" y1="{y}" x2="{w}" y2="{y}" stroke="{}" stroke-width="1"/>',
            GRID,
            y=round(base, 1),
            w=WIDTH,
        )
    )
    value_size = min(11, round(slot / 4.2))
    label_size = min(TEXT_SIZE, round(slot / 3.2))
    for index, value in enumerate(bars):
        x = left + index * slot
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                round(x + slot * 0.15, 1),
                round(y_of(value), 1),
                round(slot * 0.7, 1),
                round(base - y_of(value), 1),
                BAR,
            )
        )
        parts.append(
            _text(
                x + slot / 2,
                y_of(value) - 4,
                number_text(value, unit),
                size=value_size,
                weight="bold",
                anchor="middle",
            )
        )
        year, _, quarter = labels[index].partition(" ")
        parts.append(
            _text(x + slot / 2, base + 16, quarter or year, size=label_size, anchor="middle")
        )
        if quarter and (index == 0 or quarter == "Q1"):  # the year once, where it starts
            parts.append(_text(x + 2, base + 31, year, size=11, anchor="start"))
    if line:
        points = " ".join(
            f"{round(left + (i + 0.5) * slot, 1)},{round(y_of(v), 1)}" for i, v in enumerate(line)
        )
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="3" '
                'stroke-dasharray="6 3"/>',
                points,
                LINE,
            )
        )
        parts.append(
            format_html_join(
                "",
                '<rect x="{}" y="{}" width="7" height="7" fill="{}"/>',
                (
                    (round(left + (i + 0.5) * slot - 3.5, 1), round(y_of(v) - 3.5, 1), LINE)
                    for i, v in enumerate(line)
                ),
            )
        )
    if target is not None:
        parts.append(
            format_html(
                '<line x1="0" y1="{y}" x2="{w}" y2="{y}" stroke="{}" stroke-width="2" '
                'stroke-dasharray="2 3"/>',
                LINE,
                y=round(y_of(target), 1),
                w=WIDTH,
            )
        )
    return _svg(chart_id, title, summary, base + 40, parts)

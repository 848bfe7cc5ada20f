"""The dashboards' charts, drawn on the server as SVG: the same markup in the page and in the
PDF reports (WeasyPrint), so presentation attributes only (no CSS, no CSS variables, no
foreignObject, fonts by family name) and no JavaScript.

Every chart takes plain numbers and returns its SVG: a title stating the main message and a
subtitle saying what is measured, drawn at the top; role="img" named by <title> and described
by <desc> (the text summary); a viewBox so it scales down to 320px wide with text still
readable; and never colour alone: every bar carries its value as text, lines are dashed or
dotted and named in a key, and a highlighted bar is hatched and labelled. The tables with the
same numbers sit beside each chart (reporting/presenters/dashboard.py).

The markup is written with f-strings, each untrusted string escaped once (`_escape`, as
format_html escapes its arguments): a national chart has hundreds of elements, and a
format_html call per element was most of the cost of drawing a dashboard.
(tests/reporting/test_charts_differential.py compares the output with the format_html
drawing it replaced.)"""

import html
import textwrap
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe

# GOV.UK Frontend colours (all at least 4.5:1 on white, except the light bar fill, which
# always has its value printed beside it in text colour).
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
GRID = "#b1b4b6"
BAR = "#1d70b8"
HIGHLIGHT = "#0b3a66"
LINE = "#d4351c"
FONT = "Arial, sans-serif"

WIDTH = 320  # viewBox units: drawn 1:1 on a 320px screen, so 14-unit text is 12px or more
TITLE_SIZE, SUBTITLE_SIZE, TEXT_SIZE = 16, 13, 14


def number_text(value, unit: str = "count") -> str:
    """A value as the charts and tables write it: 1,234, 61.8% or £1,310,012."""
    if value is None:
        return "No data"
    if unit == "percent":
        return f"{value:g}%"
    if unit == "pounds":
        return f"£{round(value):,}"
    return f"{round(value):,}"


def _escape(value) -> str:
    """One untrusted value escaped as format_html escapes each argument (conditional_escape):
    markup that is already safe as it is, anything else through html.escape. Numbers the
    charts format themselves need no escaping and are written as they are."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _text(x, y, content: str, *, size=TEXT_SIZE, weight="normal", fill=TEXT, anchor="start"):
    """A <text> element; `content` already escaped."""
    return (
        f'<text x="{round(x, 1)}" y="{round(y, 1)}" font-family="{FONT}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">{content}</text>'
    )


@lru_cache(maxsize=256)
def _wrapped(text: str, width: int) -> tuple[str, ...]:
    """A title or subtitle's lines, escaped (titles repeat from request to request)."""
    return tuple(_escape(line) for line in textwrap.wrap(text, width))


def _heading(title: str, subtitle: str) -> tuple[list[str], float]:
    """The title (bold) and subtitle lines at the top, and the height they take."""
    parts, y = [], 0
    for line in _wrapped(str(title), 34):
        y += TITLE_SIZE + 4
        parts.append(_text(0, y, line, size=TITLE_SIZE, weight="bold"))
    y += 2
    for line in _wrapped(str(subtitle), 44):
        y += SUBTITLE_SIZE + 4
        parts.append(_text(0, y, line, size=SUBTITLE_SIZE, fill=SECONDARY_TEXT))
    return parts, y + 12


def _hatch(chart_id: str) -> str:
    return (
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{HIGHLIGHT}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>'
    )


def _svg(chart_id: str, title, summary, height: float, parts: list[str]) -> SafeString:
    """The chart: `chart_id` escaped, `parts` markup written by this module."""
    return mark_safe(  # noqa: S308 (every value in it escaped here or by _escape above)
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart__svg" role="img" '
        f'viewBox="0 0 {WIDTH} {round(height)}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">'
        f'<title id="{chart_id}-title">{_escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{_escape(summary)}</desc>{"".join(parts)}</svg>'
    )


def _key(items: list[tuple[str, str]], y: float) -> tuple[list[str], float]:
    """A key of (label, swatch markup at 0,0 in a 16x12 box), one item per line."""
    parts = []
    for label, swatch in items:
        parts.append(f'<g transform="translate(0 {round(y, 1)})">{swatch}</g>')
        parts.append(_text(22, y + 11, _escape(label)))
        y += 20
    return parts, y + 6


def _bar_swatch(fill: str) -> str:
    return f'<rect width="16" height="12" fill="{fill}"/>'


def _line_swatch(dash: str) -> str:
    return (
        f'<line x1="0" y1="6" x2="16" y2="6" stroke="{LINE}" stroke-width="3" '
        f'stroke-dasharray="{dash}"/>'
    )


# The same for every chart: built once per process.
BAR_SWATCH = _bar_swatch(BAR)
TARGET_SWATCH, TRAJECTORY_SWATCH, TARGET_LEVEL_SWATCH = map(_line_swatch, ("4 3", "6 3", "2 3"))


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
    chart_id = _escape(chart_id)
    hatched = f"url(#{chart_id}-hatch)"
    parts, y = _heading(title, subtitle)
    if highlight:
        parts.insert(0, _hatch(chart_id))
    key = [(bar_label, BAR_SWATCH)]
    if highlight:
        key.append((highlight_label, _bar_swatch(hatched)))
    if markers and any(marker is not None for marker in markers):
        key.append((marker_label, TARGET_SWATCH))
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
        parts.append(_text(0, y + TEXT_SIZE, _escape(name)))
        y += TEXT_SIZE + 6
        fill = hatched if label == highlight else BAR
        width = x(value or 0)
        parts.append(f'<rect x="0" y="{y}" width="{round(width, 1)}" height="18" fill="{fill}"/>')
        # No bar, no marker: the words written instead say why (and may name the target).
        marker = markers[index] if markers and value is not None else None
        after = max(width, x(marker) if marker is not None else 0)  # clear of the marker
        if value is None:
            after = -6  # no bar: the words start where it would
        written = value_texts[index] if value_texts else number_text(value, unit)
        parts.append(_text(after + 6, y + 14, _escape(written), weight="bold"))
        if marker is not None:
            at = round(x(marker), 1)
            parts.append(
                f'<line x1="{at}" y1="{round(y - 2, 1)}" x2="{at}" y2="{round(y + 22, 1)}" '
                f'stroke="{LINE}" stroke-width="3" stroke-dasharray="4 3"/>'
                # y1 clear of the label's descenders above
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
    chart_id = _escape(chart_id)
    parts, y = _heading(title, subtitle)
    key = [(bar_label, BAR_SWATCH)]
    if line:
        key.append((line_label, TRAJECTORY_SWATCH))
    if target is not None:
        key.append((f"{target_label}: {number_text(target, unit)}", TARGET_LEVEL_SWATCH))
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
        f'<line x1="0" y1="{round(base, 1)}" x2="{WIDTH}" y2="{round(base, 1)}" '
        f'stroke="{GRID}" stroke-width="1"/>'
    )
    value_size = min(11, round(slot / 4.2))
    label_size = min(TEXT_SIZE, round(slot / 3.2))
    for index, value in enumerate(bars):
        x = left + index * slot
        parts.append(
            f'<rect x="{round(x + slot * 0.15, 1)}" y="{round(y_of(value), 1)}" '
            f'width="{round(slot * 0.7, 1)}" height="{round(base - y_of(value), 1)}" '
            f'fill="{BAR}"/>'
        )
        parts.append(
            _text(
                x + slot / 2,
                y_of(value) - 4,
                _escape(number_text(value, unit)),
                size=value_size,
                weight="bold",
                anchor="middle",
            )
        )
        year, _, quarter = labels[index].partition(" ")
        parts.append(
            _text(
                x + slot / 2, base + 16, _escape(quarter or year), size=label_size, anchor="middle"
            )
        )
        if quarter and (index == 0 or quarter == "Q1"):  # the year once, where it starts
            parts.append(_text(x + 2, base + 31, _escape(year), size=11, anchor="start"))
    if line:
        points = " ".join(
            f"{round(left + (i + 0.5) * slot, 1)},{round(y_of(v), 1)}" for i, v in enumerate(line)
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="3" '
            'stroke-dasharray="6 3"/>'
        )
        parts += [
            f'<rect x="{round(left + (i + 0.5) * slot - 3.5, 1)}" '
            f'y="{round(y_of(v) - 3.5, 1)}" width="7" height="7" fill="{LINE}"/>'
            for i, v in enumerate(line)
        ]
    if target is not None:
        at = round(y_of(target), 1)
        parts.append(
            f'<line x1="0" y1="{at}" x2="{WIDTH}" y2="{at}" stroke="{LINE}" stroke-width="2" '
            'stroke-dasharray="2 3"/>'
        )
    return _svg(chart_id, title, summary, base + 40, parts)

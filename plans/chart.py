"""A plan's timeline, drawn on the server as SVG (no JavaScript): one row per dated activity,
a bar for a range or a quarter and a diamond for a target date, against financial quarters,
with today marked by a dashed line. Never colour alone: each row names its activity and its
status in words, overdue rows are also marked "overdue", and done bars are solid while others
are outlined. Activities that wait on a condition have no place on a time axis: the page lists
them apart. The table with the same data sits beside the chart (templates/plans/plan.html)."""

import datetime

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from workwell.dates import Quarter, govuk_date

from .models import Activity

WIDTH = 320  # viewBox units: about 1:1 on a 320px screen, so 11-unit text stays readable
LABEL_WIDTH = 112
PLOT_LEFT, PLOT_RIGHT = LABEL_WIDTH, WIDTH - 4
ROW, AXIS = 34, 44
INK, MUTED, GRID, FILL = "#0b0c0c", "#505a5f", "#b1b4b6", "#1d70b8"
FONT = "Arial, sans-serif"


def _text(x, y, words, size=14, fill=INK, anchor="start", weight="normal") -> SafeString:
    return format_html(
        '<text x="{}" y="{}" font-family="{}" font-size="{}" fill="{}" text-anchor="{}" '
        'font-weight="{}">{}</text>',
        round(x, 1),
        round(y, 1),
        FONT,
        size,
        fill,
        anchor,
        weight,
        words,
    )


def status_words(activity: Activity, today: datetime.date) -> str:
    words = activity.current_status_label
    return f"{words}, overdue" if activity.is_overdue(today) else words


def summary(activities: list[Activity], today: datetime.date) -> str:
    """The chart's main message in words (its <desc>, and the line above it)."""
    dated = [a for a in activities if not a.is_conditional]
    overdue = sum(1 for a in activities if a.is_overdue(today))
    at_risk = sum(1 for a in activities if a.is_at_risk)
    done = sum(1 for a in activities if a.current_status == Activity.Status.DONE)
    waiting = len(activities) - len(dated)
    have = "has" if len(dated) == 1 else "have"
    wait = "waits" if waiting == 1 else "wait"
    return (
        f"{len(activities)} activit{'y' if len(activities) == 1 else 'ies'}: {done} done, "
        f"{overdue} overdue and {at_risk} at risk. {len(dated)} {have} a date, range or "
        f"quarter and {'is' if len(dated) == 1 else 'are'} drawn on the timeline; {waiting} "
        f"{wait} on a condition and {'is' if waiting == 1 else 'are'} listed below it."
    )


def _span(activity: Activity) -> tuple[datetime.date, datetime.date | None]:
    """First and last day drawn; None as the end for an open range ("onwards")."""
    return activity.starts, activity.deadline


def timeline_svg(activities: list[Activity], *, today: datetime.date, chart_id: str) -> str:
    """The SVG for the activities that have a date, range or quarter (empty if none)."""
    dated = [a for a in activities if not a.is_conditional]
    if not dated:
        return ""
    first = min([_span(a)[0] for a in dated] + [today])
    last = max([end or start for start, end in map(_span, dated)] + [today])
    quarters = [Quarter.containing(first)]
    while quarters[-1].end < last:
        quarters.append(quarters[-1].next())
    origin, finish = quarters[0].start, quarters[-1].end + datetime.timedelta(days=1)
    scale = (PLOT_RIGHT - PLOT_LEFT) / (finish - origin).days

    def x(day: datetime.date) -> float:
        return PLOT_LEFT + (day - origin).days * scale

    parts = []
    height = AXIS + ROW * len(dated) + 8
    # Quarters: a grid line at each start, the quarter's number, and the year at Q1 (or first).
    for index, quarter in enumerate(quarters):
        left = x(quarter.start)
        parts.append(
            format_html(
                '<line x1="{0}" y1="16" x2="{0}" y2="{1}" stroke="{2}" stroke-width="1"/>',
                round(left, 1),
                height - 4,
                GRID,
            )
        )
        if len(quarters) <= 10 or quarter.number in (1, 3):
            parts.append(_text(left + 2, 38, f"Q{quarter.number}", size=11, fill=MUTED))
        # The year at each Q1, and at the start when there is room before the next Q1.
        if quarter.number == 1 or (index == 0 and quarter.number <= 2):
            parts.append(_text(left + 2, 24, quarter.financial_year, size=11, fill=MUTED))
    # Rows.
    for row, activity in enumerate(dated):
        top = AXIS + row * ROW
        start, end = _span(activity)
        # Its number, and its status in words beneath (never colour alone).
        parts.append(
            _text(
                0, top + 13, f"{activity.theme.position}.{activity.number}", size=12, weight="bold"
            )
        )
        parts.append(_text(0, top + 27, status_words(activity, today), size=11))
        done = activity.current_status == Activity.Status.DONE
        fill = FILL if done else "#ffffff"
        if activity.timeline == Activity.Timeline.DATE:
            centre, middle = x(end), top + 14
            parts.append(
                format_html(
                    '<polygon points="{},{} {},{} {},{} {},{}" fill="{}" stroke="{}" '
                    'stroke-width="2"/>',
                    round(centre, 1),
                    middle - 8,
                    round(centre + 8, 1),
                    middle,
                    round(centre, 1),
                    middle + 8,
                    round(centre - 8, 1),
                    middle,
                    fill,
                    FILL,
                )
            )
        else:
            right = x(end + datetime.timedelta(days=1)) if end else PLOT_RIGHT
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="16" fill="{}" stroke="{}" '
                    'stroke-width="2"/>',
                    round(x(start), 1),
                    top + 6,
                    round(max(right - x(start), 3), 1),
                    fill,
                    FILL,
                )
            )
            if end is None:
                parts.append(_text(PLOT_RIGHT - 2, top + 19, "onwards →", size=11, anchor="end"))
    # Today.
    now = x(today)
    parts.append(
        format_html(
            '<line x1="{0}" y1="40" x2="{0}" y2="{1}" stroke="{2}" stroke-width="2" '
            'stroke-dasharray="4 3"/>',
            round(now, 1),
            height - 2,
            INK,
        )
    )
    anchor = "end" if now > WIDTH - 60 else "start"
    parts.append(
        _text(
            now + (-3 if anchor == "end" else 3), 12, "Today", size=12, anchor=anchor, weight="bold"
        )
    )
    title = f"Timeline of dated activities to {govuk_date(today)}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" aria-labelledby="{id}-title {id}-desc" id="{id}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        id=chart_id,
        title=title,
        desc=summary(activities, today),
        body=mark_safe("".join(parts)),  # noqa: S308 (each part built by format_html)
    )

"""Display-only shaping of an event's agenda and "what we heard" (no queries)."""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from workwell.dates import govuk_time
from workwell.markdown import render_markdown

from ..models import AgendaItem, Event, WhatWeHeard
from ..services.agenda import item_start


@dataclass(frozen=True)
class AgendaLine:
    item: AgendaItem
    time: str  # "10:10am", or "" for an item without a set time
    length: str  # "35 minutes", or ""

    @property
    def timing(self) -> str:
        """10:10am (35 minutes); 10:10am; 35 minutes."""
        if self.time and self.length:
            return f"{self.time} ({self.length})"
        return self.time or self.length


def minutes_text(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def agenda_lines(event: Event, items: list[AgendaItem]) -> list[AgendaLine]:
    lines = []
    for item in items:
        start = item_start(event, item)
        lines.append(
            AgendaLine(
                item=item,
                time=govuk_time(start) if start else "",
                length=minutes_text(item.minutes),
            )
        )
    return lines


def agenda_text(event: Event, items: list[AgendaItem]) -> str:
    """The agenda as plain lines, for a calendar entry's description."""
    rows = []
    for line in agenda_lines(event, items):
        lead = f" ({line.item.lead})" if line.item.lead else ""
        timing = f"{line.timing}: " if line.timing else ""
        rows.append(f"{timing}{line.item.title}{lead}")
    return "Agenda:\n" + "\n".join(rows) if rows else ""


def key_points_html(record: WhatWeHeard) -> SafeString:
    return render_markdown(record.key_points)

"""Network events as iCalendar (RFC 5545), through the `icalendar` library: one event's .ics
file and each person's private feed of the events they have a place at.

Each event keeps one UID for life and a SEQUENCE that goes up when its time or place changes,
so calendar programs update the entry they already hold. Times are written in Europe/London
with its VTIMEZONE, so an event stays at 10am across the clocks changing.
"""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from .models import Event
from .presenters.agenda import agenda_text

LONDON = "Europe/London"
PRODUCT = "-//WorkWell National Support Portal//Learning and Change Network//EN"


def event_uid(event: Event) -> str:
    return f"{event.uid}@workwell-portal"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", LONDON)
    calendar.add_component(Timezone.from_tzid(LONDON))
    return calendar


def _entry(event: Event, *, with_place: bool, base_url: str) -> CalendarEvent:
    """One VEVENT. The venue or the joining link only when `with_place` (the reader has a
    place, or organises the event)."""
    london = ZoneInfo(LONDON)
    page = base_url + reverse("learning:event_detail", args=[event.pk])
    entry = CalendarEvent()
    entry.add("uid", event_uid(event))
    # No METHOD, so DTSTAMP is when the entry was last revised (RFC 5545 3.8.7.2), in UTC.
    entry.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    entry.add("sequence", event.sequence)
    entry.add("dtstart", event.starts_at.astimezone(london))
    entry.add("dtend", event.ends_at.astimezone(london))
    entry.add("summary", event.title)
    entry.add("categories", [event.get_kind_display()])
    entry.add("url", page)
    details = [f"{event.get_kind_display()} of the WorkWell Learning and Change Network.", page]
    if with_place:
        if event.is_online:
            if event.joining_link:
                entry.add("location", event.joining_link)
                details.insert(1, f"Join online: {event.joining_link}")
            else:
                entry.add("location", "Online")
        else:
            entry.add("location", event.venue)
    else:
        entry.add("location", "Online" if event.is_online else "In person")
    # The agenda from the event's prefetched items (the .ics view and the feed prefetch them).
    agenda = agenda_text(event, list(event.agenda_items.all()))
    if agenda:
        details.append(agenda)
    entry.add("description", "\n\n".join(details))
    return entry


def _base_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/")


def event_ics(event: Event, *, with_place: bool) -> bytes:
    """The .ics file of one event."""
    calendar = _calendar(event.title)
    calendar.add_component(_entry(event, with_place=with_place, base_url=_base_url()))
    return calendar.to_ical()


def feed_ics(events: Iterable[Event]) -> bytes:
    """A person's feed: every event they have a place at, with its place."""
    calendar = _calendar("WorkWell network events")
    base_url = _base_url()
    for event in events:
        calendar.add_component(_entry(event, with_place=True, base_url=base_url))
    return calendar.to_ical()

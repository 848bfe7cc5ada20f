"""Reads for an event's agenda and "what we heard": the event page fetches the agenda with the
event (one prefetch query however many items) and the key points with it (a join)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vanguards import permissions
from workwell.models import User

from ..models import AgendaItem, Event, WhatWeHeard


def agenda_of(*, event: Event) -> list[AgendaItem]:
    """The event's agenda in order (from the prefetch `event_for_user` made)."""
    return list(event.agenda_items.all())


def agenda_item_of(*, event: Event, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("event"), event=event, pk=pk)


def what_we_heard_for(*, user: User, event: Event) -> WhatWeHeard | None:
    """The event's key points if the user may read them (drafts only for organisers)."""
    record = getattr(event, "what_we_heard", None)  # joined by event_for_user
    if record is None or not permissions.can_read_what_we_heard(user, record):
        return None
    return record


def changes_led_to(*, user: User, event: Event) -> QuerySet:
    """The published "you said, we did" entries that name this event, as far as the user may
    see them (the feedback app's model, reached through its reverse relation: learning does
    not import feedback)."""
    entries = event.changes_made.filter(published_on__isnull=False)
    return permissions.you_said_visible_to(user, entries).order_by("-published_on", "-pk")

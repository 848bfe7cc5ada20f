"""Writes for an event's agenda and its "what we heard".

Every change to an agenda locks the event's row first, so two organisers editing the same
agenda run one after the other and positions stay unique. After each change the whole agenda
is checked (`_check_agenda`): every time within the event, and the times never going backwards
down the list; a change that would break that is refused with a message saying how to fix it.
"""

import datetime

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from workwell.dates import govuk_datetime, govuk_time
from workwell.models import User
from workwell.queueing import queue_after_commit

from ..models import AgendaItem, Event, Registration, WhatWeHeard, WhatWeHeardSent
from .events import EventError, _base_url, _check_organiser, _locked

ITEM_FIELDS = ("title", "lead", "kind", "starts_at", "minutes")
UP, DOWN = "up", "down"


def item_start(event: Event, item: AgendaItem) -> datetime.datetime | None:
    """When the item starts: its time of day on the event's first day, in UK time."""
    if item.starts_at is None:
        return None
    day = timezone.localtime(event.starts_at).date()
    return timezone.make_aware(datetime.datetime.combine(day, item.starts_at))


def _check_item(event: Event, item: AgendaItem) -> None:
    start = item_start(event, item)
    begins, ends = govuk_time(event.starts_at), govuk_time(event.ends_at)
    if start is not None:
        if start < event.starts_at:
            raise EventError(
                f"The start time must be {begins} or later: the event starts at {begins}",
                "starts_at",
            )
        if start >= event.ends_at:
            raise EventError(
                f"The start time must be before {ends}: the event ends at {ends}", "starts_at"
            )
        if item.minutes and start + datetime.timedelta(minutes=item.minutes) > event.ends_at:
            latest = (event.ends_at - start).total_seconds() // 60
            raise EventError(
                f"This item would run past the end of the event at {ends}: make it "
                f"{int(latest)} minutes or shorter, or start it earlier",
                "minutes",
            )
    elif item.minutes and item.minutes * 60 > (event.ends_at - event.starts_at).total_seconds():
        raise EventError("The item is longer than the event: make it shorter", "minutes")


def _check_order(event: Event, items: list[AgendaItem], changed: AgendaItem | None) -> None:
    """Times never go backwards down the agenda. The message names the item out of order."""
    previous = None
    for item in items:
        if item.starts_at is None:
            continue
        if previous is not None and item.starts_at < previous.starts_at:
            earlier, later = (
                govuk_time(item_start(event, item)),
                govuk_time(item_start(event, previous)),
            )
            if changed is not None and changed.pk in (None, item.pk):
                raise EventError(
                    f"The start time must be {later} or later, because “{previous.title}” "
                    f"above it starts at {later}. Give a later time, or add the item and "
                    "then move it up",
                    "starts_at",
                )
            raise EventError(
                f"“{item.title}” ({earlier}) would come after “{previous.title}” ({later}): "
                "agenda times must go in order. Change the times first, then move the item"
            )
        previous = item


def _agenda_of(event: Event) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(event=event).order_by("position", "pk"))


def _check_agenda(event: Event, items: list[AgendaItem], changed: AgendaItem | None) -> None:
    if changed is not None:
        _check_item(event, changed)
    _check_order(event, items, changed)


def _filled(item: AgendaItem, data: dict) -> AgendaItem:
    for field in ITEM_FIELDS:
        setattr(item, field, data.get(field))
    item.lead = (item.lead or "").strip()
    item.title = (item.title or "").strip()
    return item


def agenda_item_add(*, event: Event, organiser: User, data: dict) -> AgendaItem:
    """Add an item at the end of the agenda."""
    _check_organiser(organiser)
    with transaction.atomic():
        event = _locked(event)
        last = AgendaItem.objects.filter(event=event).aggregate(last=Max("position"))["last"]
        item = _filled(AgendaItem(event=event, position=(last or 0) + 1), data)
        _check_agenda(event, [*_agenda_of(event), item], item)
        item.save()
    return item


def agenda_item_change(*, item: AgendaItem, organiser: User, data: dict) -> AgendaItem:
    """Change an item's topic, lead, kind, time or length; it keeps its place."""
    _check_organiser(organiser)
    with transaction.atomic():
        event = _locked(item.event)
        _filled(item, data)
        items = [item if other.pk == item.pk else other for other in _agenda_of(event)]
        _check_agenda(event, items, item)
        item.save()
    return item


def agenda_item_remove(*, item: AgendaItem, organiser: User) -> None:
    _check_organiser(organiser)
    with transaction.atomic():
        _locked(item.event)
        item.delete()


def agenda_item_move(*, item: AgendaItem, organiser: User, direction: str) -> None:
    """Swap the item with the one above (up) or below (down) it."""
    _check_organiser(organiser)
    with transaction.atomic():
        event = _locked(item.event)
        items = _agenda_of(event)
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        other_index = index - 1 if direction == UP else index + 1
        if direction not in (UP, DOWN) or not 0 <= other_index < len(items):
            raise EventError(f"“{item.title}” is already at the {'top' if index == 0 else 'end'}")
        mine, other = items[index], items[other_index]
        items[index], items[other_index] = other, mine
        _check_order(event, items, None)
        # Through a free position, so the unique (event, position) holds at every step.
        first, second = mine.position, other.position
        AgendaItem.objects.filter(pk=mine.pk).update(position=0)
        AgendaItem.objects.filter(pk=other.pk).update(position=first)
        AgendaItem.objects.filter(pk=mine.pk).update(position=second)


# --- What we heard ---------------------------------------------------------------------------


def _check_over(event: Event, now: datetime.datetime) -> None:
    if event.ends_at > now:
        raise EventError(
            "You can publish what we heard once the event is over: it ends "
            f"{govuk_datetime(event.ends_at)}"
        )


def what_we_heard_save(*, event: Event, organiser: User, key_points: str) -> WhatWeHeard:
    """Write or change the key points (a published record stays published; no new email)."""
    _check_organiser(organiser)
    if not key_points.strip():
        raise EventError("Enter the key points you heard", "key_points")
    with transaction.atomic():
        _locked(event)
        record, _ = WhatWeHeard.objects.update_or_create(
            event=event, defaults={"key_points": key_points.strip(), "written_by": organiser}
        )
    return record


def what_we_heard_publish(*, event: Event, organiser: User, now=None) -> WhatWeHeard:
    """Publish the key points once the event is over, and email the attendees (once)."""
    _check_organiser(organiser)
    now = now or timezone.now()
    _check_over(event, now)
    with transaction.atomic():
        _locked(event)
        record = WhatWeHeard.objects.filter(event=event).first()
        if record is None:
            raise EventError("Write the key points before publishing them", "key_points")
        if record.published_at is None:
            record.published_at = now
            record.save(update_fields=["published_at", "updated_at"])
        _queue_emails(record.pk)
    return record


def _queue_emails(what_we_heard_id: int) -> None:
    from ..tasks import send_what_we_heard_emails  # tasks import services: imported when needed

    queue_after_commit(send_what_we_heard_emails, what_we_heard_id)


def what_we_heard_recipients(*, record: WhatWeHeard) -> list[User]:
    """The attendees: people with a place who were not recorded as absent."""
    places = Registration.objects.filter(
        event=record.event_id, status=Registration.Status.REGISTERED, person__is_active=True
    ).exclude(attended=False)
    return [place.person for place in places.select_related("person").order_by("pk")]


def what_we_heard_emails_send(*, what_we_heard_id: int) -> int:
    """Email each attendee the published key points, once: their unique row is claimed before
    the email goes and rolled back if sending fails, so a second run sends nothing twice."""
    record = (
        WhatWeHeard.objects.select_related("event")
        .filter(pk=what_we_heard_id, published_at__isnull=False)
        .first()
    )
    if record is None:
        return 0
    sent = 0
    context = {"event": record.event, "record": record, "base_url": _base_url()}
    for person in what_we_heard_recipients(record=record):
        try:
            with transaction.atomic():
                WhatWeHeardSent.objects.create(what_we_heard=record, person=person)
                send_mail(
                    subject=f"What we heard: {record.event.title}",
                    message=render_to_string(
                        "learning/events/email/what_we_heard.txt", {**context, "person": person}
                    ),
                    from_email=None,
                    recipient_list=[person.email],
                )
        except IntegrityError:
            continue  # already sent to this person
        sent += 1
    return sent

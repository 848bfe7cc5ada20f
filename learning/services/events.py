"""Writes for the Learning and Change Network's events: organising, registering, the waiting
list, attendance, feedback, materials, calendar feeds and reminders.

Every service that changes who has a place locks the event's row first (`_locked`), so two
registrations, or a cancellation and a registration, for the same event run one after the
other: the count of places taken that each one reads is then the true count, capacity is never
exceeded, and the waiting list is served strictly in order.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from vanguards import permissions
from workwell.errors import ServiceError
from workwell.models import User
from workwell.queueing import queue_after_commit
from workwell.uploads import display_name

from ..models import CalendarFeed, Event, EventFeedback, EventMaterial, Registration
from ..models.events import new_feed_token

REGISTERED = Registration.Status.REGISTERED
WAITING = Registration.Status.WAITING
CANCELLED = Registration.Status.CANCELLED

# A change to any of these is a change to the calendar entry: SEQUENCE goes up.
TIME_AND_PLACE = ("starts_at", "ends_at", "format", "venue", "joining_link")
EVENT_FIELDS = (
    "title",
    "kind",
    "description",
    "capacity",
    "audience",
    "cohort_group",
    *TIME_AND_PLACE,
)
# Reminders go this long before an event starts.
REMINDER_LEAD = datetime.timedelta(days=2)


class EventError(ServiceError):
    """A rule about events was broken; the message is safe to show to the user."""


def _locked(event: Event) -> Event:
    """The event's row, locked until the transaction ends (see the module docstring)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _places_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status=REGISTERED).count()


def _check_organiser(user: User) -> None:
    if not permissions.can_organise_events(user):
        raise EventError("Only the learning team can organise network events.")


# --- Organising ------------------------------------------------------------------------


def _check_event_data(data: dict) -> None:
    if data["ends_at"] <= data["starts_at"]:
        raise EventError("The end time must be after the start time", "end_time")
    if data["format"] == Event.Format.IN_PERSON and not data.get("venue", "").strip():
        raise EventError("Enter the venue of an in-person event", "venue")
    if data["audience"] == Event.Audience.COHORT_GROUP and data.get("cohort_group") is None:
        raise EventError("Select the cohort group the event is for", "cohort_group")


def event_save(*, organiser: User, data: dict, event: Event | None = None) -> Event:
    """Create an event, or change one. Moving it or changing its place bumps its SEQUENCE;
    more places promote people from the waiting list; fewer places than people already
    registered is refused."""
    _check_organiser(organiser)
    data = {field: data.get(field) for field in EVENT_FIELDS}
    data["venue"] = (data["venue"] or "").strip()
    data["joining_link"] = data["joining_link"] or ""
    if data["audience"] != Event.Audience.COHORT_GROUP:
        data["cohort_group"] = None
    _check_event_data(data)
    with transaction.atomic():
        if event is None:
            event = Event(created_by=organiser, **data)
        else:
            event = _locked(event)
            taken = _places_taken(event)
            if data["capacity"] < taken:
                raise EventError(
                    f"{taken} people already have a place, so the capacity cannot be less "
                    f"than {taken}",
                    "capacity",
                )
            if any(getattr(event, field) != data[field] for field in TIME_AND_PLACE):
                event.sequence += 1
            for field, value in data.items():
                setattr(event, field, value)
        event._history_user = organiser
        event.save()
        _promote_waiting(event)
    return event


# --- Registering, cancelling and the waiting list ---------------------------------------


def _check_open(event: Event, now: datetime.datetime) -> None:
    if event.starts_at <= now:
        raise EventError("This event has already started, so places can no longer change.")


def event_register(*, event: Event, person: User) -> Registration:
    """Give `person` a place, or a place on the waiting list when the event is full."""
    if not permissions.can_view_event(person, event):
        raise EventError("You cannot register for this event.")
    now = timezone.now()
    with transaction.atomic():
        event = _locked(event)
        _check_open(event, now)
        registration = Registration.objects.filter(event=event, person=person).first()
        if registration is not None and registration.status == REGISTERED:
            raise EventError("You are already registered for this event.")
        if registration is not None and registration.status == WAITING:
            raise EventError("You are already on the waiting list for this event.")
        # Any free place goes to the people already waiting before anyone new.
        _promote_waiting(event)
        registration = registration or Registration(event=event, person=person)
        if _places_taken(event) < event.capacity:
            registration.status, registration.waiting_since = REGISTERED, None
        else:
            registration.status, registration.waiting_since = WAITING, now
        registration.attended = None
        registration.reminder_sent_at = None
        registration.save()
    return registration


def event_cancel_registration(*, event: Event, person: User) -> Registration:
    """Give up a place (or leave the waiting list); a freed place goes at once to the first
    person waiting, who is emailed when the change is committed."""
    now = timezone.now()
    with transaction.atomic():
        event = _locked(event)
        registration = (
            Registration.objects.filter(event=event, person=person)
            .exclude(status=CANCELLED)
            .first()
        )
        if registration is None:
            raise EventError("You are not registered for this event.")
        _check_open(event, now)
        registration.status, registration.waiting_since = CANCELLED, None
        registration.save()
        _promote_waiting(event)
    return registration


def _promote_waiting(event: Event) -> list[Registration]:
    """Fill free places from the waiting list, first come first served. The caller holds the
    event's lock."""
    free = event.capacity - _places_taken(event)
    if free <= 0:
        return []
    queue = list(
        Registration.objects.filter(event=event, status=WAITING).order_by("waiting_since", "pk")[
            :free
        ]
    )
    for registration in queue:
        registration.status = REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        _queue_promotion_email(registration.pk)
    return queue


def _queue_promotion_email(registration_id: int) -> None:
    from ..tasks import send_promotion_email  # tasks import services: imported when needed

    queue_after_commit(send_promotion_email, registration_id)


def _base_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/")


def promotion_email_send(*, registration_id: int) -> bool:
    """Tell someone promoted from the waiting list that they have a place."""
    registration = (
        Registration.objects.select_related("event", "person").filter(pk=registration_id).first()
    )
    if registration is None or registration.status != REGISTERED:
        return False  # cancelled again before the email went
    _send(registration, "promoted", f"You have a place: {registration.event.title}")
    return True


def _send(registration: Registration, template: str, subject: str) -> None:
    context = {"registration": registration, "event": registration.event, "base_url": _base_url()}
    send_mail(
        subject=subject,
        message=render_to_string(f"learning/events/email/{template}.txt", context),
        from_email=None,
        recipient_list=[registration.person.email],
    )


# --- After the event: attendance and feedback --------------------------------------------


def event_attendance_record(*, event: Event, organiser: User, attended_ids: set[int]) -> int:
    """Mark who came (the registrations in `attended_ids`) and who did not (the rest)."""
    _check_organiser(organiser)
    with transaction.atomic():
        event = _locked(event)
        if event.starts_at > timezone.now():
            raise EventError("You can record attendance once the event has started.")
        places = Registration.objects.filter(event=event, status=REGISTERED)
        came = places.filter(pk__in=attended_ids).update(attended=True)
        places.exclude(pk__in=attended_ids).update(attended=False)
    return came


def may_give_feedback(
    *, event: Event, registration: Registration | None, given: bool, now=None
) -> bool:
    """Attendees give feedback once the event is over: people with a place who were not
    recorded as absent, once each."""
    now = now or timezone.now()
    return (
        not given
        and registration is not None
        and registration.status == REGISTERED
        and registration.attended is not False
        and event.ends_at <= now
    )


def event_feedback_submit(
    *, event: Event, person: User, usefulness: int, comment: str = ""
) -> EventFeedback:
    """Record an attendee's feedback on an event, once."""
    registration = Registration.objects.filter(event=event, person=person).first()
    given = EventFeedback.objects.filter(event=event, person=person).exists()
    if given:
        raise EventError("You have already given feedback on this event.")
    if not may_give_feedback(event=event, registration=registration, given=False):
        raise EventError("Only people who attended can give feedback, once the event is over.")
    if not 1 <= usefulness <= 5:
        raise EventError("Select how useful the event was, from 1 to 5", "usefulness")
    try:
        with transaction.atomic():
            return EventFeedback.objects.create(
                event=event, person=person, usefulness=usefulness, comment=comment.strip()
            )
    except IntegrityError as error:  # a second submission racing the first
        raise EventError("You have already given feedback on this event.") from error


# --- Materials -----------------------------------------------------------------------------


def event_material_add(
    *, event: Event, organiser: User, title: str, file=None, link: str = ""
) -> EventMaterial:
    """Add slides, a recording or notes: a file (already validated by the upload rule) or a
    link, never both."""
    _check_organiser(organiser)
    if bool(file) == bool(link):
        raise EventError("Choose a file or enter a link, not both", "file" if file else "link")
    material = EventMaterial(event=event, title=title.strip(), link=link, added_by=organiser)
    if file:
        material.file = file
        material.file_name = display_name(file.name)
    material.save()
    return material


def event_material_remove(*, material: EventMaterial, organiser: User) -> None:
    _check_organiser(organiser)
    if material.file:
        material.file.delete(save=False)
    material.delete()


# --- Calendar feeds and reminders ----------------------------------------------------------


def calendar_feed_for(*, person: User) -> CalendarFeed:
    """The person's private calendar feed, made the first time they ask for it."""
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed


def calendar_feed_renew(*, person: User) -> CalendarFeed:
    """A new address for the person's feed; the old one stops working at once."""
    feed, _ = CalendarFeed.objects.update_or_create(
        person=person, defaults={"token": new_feed_token()}
    )
    return feed


def event_reminders_due(*, now: datetime.datetime) -> list[int]:
    """Places at events starting within the next two days whose reminder has not gone."""
    return list(
        Registration.objects.filter(
            status=REGISTERED,
            reminder_sent_at__isnull=True,
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_LEAD,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def event_reminder_send(*, registration_id: int, now: datetime.datetime) -> bool:
    """Send one reminder unless it has gone. The claim is a conditional update on the row's own
    columns: a second run, or a second beat at the same moment, waits for the first's row lock,
    then finds the reminder claimed and updates nothing. A failed send rolls the claim back."""
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration_id, status=REGISTERED, reminder_sent_at__isnull=True
        ).update(reminder_sent_at=now)
        if claimed != 1:
            return False
        registration = Registration.objects.select_related("event", "person").get(
            pk=registration_id
        )
        _send(registration, "reminder", f"Reminder: {registration.event.title}")
    return True


def event_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Send every reminder due; how many went."""
    now = now or timezone.now()
    return sum(
        event_reminder_send(registration_id=pk, now=now) for pk in event_reminders_due(now=now)
    )

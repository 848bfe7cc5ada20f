"""Reads for the network's events. Each list query carries what its rows show (places taken,
people waiting, the reader's own registration) as annotations, so a page costs the same
number of queries however many events there are."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from vanguards import permissions
from workwell.models import User

from ..models import AgendaItem, CalendarFeed, Event, EventFeedback, EventMaterial, Registration

UPCOMING, PAST = "upcoming", "past"


def _with_places(events: QuerySet, user: User) -> QuerySet:
    """Events with places taken, people waiting and the user's own registration status (one
    event's page; the list reads them for its page's rows with `places_at`)."""
    mine = Registration.objects.filter(event=OuterRef("pk"), person=user.pk).exclude(
        status=Registration.Status.CANCELLED
    )
    return events.annotate(
        places_taken=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
        ),
        waiting_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
        ),
        my_status=Subquery(mine.values("status")[:1]),
    )


# `places_at`'s statement: the same counts as `_with_places`, for a page of events at once,
# written once rather than built and compiled by the ORM on every request (three subqueries:
# a fifth of the events list's Python calls). The user's own row is at most one (a person
# registers once per event: `registration_once_per_event`), so `max` picks it.
PLACES = (
    "SELECT event_id,"
    " count(*) FILTER (WHERE status = %s),"
    " count(*) FILTER (WHERE status = %s),"
    " max(status) FILTER (WHERE person_id = %s AND status <> %s)"
    ' FROM "learning_registration" WHERE event_id = ANY(%s) GROUP BY event_id'
)
NO_PLACES = (0, 0, None)


def places_at(*, user: User, event_ids) -> dict[int, tuple[int, int, str | None]]:
    """Places taken, people waiting and the user's own registration status (None when they have
    none, or cancelled it) at each of the events, by id: one query. An event no one has
    registered for is left out (`NO_PLACES`)."""
    event_ids = list(event_ids)
    if not event_ids:
        return {}
    Status = Registration.Status
    with connection.cursor() as cursor:
        cursor.execute(
            PLACES, [Status.REGISTERED, Status.WAITING, user.pk, Status.CANCELLED, event_ids]
        )
        return {event_id: tuple(places) for event_id, *places in cursor.fetchall()}


def events_listed(*, user: User, when: str = UPCOMING) -> QuerySet[Event]:
    """Events the user may see, upcoming (soonest first) or past (latest first), with the
    columns the list shows (their places: `places_at`, for the page's rows)."""
    now = timezone.now()
    events = permissions.events_visible_to(user, Event.objects.all())
    if when == PAST:
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        events = events.filter(ends_at__gt=now).order_by("starts_at", "pk")
    fields = ("pk", "title", "kind", "starts_at", "ends_at", "format", "venue", "capacity")
    fields += ("audience", "cohort_group__name")
    return events.select_related("cohort_group").only(*fields)


def event_for_user(*, user: User, pk: int) -> Event:
    """One event the user may see (404 otherwise), with its places, materials, agenda and
    "what we heard" (joined)."""
    events = _with_places(
        Event.objects.select_related("cohort_group", "what_we_heard"), user
    ).prefetch_related(
        Prefetch("materials", queryset=EventMaterial.objects.order_by("added_at", "pk")),
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "pk")),
    )
    return permissions.get_event_or_404(user, events, pk)


@dataclass(frozen=True)
class Place:
    """The reader's standing at one event."""

    registration: Registration | None
    feedback_given: bool

    @property
    def status(self) -> str | None:
        registration = self.registration
        if registration is None or registration.status == Registration.Status.CANCELLED:
            return None
        return registration.status

    @property
    def registered(self) -> bool:
        return self.status == Registration.Status.REGISTERED

    @property
    def waiting(self) -> bool:
        return self.status == Registration.Status.WAITING


def place_of(*, event: Event, user: User) -> Place:
    registration = Registration.objects.filter(event=event, person=user).first()
    given = EventFeedback.objects.filter(event=event, person=user).exists()
    return Place(registration=registration, feedback_given=given)


def waiting_position(*, registration: Registration) -> int:
    """1 for the first person waiting."""
    return (
        Registration.objects.filter(
            event=registration.event_id,
            status=Registration.Status.WAITING,
        )
        .filter(
            Q(waiting_since__lt=registration.waiting_since)
            | Q(waiting_since=registration.waiting_since, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def registrations_for_event(*, event: Event) -> QuerySet[Registration]:
    """Everyone registered or waiting, with their vanguard (for the attendance list and export)."""
    return (
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("person", "person__vanguard_membership__vanguard")
        .order_by("status", "waiting_since", "person__full_name", "pk")
    )


def events_in_feed(*, person: User) -> QuerySet[Event]:
    """The events `person` has a place at, for their calendar feed (still visible to them)."""
    events = Event.objects.filter(
        registrations__person=person, registrations__status=Registration.Status.REGISTERED
    )
    events = events.prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "pk"))
    )
    return permissions.events_visible_to(person, events).order_by("starts_at", "pk")


def calendar_feed_owner(*, token: str) -> User | None:
    """Whose private feed `token` opens: an active person's, or nobody's."""
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    return feed.person if feed and feed.person.is_active else None


def feedback_for_event(*, event: Event) -> dict:
    """How many gave feedback and their average usefulness (organisers' view)."""
    return EventFeedback.objects.filter(event=event).aggregate(
        responses=Count("pk"), average=Avg("usefulness")
    )

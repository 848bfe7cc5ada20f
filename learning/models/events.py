"""The Learning and Change Network: events, who registered for them, what they thought, and
the private calendar feed each person subscribes to."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from vanguards.models import CohortGroup
from workwell.uploads import generated_name


class Event(models.Model):
    """A network event, webinar, podcast episode, cohort session or workshop."""

    class Kind(models.TextChoices):
        NETWORK_EVENT = "network_event", "Network event"
        WEBINAR = "webinar", "Webinar"
        PODCAST = "podcast", "Podcast episode"
        COHORT_SESSION = "cohort_session", "Cohort session"
        WORKSHOP = "workshop", "Workshop"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"

    # The values are the ones vanguards.permissions writes its audience rules against.
    class Audience(models.TextChoices):
        ALL = "all", "Everyone in the network"
        COHORT_GROUP = "cohort_group", "One cohort group"
        NST = "nst", "National Support Team only"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    format = models.CharField(max_length=10, choices=Format.choices)
    venue = models.CharField(max_length=300, blank=True)
    # Shown only to people registered and to organisers (vanguards.permissions).
    joining_link = models.URLField(max_length=500, blank=True)
    capacity = models.PositiveIntegerField()
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.ALL)
    cohort_group = models.ForeignKey(
        CohortGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField(help_text="Markdown")
    # RFC 5545: the UID never changes; SEQUENCE goes up when the time or place does, so
    # calendars replace their copy rather than keep the old one.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"], name="event_starts_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
            # A cohort group's event names its group; no other audience has one.
            models.CheckConstraint(
                condition=Q(audience="cohort_group", cohort_group__isnull=False)
                | (~Q(audience="cohort_group") & Q(cohort_group__isnull=True)),
                name="event_cohort_group_iff_group_audience",
            ),
            models.CheckConstraint(
                condition=~Q(format="in_person") | ~Q(venue=""), name="event_in_person_has_venue"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_online(self) -> bool:
        return self.format == self.Format.ONLINE


class EventMaterial(models.Model):
    """Slides, recordings and notes of an event: a stored file or a link (often FutureNHS)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=generated_name, blank=True)
    file_name = models.CharField(max_length=200, blank=True)  # the name it was uploaded as
    link = models.URLField(max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="event_material_file_or_link",
            )
        ]

    def __str__(self):
        return self.title


class Registration(models.Model):
    """One person's place (or place in the queue) at one event. Cancelling keeps the row, so
    registering again reuses it and nobody can hold two."""

    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    # The waiting list is served in the order people joined it.
    waiting_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # None until the organisers record attendance; then True (came) or False (did not).
    attended = models.BooleanField(null=True, blank=True)
    # Claimed by the reminder task with a conditional update, so it goes once.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="registration_once_per_event"),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_since__isnull=False),
                name="registration_waiting_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "waiting_since"], name="registration_queue"),
        ]

    def __str__(self):
        return f"{self.person} at {self.event} ({self.get_status_display()})"


class EventFeedback(models.Model):
    """An attendee's view of an event: how useful (1 to 5) and a comment. One each per event;
    the feedback pages sum these."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feedback"
    )
    usefulness = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="event_feedback_once"),
            models.CheckConstraint(
                condition=Q(usefulness__gte=1, usefulness__lte=5),
                name="event_feedback_usefulness_1_to_5",
            ),
        ]

    def __str__(self):
        return f"Feedback from {self.person} on {self.event}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar address: the token is the only key (calendar apps send no
    session), so it is long and random, and replacing it cuts off the old address."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Calendar feed of {self.person}"

"""What happens at a network event and what came out of it: the agenda (ordered items with a
time or a length, a topic, a lead and a kind, as `greenwich-market-engagement.txt` sets one out)
and, afterwards, "what we heard": the key points captured from the session, published to the
people who came."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .events import Event


class AgendaItem(models.Model):
    """One line of an event's agenda. `starts_at` is a time of day on the event's first day;
    an item may have a time, a length in minutes, or both, never neither."""

    class Kind(models.TextChoices):
        TALK = "talk", "Talk"
        EXERCISE = "exercise", "Exercise"
        DISCUSSION = "discussion", "Discussion"
        FEEDBACK = "feedback", "Feedback"
        BREAK = "break", "Break"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField()
    starts_at = models.TimeField(null=True, blank=True)
    minutes = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300)
    lead = models.CharField(max_length=200, blank=True)  # in words: people or an organisation
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.TALK)

    class Meta:
        ordering = ["event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="agenda_item_position"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=False) | Q(minutes__isnull=False),
                name="agenda_item_time_or_length",
            ),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=1),
                name="agenda_item_minutes_positive",
            ),
        ]

    def __str__(self):
        return self.title


class WhatWeHeard(models.Model):
    """The key points from an event (Markdown), written by its organisers after it ends and
    published once; published points are shown on the event page."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="what_we_heard")
    key_points = models.TextField(help_text="Markdown")
    published_at = models.DateTimeField(null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "what we heard"

    def __str__(self):
        return f"What we heard at {self.event}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class WhatWeHeardSent(models.Model):
    """One attendee's email about published key points: the unique row is claimed before the
    email goes, so nobody gets it twice however often the task runs."""

    what_we_heard = models.ForeignKey(WhatWeHeard, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["what_we_heard", "person"], name="what_we_heard_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.what_we_heard} sent to {self.person}"

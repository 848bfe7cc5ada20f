"""Delivery plans: each vanguard's plan of key activities (Thurrock's "Summary/Outline of Key
Activities and Dates" is the model) and the NST's programme plan in the same shape, by the three
phases of the service delivery model. Timelines are kept as the plan words them: a target date
(to the day or to the month), a date range, a financial quarter, or a condition in words with an
optional latest date. A date the plan does not have is never made up."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from vanguards.models import Vanguard
from workwell.dates import Quarter, govuk_date
from workwell.errors import ServiceError

# The phases of the NST's own plan (service-delivery-model.txt): the programme plan's themes.
PROGRAMME_PHASES = (
    "Strategic planning and service design",
    "Implementation and delivery",
    "Learning and dissemination",
)


# Fields an activity form or an import row may set.
ACTIVITY_FIELDS = (
    "description",
    "lead",
    "dependencies",
    "timeline",
    "precision",
    "target_date",
    "starts_on",
    "ends_on",
    "quarter_year",
    "quarter_number",
    "condition",
    "latest_date",
    "timeline_note",
    "toolkit_version",
    "event",
)


class PlanError(ServiceError):
    """A rule about delivery plans was broken; the message is safe to show to the user."""


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_words(day: datetime.date) -> str:
    return day.strftime("%B %Y")


class Plan(models.Model):
    """A vanguard's delivery plan, or (no vanguard) the programme plan kept by the NST."""

    class Kind(models.TextChoices):
        VANGUARD = "vanguard", "Delivery plan"
        PROGRAMME = "programme", "Programme plan"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.VANGUARD)
    vanguard = models.OneToOneField(
        Vanguard, on_delete=models.CASCADE, null=True, blank=True, related_name="delivery_plan"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "vanguard__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="vanguard", vanguard__isnull=False)
                | Q(kind="programme", vanguard__isnull=True),
                name="plan_vanguard_iff_vanguard_plan",
            ),
            # One programme plan.
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="programme"), name="plan_one_programme_plan"
            ),
        ]

    def __str__(self):
        if self.is_programme:
            return "Programme plan"
        return f"{self.vanguard} delivery plan"

    @property
    def is_programme(self) -> bool:
        return self.kind == self.Kind.PROGRAMME


class Theme(models.Model):
    """A heading of the plan ("Provider development / market readiness"); in order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="plan_theme_position_once"),
        ]

    def __str__(self):
        return f"Theme {self.position}: {self.title}"


class Activity(models.Model):
    """A numbered key activity (or, on the programme plan, a milestone) under a theme."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        AT_RISK = "at_risk", "At risk"
        DROPPED = "dropped", "Dropped"

    # Finished with: never overdue.
    CLOSED = (Status.DONE, Status.DROPPED)

    class Timeline(models.TextChoices):
        DATE = "date", "A target date"
        RANGE = "range", "A date range"
        QUARTER = "quarter", "A financial quarter"
        CONDITION = "condition", "When something happens"

    class Precision(models.TextChoices):
        DAY = "day", "A day"
        MONTH = "month", "A month"

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="activities")
    number = models.PositiveSmallIntegerField()
    description = models.TextField("action")
    lead = models.CharField(
        max_length=300, help_text="A person, or a team or organisation, in words."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    dropped_reason = models.TextField("why it was dropped", blank=True)
    dependencies = models.TextField("dependencies", blank=True)

    timeline = models.CharField(max_length=10, choices=Timeline.choices)
    # How precise the dates below are: "June 2023" is a month, stored as 1 June 2023 with
    # MONTH, and shown and judged (overdue at the end of June) as a month.
    precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    target_date = models.DateField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    # Empty for "September 2024 onwards".
    ends_on = models.DateField(null=True, blank=True)
    quarter_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year the financial year starts in."
    )
    quarter_number = models.PositiveSmallIntegerField(null=True, blank=True)
    condition = models.CharField(max_length=300, blank=True)
    latest_date = models.DateField(null=True, blank=True)
    # Words the plan adds to its timeline ("there should be a robust evaluation …").
    timeline_note = models.CharField(max_length=500, blank=True)

    # Programme plan milestones: the record that delivers them (derived status, see below).
    toolkit_version = models.ForeignKey(
        "learning.ToolkitVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_milestones",
    )
    event = models.ForeignKey(
        "learning.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_milestones",
        verbose_name="network event",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme__position", "number"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(fields=["theme", "number"], name="plan_activity_number_once"),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="plan_activity_dropped_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(timeline="date") | Q(target_date__isnull=False),
                name="plan_activity_date_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(timeline="range") | Q(starts_on__isnull=False),
                name="plan_activity_range_has_start",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="plan_activity_range_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(timeline="quarter")
                | Q(quarter_year__isnull=False, quarter_number__gte=1, quarter_number__lte=4),
                name="plan_activity_quarter_has_quarter",
            ),
            models.CheckConstraint(
                condition=~Q(timeline="condition") | ~Q(condition=""),
                name="plan_activity_condition_has_words",
            ),
        ]

    def __str__(self):
        return f"{self.theme.position}.{self.number} {self.description[:60]}"

    def clean(self):
        errors = {}
        if self.status == self.Status.DROPPED and not self.dropped_reason.strip():
            errors["dropped_reason"] = "Enter why the activity was dropped"
        if self.timeline == self.Timeline.DATE and not self.target_date:
            errors["target_date"] = "Enter the target date"
        if self.timeline == self.Timeline.RANGE:
            if not self.starts_on:
                errors["starts_on"] = "Enter when the activity starts"
            elif self.ends_on and self.ends_on < self.starts_on:
                errors["ends_on"] = "The end must be the same as or after the start"
        if self.timeline == self.Timeline.QUARTER and not (
            self.quarter_year and self.quarter_number in (1, 2, 3, 4)
        ):
            errors["quarter_year"] = "Choose the financial quarter"
        if self.timeline == self.Timeline.CONDITION and not self.condition.strip():
            errors["condition"] = "Enter the condition, for example “When the post is filled”"
        if errors:
            raise ValidationError(errors)

    # --- the timeline, honestly -------------------------------------------------------

    @property
    def quarter(self) -> Quarter | None:
        if self.timeline != self.Timeline.QUARTER:
            return None
        return Quarter(self.quarter_year, self.quarter_number)

    def _as_words(self, day: datetime.date) -> str:
        return month_words(day) if self.precision == self.Precision.MONTH else govuk_date(day)

    def _last_day(self, day: datetime.date) -> datetime.date:
        return month_end(day) if self.precision == self.Precision.MONTH else day

    @property
    def timeline_words(self) -> str:
        """The timeline as the plan says it: "June 2023", "September 2024 to March 2025"."""
        kind = self.timeline
        if kind == self.Timeline.DATE:
            words = self._as_words(self.target_date)
        elif kind == self.Timeline.RANGE:
            start = self._as_words(self.starts_on)
            words = (
                f"{start} to {self._as_words(self.ends_on)}"
                if self.ends_on
                else (f"{start} onwards")
            )
        elif kind == self.Timeline.QUARTER:
            words = str(self.quarter)
        else:
            words = self.condition
            if self.latest_date:
                words = f"{words} (by {self._as_words(self.latest_date)} at the latest)"
        return f"{words} – {self.timeline_note}" if self.timeline_note else words

    @property
    def starts(self) -> datetime.date | None:
        """The first day the timeline covers (None for a condition)."""
        if self.timeline == self.Timeline.DATE:
            return self.target_date
        if self.timeline == self.Timeline.RANGE:
            return self.starts_on
        if self.timeline == self.Timeline.QUARTER:
            return self.quarter.start
        return None

    @property
    def deadline(self) -> datetime.date | None:
        """The last day by which it should be done, or None when the plan gives none."""
        if self.timeline == self.Timeline.DATE:
            return self._last_day(self.target_date)
        if self.timeline == self.Timeline.RANGE:
            return self._last_day(self.ends_on) if self.ends_on else None
        if self.timeline == self.Timeline.QUARTER:
            return self.quarter.end
        return self._last_day(self.latest_date) if self.latest_date else None

    @property
    def is_conditional(self) -> bool:
        return self.timeline == self.Timeline.CONDITION

    # --- status, derived for milestones ------------------------------------------------

    @property
    def linked_record(self):
        return self.toolkit_version or self.event

    @property
    def delivered(self) -> bool:
        """A milestone linked to a toolkit version is delivered once that version is published
        (or since superseded); one linked to a network event once the event has ended."""
        if self.toolkit_version_id and self.toolkit_version.status in self.toolkit_version.LOCKED:
            return True
        return bool(self.event_id and self.event.ends_at <= timezone.now())

    @property
    def current_status(self) -> str:
        """The stored status, or done once the linked record is delivered: read, never copied."""
        return self.Status.DONE if self.delivered else self.status

    @property
    def current_status_label(self) -> str:
        return self.Status(self.current_status).label

    def is_overdue(self, today: datetime.date) -> bool:
        deadline = self.deadline
        return deadline is not None and deadline < today and self.current_status not in self.CLOSED

    @property
    def is_at_risk(self) -> bool:
        return self.current_status == self.Status.AT_RISK


class PlanComment(models.Model):
    """A comment on a plan, or on one activity of it: by the RM or the NST, or by the
    vanguard's members answering them."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Comment by {self.author} on {self.plan}"

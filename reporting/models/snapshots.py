"""Quarterly snapshots: the dashboards' figures of a closed quarter, frozen, so what was reported
to a board never changes silently. A rebuild adds a revision; a snapshot never changes again:
the model refuses it (save, delete, and QuerySet update/delete), not only the services.

A snapshot is built by a Celery task from a `SnapshotBuild` (the request, which the admins'
page polls): the build is claimed with a conditional update, so a task delivered twice, or
requests made at once, make one revision."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from workwell.dates import Quarter
from workwell.errors import ServiceError


class SnapshotError(ServiceError):
    """A snapshot could not be requested or built; the message is safe to show."""


class SnapshotLocked(SnapshotError):
    """A snapshot was asked to change or go: it is the record of what was reported."""


class QuarterlySnapshotQuerySet(models.QuerySet):
    # Bulk updates and deletes bypass save() and delete(): refuse them too.
    def update(self, **kwargs):
        raise SnapshotLocked("A quarterly snapshot cannot be changed.")

    def delete(self):
        raise SnapshotLocked("A quarterly snapshot cannot be deleted.")

    def of(self, quarter: Quarter):
        return self.filter(year=quarter.year, number=quarter.number)


class QuarterlySnapshot(models.Model):
    """One revision of a closed quarter's figures (reporting.selectors.dashboard's JSON), with
    the returns it read, so a later revision can say which late or corrected return moved a
    figure."""

    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    number = models.PositiveSmallIntegerField(help_text="The quarter, 1 to 4.")
    revision = models.PositiveSmallIntegerField()
    built_at = models.DateTimeField(default=timezone.now)
    # Empty when beat built it on schedule.
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    figures = models.JSONField(help_text="dashboard_figures(quarter) when it was built.")
    # [{"id", "vanguard", "quarter", "status", "history_id", "updated_at", "digest"}]: every
    # received return the figures summed (this quarter's and earlier ones', for the to-date
    # figures), with its latest history row and a digest of its strands' figures.
    returns_read = models.JSONField(default=list)

    objects = QuarterlySnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number", "-revision"]
        constraints = [
            # Two builds racing for the next revision: one of them wins it.
            models.UniqueConstraint(
                fields=["year", "number", "revision"], name="quarterly_snapshot_revision_once"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="quarterly_snapshot_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(revision__gte=1), name="quarterly_snapshot_revision_from_1"
            ),
        ]

    def __str__(self):
        return f"{self.quarter} snapshot, revision {self.revision}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SnapshotLocked(f"The {self} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SnapshotLocked(f"The {self} cannot be deleted.")

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, self.number)


class SnapshotBuild(models.Model):
    """A request for a quarter's snapshot (an admin's, or beat's once the returns are due),
    and how its build is going. One may be open (queued or building) per quarter at a time."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        BUILDING = "building", "Being built"
        DONE = "done", "Built"
        FAILED = "failed", "Failed"

    OPEN = (Status.QUEUED, Status.BUILDING)

    year = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Beat's builds make the quarter's first snapshot only; an admin's always make a revision.
    scheduled = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.ForeignKey(
        QuarterlySnapshot, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # Two admins (or an admin and beat) asking at once share one build.
            models.UniqueConstraint(
                fields=["year", "number"],
                condition=Q(status__in=["queued", "building"]),
                name="snapshot_build_one_open_per_quarter",
            ),
        ]

    def __str__(self):
        return f"{self.quarter} snapshot build ({self.get_status_display()})"

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, self.number)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

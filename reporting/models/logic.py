"""A vanguard's logic model (support package §3.5): inputs, activities, outputs, outcomes and
impact, each a short list. The RM drafts it from discovery, the vanguard refines it, and once
agreed a version never changes: the next round starts a new draft copied from it, as the
maturity framework's versions do. Outputs and outcomes may name a measure of the quarterly
return, so the dashboard shows them with their latest figure."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from vanguards.models import Vanguard
from workwell.errors import ServiceError

from ..measures import BY_KEY

# The per-vanguard counts and shares of the quarterly return an output or outcome can name:
# what the vanguard itself reports, not targets, money or the programme's own workings.
LINKABLE_MEASURES = [
    BY_KEY[key]
    for key in (
        "starts_quarter",
        "starts_to_date",
        "completions_to_date",
        "starts_in_work_to_date",
        "in_work_share",
        "remained_in_work_to_date",
        "entered_work_to_date",
        "satisfaction_responses_to_date",
        "satisfied_to_date",
        "satisfied_share",
    )
]
MEASURE_CHOICES = [(measure.key, measure.label) for measure in LINKABLE_MEASURES]


class LogicModelError(ServiceError):
    """A rule of logic models was broken; the message is safe to show to the user."""


class LogicModelLocked(LogicModelError):
    """An agreed version, or one of its items, was asked to change or go."""


AGREED = "agreed"


class LogicModelVersionQuerySet(models.QuerySet):
    # Bulk updates and deletes bypass save() and delete(): refuse them when a row is agreed.
    def update(self, **kwargs):
        if self.filter(status=AGREED).exists():
            raise LogicModelLocked("An agreed logic model version cannot be changed.")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=AGREED).exists():
            raise LogicModelLocked("An agreed logic model version cannot be deleted.")
        return super().delete()


class LogicModelVersion(models.Model):
    """One version of a vanguard's logic model: a draft being refined, or agreed (final)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"

    vanguard = models.ForeignKey(Vanguard, on_delete=models.CASCADE, related_name="logic_models")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = LogicModelVersionQuerySet.as_manager()

    class Meta:
        ordering = ["vanguard", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["vanguard", "number"], name="logic_version_number"),
            # One draft at a time: the RM and the vanguard refine the same one.
            models.UniqueConstraint(
                fields=["vanguard"], condition=Q(status="draft"), name="logic_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(agreed_at__isnull=False),
                name="logic_agreed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.vanguard} logic model version {self.number}"

    def save(self, *args, **kwargs):
        stored = self._stored()
        if stored and stored["status"] == AGREED:
            changed = [
                field.attname
                for field in self._meta.concrete_fields
                if stored[field.attname] != getattr(self, field.attname)
            ]
            if changed:
                raise LogicModelLocked(f"Version {stored['number']} is agreed and cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = self._stored()
        if stored and stored["status"] == AGREED:
            raise LogicModelLocked(f"Version {stored['number']} is agreed and cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def _stored(self) -> dict | None:
        if self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).values().first()


def _refuse_agreed(version_ids) -> None:
    """Refuse a write to items of any of these versions that is agreed (one query)."""
    ids = set(version_ids) - {None}
    if ids and LogicModelVersion._base_manager.filter(pk__in=ids, status=AGREED).exists():
        raise LogicModelLocked("The items of an agreed logic model version cannot change.")


class LogicItemQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.filter(version__status=AGREED).exists():
            raise LogicModelLocked("The items of an agreed logic model version cannot change.")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(version__status=AGREED).exists():
            raise LogicModelLocked("The items of an agreed logic model version cannot change.")
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _refuse_agreed(obj.version_id for obj in objs)
        return super().bulk_create(objs, *args, **kwargs)


class LogicItem(models.Model):
    """One entry in a column of the diagram."""

    class Column(models.TextChoices):
        INPUTS = "inputs", "Inputs"
        ACTIVITIES = "activities", "Activities"
        OUTPUTS = "outputs", "Outputs"
        OUTCOMES = "outcomes", "Outcomes"
        IMPACT = "impact", "Impact"

    version = models.ForeignKey(LogicModelVersion, on_delete=models.CASCADE, related_name="items")
    column = models.CharField(max_length=12, choices=Column.choices)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    measure_key = models.CharField(
        "measure", max_length=40, blank=True, choices=MEASURE_CHOICES, default=""
    )

    history = HistoricalRecords()
    objects = LogicItemQuerySet.as_manager()

    class Meta:
        ordering = ["version", "column", "position", "pk"]
        constraints = [
            # Only outputs and outcomes are counted by the quarterly return.
            models.CheckConstraint(
                condition=Q(measure_key="") | Q(column__in=["outputs", "outcomes"]),
                name="logic_measure_on_outputs_outcomes",
            ),
        ]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self._check_unlocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_unlocked()
        return super().delete(*args, **kwargs)

    def _check_unlocked(self) -> None:
        """Neither the version it is in nor (when moved) the one it was in may be agreed."""
        stored = None
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("version", flat=True)
            stored = stored.first()
        _refuse_agreed({self.version_id, stored})

    @property
    def measure(self):
        return BY_KEY.get(self.measure_key)


# Columns that may name a measure.
MEASURED_COLUMNS = (LogicItem.Column.OUTPUTS, LogicItem.Column.OUTCOMES)


class LogicComment(models.Model):
    """A comment by the RM or the vanguard on a version (agreed ones too: they feed the next)."""

    version = models.ForeignKey(
        LogicModelVersion, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "created_at", "pk"]

    def __str__(self):
        return f"Comment by {self.author} on {self.version}"

"""The WorkWell toolkit: quarterly versions (0.1, 0.2 … 1.0) of tools, templates and guides.

A version moves draft → consultation → published → superseded. Once published it is the
record of what the programme told vanguards, so it never changes again: the models refuse it
(save, delete, and QuerySet update/delete), not only the forms. The one change allowed is the
move from published to superseded, made by the publishing service when a newer one appears.
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from maturity.models import Dimension
from vanguards.models import SupportOffer
from workwell.dates import Quarter
from workwell.errors import ServiceError
from workwell.models import ProgrammeTheme
from workwell.uploads import display_name, generated_name

# "0.1", "1.0", "2.13": no leading zeros, so each number is written one way only.
VERSION_NUMBER = re.compile(r"^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$")
VERSION_NUMBER_MESSAGE = "Enter a version number like 0.1 or 1.0"


class ToolkitError(ServiceError):
    """A rule about the toolkit was broken; the message is safe to show to the user."""


class ToolkitLocked(ToolkitError):
    """A published or superseded toolkit version, or one of its items, was asked to change."""


def parse_version_number(number: str) -> tuple[int, int]:
    """(major, minor) of "1.2"; ValidationError for anything else."""
    match = VERSION_NUMBER.fullmatch(str(number or ""))
    if not match:
        raise ValidationError(VERSION_NUMBER_MESSAGE, code="invalid")
    return int(match.group(1)), int(match.group(2))


class ToolkitVersionQuerySet(models.QuerySet):
    def locked(self):
        return self.filter(status__in=ToolkitVersion.LOCKED)

    def update(self, **kwargs):
        # Bulk updates bypass save(): refuse them here when any row is published or superseded.
        if self.locked().exists():
            raise ToolkitLocked("A published toolkit version cannot be changed.")
        return super().update(**kwargs)

    def delete(self):
        if self.locked().exists():
            raise ToolkitLocked("A published toolkit version cannot be deleted.")
        return super().delete()


class ToolkitVersion(models.Model):
    """One quarterly version of the toolkit, with its release notes and status."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONSULTATION = "consultation", "In consultation"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    # Published and superseded versions never change (except published → superseded).
    LOCKED = (Status.PUBLISHED, Status.SUPERSEDED)
    # Items may be added, changed and removed while the version is one of these.
    OPEN = (Status.DRAFT, Status.CONSULTATION)

    number = models.CharField(max_length=7, unique=True)
    # Set from `number` on save, so versions sort as numbers (0.9 before 0.10 before 1.0).
    major = models.PositiveSmallIntegerField(editable=False)
    minor = models.PositiveSmallIntegerField(editable=False)
    # The first day of the financial quarter the version belongs to (workwell.dates.Quarter).
    quarter_start = models.DateField()
    release_notes = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = ToolkitVersionQuerySet.as_manager()

    class Meta:
        ordering = ["major", "minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["major", "minor"], name="toolkit_version_unique_number"
            ),
            # Only one version is "the toolkit" at a time.
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="published"),
                name="toolkit_one_published_version",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="toolkit_published_has_date",
            ),
        ]

    def __str__(self):
        return f"Toolkit version {self.number}"

    def save(self, *args, **kwargs):
        self.major, self.minor = parse_version_number(self.number)
        stored = self._stored()
        if stored and stored["status"] in self.LOCKED:
            changed = {
                field.attname
                for field in self._meta.concrete_fields
                if stored[field.attname] != getattr(self, field.attname)
            }
            superseding = (
                stored["status"] == self.Status.PUBLISHED
                and self.status == self.Status.SUPERSEDED
                and changed == {"status"}
            )
            if changed and not superseding:
                raise ToolkitLocked(f"Version {stored['number']} is published and cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = self._stored()
        if stored and stored["status"] in self.LOCKED:
            raise ToolkitLocked(f"Version {stored['number']} is published and cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def quarter(self) -> Quarter:
        return Quarter.containing(self.quarter_start)

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def _stored(self):
        if self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).values().first()


class ToolkitItemQuerySet(models.QuerySet):
    def locked(self):
        return self.filter(version__status__in=ToolkitVersion.LOCKED)

    def update(self, **kwargs):
        if self.locked().exists():
            raise ToolkitLocked("Items of a published toolkit version cannot be changed.")
        return super().update(**kwargs)

    def delete(self):
        if self.locked().exists():
            raise ToolkitLocked("Items of a published toolkit version cannot be deleted.")
        return super().delete()


class ToolkitItem(models.Model):
    """A tool, template, guide, case study … in one version of the toolkit."""

    class Kind(models.TextChoices):
        TOOL = "tool", "Tool"
        TEMPLATE = "template", "Template"
        GUIDE = "guide", "Guide"
        CASE_STUDY = "case_study", "Case study"
        CHECKLIST = "checklist", "Checklist"
        VIDEO = "video", "Video"
        PODCAST_EPISODE = "podcast_episode", "Podcast episode"

    version = models.ForeignKey(ToolkitVersion, on_delete=models.CASCADE, related_name="items")
    # The same item across versions: a copy keeps its source's lineage, so two versions are
    # compared item by item even when titles change.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField(max_length=600)
    body = models.TextField(blank=True, help_text="Markdown.")
    themes = models.ManyToManyField(ProgrammeTheme, related_name="toolkit_items", blank=True)
    dimensions = models.ManyToManyField(Dimension, related_name="toolkit_items", blank=True)
    # The maturity bands it serves (MaturityBand): one flag each, as the support menu does, so
    # filters work on every database.
    for_emerging = models.BooleanField("serves emerging vanguards", default=False)
    for_maturing = models.BooleanField("serves maturing vanguards", default=False)
    for_leading = models.BooleanField("serves leading vanguards", default=False)
    support_offers = models.ManyToManyField(SupportOffer, related_name="toolkit_items", blank=True)
    # A file kept here, or a link to where it is kept (FutureNHS workspaces, mostly).
    file = models.FileField(upload_to=generated_name, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    link_url = models.URLField("link", max_length=500, blank=True)
    link_text = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ToolkitItemQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "lineage"], name="toolkit_item_one_per_lineage"
            ),
            models.CheckConstraint(
                condition=Q(file="") | Q(link_url=""), name="toolkit_item_file_or_link"
            ),
        ]
        indexes = [models.Index(fields=["version", "kind"], name="toolkit_item_version_kind")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._check_unlocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_unlocked()
        return super().delete(*args, **kwargs)

    @property
    def bands(self) -> list[str]:
        flags = {"emerging": self.for_emerging, "maturing": self.for_maturing}
        flags["leading"] = self.for_leading
        return [band for band, serves in flags.items() if serves]

    @property
    def download_name(self) -> str:
        return display_name(self.file_name or self.file.name)

    def _version_locked(self, version_id) -> bool:
        return ToolkitVersion._base_manager.filter(
            pk=version_id, status__in=ToolkitVersion.LOCKED
        ).exists()

    def _check_unlocked(self):
        stored_version = None
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk)
            stored_version = stored.values_list("version", flat=True).first()
        for version_id in {self.version_id, stored_version} - {None}:
            if self._version_locked(version_id):
                raise ToolkitLocked("Items of a published toolkit version cannot change.")


@receiver(m2m_changed, sender=ToolkitItem.themes.through)
@receiver(m2m_changed, sender=ToolkitItem.dimensions.through)
@receiver(m2m_changed, sender=ToolkitItem.support_offers.through)
def _refuse_tags_on_locked_items(sender, instance, action, reverse, pk_set, **kwargs):
    """A published item's themes, dimensions and offers are part of it: they cannot change."""
    if not action.startswith("pre_"):
        return
    if not reverse:
        if instance._version_locked(instance.version_id):
            raise ToolkitLocked("Items of a published toolkit version cannot change.")
        return
    # From the other side (theme.toolkit_items.add(item)): the items are in pk_set, or, for a
    # clear, every item linked to the instance.
    items = ToolkitItem._base_manager.filter(pk__in=pk_set or [])
    if action == "pre_clear":
        items = instance.toolkit_items.all()
    if items.filter(version__status__in=ToolkitVersion.LOCKED).exists():
        raise ToolkitLocked("Items of a published toolkit version cannot change.")

"""Quarterly reports: the national report of a quarter, or one vanguard's, built as a PDF by
the portal's document pipeline (workwell/documents.py) from a quarterly snapshot. Every request
is a new revision kept in the archive, with who asked, when and from which snapshot."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from vanguards.models import Vanguard
from workwell.dates import Quarter
from workwell.models import GeneratedDocument

from .snapshots import QuarterlySnapshot


class QuarterlyReport(models.Model):
    year = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    # Empty for the national report.
    vanguard = models.ForeignKey(
        Vanguard, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    revision = models.PositiveSmallIntegerField()
    snapshot = models.ForeignKey(QuarterlySnapshot, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    # The PDF and the XLSX pack of its tables: the pipeline's rows (status, progress, failure
    # and file), set in the request's transaction once the report has the id they are keyed by.
    document = models.OneToOneField(
        GeneratedDocument, on_delete=models.PROTECT, null=True, related_name="+"
    )
    spreadsheet = models.OneToOneField(
        GeneratedDocument, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-number", "-requested_at", "-pk"]
        constraints = [
            # The national report's vanguard is empty: count it as one value, not distinct ones.
            models.UniqueConstraint(
                fields=["year", "number", "vanguard", "revision"],
                nulls_distinct=False,
                name="quarterly_report_revision_once",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="quarterly_report_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.title}, revision {self.revision}"

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, self.number)

    @property
    def is_national(self) -> bool:
        return self.vanguard_id is None

    @property
    def title(self) -> str:
        scope = "WorkWell national" if self.is_national else self.vanguard.name
        return f"{scope} quarterly report {self.quarter}"

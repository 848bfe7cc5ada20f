"""Requesting quarterly reports: each request is a new revision of the quarter's national
report or one vanguard's, read from the quarter's latest snapshot and built in the background
(its PDF and its XLSX pack) by the document pipeline."""

from django.db import IntegrityError, transaction
from django.db.models import Max

from vanguards.models import Vanguard
from workwell.dates import Quarter
from workwell.documents import document_request
from workwell.errors import ServiceError
from workwell.models import User

from ..documents import LAYOUT_REVISION, PDF_KIND, XLSX_KIND
from ..models import QuarterlyReport
from ..selectors.snapshots import latest_snapshot


class ReportError(ServiceError):
    """A report could not be requested; the message is safe to show."""


def report_request(*, quarter: Quarter, vanguard: Vanguard | None, by: User) -> QuarterlyReport:
    """Queue a new revision of the quarter's report (national when `vanguard` is None)."""
    snapshot = latest_snapshot(quarter)
    if snapshot is None:
        raise ReportError(
            f"{quarter} has no snapshot yet. Build one on the snapshots page first.", "quarter"
        )
    if vanguard is not None and vanguard.slug not in snapshot.figures.get("vanguards", {}):
        raise ReportError(
            f"The snapshot of {quarter} has no figures for {vanguard.name}. Build a new "
            "snapshot first.",
            "vanguard",
        )
    revisions = QuarterlyReport.objects.filter(
        year=quarter.year, number=quarter.number, vanguard=vanguard
    )
    try:
        with transaction.atomic():
            latest = revisions.aggregate(latest=Max("revision"))["latest"] or 0
            report = QuarterlyReport.objects.create(
                year=quarter.year,
                number=quarter.number,
                vanguard=vanguard,
                revision=latest + 1,
                snapshot=snapshot,
                requested_by=by,
            )
            fingerprint = f"layout-{LAYOUT_REVISION}:snapshot-{snapshot.pk}"
            report.document, report.spreadsheet = (
                document_request(
                    kind=kind,
                    key=report.pk,
                    fingerprint=fingerprint,
                    title=f"{report.title} ({what}, revision {report.revision})",
                    requested_by=by,
                )
                for kind, what in ((PDF_KIND, "PDF"), (XLSX_KIND, "XLSX tables"))
            )
            report.save(update_fields=["document", "spreadsheet"])
    except IntegrityError:
        # Two requests for the same report at once: the other one took this revision number.
        raise ReportError("Someone asked for this report at the same moment. Ask again.") from None
    return report

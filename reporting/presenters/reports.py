"""GOV.UK component parameters for the reports archive: every revision, who asked, when,
from which snapshot, its progress and its downloads (offered only once a file is ready)."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from workwell.dates import govuk_datetime
from workwell.models import GeneratedDocument

from ..models import QuarterlyReport

Status = GeneratedDocument.Status
TAGS = {Status.QUEUED: "grey", Status.BUILDING: "blue", Status.READY: "green", Status.FAILED: "red"}


def _status_tag(status: str):
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', TAGS[status], Status(status).label
    )


def _files(report: QuarterlyReport):
    links = []
    if report.document.is_ready:
        links.append((reverse("reporting:report_download", args=[report.pk]), "PDF"))
    if report.spreadsheet.is_ready:
        links.append((reverse("reporting:report_spreadsheet", args=[report.pk]), "XLSX tables"))
    if not report.document.is_ready or not report.spreadsheet.is_ready:
        failed = overall_status(report) == Status.FAILED
        status_text = "Why it failed" if failed else "Progress"
        links.append((reverse("reporting:report", args=[report.pk]), status_text))
    hidden = format_html(
        '<span class="govuk-visually-hidden"> of {}, revision {}</span>',
        report.title,
        report.revision,
    )
    items = format_html_join(
        "",
        '<li><a class="govuk-link" href="{}">{}{}</a></li>',
        ((url, text, hidden) for url, text in links),
    )
    return format_html('<ul class="govuk-list govuk-!-margin-bottom-0">{}</ul>', items)


def _asker(report: QuarterlyReport) -> str:
    user = report.requested_by
    return (user.full_name or user.email) if user else "–"


def archive_table(reports: list[QuarterlyReport]) -> dict:
    rows = [
        [
            {"text": report.title},
            {"html": _files(report)},
            {"html": _status_tag(overall_status(report))},
            {"text": str(report.revision), "format": "numeric"},
            {"text": f"Revision {report.snapshot.revision}"},
            {"text": _asker(report)},
            {"text": govuk_datetime(report.requested_at)},
        ]
        for report in reports
    ]
    return {
        "caption": "Reports",
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Report"},
            {"text": "Files"},
            {"text": "Status"},
            {"text": "Revision", "format": "numeric"},
            {"text": "From snapshot"},
            {"text": "Asked by"},
            {"text": "Asked"},
        ],
        "rows": rows,
    }


def overall_status(report: QuarterlyReport) -> str:
    """The report's two files as one status the page polls on: ready when both are, failed
    when one failed and the other is finished, else still being made."""
    documents = (report.document, report.spreadsheet)
    if all(document.is_ready for document in documents):
        return Status.READY
    if all(document.is_finished for document in documents):
        return Status.FAILED
    return Status.BUILDING


def report_files(report: QuarterlyReport) -> list[dict]:
    """Each file of the report with its status, and its download once it is ready."""
    return [
        {
            "label": label,
            "document": document,
            "download_url": reverse(name, args=[report.pk]) if document.is_ready else "",
            "tag": _status_tag(document.status),
        }
        for label, document, name in (
            ("Report (PDF)", report.document, "reporting:report_download"),
            ("Tables (XLSX)", report.spreadsheet, "reporting:report_spreadsheet"),
        )
    ]

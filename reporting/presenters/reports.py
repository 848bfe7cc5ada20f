"""GOV.UK component parameters for the reports archive: every revision, who asked, when,
from which snapshot, its progress and its downloads (offered only once a file is ready)."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from workwell.dates import govuk_datetime
from workwell.models import GeneratedDocument

from ..models import QuarterlyReport

Status = GeneratedDocument.Status
TAGS = {Status.QUEUED: "grey", Status.BUILDING: "blue", Status.READY: "green", Status.FAILED: "red"}


def _status_tag(document: GeneratedDocument):
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        TAGS[document.status],
        document.get_status_display(),
    )


def _files(report: QuarterlyReport):
    links = []
    if report.document.is_ready:
        links.append((reverse("reporting:report_download", args=[report.pk]), "PDF"))
    if report.spreadsheet.is_ready:
        links.append((reverse("reporting:report_spreadsheet", args=[report.pk]), "XLSX tables"))
    if not report.document.is_ready or not report.spreadsheet.is_ready:
        status_text = "Why it failed" if report.document.status == Status.FAILED else "Progress"
        links.append((reverse("reporting:report", args=[report.pk]), status_text))
    hidden = format_html(
        '<span class="govuk-visually-hidden"> of {}, revision {}</span>',
        report.title,
        report.revision,
    )
    return format_html_join(
        " ",
        '<a class="govuk-link" href="{}">{}{}</a>',
        ((url, text, hidden) for url, text in links),
    )


def archive_table(reports: list[QuarterlyReport]) -> dict:
    rows = [
        [
            {"text": report.title},
            {"text": str(report.revision), "format": "numeric"},
            {"text": f"Revision {report.snapshot.revision}"},
            {
                "text": (report.requested_by.full_name or report.requested_by.email)
                if report.requested_by
                else "–"
            },
            {"text": govuk_datetime(report.requested_at)},
            {"html": _status_tag(report.document)},
            {"html": _files(report)},
        ]
        for report in reports
    ]
    return {
        "caption": "Reports",
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Report"},
            {"text": "Revision", "format": "numeric"},
            {"text": "From snapshot"},
            {"text": "Asked by"},
            {"text": "Asked"},
            {"text": "PDF"},
            {"text": "Files"},
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
            "tag": _status_tag(document),
        }
        for label, document, name in (
            ("Report (PDF)", report.document, "reporting:report_download"),
            ("Tables (XLSX)", report.spreadsheet, "reporting:report_spreadsheet"),
        )
    ]

"""Quarterly reports as files, built by the portal's document pipeline (workwell/documents.py):
the PDF (cover, contents with page numbers, executive summary, each section's tables, the
quality plan and strategic review, one page per vanguard, a data annex) and the XLSX pack of
the same tables. Both are keyed by the report's id and read its snapshot, so a retry builds
the same file. Registered in ReportingConfig.ready(); WeasyPrint and openpyxl are imported only
when a worker builds."""

import io

from django.template.loader import render_to_string

from workwell.documents import BuiltDocument, Progress

from .models import QuarterlyReport
from .presenters.logic import report_logic_model
from .selectors.reports import report_content, report_tables

PDF_KIND = "quarterly-report"
XLSX_KIND = "quarterly-report-xlsx"
# Change when the layout or what the files show changes, so files built before are made again
# (4: "Participants satisfied to date" withheld under the disclosure threshold).
LAYOUT_REVISION = "4"


def _report(key: str) -> QuarterlyReport:
    return QuarterlyReport.objects.select_related("snapshot", "vanguard").get(pk=int(key))


def _filename(report: QuarterlyReport, extension: str) -> str:
    scope = report.vanguard.slug if report.vanguard_id else "national"
    quarter = f"{report.year}-{str(report.year + 1)[-2:]}-q{report.number}"
    return f"workwell-{scope}-report-{quarter}-r{report.revision}.{extension}"


def _refuse_fetching(url, *args, **kwargs):
    # Everything the PDF needs is in its HTML (charts are inline SVG): never fetch anything.
    raise ValueError(f"The quarterly report does not load {url}")


def report_html(report: QuarterlyReport) -> str:
    """The HTML the PDF is laid out from (a print stylesheet does the pages and contents)."""
    context = {"content": report_content(report), "logic": report_logic_model(report)}
    return render_to_string("reporting/report_pdf/report.html", context)


def build_report_pdf(key: str, progress: Progress) -> BuiltDocument:
    # WeasyPrint (heavy) is imported here, in the worker only.
    from workwell.pdf import built_at_scale

    # On one stretch of the frame stack, the collector paused (a third of the CPU otherwise),
    # what a long tagged PDF otherwise costs taken away: workwell/pdf.py.
    return built_at_scale(_report_pdf, key, progress)


def _report_pdf(key: str, progress: Progress) -> BuiltDocument:
    from workwell.pdf import print_xhtml

    report = _report(key)
    progress(10, "Reading the snapshot")
    # The template is well-formed XML, parsed in C (workwell/pdf.py).
    html = print_xhtml(report_html(report), url_fetcher=_refuse_fetching)
    progress(30, "Laying out the pages")
    # PDF/UA-1: tagged, with the title shown and the document's language (en-GB) declared.
    rendered = html.render(pdf_variant="pdf/ua-1")
    progress(80, f"Writing {len(rendered.pages)} pages")
    content = rendered.write_pdf(pdf_variant="pdf/ua-1")
    return BuiltDocument(content, _filename(report, "pdf"))


def report_workbook(report: QuarterlyReport) -> bytes:
    """The XLSX pack: a sheet per table of the report, with its numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in report_tables(report_content(report)):
        sheet = workbook.create_sheet(table.key[:31])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append([cell.value for cell in table.head])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([cell.value if cell.value != "" else cell.text for cell in row])
        sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_report_xlsx(key: str, progress: Progress) -> BuiltDocument:
    report = _report(key)
    progress(30, "Writing the tables")
    return BuiltDocument(report_workbook(report), _filename(report, "xlsx"))

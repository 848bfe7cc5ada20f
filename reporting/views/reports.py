"""/reporting/reports/: the archive of quarterly reports (every revision a user may read) and,
for admins, the request form; each report's progress page, downloads and retry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vanguards import permissions
from vanguards.models import Vanguard
from workwell.documents import (
    DocumentError,
    can_retry,
    document_download,
    document_retry,
)

from ..forms.reports import ReportRequestForm
from ..models import QuarterlyReport
from ..presenters.reports import archive_table, overall_status, report_files
from ..selectors.reports import reports_for_archive, snapshot_quarters
from ..services.reports import ReportError, report_request


def _report_or_404(request, pk) -> QuarterlyReport:
    queryset = QuarterlyReport.objects.select_related("vanguard", "document", "spreadsheet")
    return permissions.get_report_or_404(request.user, queryset, pk)


@login_required
def reports(request):
    if not permissions.may_use_reports(request.user):
        raise Http404
    form = None
    if permissions.can_run_reports(request.user):
        form = ReportRequestForm(
            request.POST or None,
            quarters=snapshot_quarters(),
            vanguards=list(Vanguard.objects.order_by("name")),
        )
    elif request.method == "POST":
        raise Http404
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            report = report_request(**form.cleaned_data, by=request.user)
        except ReportError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Making the {report.title}")
            return redirect("reporting:report", pk=report.pk)
    context = {"form": form, "table": archive_table(reports_for_archive(request.user))}
    return render(request, "reporting/reports/archive.html", context)


@login_required
def report(request, pk):
    found = _report_or_404(request, pk)
    context = {
        "report": found,
        "status": overall_status(found),
        "files": report_files(found),
        "can_retry": any(can_retry(doc) for doc in (found.document, found.spreadsheet)),
    }
    return render(request, "reporting/reports/report.html", context)


@login_required
@require_POST
def report_retry(request, pk):
    found = _report_or_404(request, pk)
    retried = [doc for doc in (found.document, found.spreadsheet) if can_retry(doc)]
    try:
        if not retried:
            raise DocumentError("This report is already being made. Check again in a moment.")
        for document in retried:
            document_retry(document=document)
    except DocumentError as error:
        messages.error(request, error.message)
    return redirect("reporting:report", pk=found.pk)


@login_required
def report_download(request, pk):
    return document_download(_report_or_404(request, pk).document)


@login_required
def report_spreadsheet(request, pk):
    return document_download(_report_or_404(request, pk).spreadsheet)

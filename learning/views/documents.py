"""The toolkit PDF: "Download as PDF" on a published version's page leads here. The first
visit asks for the file (workwell/documents.py builds it in the background); the page shows
progress until it is ready, then offers it. Anyone who may see the version may have its PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from workwell.documents import (
    DocumentError,
    document_download,
    document_retry,
    document_status_page,
)

from ..documents import toolkit_pdf_request
from ..selectors.documents import released_version_or_404, toolkit_pdf_or_404


@login_required
def toolkit_pdf(request, number):
    version = released_version_or_404(user=request.user, number=number)
    # Asking is idempotent (one row per version and layout), so a GET may ask.
    document = toolkit_pdf_request(version=version, requested_by=request.user)
    return document_status_page(
        request,
        document,
        download_url=reverse("learning:toolkit_pdf_download", args=[version.number]),
        retry_url=reverse("learning:toolkit_pdf_retry", args=[version.number]),
        back_url=reverse("learning:toolkit_version", args=[version.number]),
        back_text=f"Back to version {version.number}",
    )


@login_required
@require_POST
def toolkit_pdf_retry(request, number):
    version = released_version_or_404(user=request.user, number=number)
    try:
        document_retry(document=toolkit_pdf_or_404(version=version))
    except DocumentError as error:
        messages.info(request, error.message)
    return redirect("learning:toolkit_pdf", number=version.number)


@login_required
def toolkit_pdf_download(request, number):
    version = released_version_or_404(user=request.user, number=number)
    return document_download(toolkit_pdf_or_404(version=version))

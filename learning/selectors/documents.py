"""Reads for the toolkit PDF's pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from workwell.models import GeneratedDocument

from ..documents import KIND, toolkit_pdf_fingerprint
from ..models import ToolkitVersion
from .toolkit import get_toolkit_version_or_404


def released_version_or_404(*, user, number: str) -> ToolkitVersion:
    """A published or superseded version the user may see (only those have a PDF)."""
    version = get_toolkit_version_or_404(user, number)
    if version.status not in ToolkitVersion.LOCKED:
        raise Http404("Only a published version has a PDF.")
    return version


def toolkit_pdf_or_404(*, version: ToolkitVersion) -> GeneratedDocument:
    """The version's current PDF row (whatever its status); 404 before anyone asked for it."""
    return get_object_or_404(
        GeneratedDocument,
        kind=KIND,
        key=str(version.pk),
        fingerprint=toolkit_pdf_fingerprint(version),
    )

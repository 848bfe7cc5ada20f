"""Reads for the toolkit PDF's pages."""

from django.shortcuts import get_object_or_404

from vanguards import permissions
from workwell.models import GeneratedDocument

from ..documents import KIND, toolkit_pdf_fingerprint
from ..models import ToolkitVersion


def released_version_or_404(*, user, number: str) -> ToolkitVersion:
    """A published or superseded version the user may see (only those have a PDF)."""
    versions = permissions.toolkit_versions_visible_to(user, ToolkitVersion.objects.all())
    return get_object_or_404(versions, number=number, status__in=ToolkitVersion.LOCKED)


def toolkit_pdf_or_404(*, version: ToolkitVersion) -> GeneratedDocument:
    """The version's current PDF row (whatever its status); 404 before anyone asked for it."""
    return get_object_or_404(
        GeneratedDocument,
        kind=KIND,
        key=str(version.pk),
        fingerprint=toolkit_pdf_fingerprint(version),
    )

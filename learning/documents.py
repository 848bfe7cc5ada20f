"""The toolkit PDF: a published version as one document (cover, contents with page numbers,
every item, PDF bookmarks), built by the portal's document pipeline (workwell/documents.py).

A published version never changes, so its fingerprint (the layout revision and when it was
published) never does either: the first request builds the file and every later one is served
the stored file. Registered as a builder in LearningConfig.ready(); WeasyPrint is imported only
when a worker builds, so starting the web process does not load it.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from workwell.documents import BuiltDocument, Progress, document_request
from workwell.markdown import markdown_to_html
from workwell.models import User

from .models import ToolkitVersion

KIND = "toolkit-pdf"
# Change when the PDF's layout changes, so files built with the old one are made again.
LAYOUT_REVISION = "1"


def toolkit_pdf_fingerprint(version: ToolkitVersion) -> str:
    return f"layout-{LAYOUT_REVISION}:published-{version.published_at.isoformat()}"


def toolkit_pdf_request(*, version: ToolkitVersion, requested_by: User):
    """The stored PDF of a published (or superseded) version, queued if not built yet."""
    return document_request(
        kind=KIND,
        key=version.pk,
        fingerprint=toolkit_pdf_fingerprint(version),
        title=f"WorkWell toolkit version {version.number} (PDF)",
        requested_by=requested_by,
    )


def _refuse_fetching(url, *args, **kwargs):
    # Everything the PDF needs is in its HTML; item text is sanitised, but never let a link or
    # a stylesheet make the worker fetch anything.
    raise ValueError(f"The toolkit PDF does not load {url}")


def toolkit_pdf_html(version: ToolkitVersion) -> str:
    """The HTML the PDF is laid out from (a print stylesheet does the pages and contents)."""
    items = list(version.items.prefetch_related("themes").order_by("order", "title"))
    context = {
        "version": version,
        "items": [(item, markdown_to_html(item.body)) for item in items],
        "release_notes": markdown_to_html(version.release_notes),
        "made_on": timezone.localdate(),
    }
    return render_to_string("learning/toolkit_pdf/version.html", context)


def build_toolkit_pdf(key: str, progress: Progress) -> BuiltDocument:
    # WeasyPrint (heavy) is imported here, in the worker only.
    from workwell.pdf import built_at_scale

    # On one stretch of the frame stack, the collector paused (a third of the CPU otherwise),
    # what a long tagged PDF otherwise costs taken away: workwell/pdf.py.
    return built_at_scale(_toolkit_pdf, key, progress)


def _toolkit_pdf(key: str, progress: Progress) -> BuiltDocument:
    from workwell.pdf import print_html

    version = ToolkitVersion.objects.get(pk=int(key), status__in=ToolkitVersion.LOCKED)
    progress(10, "Reading the toolkit's items")
    html = print_html(string=toolkit_pdf_html(version), url_fetcher=_refuse_fetching)
    progress(30, "Laying out the pages")
    rendered = html.render(pdf_tags=True)
    progress(80, f"Writing {len(rendered.pages)} pages")
    content = rendered.write_pdf(pdf_tags=True)
    return BuiltDocument(content, f"workwell-toolkit-{version.number}.pdf")

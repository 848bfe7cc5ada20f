"""What the portal's PDF builders share about WeasyPrint (imported only by a worker building).

`tagged_pdf_at_scale()` removes a cost that grows with the square of a tagged PDF's length.
WeasyPrint (66 to 70) tags a PDF (PDF/UA, `pdf_tags`) by giving each box of the structure
tree its page: `pdf.page_references[page_number]`, and pydyf (0.13, still what WeasyPrint 70
installs) builds `page_references` afresh, a tuple of every page's reference, on each read.
A report of 820 pages has about 170,000 tagged boxes, so writing it built 170,000 tuples of
820 references: two minutes of the write. Here the tuple is kept until a page is added, and
the bytes written are the same.

`collector_paused()` keeps Python's cycle collector from running while a document is laid out
and written. WeasyPrint makes millions of small objects (boxes, styles, PDF dictionaries) and
the collector, triggered by every 700 allocations, walks them again and again: a third of the
CPU of the national report (77 pages: 6.6 s to 4.5 s), for a few MB more at the peak (cycles
are collected once the collector runs again).

`streams_compressed_at_default_level()`: pydyf compresses every stream (pages' content, the
object streams holding the structure tree) with zlib at level 9, the slowest, for a file a few
percent smaller than zlib's default level 6 gives: at level 6 the national report's write takes
0.28 s less CPU (of 1.7 s) for a file 4.5% larger, with the same content once inflated.

`print_html()` is weasyprint.HTML with a user-agent stylesheet that leaves out WeasyPrint's
rules for footnotes and notes (`::footnote-call`, `::note-marker`…, which the portal's documents
never use) and gives `::marker` to list items alone. Those rules name no element, so every
element of the document had six pseudo-elements' styles computed: 49,000 styles for the
national report's 7,800 elements. The PDF is the same, byte for byte.

`weasyprint_at_scale()` makes all these changes (idempotent): the builders call it first.
"""

import contextlib
import functools
import gc
import re
import types
import zlib

import pydyf

_ORIGINAL = pydyf.PDF.page_references


def _page_references(pdf) -> tuple:
    pages = len(pdf.pages["Kids"])  # grows by three with every page added
    kept = pdf.__dict__.get("_workwell_page_references")
    if kept is None or kept[0] != pages:
        kept = (pages, _ORIGINAL.fget(pdf))
        pdf.__dict__["_workwell_page_references"] = kept
    return kept[1]


def tagged_pdf_at_scale() -> None:
    """Keep pydyf's page references between reads (idempotent; call before writing)."""
    if pydyf.PDF.page_references is _ORIGINAL:
        pydyf.PDF.page_references = property(_page_references)


# What pydyf reads of zlib (compress and compressobj), with compressobj at the default level.
_ZLIB_AT_DEFAULT_LEVEL = types.SimpleNamespace(
    compress=zlib.compress,
    compressobj=lambda level=zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs: zlib.compressobj(
        zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs
    ),
)


def streams_compressed_at_default_level() -> None:
    """pydyf's streams compressed at zlib's default level rather than 9 (idempotent)."""
    pydyf.zlib = _ZLIB_AT_DEFAULT_LEVEL


def weasyprint_at_scale() -> None:
    """Every change above that is made once a process (idempotent; call before building)."""
    tagged_pdf_at_scale()
    streams_compressed_at_default_level()


@contextlib.contextmanager
def collector_paused():
    """Run the block with the cycle collector off (as it was afterwards, even on an error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# WeasyPrint's user-agent rules for footnotes and notes: each a pseudo-element of any element.
_NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}$", re.MULTILINE)


@functools.cache
def _print_html_class():
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA, UA_FORM_STYLESHEET

    rules = _NOTE_RULES.sub("", UA).replace("\n::marker {", "\nli::marker {")
    if len(_NOTE_RULES.findall(UA)) != 5 or "\nli::marker {" not in rules:
        raise RuntimeError("WeasyPrint's user-agent stylesheet has changed: check print_html")
    # Its @counter-style rules are WeasyPrint's own, already known to every document (parsed
    # again into the shared set, the two it refuses to redefine would each log a warning).
    stylesheet = CSS(string=rules, counter_style=CounterStyle())

    class PrintHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [stylesheet, UA_FORM_STYLESHEET] if forms else [stylesheet]

    return PrintHTML


def print_html(**kwargs):
    """weasyprint.HTML(**kwargs) without the user-agent rules for notes (see above)."""
    return _print_html_class()(**kwargs)

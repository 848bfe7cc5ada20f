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

`print_html()`'s documents also let go of their layout once laid out (`_layout_let_go()`).
WeasyPrint's layout context holds what only laying out needs: every element's computed
styles, the box tree as built before it was cut into pages (every table cell again), the
tables' measured grids, the page maker's states. It is nobody's once the pages are made, but an
inline SVG keeps it (`SVGImage._context`, read again when the chart's text is drawn) and with
it all of that, until the document has been written: at 200 vanguards (304,000 boxes on 860
pages), collecting once the national report is laid out frees 1.28 million objects.
Each SVG image is given a fresh context (the same fonts and image fetcher, nothing laid out)
and the youngest generation is collected: the collector being paused while a document is
built, that is everything the build made, at half the cost of a full collection (the portal's
own objects are not walked; with the collector running, a full collection). National report,
warm, one process each: 200 vanguards, peak 1,803 -> 1,474 MB (rise 1,661 -> 1,334 MB),
55.8 -> 56.2 s CPU; 15 vanguards, 263 -> 243 MB (rise 125 -> 105 MB), 4.5 s CPU either way.
The PDF is the same, byte for byte, at both sizes.

`on_stack_runway()` runs a build on one stretch of Python's frame stack. CPython 3.11 keeps
its frames in 16 KB chunks and gives a chunk back to the system (munmap) as soon as the frame at
its start returns, so a call that keeps crossing a chunk's edge maps, faults in and unmaps 16 KB
every time (CPython gh-142183, fixed by a cached chunk in 3.13 and later, not in 3.11).
WeasyPrint's layout recurses deep and returns to the same depths millions of times: where a
chunk's edge falls depends on how deep the builder was called, so the same build took 0.5-1.2 s
more CPU in one process than in another. The national report (15 vanguards) called as the bench
and the worker call it: 54,000-88,000 maps and unmaps of 16 KB, 93,000-127,000 page faults;
on the runway 39,000 faults in a fresh process, 3,000 once warm, and 1.1-1.3 s less CPU
(6.4 -> 5.1-5.4 s cold, 5.9-6.1 -> 4.7 s warm, alternately at a load of 4). On the runway, a
frame that reserves 1 MiB it never writes (a larger `co_stacksize`) opens a chunk of 2 MiB, and
every frame of the build fits in the MiB after it: one map per build, wherever the builder is
called from.

`shared_pango_contexts()`: WeasyPrint (`Layout.setup`) makes a new Pango context and a new font
description for every piece of text it lays out, and again for every piece it draws (each
letter of a chart's text is a piece of its own): 26,000 contexts for the national report
(15 vanguards). Here a document's layouts share one context for each direction and language
and one font description for each font, kept on the document's font configuration; a context
is never changed once made, so the text is shaped and drawn as before, and the PDF is the same,
byte for byte. National report, warm: 0.3-0.4 s less CPU of 5.0-5.3 s.

`print_xhtml()` lays out a document that is also well-formed XML (the quarterly report's
template is written so) from the tree Python's expat parser builds, in C (through defusedxml,
which refuses entity declarations), rather than WeasyPrint's HTML5 parser, in pure Python:
0.3 s of the national report's build, 0.01 s parsed as XML. The tree is the same, and so is the
PDF. A document that is not well-formed XML (a control character in someone's text, a template
edited carelessly) is parsed as HTML. Nothing people write may go into such a document's style
element: HTML reads escapes there as text, XML decodes them.

`built_at_scale()` is how the builders run: these changes made, on the runway, with the
collector paused; the builder's own frame (with the laid-out document) is gone before the
collector runs again.
"""

import contextlib
import functools
import gc
import hashlib
import inspect
import re
import types
import zlib
from collections.abc import Callable
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree
import pydyf
from defusedxml import DefusedXmlException

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


# The first 16 hex digits of the SHA-256 of the source of WeasyPrint's Layout.setup (which
# _layout_setup copies) and get_font_description (whose every property read keys a description).
_LAYOUT_SETUP_SOURCE = "10e3439e0fc4425c"


def _layout_setup():
    """WeasyPrint 70's Layout.setup, with the Pango context and the font description shared
    (above); otherwise doing what it does, in the same order."""
    from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
    from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango, unicode_to_char_p
    from weasyprint.text.fonts import font_features, get_font_description

    def setup(self, style):
        self.style = style
        self.first_line_direction = 0

        # Kept on the font configuration, which WeasyPrint makes for each document it lays out.
        shared = style.font_config.__dict__.setdefault("_workwell_pango", {})
        if style["font_language_override"] != "normal":
            lang = LST_TO_ISO.get(
                style["font_language_override"].lower(), style["font_language_override"]
            )
        else:
            lang = style["lang"] or None
        context_key = ("context", style["direction"], lang)
        if context_key not in shared:
            pango_context = ffi.gc(
                pango.pango_font_map_create_context(style.font_config.font_map),
                gobject.g_object_unref,
            )
            pango.pango_context_set_round_glyph_positions(pango_context, False)
            pango.pango_context_set_base_dir(pango_context, PANGO_DIRECTION[style["direction"]])
            if lang:
                lang_p, _ = unicode_to_char_p(lang)
                language = pango.pango_language_from_string(lang_p)
                pango.pango_context_set_language(pango_context, language)
            else:
                language = pango.pango_language_get_default()
            shared[context_key] = pango_context, language
        pango_context, self.language = shared[context_key]

        assert not isinstance(style["font_family"], str), "font_family should be a list"
        font_key = (
            "font",
            tuple(style["font_family"]),
            style["font_style"],
            style["font_stretch"],
            style["font_weight"],
            style["font_size"],
            style["font_variant_caps"],
            str(style["font_variation_settings"]),
        )
        if font_key not in shared:
            shared[font_key] = get_font_description(style)  # copied by the layout given it
        font_description = shared[font_key]
        self.layout = ffi.gc(pango.pango_layout_new(pango_context), gobject.g_object_unref)
        pango.pango_layout_set_auto_dir(self.layout, False)
        pango.pango_layout_set_font_description(self.layout, font_description)

        text_decoration = style["text_decoration_line"]
        if text_decoration != "none":
            metrics = ffi.gc(
                pango.pango_context_get_metrics(pango_context, font_description, self.language),
                pango.pango_font_metrics_unref,
            )
            self.ascent = FROM_UNITS * (pango.pango_font_metrics_get_ascent(metrics))
            self.underline_position = FROM_UNITS * (
                pango.pango_font_metrics_get_underline_position(metrics)
            )
            self.strikethrough_position = FROM_UNITS * (
                pango.pango_font_metrics_get_strikethrough_position(metrics)
            )
            self.underline_thickness = FROM_UNITS * (
                pango.pango_font_metrics_get_underline_thickness(metrics)
            )
            self.strikethrough_thickness = FROM_UNITS * (
                pango.pango_font_metrics_get_strikethrough_thickness(metrics)
            )
        else:
            self.ascent = None
            self.underline_position = None
            self.strikethrough_position = None

        features = font_features(
            style["font_kerning"],
            style["font_variant_ligatures"],
            style["font_variant_position"],
            style["font_variant_caps"],
            style["font_variant_numeric"],
            style["font_variant_alternates"],
            style["font_variant_east_asian"],
            style["font_feature_settings"],
        )
        if features:
            features = ",".join(f"{key} {value}" for key, value in features.items()).encode()
            # In the meantime, keep a cache to avoid leaking too many of them.
            attr = style.font_config.font_features.setdefault(
                features, pango.pango_attr_font_features_new(features)
            )
            attr_list = pango.pango_attr_list_new()
            pango.pango_attr_list_insert(attr_list, attr)
            pango.pango_layout_set_attributes(self.layout, attr_list)

    return setup


@functools.cache
def _original_layout_setup():
    from weasyprint.text.line_break import Layout

    return Layout.setup


def shared_pango_contexts() -> None:
    """Lay out and draw text with shared Pango contexts (idempotent; see above)."""
    from weasyprint.text.fonts import get_font_description
    from weasyprint.text.line_break import Layout

    original = _original_layout_setup()
    if Layout.setup is not original:
        return
    sources = inspect.getsource(original) + inspect.getsource(get_font_description)
    if hashlib.sha256(sources.encode()).hexdigest()[:16] != _LAYOUT_SETUP_SOURCE:
        raise RuntimeError(
            "WeasyPrint's Layout.setup or get_font_description has changed: "
            "check shared_pango_contexts"
        )
    Layout.setup = _layout_setup()


def weasyprint_at_scale() -> None:
    """Every change above that is made once a process (idempotent; call before building)."""
    tagged_pdf_at_scale()
    streams_compressed_at_default_level()
    shared_pango_contexts()


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


def on_stack_runway(function: Callable, *args, **kwargs):
    """function(*args, **kwargs), its frames on one fresh stretch of the frame stack (above)."""
    return function(*args, **kwargs)


# The frame reserves 2**17 slots (1 MiB) of value stack, unused and never written (a frame's
# stack is written only as deep as it is used), so CPython opens a 2 MiB chunk for it.
on_stack_runway.__code__ = on_stack_runway.__code__.replace(co_stacksize=1 << 17)


def built_at_scale(builder: Callable, *args, **kwargs):
    """builder(*args, **kwargs) as every PDF builder runs: WeasyPrint's once-a-process changes
    made, on the stack runway, with the cycle collector paused until the builder has returned
    (its frame, and the laid-out document with it, freed before the collector runs again)."""
    weasyprint_at_scale()
    with collector_paused():
        return on_stack_runway(builder, *args, **kwargs)


# WeasyPrint's user-agent rules for footnotes and notes: each a pseudo-element of any element.
_NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}$", re.MULTILINE)


@functools.cache
def _print_html_class():
    import cssselect2
    from weasyprint import CSS, HTML, URLFetcher, _find_base_url
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA, UA_FORM_STYLESHEET

    made = set(vars(HTML(string="<p>")))
    if made != {"base_url", "url_fetcher", "media_type", "wrapper_element", "etree_element"}:
        raise RuntimeError("WeasyPrint's HTML has changed: check PrintHTML.from_tree")

    rules = _NOTE_RULES.sub("", UA).replace("\n::marker {", "\nli::marker {")
    if len(_NOTE_RULES.findall(UA)) != 5 or "\nli::marker {" not in rules:
        raise RuntimeError("WeasyPrint's user-agent stylesheet has changed: check print_html")
    # Its @counter-style rules are WeasyPrint's own, already known to every document (parsed
    # again into the shared set, the two it refuses to redefine would each log a warning).
    stylesheet = CSS(string=rules, counter_style=CounterStyle())

    class PrintHTML(HTML):
        @classmethod
        def from_tree(cls, root, url_fetcher=None):
            """The document whose tree `root` is, as HTML.__init__ makes it from a string."""
            html = cls.__new__(cls)
            html.base_url = _find_base_url(root, None)
            html.url_fetcher = url_fetcher or URLFetcher()
            html.media_type = "print"
            html.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                root, content_language=None
            )
            html.etree_element = html.wrapper_element.etree_element
            return html

        def _ua_stylesheets(self, forms=False):
            return [stylesheet, UA_FORM_STYLESHEET] if forms else [stylesheet]

        def render(self, *args, **kwargs):
            document = super().render(*args, **kwargs)
            _layout_let_go(document)
            return document

    return PrintHTML


def print_html(**kwargs):
    """weasyprint.HTML(**kwargs) without the user-agent rules for notes (see above)."""
    return _print_html_class()(**kwargs)


def print_xhtml(string: str, url_fetcher=None):
    """print_html(string=string, url_fetcher=url_fetcher), parsed as XML if it is well-formed
    XML (see above). For the portal's own templates, where what people write is escaped; parsed
    refusing entity declarations all the same (defusedxml)."""
    try:
        root = defusedxml.ElementTree.fromstring(string)
    except (ParseError, DefusedXmlException):
        return print_html(string=string, url_fetcher=url_fetcher)
    return _print_html_class().from_tree(root, url_fetcher=url_fetcher)


def _layout_let_go(document) -> None:
    """Free the layout context `document` was laid out with, which its inline SVG images keep
    (see above): each is given a fresh context, and what the build made is collected."""
    _svg_images_given_fresh_contexts(document)
    # Paused (built_at_scale), the collector has left everything the build made in the youngest
    # generation; running, it may have moved some of it on, and only a full collection finds it.
    gc.collect(2 if gc.isenabled() else 0)


def _svg_images_given_fresh_contexts(document) -> None:
    from weasyprint.css.targets import TargetCollector
    from weasyprint.images import SVGImage
    from weasyprint.layout import LayoutContext

    fresh = {}  # id of the context laid out with -> the context its images draw with now
    boxes = [page._page_box for page in document.pages]
    while boxes:  # every box of every page (a loop: descendants() nests a generator a level)
        box = boxes.pop()
        image = getattr(box, "replacement", None)
        if isinstance(image, SVGImage) and image._context is not None:
            laid_out = image._context
            if id(laid_out) not in fresh:
                fresh[id(laid_out)] = LayoutContext(
                    None,  # no element's style: an SVG computes its own
                    laid_out.get_image_from_uri.func,  # the fetcher without context=laid_out
                    laid_out.font_config,
                    laid_out.counter_style,
                    TargetCollector(),
                )
            image._context = fresh[id(laid_out)]
        boxes.extend(box.children)

"""workwell/pdf.py: pydyf's page references kept between reads, for tagged PDFs of hundreds of
pages, with the same references and the same tagged PDF as before; streams compressed at
zlib's default level, inflating to the same content; the cycle collector paused
while a document is built and running again afterwards, even after an error; builds on a
stretch of the frame stack of their own, so no call depth maps and unmaps a chunk each time;
print_html's documents letting go of their layout context (kept by inline SVG) once laid out,
written the same; text laid out and drawn with shared Pango contexts, written the same;
print_xhtml's documents parsed as XML when they are well-formed, as HTML otherwise, written the
same either way."""

import gc
import re
import resource
import weakref
import zlib

import pydyf
import pytest

from workwell import pdf as workwell_pdf


@pytest.fixture
def original_references(monkeypatch):
    monkeypatch.setattr(pydyf.PDF, "page_references", workwell_pdf._ORIGINAL)


def _pdf_with_pages(count: int) -> pydyf.PDF:
    document = pydyf.PDF()
    for _ in range(count):
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    return document


def test_page_references_are_read_without_being_built_again(original_references):
    document = _pdf_with_pages(3)
    workwell_pdf.tagged_pdf_at_scale()
    first = document.page_references
    assert first == workwell_pdf._ORIGINAL.fget(document)
    assert document.page_references is first  # kept: not a new tuple of every page
    document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(document.page_references) == 4  # a page added: read afresh
    assert document.page_references == workwell_pdf._ORIGINAL.fget(document)


def _written(html: str, make=None) -> bytes:
    """The tagged PDF of `html`, uncompressed, with what differs from one writing to the next
    made fixed: a header cell's tag is named by its Python object's id, and the trailer's
    second identifier is a hash of the file's creation."""
    from weasyprint import HTML

    document = (make or HTML)(string=html).render(pdf_variant="pdf/ua-1")
    document.metadata.created = document.metadata.modified = "2026-01-01T00:00:00Z"
    content = document.write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=b"fixed", uncompressed_pdf=True
    )
    content = re.sub(rb"/ID \(\d+\)", b"/ID (header)", content)
    return re.sub(rb"/ID \[\(fixed\) \([0-9a-f]+\)\]", b"/ID [(fixed)]", content)


PARTS = "<html lang='en-GB'><title>T</title>" + "".join(
    f"<h2>Part {n}</h2><table><tr><th>a</th><td>{n}</td></tr></table>"
    "<p style='break-after: page'>text</p>"
    for n in range(4)
)


def test_a_tagged_pdf_is_written_the_same(original_references):
    before = _written(PARTS)
    assert _written(PARTS) == before  # the comparison below can tell
    workwell_pdf.tagged_pdf_at_scale()
    assert _written(PARTS) == before


def test_print_html_writes_the_same_pdf_without_the_rules_for_notes():
    from weasyprint import HTML

    html = PARTS.replace(
        "</title>",
        "</title><ul><li>a bullet</li><li>another</li></ul><ol><li>one</li><li>two</li></ol>"
        "<dl><dt>Term</dt><dd>Meaning</dd></dl>",
    )
    assert _written(html, workwell_pdf.print_html) == _written(html)
    # The saving: pseudo-elements' styles for list items only, not for every element.
    assert {tag for tag, _ in _pseudo_styles(HTML(string=html))} > {"li", "td", "h2", "p"}
    assert {tag for tag, _ in _pseudo_styles(workwell_pdf.print_html(string=html))} == {"li"}


def _pseudo_styles(html) -> set[tuple[str, str]]:
    """(tag, pseudo-element) of every pseudo-element style WeasyPrint computes for `html`."""
    from weasyprint.css import get_all_computed_styles, targets

    style_for = get_all_computed_styles(
        html, page_rules=[], target_collector=targets.TargetCollector()
    )
    return {
        (element.tag, pseudo)
        for element, pseudo in style_for._computed_styles
        if pseudo and not isinstance(element, str)  # (@page's styles are keyed by strings)
    }


@pytest.fixture
def original_zlib(monkeypatch):
    monkeypatch.setattr(pydyf, "zlib", zlib)


def test_streams_are_compressed_at_the_default_level_with_the_same_content(
    original_zlib, original_references
):
    content = b"".join(
        b"BT /F1 8.5 Tf 1 0 0 -1 %d 700 Tm [(Vanguard %d)] TJ ET\n" % (n, n) for n in range(2000)
    )

    def compressed() -> bytes:
        data = pydyf.Stream([content], compress=True).data  # <</Filter ...>>stream\n…\nendstream
        return data[data.index(b"stream\n") + 7 : data.rindex(b"\nendstream")]

    at_nine = compressed()
    assert at_nine == zlib.compress(content, 9)  # pydyf's own choice
    workwell_pdf.weasyprint_at_scale()
    at_default = compressed()
    assert at_default == zlib.compress(content, zlib.Z_DEFAULT_COMPRESSION) != at_nine
    assert zlib.decompress(at_default) == content


@pytest.fixture
def collector_restored():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_the_collector_is_paused_while_building_and_runs_again_after(collector_restored):
    gc.enable()
    with workwell_pdf.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), workwell_pdf.collector_paused():
        raise ValueError("the layout failed")
    assert gc.isenabled()


def test_a_collector_already_off_is_left_off(collector_restored):
    gc.disable()
    with workwell_pdf.collector_paused():
        pass
    assert not gc.isenabled()


def _leaf():
    return None


# A frame of about 5 KB: at some call depth it no longer fits in what is left of a 16 KB chunk.
_leaf.__code__ = _leaf.__code__.replace(co_stacksize=600)


def _descend(depth: int, calls: int) -> None:
    if depth:
        return _descend(depth - 1, calls)
    for _ in range(calls):
        _leaf()


def _most_page_faults_at_one_depth(calls: int = 2000) -> int:
    """The most minor page faults `calls` calls of a function cost at any of 100 call depths:
    at a depth where its frame crosses a chunk's edge, CPython 3.11 maps a fresh chunk (one
    page fault at least) and unmaps it again on every call."""
    most = 0
    for depth in range(100):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        _descend(depth, calls)
        most = max(most, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    return most


def test_a_build_runs_on_a_stack_runway_without_mapping_a_chunk_per_call():
    assert _most_page_faults_at_one_depth() >= 2000  # off the runway: a chunk a call somewhere
    assert workwell_pdf.on_stack_runway(_most_page_faults_at_one_depth) < 100
    assert workwell_pdf.on_stack_runway(max, 3, 5, key=abs) == 5  # what the function returns


def test_builders_run_on_the_runway_with_the_collector_paused(collector_restored):
    gc.enable()
    seen = {}

    def builder(calls, *, label):
        seen["collector on"] = gc.isenabled()
        seen["faults"] = _most_page_faults_at_one_depth(calls)
        return label

    assert workwell_pdf.built_at_scale(builder, 2000, label="built") == "built"
    assert seen == {"collector on": False, "faults": seen["faults"]}
    assert seen["faults"] < 100
    assert gc.isenabled()


CHART = (
    "<figure><svg xmlns='http://www.w3.org/2000/svg' width='200' height='60' role='img'>"
    "<title>Touchpoints</title><rect x='0' y='10' width='120' height='20' fill='#1d70b8'/>"
    "<text x='125' y='25' font-size='12'>120</text></svg></figure>"
)


class _Gone:
    """An object nothing holds: a weak proxy to one is dead at once."""


def _layout_contexts_laid_out() -> list:
    """The layout contexts alive that have laid pages out (a fresh one has no page maker).
    By type, not isinstance: gc.get_objects() also gives weak proxies, and isinstance() on one
    whose object has gone raises ReferenceError (other tests leave some behind)."""
    from weasyprint.layout import LayoutContext

    return [
        context
        for context in gc.get_objects()
        if issubclass(type(context), LayoutContext) and hasattr(context, "page_maker")
    ]


@pytest.mark.parametrize(
    "make, paused, kept",
    [("HTML", True, 1), ("HTML", False, 1), ("print_html", True, 0), ("print_html", False, 0)],
)
def test_a_document_with_a_chart_lets_go_of_its_layout_once_laid_out(
    collector_restored, make, paused, kept
):
    from weasyprint import HTML

    make = HTML if make == "HTML" else workwell_pdf.print_html
    html = PARTS.replace("</title>", "</title>" + CHART * 3)
    gc.enable()
    gc.collect()
    gone = [weakref.proxy(_Gone())]  # as other tests leave behind: counted past, not raising

    def build():
        document = make(string=html).render(pdf_variant="pdf/ua-1")
        # WeasyPrint's own keeps its layout through the charts (while the collector is paused,
        # it would be kept even without them); print_html's has freed it already, whether the
        # collector was paused (as builders run) or running.
        return len(_layout_contexts_laid_out()), len(document.pages)

    built = workwell_pdf.built_at_scale(build) if paused else build()
    assert built == (kept, 4)
    assert gone


def test_a_document_with_a_chart_is_written_the_same_having_let_go_of_its_layout():
    html = PARTS.replace("</title>", "</title>" + CHART * 3)
    assert _written(html, workwell_pdf.print_html) == _written(html)


@pytest.fixture
def original_layout_setup(monkeypatch):
    from weasyprint.text.line_break import Layout

    monkeypatch.setattr(Layout, "setup", workwell_pdf._original_layout_setup())


# Text in two languages and two directions, in several fonts and sizes, underlined (Pango's
# metrics), with small capitals (a font feature), in a table and in a chart.
TEXTS = PARTS.replace(
    "</title>",
    "</title><p lang='cy'>Croeso i <b>WorkWell</b></p>"
    "<p dir='rtl' lang='ar'>WorkWell: مرحبا بكم, 2026!</p>"
    "<p style='font: italic 14pt serif'>Serif, <u>underlined</u> and "
    "<span style='font-variant: small-caps'>small capitals</span></p>" + CHART,
)


def test_text_is_written_the_same_with_shared_pango_contexts(original_layout_setup):
    before = _written(TEXTS)
    workwell_pdf.shared_pango_contexts()
    assert _written(TEXTS) == before


def test_a_documents_text_shares_a_pango_context_for_each_direction_and_language(
    original_layout_setup,
):
    workwell_pdf.shared_pango_contexts()
    document = workwell_pdf.print_html(string=TEXTS).render()
    document.write_pdf()  # a chart's text is laid out as it is drawn
    shared = document.font_config._workwell_pango
    contexts = {key[1:] for key in shared if key[0] == "context"}
    # The chart's text has no language of its own: laid out in Pango's default.
    assert contexts == {("ltr", "en-GB"), ("ltr", "cy"), ("rtl", "ar"), ("ltr", None)}
    fonts = {key[1:] for key in shared if key[0] == "font"}
    assert len(fonts) >= 4  # regular, bold, italic serif and the chart's, at their sizes


def test_a_changed_layout_setup_is_refused(original_layout_setup, monkeypatch):
    from weasyprint.text.line_break import Layout

    monkeypatch.setattr(workwell_pdf, "_LAYOUT_SETUP_SOURCE", "0" * 16)
    with pytest.raises(RuntimeError, match="Layout.setup or get_font_description has changed"):
        workwell_pdf.shared_pango_contexts()
    assert Layout.setup is workwell_pdf._original_layout_setup()  # left as WeasyPrint has it


XHTML = (
    "<!DOCTYPE html>\n<html lang='en-GB'><head><meta charset='utf-8'/><title>T</title></head>"
    "<body><h2>Part &amp; parcel</h2><table><caption>Figures</caption><thead><tr>"
    "<th scope='col'>Measure</th><th scope='col'>Value</th></tr></thead><tbody>"
    + "".join(f"<tr><th scope='row'>Row &#x27;{n}&#x27;</th><td>{n}</td></tr>" for n in range(30))
    + "</tbody></table>"
    + CHART
    + "<p>After</p></body></html>"
)


def test_a_well_formed_document_is_parsed_as_xml_and_written_the_same():
    tell = "<html><body><div/>After</body></html>"  # <div/> is empty in XML, not in HTML
    assert workwell_pdf.print_xhtml(tell).etree_element.find("body/div").text is None
    assert workwell_pdf.print_html(string=tell).etree_element.find("body/div").text == "After"
    assert _written(XHTML, workwell_pdf.print_xhtml) == _written(XHTML, workwell_pdf.print_html)


def test_a_document_declaring_entities_is_parsed_as_html_without_expanding_them():
    html = "<!DOCTYPE html [<!ENTITY a 'aaaaaaaaaa'>]><html><body><p>&a;</p></body></html>"
    assert workwell_pdf.print_xhtml(html).etree_element.find("body/p").text == "&a;"


def test_a_document_that_is_not_well_formed_is_parsed_as_html():
    html = XHTML.replace("<p>After", "<p>&nbsp;<br>After\x0b")  # an entity, a tag, a control
    assert workwell_pdf.print_xhtml(html).etree_element.find("body/p").text == "\xa0"
    assert _written(html, workwell_pdf.print_xhtml) == _written(html, workwell_pdf.print_html)

"""The quarterly report's PDF, rendered by the real Celery worker through the document pipeline
and read back: its headline figures (pdftotext), PDF/UA metadata and tags (title, language
en-GB, tagged with a structure tree, bookmarks) of the national report and of a vanguard's,
contents with page numbers, and table headers repeated on every page a table runs onto; the
builder writing the national report's pages with its layout (kept by the charts) already freed."""

import contextlib
import datetime
import gc
import re
import subprocess
import time
import zlib
from decimal import Decimal

import defusedxml.ElementTree
import pytest
from weasyprint import HTML

from reporting.documents import build_report_pdf, report_html
from reporting.models import SnapshotBuild
from reporting.selectors.reports import Cell, ReportTable
from reporting.services.reports import report_request
from reporting.services.snapshots import snapshot_build
from tests.factories import VanguardFactory, region
from tests.reporting.snapshot_data import QUARTER, make_return
from tests.worker import celery_worker, worker_storage  # noqa: F401 (fixtures)
from tests.workwell.test_pdf import _layout_contexts_laid_out, _written
from workwell.celery import app
from workwell.documents import document_build
from workwell.pdf import print_html, print_xhtml

TIMEOUT = 120  # seconds: WeasyPrint's first layout in a fresh worker is slow, the machine shared


def _snapshot():
    build = SnapshotBuild.objects.create(year=QUARTER.year, number=QUARTER.number)
    return snapshot_build(build.pk)


def _run(*command) -> str:
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


def _text(path, *pages) -> str:
    """The PDF's words with whitespace (and pdftotext's line breaks) made single spaces."""
    return " ".join(_run("pdftotext", *pages, str(path), "-").split())


def _objects(path) -> bytes:
    """The PDF's bytes with every compressed stream opened: the catalogue sits in one."""
    data = path.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        with contextlib.suppress(zlib.error):  # an image or a font, not an object stream
            parts.append(zlib.decompress(data[match.end() : end]))
    return b"\n".join(parts)


def _bookmarks(path) -> list[str]:
    xml = _run("pdftohtml", "-xml", "-i", "-q", "-stdout", str(path))
    outline = xml[xml.find("<outline>") :]
    return re.findall(r'<item page="\d+">([^<]*)</item>', outline)


def _assert_accessible(path, *, title: str, bookmarks) -> None:
    """PDF/UA: the title (shown as the window's), language en-GB, tagged with a structure
    tree holding tables with header cells and headings, and these bookmarks."""
    info = _run("pdfinfo", str(path))
    assert f"Title:           {title}" in info
    assert "Tagged:          yes" in info
    assert 'pdfuaid:part="1"' in _run("pdfinfo", "-meta", str(path))  # PDF/UA-1
    catalogue = _objects(path)
    assert b"/Lang (en-GB)" in catalogue and b"/StructTreeRoot" in catalogue
    assert b"/DisplayDocTitle true" in catalogue
    structure = _run("pdfinfo", "-struct", str(path))
    for tag in ("Table", "THead", "TH", "TD", "H1", "H2"):
        assert re.search(rf"^\s*{tag}\b", structure, re.MULTILINE), tag
    found = _bookmarks(path)
    for bookmark in bookmarks:
        assert bookmark in found


def _wait_until_finished(*documents):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        for document in documents:
            document.refresh_from_db()
        if all(document.is_finished for document in documents):
            return
        time.sleep(0.5)
    pytest.fail(f"the report was not built in {TIMEOUT}s: {[d.status for d in documents]}")


@pytest.mark.worker
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.filterwarnings("ignore:Results are not stored in backend:RuntimeWarning")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_renders_the_national_report_with_its_headline_figures(
    celery_worker,  # noqa: F811
    worker_storage,  # noqa: F811
    vanguard_a,
    vanguard_b,
    admin_user,
    monkeypatch,
    tmp_path,
):
    make_return(vanguard_a, starts=1200, in_work=720, satisfaction_responses=400, satisfied=340)
    make_return(vanguard_b, starts=300, in_work=150, satisfaction_responses=100, satisfied=85)
    _snapshot()
    # The request queues the build as in production: through Redis, to the worker.
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    report = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    _wait_until_finished(report.document, report.spreadsheet)
    assert report.document.is_ready, report.document.error
    assert report.spreadsheet.is_ready, report.spreadsheet.error
    assert report.document.filename == "workwell-national-report-2025-26-q1-r1.pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(report.document.file.read())

    text = _text(path)
    starts, in_work = 1200 + 300, 720 + 150
    target = vanguard_a.participant_target + vanguard_b.participant_target
    assert (
        f"In 2025/26 Q1, {starts:,} participants started WorkWell support across 2 vanguards"
        in text
    )
    share = round(100 * starts / target, 1)
    assert f"{starts:,} participants have started to date, {share:g}% of the target" in text
    assert f"of the target of {target:,}" in text
    assert (
        f"{round(100 * in_work / starts, 1):g}% of participants were in work when they started"
        in text
    )
    assert (
        f"{round(100 * 425 / 500, 1):g}% of the 500 participants who answered were satisfied"
        in text
    )
    # The dashboards' charts, drawn in the PDF as on the page (their titles state the message).
    met = sum(
        100 * in_work_of / started >= vanguard.in_work_share_target
        for vanguard, started, in_work_of in ((vanguard_a, 1200, 720), (vanguard_b, 300, 150))
    )
    assert f"{met} of 2 vanguards meet their" in text  # (pdftotext drops the hyphen of in-work)
    assert (
        "Participants started to date, by quarter, against the trajectory to the target of "
        f"{target:,}" in text
    )
    for heading in (
        "Contents",
        "Executive summary",
        "Participants",
        "Outcomes",
        "Funding",
        "Quality plan indicators",
        "Data annex",
        "Alpha Vanguard",
        "Bravo Vanguard",
    ):
        assert heading in text
    # Contents with page numbers: cover 1, contents 2, summary 3.
    contents = _run("pdftotext", "-layout", "-f", "2", "-l", "2", str(path), "-")
    line = next(row for row in contents.splitlines() if "Executive summary" in row)
    assert line.rstrip().endswith(" 3"), line
    assert "Executive summary" in _text(path, "-f", "3", "-l", "3")

    _assert_accessible(
        path,
        title="WorkWell national quarterly report 2025/26 Q1",
        bookmarks=(
            "National quarterly report",
            "Contents",
            "Executive summary",
            "Participants",
            "Quality plan and strategic review",
            "Alpha Vanguard",
            "Data annex",
        ),
    )


@pytest.mark.django_db
def test_table_headers_repeat_on_every_page_a_table_runs_onto(admin_user, tmp_path):
    for n in range(6):
        vanguard = VanguardFactory(name=f"Vanguard {n}", slug=f"v-{n}", region=region())
        make_return(vanguard, starts=100 + n, in_work=50)
    _snapshot()
    report = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    path = tmp_path / "report.pdf"
    path.write_bytes(HTML(string=report_html(report)).write_pdf(pdf_variant="pdf/ua-1"))
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(path)))[1])
    annex_first = next(
        p for p in range(1, pages + 1) if "Every figure" in _text(path, "-f", str(p), "-l", str(p))
    )
    annex_pages = [
        _run("pdftotext", "-layout", "-f", str(p), "-l", str(p), str(path), "-")
        for p in range(annex_first, pages + 1)
    ]
    every_figure = [page for page in annex_pages if "Participants started" in page]
    assert len(every_figure) >= 2  # the table runs over pages
    for page in every_figure:
        assert re.search(r"^\s*Vanguard\s+Measure\s+Value\s*$", page, re.MULTILINE), page[:400]


@pytest.mark.django_db
def test_a_vanguards_report_speaks_of_its_own_figures(vanguard_a, vanguard_b, admin_user, tmp_path):
    make_return(vanguard_a, starts=1200, in_work=720)
    make_return(vanguard_b, starts=300, in_work=150)
    _snapshot()
    report = report_request(quarter=QUARTER, vanguard=vanguard_a, by=admin_user)
    path = tmp_path / "alpha.pdf"
    path.write_bytes(HTML(string=report_html(report)).write_pdf(pdf_variant="pdf/ua-1"))
    text = _text(path)
    assert "Alpha Vanguard quarterly report" in text
    assert "In 2025/26 Q1, 1,200 participants started WorkWell support." in text
    assert "Bravo Vanguard" not in text  # peers appear only as England's totals
    assert "Quality plan indicators" not in text  # the NST's quality plan is national


@pytest.mark.django_db
def test_a_vanguards_report_is_tagged_with_title_language_and_bookmarks(
    vanguard_a, vanguard_b, admin_user, tmp_path
):
    """The same checks as the national report's, on one vanguard's, built by the pipeline's
    own builder (what the worker runs)."""
    make_return(vanguard_a, starts=1200, in_work=720)
    make_return(vanguard_b, starts=300, in_work=150)
    _snapshot()
    report = report_request(quarter=QUARTER, vanguard=vanguard_a, by=admin_user)
    assert document_build(report.document.pk) is True
    report.document.refresh_from_db()
    assert report.document.is_ready, report.document.error
    path = tmp_path / "alpha.pdf"
    path.write_bytes(report.document.file.read())
    _assert_accessible(
        path,
        title="Alpha Vanguard quarterly report 2025/26 Q1",
        bookmarks=(
            "Alpha Vanguard quarterly report",
            "Contents",
            "Executive summary",
            "Participants",
            "Outcomes",
            "Funding",
            "Data annex",
        ),
    )
    assert "Bravo Vanguard" not in _bookmarks(path)  # no peer has a section of its own


@pytest.mark.django_db
def test_the_national_report_is_written_with_its_layout_freed(admin_user):
    """The report's charts are inline SVG, which keep WeasyPrint's layout context (every
    element's styles, the box tree before pagination) alive: the builder lets it go before it
    writes the pages (workwell/pdf.py), a fifth of the peak memory at 200 vanguards."""
    for n in range(3):
        vanguard = VanguardFactory(name=f"Vanguard {n}", slug=f"v-{n}", region=region())
        make_return(vanguard, starts=100 + n, in_work=50)
    _snapshot()
    report = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    assert "<svg" in report_html(report)
    gc.collect()
    at_writing = []

    def progress(_, step):
        if step.startswith("Writing"):
            at_writing.append(len(_layout_contexts_laid_out()))

    build_report_pdf(str(report.pk), progress)
    assert at_writing == [0]


ODD_NAME = 'O\'Brien & "Sons" <North>'  # what HTML escapes, in a vanguard's name


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["national", "vanguard"])
def test_a_report_is_well_formed_xml_and_written_as_its_html_would_be(
    vanguard_a, vanguard_b, admin_user, scope, tmp_path
):
    """The builder parses a report's HTML as XML, in C (workwell/pdf.py's print_xhtml): the
    template stays well-formed, charts included, whatever a vanguard is called, and the PDF is
    the one the HTML parser's tree makes, with the report's title at every page's foot."""
    vanguard_a.name = ODD_NAME
    vanguard_a.save()
    make_return(vanguard_a, starts=1200, in_work=720)
    make_return(vanguard_b, starts=300, in_work=150)
    _snapshot()
    report = report_request(
        quarter=QUARTER, vanguard=vanguard_a if scope == "vanguard" else None, by=admin_user
    )
    html = report_html(report)
    assert "<svg" in html
    defusedxml.ElementTree.fromstring(html)  # raises if it is not well-formed
    written = _written(html, print_xhtml)
    assert written == _written(html, print_html)
    path = tmp_path / "report.pdf"
    path.write_bytes(written)
    contents_page = _text(path, "-f", "2", "-l", "2")
    title = f"{ODD_NAME} quarterly report" if scope == "vanguard" else "national quarterly report"
    assert f"{title} 2025/26 Q1 Page 2 of" in contents_page
    assert ODD_NAME in _text(path)


@pytest.mark.django_db
def test_a_wide_table_of_figures_takes_its_column_widths_from_its_header(
    vanguard_a, vanguard_b, admin_user
):
    """Tables whose columns after the first are all figures, four columns or more, are laid
    out fixed (a vanguard's name to a line, and no measuring of every cell); a table with words
    or dates among its figures is measured, so its words are not squeezed."""
    make_return(vanguard_a, starts=1200, in_work=720)
    make_return(vanguard_b, starts=300, in_work=150)
    _snapshot()
    html = report_html(report_request(quarter=QUARTER, vanguard=None, by=admin_user))
    fixed = set(re.findall(r'<table id="table-([\w-]+)" class="figures">', html))
    assert {"participants", "outcomes"} <= fixed
    assert 'id="table-funding"' in html
    assert "funding" not in fixed  # three columns: measured


def test_a_table_is_of_figures_only_when_every_column_after_the_first_holds_numbers():
    def table(*values) -> ReportTable:
        head = [Cell("Vanguard", "Vanguard"), *(Cell("m", "m", True) for _ in values)]
        row = [Cell("Alpha", "Alpha"), *(Cell(value, str(value), True) for value in values)]
        return ReportTable("t", "T", head, [row])

    assert table(1200, 0.6, Decimal("1.5"), "", None).figures_only  # "": a figure withheld
    assert not table(1200, datetime.date(2026, 9, 25)).figures_only  # a date
    assert not table(1200, "On time").figures_only  # words

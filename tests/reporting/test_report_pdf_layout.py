"""The national report's PDF as a reader sees it on the page (pdftotext): the wide "Other
measures" table printed in parts that each fit the page's width, so no column is cut off, and
the vanguard pages' measures in words (GOV.UK dates, the dashboards' words for coded values,
no portal addresses), a chart of a bar a vanguard kept within its page, and satisfaction from
fewer responses than the disclosure threshold withheld in every table, in the dashboards'
words."""

import datetime
import re
import subprocess

import pytest
from weasyprint import HTML

from feedback.selectors.disclosure import TOO_FEW, disclosure_threshold
from reporting.documents import report_html
from reporting.models import SnapshotBuild
from reporting.presenters.dashboard import BAND_LABELS
from reporting.selectors.dashboard import RETURN_STATES
from reporting.selectors.reports import report_content
from reporting.services.reports import report_request
from reporting.services.snapshots import snapshot_build
from tests.factories import VanguardFactory, region
from tests.reporting.dashboard_data import due
from tests.reporting.snapshot_data import QUARTER, make_return


def _pages(path) -> list[str]:
    """Each page's words, whitespace made single spaces."""
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


@pytest.fixture
def national_pdf(vanguard_a, vanguard_b, admin_user, tmp_path):
    due(QUARTER, datetime.date(2025, 7, 21))
    make_return(vanguard_a, starts=1200, in_work=720)
    make_return(vanguard_b, starts=300, in_work=150)
    build = SnapshotBuild.objects.create(year=QUARTER.year, number=QUARTER.number)
    snapshot_build(build.pk)
    report = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    path = tmp_path / "national.pdf"
    path.write_bytes(HTML(string=report_html(report)).write_pdf(pdf_variant="pdf/ua-1"))
    return report, _pages(path)


def _layout_lines(path) -> list[str]:
    """The PDF's lines as laid out (a table row on one line), whitespace made single spaces."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return [" ".join(line.split()) for line in text.splitlines()]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\s()]+", text))


def _between(pages: list[str], first: str, after: str) -> str:
    """The text of the pages from the one starting with `first` to the one before `after`."""
    start = next(n for n, page in enumerate(pages) if page.startswith(first))
    end = next(n for n in range(start + 1, len(pages)) if pages[n].startswith(after))
    return " ".join(pages[start:end])


@pytest.mark.django_db
def test_every_column_of_other_measures_is_printed(national_pdf):
    report, pages = national_pdf
    section = next(s for s in report_content(report).sections if s.key == "other-measures")
    (table,) = section.tables  # one table in the XLSX pack, printed in parts
    assert len(table.head) > 8  # wide enough to need splitting
    printed = _between(pages, "Other measures", "Contact cadence and support requests")
    words = _words(printed)
    # Every header's words, and the last column's figures (a vanguard's and England's).
    for cell in table.head:
        assert _words(cell.text) <= words, cell.text
    for row in table.rows:
        assert _words(row[-1].text) <= words, (row[0].text, row[-1].text)
    # The furthest money figure along the table (these are cut off first when it is too wide).
    column = max(i for i, cell in enumerate(table.rows[0]) if cell.text.startswith("£"))
    assert column >= 8
    for row in table.rows:
        assert row[column].text in words, (table.head[column].text, row[column].text)
    parts = len(re.findall(r"Other measures by vanguard \(\d of \d\)", printed))
    assert parts >= 2


@pytest.mark.django_db
def test_vanguard_pages_write_measures_in_words(national_pdf, vanguard_a):
    report, pages = national_pdf
    page = _between(pages, "Vanguards Alpha Vanguard", "Bravo Vanguard")
    row = report.snapshot.figures["vanguards"][vanguard_a.slug]
    assert row["return_status"] in RETURN_STATES and row["return_due_on"]
    assert RETURN_STATES[row["return_status"]] in page
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page)  # dates as GOV.UK writes them
    assert "21 July 2025" in page
    # ("overdue" is also a word of measures' labels: "Days contact is overdue".)
    raw_codes = {*RETURN_STATES, *BAND_LABELS} - {"overdue"}
    assert not raw_codes & set(page.split()), raw_codes & set(page.split())
    assert "(address)" not in page and row["region_slug"] not in page.split()


@pytest.mark.django_db
def test_the_in_work_chart_of_fifteen_vanguards_fits_its_page(admin_user, tmp_path):
    """A bar a vanguard: at the programme's 15 the chart was taller than the page, and the
    bars past its foot were lost."""
    names = [f"Vanguard {letter}" for letter in "ABCDEFGHIJKLMNO"]
    for n, name in enumerate(names):
        vanguard = VanguardFactory(name=name, slug=f"v-{n}", region=region())
        make_return(vanguard, starts=100 + n, in_work=50)
    build = SnapshotBuild.objects.create(year=QUARTER.year, number=QUARTER.number)
    snapshot_build(build.pk)
    report = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    path = tmp_path / "national.pdf"
    path.write_bytes(HTML(string=report_html(report)).write_pdf(pdf_variant="pdf/ua-1"))
    page = next(page for page in _pages(path) if "vanguards meet their" in page)
    for name in names:
        assert name in page, name


@pytest.mark.django_db
def test_satisfaction_from_too_few_responses_is_withheld_in_every_table(
    vanguard_a, vanguard_b, admin_user, tmp_path
):
    """Participants satisfied to date, like the satisfied share, goes through the dashboards'
    rule: a vanguard with fewer responses than the threshold shows the dashboards' words in
    its page's table and the data annex; England and a vanguard over it show their counts."""
    threshold = disclosure_threshold()
    few = threshold - 1
    make_return(vanguard_a, starts=1200, in_work=720, satisfaction_responses=few, satisfied=few)
    make_return(vanguard_b, starts=300, in_work=150, satisfaction_responses=400, satisfied=337)
    build = SnapshotBuild.objects.create(year=QUARTER.year, number=QUARTER.number)
    snapshot_build(build.pk)
    report = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    path = tmp_path / "national.pdf"
    path.write_bytes(HTML(string=report_html(report)).write_pdf(pdf_variant="pdf/ua-1"))
    lines = _layout_lines(path)
    england = 337 + few

    # The data annex: a row a vanguard and measure.
    assert f"Alpha Vanguard Participants satisfied to date {TOO_FEW}" in lines
    assert "Bravo Vanguard Participants satisfied to date 337" in lines
    # The vanguard pages: the measure, the vanguard's figure, England's.
    assert f"Participants satisfied to date {TOO_FEW} {england}" in lines  # Alpha's page
    assert f"Participants satisfied to date 337 {england}" in lines  # Bravo's page
    # Nowhere is Alpha's count printed beside the measure.
    for line in lines:
        if "Participants satisfied to date" in line and "Bravo" not in line:
            assert not re.search(rf"to date {few} ", line + " "), line

"""List exports stream (issue 13): a CSV's rows and an XLSX's sheet go out as a server-side
cursor reads them, a chunk at a time (the XLSX's zip written as it goes, workwell/xlsx.py).
The content is what the non-streamed export (tablib over django-tables2's `as_values`) made."""

import datetime
import io
import tracemalloc
import zipfile
from decimal import Decimal

import django_tables2
import openpyxl
import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import TouchpointFactory, UserFactory, VanguardFactory
from vanguards.models import Touchpoint
from vanguards.selectors import touchpoints as selectors
from vanguards.tables.touchpoints import TouchpointTable
from workwell import tables
from workwell.models import ProgrammeTheme, Role

CHUNK = 5


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of CHUNK rows, so a few factory rows span several of them."""
    monkeypatch.setattr(tables, "EXPORT_CHUNK_SIZE", CHUNK)


def _log(count, vanguard, summary="Discussed referral numbers."):
    """`count` touchpoints on `vanguard`, bulk-inserted (the memory test needs thousands)."""
    author = UserFactory(role=Role.RM)
    built = [
        TouchpointFactory.build(author=author, summary=f"{summary} {number}")
        for number in range(count)
    ]
    touchpoints = Touchpoint.objects.bulk_create(built)
    through = Touchpoint.vanguards.through
    through.objects.bulk_create(
        [through(touchpoint=touchpoint, vanguard=vanguard) for touchpoint in touchpoints]
    )
    themes = list(ProgrammeTheme.objects.order_by("order")[:2])
    Touchpoint.themes.through.objects.bulk_create(
        [
            Touchpoint.themes.through(touchpoint=touchpoint, programmetheme=theme)
            for touchpoint in touchpoints
            for theme in themes
        ]
    )


def _reference_rows(user) -> list[list]:
    """The export as the non-streamed code built it: the same table as the view makes,
    every row through django-tables2's `as_values` at once, made safe cell by cell."""
    table = TouchpointTable(
        selectors.touchpoints_for_list(user=user, for_export=True),
        vanguard_names=lambda ids: selectors.vanguard_names(user=user, touchpoint_ids=ids),
    )
    tables.break_ties(table)  # as list_page does: rows on one date in a fixed order
    header, *rows = table.as_values()
    return [[str(cell) for cell in header], *[[tables.safe_cell(c) for c in r] for r in rows]]


def _reference_csv(user) -> bytes:
    header, *rows = _reference_rows(user)
    return tablib.Dataset(*rows, headers=header).export("csv").encode()


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_csv_longer_than_a_chunk_streams_the_same_bytes(
    rm_client, rm, vanguard_a, vanguard_b, small_chunks
):
    _log(9, vanguard_a)
    _log(4, vanguard_b, summary="=HYPERLINK(evil)")  # formula-injection protection kept
    response = rm_client.get("/touchpoints/?_export=csv")
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="touchpoints.csv"'
    body = _body(response)
    assert body == _reference_csv(rm)
    assert body.count(b"'=HYPERLINK(evil)") == 4
    assert len(body.decode().splitlines()) == 1 + 13  # three chunks of rows


def test_an_xlsx_longer_than_a_chunk_has_the_same_cells(rm_client, rm, vanguard_a, small_chunks):
    _log(12, vanguard_a, summary="Two lines\nof summary")
    response = rm_client.get("/touchpoints/?_export=xlsx")
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="touchpoints.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(_body(response))).active
    expected = tablib.Dataset()
    header, *rows = _reference_rows(rm)
    expected.headers = header
    for row in rows:
        expected.append(row)
    reference = openpyxl.load_workbook(io.BytesIO(expected.export("xlsx"))).active
    assert sheet.title == reference.title
    assert sheet.freeze_panes == reference.freeze_panes == "A2"
    got = [[(c.value, c.font.b, c.alignment.wrap_text) for c in row] for row in sheet.rows]
    want = [[(c.value, c.font.b, c.alignment.wrap_text) for c in row] for row in reference.rows]
    assert got == want
    assert len(got) == 1 + 12


def test_a_member_never_gets_another_vanguards_rows(
    client, member_a, vanguard_a, vanguard_b, small_chunks
):
    _log(7, vanguard_a, summary="Alpha's own")
    _log(7, vanguard_b, summary="Bravo's secret")
    client.force_login(member_a)
    for export in ("csv", "xlsx"):
        response = client.get(f"/touchpoints/?_export={export}")
        assert response.streaming
        body = _body(response)
        if export == "xlsx":
            sheet = openpyxl.load_workbook(io.BytesIO(body)).active
            body = "\n".join(str(c.value) for row in sheet.rows for c in row).encode()
        assert body.count(b"Alpha's own") == 7
        assert b"Bravo" not in body


def test_an_exports_queries_grow_with_chunks_not_rows(
    rm_client, vanguard_a, small_chunks, django_assert_num_queries
):
    _log(12, vanguard_a)
    # 1 session, 2 user, 3 the rows (one server-side cursor: its FETCHes of a chunk each are
    # not queries of their own), then per chunk of CHUNK rows 2 queries: the chunk's vanguards
    # and themes, prefetched. 12 rows are 3 chunks: 3 + 2 * 3.
    with django_assert_num_queries(9):
        _body(rm_client.get("/touchpoints/?_export=csv"))


def _peak_while_consuming(client, rows, export="csv") -> int:
    tracemalloc.start()
    try:
        response = client.get(f"/touchpoints/?_export={export}")
        chunks = response.streaming_content if response.streaming else [response.content]
        received = sum(len(chunk) for chunk in chunks)  # read and dropped, as a socket would
        return tracemalloc.get_traced_memory()[1], received
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_rows_grow(rm_client, vanguard_a, monkeypatch):
    """Five times the rows must not take twice the memory. An export built in memory (every
    model instance, then every cell, then the whole text) grows linearly with the rows and
    fails this; a streamed one holds a chunk (200 rows here) and the request's fixed cost.
    Peaks are Python allocations only (tracemalloc), so the measure does not depend on what
    else the machine is doing."""
    monkeypatch.setattr(tables, "EXPORT_CHUNK_SIZE", 200)
    _log(1000, vanguard_a)
    small, small_bytes = _peak_while_consuming(rm_client, 1000)
    _log(4000, vanguard_a)
    large, large_bytes = _peak_while_consuming(rm_client, 5000)
    assert large_bytes > 4 * small_bytes  # five times the rows were really sent
    assert large < 2 * small


# ---- XLSX: streamed, and the workbook tablib made ---------------------------------------------


def _sheet(body: bytes):
    return openpyxl.load_workbook(io.BytesIO(body)).active


def _typed(sheet) -> list[list[tuple]]:
    """Each cell as openpyxl reads it back: value, type, number format, bold, wrapped."""
    return [
        [(c.value, c.data_type, c.number_format, c.font.b, c.alignment.wrap_text) for c in row]
        for row in sheet.rows
    ]


def test_an_xlsx_starts_before_any_row_is_read(rm_client, vanguard_a, small_chunks):
    """The zip's fixed parts go out before the rows' query runs, and the rows' chunks are read
    after it; a workbook built whole (into a temporary file) ran every chunk's queries first."""
    _log(12, vanguard_a)
    with CaptureQueriesContext(connection) as queries:
        response = rm_client.get("/touchpoints/?_export=xlsx")
        assert response.streaming
        chunks = iter(response.streaming_content)
        first = next(chunks)
        before = len(queries)
        body = first + b"".join(chunks)
    assert first.startswith(b"PK\x03\x04")  # a zip's first entry
    assert not any("vanguards_touchpoint" in query["sql"] for query in queries[:before])
    # Later: the rows (one cursor) and each of the 3 chunks' vanguards and themes.
    assert len(queries) - before == 1 + 2 * 3
    assert len(list(_sheet(body).rows)) == 1 + 12


def test_an_xlsx_has_the_cells_widths_and_pane_tablib_made(rm_client, rm, vanguard_a, small_chunks):
    _log(12, vanguard_a, summary="Two lines\nof summary")
    header, *rows = _reference_rows(rm)
    expected = tablib.Dataset(*rows, headers=header)
    reference = _sheet(expected.export("xlsx"))
    body = _body(rm_client.get("/touchpoints/?_export=xlsx"))
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    # No ZIP64 (extract version 4.5): Excel rejects a ZIP64 entry whose header has no sizes.
    assert {info.extract_version for info in archive.infolist()} == {20}
    sheet = _sheet(body)
    assert (sheet.title, sheet.freeze_panes) == ("Tablib Dataset", "A2")
    assert _typed(sheet) == _typed(reference)
    # Widths fit the header and the first chunk (tablib measured every row; the sheet states
    # its widths before its first row), as the write-only workbook had them.
    widths = [max(len(str(row[i])) for row in [header, *rows[:CHUNK]]) for i in range(len(header))]
    got = [
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
        for i in range(len(header))
    ]
    assert got == widths


def test_an_empty_list_downloads_a_workbook_with_just_its_header(rm_client, rm):
    header, *rows = _reference_rows(rm)
    assert rows == []
    sheet = _sheet(_body(rm_client.get("/touchpoints/?_export=xlsx")))
    assert [[cell.value for cell in row] for row in sheet.rows] == [header]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    letters = [openpyxl.utils.get_column_letter(i + 1) for i in range(len(header))]
    assert [sheet.column_dimensions[letter].width for letter in letters] == [
        len(name) for name in header
    ]


def test_xlsx_text_is_escaped_drops_what_xml_cannot_hold_and_keeps_formulas_inert(
    rm_client, rm, vanguard_a
):
    markup = "Fish & chips <b>bold</b> \"quoted\" 'single' ]]> &amp;"
    TouchpointFactory(author=rm, vanguards=[vanguard_a], summary=markup)
    # Control characters XML 1.0 cannot hold (openpyxl refused the whole download): dropped.
    # A carriage return, tab and line feed are kept; leading and trailing spaces too.
    TouchpointFactory(
        author=rm,
        vanguards=[vanguard_a],
        summary=" Bell\x07 escape\x1b tabs\x0b\x0c\x01\x1f\ufffe end\r\nnext\tcell ",
    )
    formulas = ["=HYPERLINK(1)", "+44 20", "-1+1", "@SUM(A1)", "\tTAB", "\rCR"]
    for formula in formulas:
        TouchpointFactory(author=rm, vanguards=[vanguard_a], summary=formula)
    sheet = _sheet(_body(rm_client.get("/touchpoints/?_export=xlsx")))
    column = [cell.value for cell in sheet[1]].index("Summary")
    summaries = {row[column].value for row in sheet.iter_rows(min_row=2)}
    assert summaries == {
        markup,
        " Bell escape tabs end\r\nnext\tcell ",
        *("'" + formula for formula in formulas),
    }
    assert all(row[column].data_type == "s" for row in sheet.iter_rows(min_row=2))


def test_numbers_stay_numbers_in_a_list_download(rm_client, db):
    VanguardFactory(name="Numbered", participant_target=2500, funding_allocation=2_000_000)
    sheet = _sheet(_body(rm_client.get("/vanguards/?_export=xlsx")))
    header = [cell.value for cell in sheet[1]]
    target, funding = (
        sheet[2][header.index(name)] for name in ("Participant target", "Funding (£)")
    )
    assert (target.value, target.data_type) == (2500, "n")
    assert (funding.value, funding.data_type) == ("2000000.00", "s")  # its text, as before


class _Typed(django_tables2.Table):
    text = django_tables2.Column()
    number = django_tables2.Column()
    when = django_tables2.Column()
    other = django_tables2.Column()


def test_each_kind_of_value_is_the_cell_openpyxl_made():
    rows = [
        {"text": "one\ntwo", "number": 3, "when": datetime.date(2024, 1, 2), "other": True},
        {"text": "x", "number": Decimal("2.50"), "when": datetime.datetime(2024, 1, 2, 3, 4, 5)},
        {"text": "  lead", "number": 1.5, "when": datetime.time(1, 2), "other": False},
        {"number": Decimal("2000000.00"), "when": datetime.timedelta(hours=30), "other": -4},
    ]
    header, *values = _Typed(rows).as_values()
    reference = _sheet(tablib.Dataset(*values, headers=header).export("xlsx"))
    sheet = _sheet(_body(tables.export_response(_Typed(rows), "xlsx", "typed")))
    assert _typed(sheet) == _typed(reference)


def test_an_aware_datetime_is_written_in_local_time():
    moment = datetime.datetime(2024, 7, 1, 9, 30, tzinfo=datetime.UTC)  # 10:30 in London
    sheet = _sheet(_body(tables.export_response(_Typed([{"when": moment}]), "xlsx", "aware")))
    cell = sheet["C2"]
    assert cell.value == timezone.localtime(moment).replace(tzinfo=None)
    assert cell.number_format == "yyyy-mm-dd h:mm:ss"


def test_xlsx_memory_stays_flat_as_rows_grow(rm_client, vanguard_a, monkeypatch):
    """As the CSV's test above: the sheet is compressed and sent as it is written, never held."""
    monkeypatch.setattr(tables, "EXPORT_CHUNK_SIZE", 200)
    _log(1000, vanguard_a)
    small, small_bytes = _peak_while_consuming(rm_client, 1000, "xlsx")
    _log(4000, vanguard_a)
    large, large_bytes = _peak_while_consuming(rm_client, 5000, "xlsx")
    assert large_bytes > 4 * small_bytes
    assert large < 2 * small

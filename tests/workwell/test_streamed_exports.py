"""List exports stream (issue 13): a CSV's rows go out as a server-side cursor reads them, a
chunk at a time; an XLSX is built in constant memory and sent from a temporary file. The
content is what the non-streamed export (tablib over django-tables2's `as_values`) made."""

import io
import tracemalloc

import openpyxl
import pytest
import tablib

from tests.factories import TouchpointFactory, UserFactory
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


def _peak_while_consuming(client, rows) -> int:
    tracemalloc.start()
    try:
        response = client.get("/touchpoints/?_export=csv")
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

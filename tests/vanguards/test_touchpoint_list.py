"""/touchpoints/: filters, sorting, pagination, exports with stable columns, formula escaping,
and a query budget that does not grow with the number of touchpoints."""

import csv
import datetime
import io
import re

import openpyxl
import pytest

from tests.factories import (
    ActionFactory,
    CohortGroupFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
    join_group,
)
from tests.pages import rows_of
from vanguards.models import RAG, Touchpoint
from workwell.models import ProgrammeTheme, Role

TODAY = datetime.date.today()


def ago(days) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def summaries(response) -> set[str]:
    return {row["Summary"] for row in rows_of(response)}


@pytest.fixture
def logged(db, rm, rm_lead, learning_user, vanguard_a, vanguard_b):
    """Four touchpoints that differ in every filtered field."""
    data = ProgrammeTheme.objects.get(slug="data-evaluation-and-impact")
    check_in = TouchpointFactory(
        summary="Alpha check-in",
        author=rm,
        vanguards=[vanguard_a],
        date=ago(3),
        kind=Touchpoint.Kind.CHECK_IN,
        channel=Touchpoint.Channel.VIDEO,
    )
    cohort = TouchpointFactory(
        summary="Cohort session",
        author=rm_lead,
        vanguards=[vanguard_a, vanguard_b],
        date=ago(20),
        kind=Touchpoint.Kind.COHORT_SESSION,
        channel=Touchpoint.Channel.IN_PERSON,
        rag=RAG.AMBER,
        rag_reason="Slow start",
    )
    cohort.themes.set([data])
    cohort.nst_participants.set([rm_lead, rm])
    bravo = TouchpointFactory(
        summary="Bravo coaching",
        author=rm_lead,
        vanguards=[vanguard_b],
        date=ago(40),
        kind=Touchpoint.Kind.COACHING,
        channel=Touchpoint.Channel.PHONE,
        rag=RAG.RED,
        rag_reason="SRO left",
        duration_minutes=30,
    )
    visit = TouchpointFactory(
        summary="Bravo site visit",
        author=rm_lead,
        vanguards=[vanguard_b],
        date=ago(60),
        kind=Touchpoint.Kind.SITE_VISIT,
        channel=Touchpoint.Channel.IN_PERSON,
    )
    ActionFactory(touchpoint=cohort, vanguard=vanguard_a)
    ActionFactory(touchpoint=cohort, vanguard=vanguard_b)
    return {"check_in": check_in, "cohort": cohort, "bravo": bravo, "visit": visit}


ALL = {"Alpha check-in", "Cohort session", "Bravo coaching", "Bravo site visit"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL),
        ("vanguard=alpha", {"Alpha check-in", "Cohort session"}),
        ("cohort_group={bravo_group}", {"Cohort session", "Bravo coaching", "Bravo site visit"}),
        ("kind=coaching", {"Bravo coaching"}),
        ("channel=in_person", {"Cohort session", "Bravo site visit"}),
        ("theme=data-evaluation-and-impact", {"Cohort session"}),
        ("rag=red", {"Bravo coaching"}),
        ("rag=amber&vanguard=bravo", {"Cohort session"}),
        ("mine=on", {"Alpha check-in", "Cohort session"}),  # authored, or took part
        ("kind=workshop", set()),
    ],
)
def test_filters_narrow_the_list_and_the_export(rm_client, logged, vanguard_b, query, expected):
    query = query.format(bravo_group=vanguard_b.group_memberships.get().cohort_group.slug)
    assert summaries(rm_client.get(f"/touchpoints/?{query}&_export=csv")) == expected


def test_filter_by_relationship_manager(rm_client, logged, rm):
    response = rm_client.get(f"/touchpoints/?author={rm.pk}&_export=csv")
    assert summaries(response) == {"Alpha check-in"}


def _date_query(name, day) -> str:
    return f"{name}_0={day.day}&{name}_1={day.month}&{name}_2={day.year}"


def test_filter_by_date_range_includes_both_ends(rm_client, logged):
    query = f"{_date_query('date_from', ago(40))}&{_date_query('date_to', ago(20))}"
    response = rm_client.get(f"/touchpoints/?{query}&_export=csv")
    assert summaries(response) == {"Cohort session", "Bravo coaching"}
    html = rm_client.get(f"/touchpoints/?{query}").content.decode()
    assert f'name="date_from_0" type="text" value="{ago(40).day}"' in html  # the filter is kept


def test_cohort_sessions_are_listed_once_with_every_vanguard(rm_client, logged, vanguard_b):
    group = vanguard_b.group_memberships.get().cohort_group
    rows = rows_of(rm_client.get(f"/touchpoints/?cohort_group={group.slug}&_export=csv"))
    cohort = [row for row in rows if row["Summary"] == "Cohort session"]
    assert len(cohort) == 1
    assert cohort[0]["Vanguards"] == "Alpha Vanguard; Bravo Vanguard"
    assert cohort[0]["Follow-up actions"] == "2"


def test_an_impossible_filter_says_nothing_matches(rm_client, logged):
    html = rm_client.get("/touchpoints/?kind=workshop").content.decode()
    assert "No touchpoints match these filters" in html
    assert "0 touchpoints." in html
    assert "_export=" not in html  # nothing to download


def test_unknown_filter_values_are_reported_not_crashed(rm_client, logged):
    response = rm_client.get("/touchpoints/?vanguard=atlantis&rag=purple")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_unknown_filter_values_say_how_to_fix_them(rm_client, logged):
    html = rm_client.get("/touchpoints/?vanguard=999999&rag=purple").content.decode()
    assert "<title>Error: " in html
    assert "Select a vanguard from the list" in html
    assert "Select a RAG status from the list" in html
    assert "not one of the available choices" not in html


def test_the_empty_list_says_so(rm_client, db):
    assert "No touchpoints have been logged yet." in rm_client.get("/touchpoints/").content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Alpha check-in", "Cohort session", "Bravo coaching", "Bravo site visit"]),
        ("date", ["Bravo site visit", "Bravo coaching", "Cohort session", "Alpha check-in"]),
        ("-rag", ["Bravo coaching", "Bravo site visit", "Alpha check-in", "Cohort session"]),
        ("-action_count", ["Cohort session"]),
        ("kind", ["Alpha check-in", "Bravo coaching", "Cohort session", "Bravo site visit"]),
    ],
)
def test_sorting_orders_the_list(rm_client, logged, sort, expected):
    rows = rows_of(rm_client.get(f"/touchpoints/?sort={sort}&_export=csv"))
    names = [row["Summary"] for row in rows]
    # Ties (one RAG status) come latest logged first, as the sort is descending.
    assert names[: len(expected)] == expected


def test_rows_that_tie_on_the_sorted_column_show_once_across_pages(rm_client, rm, vanguard_a):
    """Sorting by a column keeps a fixed order among rows with the same value (the primary
    key), so paging through a sorted list shows every row exactly once."""
    logged = [TouchpointFactory(author=rm, vanguards=[vanguard_a], date=ago(1)) for _ in range(30)]
    ids = [touchpoint.pk for touchpoint in logged]
    for sort, expected in (("date", ids), ("-date", ids[::-1])):
        shown = []
        for page in (1, 2):
            html = rm_client.get(f"/touchpoints/?sort={sort}&page={page}").content.decode()
            shown += [int(pk) for pk in re.findall(r'href="/touchpoints/(\d+)/"', html)]
        assert shown == expected


def test_sortable_headers_say_how_they_are_sorted(rm_client, logged):
    html = rm_client.get("/touchpoints/?sort=-date").content.decode()
    assert 'aria-sort="descending"' in html
    assert "sort=date" in html


def test_list_is_paginated(rm_client, rm, vanguard_a):
    for number in range(30):
        TouchpointFactory(author=rm, vanguards=[vanguard_a], date=ago(number), summary=f"S{number}")
    first = rm_client.get("/touchpoints/").content.decode()
    second = rm_client.get("/touchpoints/?page=2").content.decode()
    assert "govuk-pagination" in first
    assert "30 touchpoints" in first
    assert f">{ago(0).day} {ago(0):%B %Y}<" in first
    assert f">{ago(29).day} {ago(29):%B %Y}<" in second
    assert f">{ago(29).day} {ago(29):%B %Y}<" not in first


# --- Exports ------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "ID",
    "Date",
    "Vanguards",
    "Kind",
    "Channel",
    "Duration (minutes)",
    "Logged by",
    "Themes",
    "RAG",
    "RAG reason",
    "Status",
    "Follow-up actions",
    "Summary",
    "Internal notes",
]


def test_csv_export_has_stable_columns_and_plain_values(rm_client, logged, rm_lead):
    response = rm_client.get("/touchpoints/?_export=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="touchpoints.csv"' in response["Content-Disposition"]
    assert next(csv.reader(io.StringIO(response.content.decode()))) == EXPORT_COLUMNS
    bravo = next(row for row in rows_of(response) if row["Summary"] == "Bravo coaching")
    assert bravo == {
        "ID": str(logged["bravo"].pk),
        "Date": ago(40).isoformat(),
        "Vanguards": "Bravo Vanguard",
        "Kind": "Coaching",
        "Channel": "Phone",
        "Duration (minutes)": "30",
        "Logged by": rm_lead.full_name,
        "Themes": "",
        "RAG": "Red",
        "RAG reason": "SRO left",
        "Status": "Complete",
        "Follow-up actions": "0",
        "Summary": "Bravo coaching",
        "Internal notes": "SRO stretched; watch capacity.",
    }


def test_xlsx_export_matches_the_csv(rm_client, logged):
    response = rm_client.get("/touchpoints/?_export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert list(rows[0]) == EXPORT_COLUMNS
    assert {row[EXPORT_COLUMNS.index("Summary")] for row in rows[1:]} == ALL


def test_exports_escape_spreadsheet_formulas(rm_client, rm, vanguard_a):
    TouchpointFactory(
        author=rm,
        vanguards=[vanguard_a],
        summary='=HYPERLINK("http://evil")',
        internal_notes="@SUM(A1)",
        rag=RAG.AMBER,
        rag_reason="-1+1",
    )
    row = rows_of(rm_client.get("/touchpoints/?_export=csv"))[0]
    assert row["Summary"] == '\'=HYPERLINK("http://evil")'
    assert row["Internal notes"] == "'@SUM(A1)"
    assert row["RAG reason"] == "'-1+1"
    sheet = openpyxl.load_workbook(
        io.BytesIO(rm_client.get("/touchpoints/?_export=xlsx").content)
    ).active
    assert sheet.cell(row=2, column=EXPORT_COLUMNS.index("Summary") + 1).value.startswith("'=")


@pytest.mark.parametrize(
    ("role", "sees_notes"),
    [
        ("admin_user", True),
        ("rm", True),
        ("rm_lead", True),
        ("learning_user", True),
        ("programme_lead", False),
        ("regional_lead", False),
        ("member_a", False),
    ],
)
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_internal_notes_are_only_in_exports_made_by_the_nst(
    request, client, cast, logged, role, sees_notes, export_format
):
    client.force_login(cast[role])
    response = client.get(f"/touchpoints/?_export={export_format}")
    if export_format == "csv":
        header = next(csv.reader(io.StringIO(response.content.decode())))
        text = response.content.decode()
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
        header = [cell.value for cell in sheet[1]]
        text = " ".join(str(cell) for cell in cells)
    assert ("Internal notes" in header) is sees_notes
    assert ("SRO stretched; watch capacity." in text) is sees_notes
    expected = EXPORT_COLUMNS if sees_notes else EXPORT_COLUMNS[:-1]
    assert header == expected


def test_list_escapes_text(rm_client, rm):
    vanguard = VanguardFactory(name="<script>alert(1)</script>")
    join_group(vanguard, CohortGroupFactory(relationship_manager=rm))
    TouchpointFactory(author=rm, vanguards=[vanguard])
    html = rm_client.get("/touchpoints/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Query budget -------------------------------------------------------------------------


def _log_touchpoints(count, vanguards, themes):
    author = UserFactory(role=Role.RM)
    for number in range(count):
        touchpoint = TouchpointFactory(author=author, vanguards=vanguards, date=ago(number))
        touchpoint.themes.set(themes)
        ActionFactory(touchpoint=touchpoint, vanguard=vanguards[0])


# 1 session, 2 user, the paginator's count, the choices of the vanguard, cohort group, RM and
# theme filters (4), and one page of rows (author joined, actions counted, the names of the
# vanguards the viewer may see as an array subquery of each row; the themes only for the
# export): 8. A filter by vanguard or theme looks its choice up once (1 each) and is a subquery
# of the rows (the filtered list here is empty, so it reads no page of rows): 9.
# A member: their membership with its vanguard (for the navigation), and of the filters only
# the theme's choices (they are offered no vanguard, group, RM or "mine"; those in the address
# are ignored): 6, filtered by theme 7.
@pytest.mark.parametrize(("role", "budget"), [("rm", 9), ("member_a", 7)])
def test_list_query_budget_does_not_grow_with_touchpoints(
    client, cast, vanguard_a, vanguard_b, role, budget, django_assert_max_num_queries
):
    client.force_login(cast[role])
    themes = list(ProgrammeTheme.objects.all()[:2])
    filtered = f"/touchpoints/?mine=on&vanguard=alpha&theme={themes[0].slug}&sort=-action_count"
    for more, vanguards in ((3, [vanguard_a]), (20, [vanguard_a, vanguard_b])):
        _log_touchpoints(more, vanguards, themes)
        for url in ("/touchpoints/", filtered):
            with django_assert_max_num_queries(budget):
                assert client.get(url).status_code == 200


def test_export_lists_themes_without_a_query_per_row(
    rm_client, vanguard_a, django_assert_max_num_queries
):
    themes = list(ProgrammeTheme.objects.order_by("-order")[:2])
    for _ in range(30):
        _log_touchpoints(1, [vanguard_a], themes)
    # 1 session, 2 user, 3 every row (author joined, actions counted), 4-5 their vanguards and
    # themes, prefetched.
    with django_assert_max_num_queries(5):
        rows = rows_of(rm_client.get("/touchpoints/?_export=csv"))
    in_order = "; ".join(theme.name for theme in sorted(themes, key=lambda theme: theme.order))
    assert [row["Themes"] for row in rows] == [in_order] * 30

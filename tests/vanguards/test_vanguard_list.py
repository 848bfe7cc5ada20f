"""/vanguards/: filters, sorting, pagination, exports and a query budget that does not grow."""

import csv
import io

import openpyxl
import pytest

from tests.factories import CohortGroupFactory, VanguardFactory, join_group, region
from tests.pages import rows_of
from vanguards.models import Vanguard


@pytest.fixture
def programme(db, rm):
    """Three vanguards in two regions and two groups, with distinct statuses and figures."""
    north = CohortGroupFactory(name="North group", slug="north-group", relationship_manager=rm)
    south = CohortGroupFactory(name="South group", slug="south-group")
    made = {
        "manchester": VanguardFactory(
            name="Manchester",
            slug="manchester",
            region=region("north-west"),
            funding_allocation=2_000_000,
            status=Vanguard.Status.LIVE,
        ),
        "liverpool": VanguardFactory(
            name="Liverpool",
            slug="liverpool",
            region=region("north-west"),
            funding_allocation=900_000,
            status=Vanguard.Status.MOBILISING,
        ),
        "dorset": VanguardFactory(
            name="Dorset",
            slug="dorset",
            region=region("south-west"),
            funding_allocation=1_500_000,
            status=Vanguard.Status.LIVE,
        ),
    }
    join_group(made["manchester"], north)
    join_group(made["liverpool"], north)
    join_group(made["dorset"], south)
    return made


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Manchester", "Liverpool", "Dorset"}),
        ("region=north-west", {"Manchester", "Liverpool"}),
        ("cohort_group=south-group", {"Dorset"}),
        ("status=mobilising", {"Liverpool"}),
        ("region=north-west&status=live", {"Manchester"}),
        ("name=ches", {"Manchester"}),
        ("region=south-west&cohort_group=north-group", set()),
    ],
)
def test_filters_narrow_the_list_and_the_export(rm_client, programme, query, expected):
    response = rm_client.get(f"/vanguards/?{query}&_export=csv")
    assert {row["Vanguard"] for row in rows_of(response)} == expected


def test_filter_keeps_the_choice_and_says_when_nothing_matches(rm_client, programme):
    html = rm_client.get("/vanguards/?region=south-west&cohort_group=north-group").content.decode()
    assert "No vanguards match these filters" in html
    assert '<option value="south-west" selected>' in html
    assert "_export=" not in html  # nothing to download


def test_download_links_keep_the_filters(rm_client, programme):
    html = rm_client.get("/vanguards/?region=north-west&page=1").content.decode()
    assert "2 vanguards." in html
    assert 'href="?region=north-west&amp;_export=csv">CSV</a>' in html
    assert 'href="?region=north-west&amp;_export=xlsx">Excel (XLSX)</a>' in html


def test_unknown_filter_value_is_reported_not_crashed(rm_client, programme):
    response = rm_client.get("/vanguards/?region=atlantis")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_unknown_filter_value_says_how_to_fix_it_and_titles_the_page(rm_client, programme):
    html = rm_client.get("/vanguards/?region=atlantis&status=asleep").content.decode()
    assert "<title>Error: Vanguards" in html
    assert "Select a region from the list" in html
    assert "Select a status from the list" in html
    assert "not one of the available choices" not in html


def test_valid_filters_leave_the_page_title_alone(rm_client, programme):
    html = rm_client.get("/vanguards/?region=north-west").content.decode()
    assert "<title>Vanguards" in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Dorset", "Liverpool", "Manchester"]),
        ("-name", ["Manchester", "Liverpool", "Dorset"]),
        ("funding_allocation", ["Liverpool", "Dorset", "Manchester"]),
        ("-funding_allocation", ["Manchester", "Dorset", "Liverpool"]),
        ("region", ["Liverpool", "Manchester", "Dorset"]),
    ],
)
def test_sorting_orders_the_list(rm_client, programme, sort, expected):
    response = rm_client.get(f"/vanguards/?sort={sort}&_export=csv")
    names = [row["Vanguard"] for row in rows_of(response)]
    if sort == "region":  # ties inside a region keep no guaranteed order
        assert names[-1] == "Dorset"
    else:
        assert names == expected


def test_sortable_headers_say_how_they_are_sorted(rm_client, programme):
    html = rm_client.get("/vanguards/?sort=-funding_allocation").content.decode()
    assert 'aria-sort="descending"' in html
    assert "sort=funding_allocation" in html  # the link flips the order


def test_list_is_paginated_with_the_govuk_pagination(rm_client, db):
    for number in range(30):
        VanguardFactory(name=f"Vanguard {number:02d}", slug=f"v-{number:02d}")
    first = rm_client.get("/vanguards/").content.decode()
    second = rm_client.get("/vanguards/?page=2").content.decode()
    assert "govuk-pagination" in first
    assert "Vanguard 00" in first and "Vanguard 29" not in first
    assert "Vanguard 29" in second and "Vanguard 00" not in second
    assert "30 vanguards" in first


EXPORT_COLUMNS = [
    "Vanguard",
    "Region",
    "Lead organisation",
    "Cohort group",
    "Relationship manager",
    "Status",
    "Participant target",
    "Funding (£)",
]


def test_csv_export_has_stable_columns_and_raw_figures(rm_client, programme, rm):
    response = rm_client.get("/vanguards/?region=north-west&_export=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="vanguards.csv"' in response["Content-Disposition"]
    reader = csv.reader(io.StringIO(response.content.decode()))
    assert next(reader) == EXPORT_COLUMNS
    manchester = next(row for row in rows_of(response) if row["Vanguard"] == "Manchester")
    assert manchester["Funding (£)"] == "2000000.00"
    assert manchester["Cohort group"] == "North group"
    assert manchester["Relationship manager"] == rm.full_name
    assert manchester["Lead organisation"] == programme["manchester"].lead_organisation.name


def test_xlsx_export_matches_the_csv(rm_client, programme):
    response = rm_client.get("/vanguards/?_export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_COLUMNS
    assert {row[0] for row in rows[1:]} == {"Manchester", "Liverpool", "Dorset"}


def test_export_escapes_spreadsheet_formulas(rm_client, db):
    VanguardFactory(name='=HYPERLINK("http://evil")', slug="evil")
    row = rows_of(rm_client.get("/vanguards/?_export=csv"))[0]
    assert row["Vanguard"] == '\'=HYPERLINK("http://evil")'


def test_list_escapes_names(rm_client, db):
    VanguardFactory(name="<script>alert(1)</script>", slug="xss")
    html = rm_client.get("/vanguards/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_list_query_budget_does_not_grow_with_vanguards(
    rm_client, rm, django_assert_max_num_queries
):
    group = CohortGroupFactory(relationship_manager=rm)
    for more in (3, 20):
        for _ in range(more):
            join_group(VanguardFactory(), group)
        # 1 session, 2 user, 3 the paginator's count, 4-5 the region and cohort-group choices
        # of the filter form, 6 one page of rows (region, organisation, group and RM joined
        # in).
        with django_assert_max_num_queries(6):
            assert rm_client.get("/vanguards/").status_code == 200

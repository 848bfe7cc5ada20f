"""Page sizes and page numbers from the query string (workwell.tables.list_page): a size from
the fixed set (25, 50, 100) or the list's default, and a page number that is not a page falls
back to the first or the last page instead of an error. Downloads are always every row."""

import csv
import io

import pytest

from tests.factories import ActionFactory, SupportRequestFactory, TouchpointFactory

ROWS = 30
LISTS = ["/touchpoints/", "/actions/", "/support-requests/"]


@pytest.fixture
def thirty_of_each(vanguard_a, rm, member_a):
    TouchpointFactory.create_batch(ROWS, author=rm, vanguards=[vanguard_a])
    ActionFactory.create_batch(ROWS, vanguard=vanguard_a, owner=rm)
    SupportRequestFactory.create_batch(ROWS, vanguard=vanguard_a, raised_by=member_a)


@pytest.fixture
def rm_client(client, rm, thirty_of_each):
    """The RM of vanguard A, who owns its actions (the action list shows one's own first)."""
    client.force_login(rm)
    return client


def page_of(response) -> tuple[int, int]:
    """The page's number and how many rows it shows."""
    assert response.status_code == 200
    page = response.context["table"].page
    return page.number, len(page.object_list)


# Page size asked for → rows shown on the first page, of 30.
PAGE_SIZES = {
    "50": ROWS,
    "100": ROWS,
    "25": 25,
    "-1": 25,
    "0": 25,
    "100000": 25,
    "99999999999999999999": 25,
    "49": 25,
    "fifty": 25,
}
# Page asked for → page shown, of two.
PAGES = {"2": 2, "abc": 1, "1.5": 1, "": 1, "0": 2, "-1": 2, "99999": 2, "9" * 400: 2}


# One test per list, each reading every case, so the 90 rows are made three times, not 60.
@pytest.mark.parametrize("url", LISTS)
def test_only_the_offered_page_sizes_are_used(rm_client, url):
    shown = {size: page_of(rm_client.get(url, {"per_page": size})) for size in PAGE_SIZES}
    assert shown == {size: (1, rows) for size, rows in PAGE_SIZES.items()}


@pytest.mark.parametrize("url", LISTS)
def test_a_page_number_that_is_not_a_page_shows_the_first_or_last(rm_client, url):
    shown = {page: page_of(rm_client.get(url, {"page": page}))[0] for page in PAGES}
    assert shown == PAGES


@pytest.mark.parametrize("url", LISTS)
def test_a_download_has_every_row_whatever_the_page_size(rm_client, url):
    for per_page in ("-1", "25", "100000"):
        query = {"_export": "csv", "per_page": per_page, "page": "-1"}
        response = rm_client.get(url, query)

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert len(rows) == 1 + ROWS  # the header and every row


@pytest.mark.parametrize("url", [*LISTS, "/vanguards/"])
@pytest.mark.parametrize("sort", [None, "nonsense", "-nonsense"])
def test_rows_keep_one_order_without_a_valid_sort(rm_client, url, sort):
    # Rows with equal sort values (thirty made at once) must not move between pages: the
    # order ends with the primary key even when no valid sort was asked for.
    response = rm_client.get(url, {"sort": sort} if sort else {})
    assert response.status_code == 200
    order = [str(field) for field in response.context["table"].data.data.query.order_by]
    assert order and order[-1] in ("pk", "-pk", "id", "-id"), order

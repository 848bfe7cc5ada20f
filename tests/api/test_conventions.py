"""What every list of the API does alike (api/urls.py): filters checked with a message that
says how to fix a bad value, cursor pages that stay put while rows are added, a bounded page
size, CSV as well as JSON, and a number of queries that does not grow with the page."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.models import SnapshotBuild
from reporting.services.snapshots import snapshot_build
from tests.api.conftest import bearer
from tests.factories import ActionFactory, SupportRequestFactory, TouchpointFactory
from tests.reporting.conftest import fill_return, make_return, make_strand
from vanguards.models import Touchpoint
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/vanguards/",
    "/api/v1/touchpoints/",
    "/api/v1/actions/",
    "/api/v1/support-requests/",
    "/api/v1/strands/",
]


@pytest.fixture
def secret(secret_for, admin_user):
    return secret_for(admin_user)


@pytest.fixture
def rows(cast, vanguard_a, vanguard_b, rm, rm_lead):
    """Several records of each kind for both vanguards."""
    for vanguard, author in ((vanguard_a, rm), (vanguard_b, rm_lead)):
        TouchpointFactory.create_batch(6, author=author, vanguards=[vanguard])
        ActionFactory.create_batch(6, vanguard=vanguard, owner=author)
        SupportRequestFactory.create_batch(6, vanguard=vanguard)
        for number in range(6):
            make_strand(vanguard, f"Strand {number}", position=number)
    TouchpointFactory(author=rm, vanguards=[vanguard_a, vanguard_b])  # a cohort session


def _get(client, secret, url, **params):
    return client.get(url, params, **bearer(secret))


# --- Filters --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    ("name", "value", "advice"),
    [
        ("quarter", "2026-q2", "like 2026-27-q2"),
        ("quarter", "2026-28-q1", "like 2026-27-q2"),
        ("quarter", "2026-27-q5", "like 2026-27-q2"),
        ("region", "atlantis", "north-west"),
        ("updated_since", "yesterday", "ISO 8601"),
        ("updated_since", "2026-13-45", "ISO 8601"),
        ("page_size", "0", "from 1 to 500"),
        ("page_size", "501", "from 1 to 500"),
        ("page_size", "ten", "from 1 to 500"),
        ("cursor", "not-a-cursor", "Follow the `next` link"),
        ("vangaurd", "alpha", "It takes:"),
    ],
)
def test_a_bad_value_is_a_400_that_says_how_to_fix_it(
    client, secret, rows, url, name, value, advice
):
    response = _get(client, secret, url, **{name: value})
    assert response.status_code == 400
    assert advice in response.json()[name]


@pytest.mark.parametrize("url", [url for url in LISTS if url != "/api/v1/vanguards/"])
def test_a_vanguard_the_user_cannot_see_reads_as_unknown(client, secret_for, cast, rows, url):
    secret = secret_for(cast["member_a"])
    unknown = _get(client, secret, url, vanguard="no-such-vanguard").json()["vanguard"]
    hidden = _get(client, secret, url, vanguard="bravo").json()["vanguard"]
    assert unknown.replace("no-such-vanguard", "bravo") == hidden
    assert _get(client, secret, url, vanguard="alpha").status_code == 200


def test_a_filter_given_twice_is_refused(client, secret, rows):
    response = client.get("/api/v1/touchpoints/?region=london&region=north-west", **bearer(secret))
    assert response.status_code == 400
    assert "once" in response.json()["region"]


def _ids(response) -> list:
    return [row.get("id", row.get("slug")) for row in response.json()["results"]]


def test_filters_narrow_each_list(client, secret, rows, vanguard_a, vanguard_b):
    touchpoints = "/api/v1/touchpoints/"
    a_only = set(Touchpoint.objects.filter(vanguards=vanguard_a).values_list("pk", flat=True))
    assert set(_ids(_get(client, secret, touchpoints, vanguard="alpha"))) == a_only
    # By region through the touchpoint's vanguards: the cohort session once, not twice.
    in_north_west = _ids(_get(client, secret, touchpoints, region="north-west"))
    assert sorted(in_north_west) == sorted(a_only)
    london = _get(client, secret, "/api/v1/actions/", region="london").json()["results"]
    assert {row["vanguard"] for row in london} == {"bravo"}
    assert {
        row["slug"]
        for row in _get(client, secret, "/api/v1/vanguards/", region="london").json()["results"]
    } == {"bravo"}
    strands = _get(client, secret, "/api/v1/strands/", vanguard="bravo").json()["results"]
    assert len(strands) == 6 and {row["vanguard"] for row in strands} == {"bravo"}


def test_the_quarter_filter_uses_the_financial_quarter(client, secret, rm, vanguard_a):
    inside = TouchpointFactory(author=rm, vanguards=[vanguard_a], date=datetime.date(2026, 9, 30))
    TouchpointFactory(author=rm, vanguards=[vanguard_a], date=datetime.date(2026, 6, 30))
    TouchpointFactory(author=rm, vanguards=[vanguard_a], date=datetime.date(2026, 10, 1))
    assert _ids(_get(client, secret, "/api/v1/touchpoints/", quarter="2026-27-q2")) == [inside.pk]
    # Vanguards and strands: those running at any time in the quarter.
    running = _get(client, secret, "/api/v1/vanguards/", quarter="2026-27-q2").json()["results"]
    assert [row["slug"] for row in running] == ["alpha"]
    assert _get(client, secret, "/api/v1/vanguards/", quarter="2030-31-q1").json()["results"] == []


def test_updated_since_follows_the_records_history(client, secret, rm, vanguard_a):
    old = TouchpointFactory(author=rm, vanguards=[vanguard_a])
    old.history.update(history_date=timezone.now() - datetime.timedelta(days=30))
    recent = TouchpointFactory(author=rm, vanguards=[vanguard_a])
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert _ids(_get(client, secret, "/api/v1/touchpoints/", updated_since=since)) == [recent.pk]
    # A change to the old one (its history) brings it back.
    old.summary = "Changed"
    old.save()
    assert sorted(_ids(_get(client, secret, "/api/v1/touchpoints/", updated_since=since))) == [
        old.pk,
        recent.pk,
    ]
    # A date alone is midnight UK time; an offset is honoured.
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert len(_ids(_get(client, secret, "/api/v1/touchpoints/", updated_since=day))) == 2
    assert (
        _get(
            client, secret, "/api/v1/touchpoints/", updated_since="2026-07-01T09:30:00+01:00"
        ).status_code
        == 200
    )


# --- Pages ----------------------------------------------------------------------------------


def _all_pages(client, secret, url, between=None, **params):
    """Every record's id following `next`, calling `between` after each page."""
    seen = []
    response = _get(client, secret, url, **params)
    while True:
        body = response.json()
        seen += _ids(response)
        if between:
            between()
        if not body["next"]:
            return seen
        response = client.get(body["next"], **bearer(secret))


def test_pages_stay_put_while_rows_are_added(client, secret, rows, rm, vanguard_a):
    before = list(Touchpoint.objects.order_by("pk").values_list("pk", flat=True))
    added = []

    def insert():
        added.append(TouchpointFactory(author=rm, vanguards=[vanguard_a]).pk)

    seen = _all_pages(client, secret, "/api/v1/touchpoints/", between=insert, page_size=3)
    # Every record there at the start, once and in order; the new ones after them.
    assert seen[: len(before)] == before
    assert len(seen) == len(set(seen))
    assert set(seen[len(before) :]) <= set(added)


def test_the_page_size_is_a_choice_up_to_500(client, secret, rows):
    assert len(_get(client, secret, "/api/v1/actions/", page_size=5).json()["results"]) == 5
    assert len(_get(client, secret, "/api/v1/actions/", page_size=500).json()["results"]) == 12
    response = _get(client, secret, "/api/v1/actions/", page_size=5)
    assert response["Link"] == f'<{response.json()["next"]}>; rel="next"'


# --- CSV ------------------------------------------------------------------------------------


def _csv(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("url", LISTS)
def test_every_list_comes_as_csv_too(client, secret, rows, url):
    as_json = _get(client, secret, url).json()["results"]
    by_format = _csv(_get(client, secret, url, format="csv"))
    by_accept = _csv(client.get(url, HTTP_ACCEPT="text/csv", **bearer(secret)))
    assert by_format == by_accept
    assert len(by_format) == len(as_json) > 0
    assert list(by_format[0]) == list(as_json[0])  # the same columns, in the same order
    key = "id" if "id" in as_json[0] else "slug"
    assert [row[key] for row in by_format] == [str(row[key]) for row in as_json]


def test_csv_cells_cannot_run_as_formulas(client, secret, vanguard_a):
    SupportRequestFactory(vanguard=vanguard_a, need='=HYPERLINK("http://evil","x")')
    SupportRequestFactory(vanguard=vanguard_a, need="-2+3")
    needs = [
        row["need"] for row in _csv(_get(client, secret, "/api/v1/support-requests/", format="csv"))
    ]
    assert needs == ['\'=HYPERLINK("http://evil","x")', "'-2+3"]


def test_lists_in_csv_name_several_vanguards_in_one_cell(
    client, secret, rm, vanguard_a, vanguard_b
):
    TouchpointFactory(author=rm, vanguards=[vanguard_a, vanguard_b])
    row = _csv(_get(client, secret, "/api/v1/touchpoints/", format="csv"))[0]
    assert row["vanguards"] == "alpha; bravo"


def test_a_bad_filter_in_csv_is_still_a_400_with_its_message(client, secret, rows):
    response = _get(client, secret, "/api/v1/actions/", format="csv", quarter="soon")
    assert response.status_code == 400
    assert "like 2026-27-q2" in _csv(response)[0]["message"]


def test_an_unknown_parameter_in_csv_cannot_run_as_a_formula(client, secret, rows):
    response = client.get(
        "/api/v1/actions/?format=csv&%3DHYPERLINK(%22http://x%22)=1", **bearer(secret)
    )
    assert response.status_code == 400
    fields = [row["field"] for row in _csv(response)]
    assert fields == ['\'=HYPERLINK("http://x")']


def test_a_nested_record_in_csv_is_json(client, secret_for, admin_user, vanguard_a):
    strand = make_strand(vanguard_a, "Main service")
    fill_return(make_return(vanguard_a, "accepted", quarter=Quarter(2025, 1)), [strand])
    build = SnapshotBuild.objects.create(year=2025, number=1)
    snapshot_build(build.pk)
    token = secret_for(admin_user)
    [row] = _csv(_get(client, token, "/api/v1/snapshots/", format="csv"))
    as_json = _get(client, token, "/api/v1/snapshots/").json()["results"][0]
    assert json.loads(row["figures"]) == as_json["figures"]


def test_an_unknown_format_names_the_formats(client, secret):
    response = _get(client, secret, "/api/v1/actions/", format="xml")
    assert response.status_code == 406
    assert "format=csv" in response.json()["detail"]


# --- Query budgets --------------------------------------------------------------------------

# Per request: the token with its owner (1); a member's vanguard (1, for members only); the
# list (1, `updated` a subquery inside it); and per list, its prefetches: touchpoints' visible
# vanguards and themes (2). The token's last use is written at most once a minute (1, the
# first request). A filter by vanguard or region looks its slug up (1 each).
BUDGETS = {
    "/api/v1/vanguards/": 2,
    "/api/v1/touchpoints/": 4,
    "/api/v1/actions/": 2,
    "/api/v1/support-requests/": 2,
    "/api/v1/strands/": 2,
}


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("role", ["admin_user", "member_a"])
def test_queries_do_not_grow_with_the_page(client, secret_for, cast, rows, url, role):
    secret = secret_for(cast[role])
    client.get(url, **bearer(secret))  # notes the token's first use
    counts = []
    for size in (1, 2, 50):
        with CaptureQueriesContext(connection) as queries:
            response = _get(client, secret, url, page_size=size)
        assert response.status_code == 200
        counts.append(len(queries))
    member = role == "member_a"
    assert counts == [BUDGETS[url] + member] * 3, [q["sql"][:120] for q in queries.captured_queries]


def test_filters_cost_one_lookup_each(client, secret, rows, django_assert_max_num_queries):
    client.get("/api/v1/touchpoints/", **bearer(secret))
    # token, vanguard slug, region slug, list, visible vanguards, themes
    with django_assert_max_num_queries(6):
        response = _get(
            client,
            secret,
            "/api/v1/touchpoints/",
            vanguard="alpha",
            region="north-west",
            quarter="2026-27-q2",
            updated_since="2026-01-01",
            page_size=200,
        )
    assert response.status_code == 200


# --- Hostile query strings ------------------------------------------------------------------

# The portal's hostile values (tests/workwell/test_hostile_query_strings.py), in every
# parameter of every list: a 400 with a message, never a 5xx.
HOSTILE = ("-1", "0", "abc", "1e309", "9" * 400, "' OR '1'='1", "nul\x00byte", "x" * 1000)
PARAMETERS = ("quarter", "vanguard", "region", "updated_since", "page_size", "cursor")


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/assessments/"])
def test_hostile_values_are_400s_never_500s(client, secret, rows, url):
    client.raise_request_exception = False
    for name in PARAMETERS:
        for value in HOSTILE:
            response = _get(client, secret, url, **{name: value})
            if name == "cursor" and response.status_code == 200:
                # DRF's base64 decoding skips characters outside its alphabet, so some junk
                # reads as the first page: harmless, and still no 5xx.
                continue
            assert response.status_code == 400, (name, value[:20], response.status_code)
            assert response.json()[name]

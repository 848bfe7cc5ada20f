"""/api/v1/concerns/: the concerns and complaints each role sees on the concerns pages, with
their clocks; what was said only for the NST (outside it: counts and clocks, not text), and
never a complaint about the user themselves."""

import csv
import io

import pytest
from django.utils import timezone

from feedback.forms.quality import quarter_slug
from feedback.models import Concern
from tests.api.conftest import bearer, listed, page_query_counts
from tests.feedback.conftest import raise_concern
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db

URL = "/api/v1/concerns/"
NST = {"admin_user", "rm", "rm_lead", "learning_user"}
# Which concerns each role sees: A's quality concern, A's complaint about its RM, B's concern
# (A is in the RM's group and the regional lead's region, B in the RM lead's group).
SEES = {
    "admin_user": {"a", "about_rm", "b"},
    "programme_lead": {"a", "about_rm", "b"},
    "regional_lead": {"a", "about_rm"},
    "rm": {"a"},  # never the complaint about themselves
    "rm_lead": {"a", "about_rm", "b"},
    "learning_user": set(),
    "member_a": {"a", "about_rm"},
    "member_b": {"b"},
    "network_partner": set(),
}


@pytest.fixture
def concerns(cast):
    return {
        "a": raise_concern(cast["member_a"]).pk,
        "about_rm": raise_concern(
            cast["member_a"],
            kind=Concern.Kind.COMPLAINT,
            what_happened="Our RM missed three meetings in a row.",
            about_rm=cast["rm"],
        ).pk,
        "b": raise_concern(cast["member_b"], what_happened="Bravo's check-in slipped.").pk,
    }


def _listed(client, secret, **params):
    return listed(client, URL, secret, **params)


@pytest.mark.parametrize("role", list(SEES))
def test_each_role_gets_the_concerns_its_pages_show(client, cast, concerns, secret_for, role):
    secret = secret_for(cast[role])
    expected = {concerns[key] for key in SEES[role]}
    assert {row["id"] for row in _listed(client, secret)} == expected
    for pk in concerns.values():
        response = client.get(f"{URL}{pk}/", **bearer(secret))
        assert response.status_code == (200 if pk in expected else 404)


@pytest.mark.parametrize("role", [role for role in SEES if SEES[role]])
def test_text_only_for_the_nst_clocks_for_everyone(client, cast, concerns, secret_for, role):
    secret = secret_for(cast[role])
    rows = _listed(client, secret)
    for row in rows:
        assert ("what_happened" in row) is (role in NST)
        assert row["acknowledge_by"] and row["respond_by"] and row["is_overdue"] in (True, False)
        assert "raised_by" not in row and "about_rm" not in row
    text = client.get(URL, {"format": "csv"}, **bearer(secret)).content.decode()
    assert ("missed three meetings" in text or "cancelled twice" in text) is (role in NST)
    assert ("what_happened" in text.splitlines()[0]) is (role in NST)


def test_filters(client, cast, concerns, secret_for):
    secret = secret_for(cast["admin_user"])
    assert {row["id"] for row in _listed(client, secret, vanguard="bravo")} == {concerns["b"]}
    listed = _listed(client, secret, region="north-west")
    assert {row["id"] for row in listed} == {concerns["a"], concerns["about_rm"]}
    # Raised now (raised_at is when the row was made).
    this_quarter = Quarter.containing(timezone.localdate())
    assert len(_listed(client, secret, quarter=quarter_slug(this_quarter))) == 3
    assert _listed(client, secret, quarter=quarter_slug(this_quarter.next())) == []
    table = list(
        csv.DictReader(
            io.StringIO(client.get(URL, {"format": "csv"}, **bearer(secret)).content.decode())
        )
    )
    assert {row["kind"] for row in table} == {"quality", "complaint"}


@pytest.mark.parametrize("role", ["admin_user", "rm", "member_a"])
def test_queries_do_not_grow_with_the_page(client, cast, concerns, secret_for, role):
    counts = page_query_counts(client, URL, secret_for(cast[role]))
    # token and owner; a member's vanguard or whether the user directs the programme (1-2);
    # the page (overdue flag and vanguard, region joined).
    assert counts[0] == counts[1] <= 6

"""/api/v1/funding/: each vanguard's funding position at the end of a quarter, for the
vanguards whose funding page the user may open, with the funding page's own figures (the
selector and reporting/funding.py's arithmetic, not a second calculation)."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from reporting.models import FundingRule, QuarterlyReturn
from reporting.selectors.funding import vanguard_funding
from tests.api.conftest import bearer, listed, page_query_counts
from tests.api.test_endpoints import SEES
from tests.reporting.conftest import fill_return, make_return, make_strand
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db

URL = "/api/v1/funding/"
FIRST, SECOND = Quarter(2025, 1), Quarter(2025, 2)
MONEY = ("allocation", "guaranteed", "performance_available", "performance_earned", "paid")


@pytest.fixture
def reported(cast, vanguard_a, vanguard_b):
    """Accepted returns for both vanguards' first two quarters (A's with more starts)."""
    for vanguard, starts in ((vanguard_a, 40), (vanguard_b, 15)):
        strand = make_strand(vanguard, "Main service")
        for quarter in (FIRST, SECOND):
            report = make_return(vanguard, QuarterlyReturn.Status.ACCEPTED, quarter=quarter)
            fill_return(report, [strand], starts=starts, starts_in_work=starts - 4)
    return {"alpha": vanguard_a, "bravo": vanguard_b}


def _listed(client, secret, **params):
    return listed(client, URL, secret, **params)


@pytest.mark.parametrize("role", list(SEES))
def test_each_role_gets_the_funding_of_the_vanguards_whose_page_it_opens(
    client, cast, reported, secret_for, role
):
    secret = secret_for(cast[role])
    expected = {slug for slug in reported if slug[0].upper() in SEES[role]}
    assert {row["vanguard"] for row in _listed(client, secret)} == expected
    for slug in reported:
        response = client.get(f"{URL}{slug}/", **bearer(secret))
        assert response.status_code == (200 if slug in expected else 404)


@pytest.mark.parametrize("quarter", [FIRST, SECOND])
def test_the_figures_are_the_funding_pages(client, cast, reported, secret_for, quarter):
    slug = f"{quarter.year}-{str(quarter.year + 1)[-2:]}-q{quarter.number}"
    rows = _listed(client, secret_for(cast["admin_user"]), quarter=slug)
    assert {row["quarter"] for row in rows} == {slug}
    for row in rows:
        _rule, position = vanguard_funding(vanguard=reported[row["vanguard"]], quarter=quarter)
        for name in MONEY:
            assert row[name] == f"{getattr(position, name):.2f}", name
    by_slug = {row["vanguard"]: row for row in rows}
    # A started more, so earned more.
    earned = {slug: Decimal(row["performance_earned"]) for slug, row in by_slug.items()}
    assert earned["alpha"] > earned["bravo"] > 0


def test_a_member_reads_their_own_at_a_chosen_quarter(client, cast, reported, secret_for):
    secret = secret_for(cast["member_a"])
    row = client.get(f"{URL}alpha/", {"quarter": "2025-26-q2"}, **bearer(secret)).json()
    _rule, position = vanguard_funding(vanguard=reported["alpha"], quarter=SECOND)
    assert row["paid"] == f"{position.paid:.2f}" and row["quarter"] == "2025-26-q2"


@pytest.mark.parametrize("quarter", ["2019-20-q1", "2099-00-q1", "next"])
def test_a_quarter_outside_the_programme_is_a_400(client, cast, reported, secret_for, quarter):
    secret = secret_for(cast["admin_user"])
    for url in (URL, f"{URL}alpha/"):
        response = client.get(url, {"quarter": quarter}, **bearer(secret))
        assert response.status_code == 400
        assert "quarter" in response.json()


@pytest.mark.parametrize("role", ["admin_user", "regional_lead"])
def test_filters_and_csv(client, cast, reported, secret_for, role):
    secret = secret_for(cast[role])
    assert [row["vanguard"] for row in _listed(client, secret, vanguard="alpha")] == ["alpha"]
    assert [row["vanguard"] for row in _listed(client, secret, region="north-west")] == ["alpha"]
    if role == "regional_lead":
        assert _listed(client, secret, region="london") == []
    response = client.get(URL, {"format": "csv", "quarter": "2025-26-q2"}, **bearer(secret))
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert table[0]["vanguard"] == "alpha" and table[0]["quarter"] == "2025-26-q2"
    assert list(table[0])[:3] == ["vanguard", "quarter", "allocation"]


def test_updated_is_the_latest_change_to_the_vanguard_its_returns_or_the_rule(
    client, cast, reported, secret_for
):
    secret = secret_for(cast["admin_user"])

    def changed_since(moment):
        return [row["vanguard"] for row in _listed(client, secret, updated_since=moment)]

    moment = timezone.now().isoformat()
    assert changed_since(moment) == []
    QuarterlyReturn.objects.filter(vanguard=reported["alpha"]).first().save()  # its figures
    assert changed_since(moment) == ["alpha"]
    moment = timezone.now().isoformat()
    rule = FundingRule.objects.filter(pk=1).first() or FundingRule(pk=1)
    rule.save()  # the funding rule: every position
    assert changed_since(moment) == ["alpha", "bravo"]


@pytest.mark.parametrize("role", ["admin_user", "member_a"])
def test_queries_do_not_grow_with_the_page(client, cast, reported, secret_for, role):
    counts = page_query_counts(client, URL, secret_for(cast[role]))
    # token and owner; a member's vanguard (1); the programme's quarters; the page; the
    # funding rule; the page's returns' figures.
    assert counts[0] == counts[1] <= 7

"""/api/v1/returns/: each quarterly return a role may see on the returns pages (in progress
ones for admins, the vanguard's members, its RM and the RM lead; the programme lead and
regional leads once signed off), with its figures per strand."""

import csv
import datetime
import io

import pytest

from reporting.models import QuarterlyReturn, ReturnPeriod
from tests.api.conftest import bearer, listed, page_query_counts
from tests.reporting.conftest import fill_return, make_return, make_strand
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db

URL = "/api/v1/returns/"
Status = QuarterlyReturn.Status
SIGNED = {Status.SUBMITTED, Status.ACCEPTED}
EVERY = {Status.IN_PROGRESS, *SIGNED}

# Which of A's and B's returns each role sees, by status (the returns pages' rule: A is in the
# RM's cohort group and the regional lead's region, B in the RM lead's group).
SEES = {
    "admin_user": {"A": EVERY, "B": EVERY},
    "programme_lead": {"A": SIGNED, "B": SIGNED},
    "regional_lead": {"A": SIGNED},
    "rm": {"A": EVERY},
    "rm_lead": {"A": EVERY, "B": EVERY},
    "learning_user": {},
    "member_a": {"A": EVERY},
    "member_b": {"B": EVERY},
    "network_partner": {},
}
QUARTERS = {
    Status.IN_PROGRESS: Quarter(2025, 1),
    Status.SUBMITTED: Quarter(2025, 2),
    Status.ACCEPTED: Quarter(2025, 3),
}


@pytest.fixture
def returns(cast, vanguard_a, vanguard_b):
    """An in progress, a submitted and an accepted return (a quarter each, each with a due
    date) for both vanguards, every strand's figures filled in."""
    for quarter in QUARTERS.values():
        ReturnPeriod.objects.create(
            year=quarter.year, number=quarter.number, due_on=quarter.end + datetime.timedelta(22)
        )
    strands = {
        key: make_strand(vanguard, "Main service")
        for key, vanguard in (("A", vanguard_a), ("B", vanguard_b))
    }
    made = {}
    for status, quarter in QUARTERS.items():
        for key, vanguard in (("A", vanguard_a), ("B", vanguard_b)):
            report = make_return(vanguard, status, quarter=quarter)
            fill_return(report, [strands[key]], starts=10 + quarter.number)
            made[key, status] = report.pk
    return made


def _listed(client, secret, **params):
    return listed(client, URL, secret, **params)


@pytest.mark.parametrize("role", list(SEES))
def test_each_role_lists_the_returns_it_sees(client, cast, returns, secret_for, role):
    rows = _listed(client, secret_for(cast[role]))
    expected = {returns[key, status] for key, statuses in SEES[role].items() for status in statuses}
    assert {row["id"] for row in rows} == expected
    for pk in returns.values():
        response = client.get(f"{URL}{pk}/", **bearer(secret_for(cast[role])))
        assert response.status_code == (200 if pk in expected else 404)


def test_a_return_carries_its_status_and_figures_per_strand(client, cast, returns, secret_for):
    row = client.get(
        f"{URL}{returns['A', Status.SUBMITTED]}/", **bearer(secret_for(cast["member_a"]))
    ).json()
    assert (row["vanguard"], row["quarter"], row["status"]) == ("alpha", "2025-26-q2", "submitted")
    [strand] = row["strands"]
    assert strand["strand_name"] == "Main service"
    assert (strand["starts"], strand["referrals"], strand["spend"]) == (12, 20, "12500.50")
    assert "progress" not in row and "query" not in row  # texts stay on the pages


def test_a_return_without_a_due_date_is_left_out_as_its_page_is(
    client, cast, returns, vanguard_a, secret_for
):
    orphan = make_return(vanguard_a, Status.ACCEPTED, quarter=Quarter(2026, 4))
    assert (
        client.get(f"{URL}{orphan.pk}/", **bearer(secret_for(cast["admin_user"]))).status_code
        == 404
    )


@pytest.mark.parametrize("role", ["admin_user", "programme_lead", "member_a"])
def test_filters_and_csv(client, cast, returns, secret_for, role):
    secret = secret_for(cast[role])
    rows = _listed(client, secret, vanguard="alpha", quarter="2025-26-q3")
    assert [(row["vanguard"], row["status"]) for row in rows] == [("alpha", "accepted")]
    assert _listed(client, secret, quarter="2026-27-q1") == []
    assert _listed(client, secret, region="north-west", quarter="2025-26-q3")
    response = client.get(URL, {"format": "csv"}, **bearer(secret))
    assert response.status_code == 200
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert "strand_name=Main service" in table[0]["strands"]


@pytest.mark.parametrize("role", ["admin_user", "rm", "member_a"])
def test_queries_do_not_grow_with_the_page(client, cast, returns, secret_for, role):
    counts = page_query_counts(client, URL, secret_for(cast[role]))
    # token and owner; a member's vanguard or an RM's groups (1); the page; its strand figures
    # with their strands.
    assert counts[0] == counts[1] <= 5

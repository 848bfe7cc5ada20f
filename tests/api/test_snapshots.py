"""/api/v1/snapshots/: closed quarters' snapshots with their stored figures, as each user reads
them on the dashboards: every vanguard for the NST and the programme lead (with the national
totals and the strategic review), a regional lead's region, a member's own vanguard with the
others lettered; the disclosure threshold applied to satisfaction; nothing for partners."""

import json

import pytest

from reporting.models import QuarterlySnapshot, SnapshotBuild
from reporting.selectors.dashboard import totals
from reporting.services.snapshots import snapshot_build
from tests.api.conftest import bearer, listed, page_query_counts
from tests.conftest import CAST
from tests.factories import VanguardFactory, make_member, region
from tests.reporting.conftest import fill_return, make_return, make_strand
from vanguards.selectors.cadence import programme_settings
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db

URL = "/api/v1/snapshots/"
FIRST, SECOND = Quarter(2025, 1), Quarter(2025, 2)
NATIONAL_READERS = {"admin_user", "programme_lead", "rm", "rm_lead", "learning_user"}


def build(quarter: Quarter) -> QuarterlySnapshot:
    snapshot_build_row = SnapshotBuild.objects.create(year=quarter.year, number=quarter.number)
    return snapshot_build(snapshot_build_row.pk)


@pytest.fixture
def snapshots(cast, vanguard_a, vanguard_b):
    """A snapshot of each of two closed quarters, built by the snapshot service, with both
    vanguards' returns in."""
    made = []
    strands = [make_strand(vanguard_a, "Main service"), make_strand(vanguard_b, "Hub")]
    for quarter in (FIRST, SECOND):
        for strand in strands:
            fill_return(make_return(strand.vanguard, "accepted", quarter=quarter), [strand])
        made.append(build(quarter))
    return [snapshot.pk for snapshot in made]


def figures_of(client, user, secret_for, pk) -> dict:
    response = client.get(f"{URL}{pk}/", **bearer(secret_for(user)))
    assert response.status_code == 200, response.content
    return response.json()["figures"]


@pytest.mark.parametrize("role", CAST)
def test_whoever_reads_a_dashboard_gets_the_snapshots(client, cast, snapshots, secret_for, role):
    secret = secret_for(cast[role])
    reads = role != "network_partner"
    assert {row["id"] for row in listed(client, URL, secret)} == (
        set(snapshots) if reads else set()
    )
    response = client.get(f"{URL}{snapshots[0]}/", **bearer(secret))
    assert response.status_code == (200 if reads else 404)


@pytest.mark.parametrize("role", sorted(NATIONAL_READERS))
def test_the_national_report_readers_get_every_vanguard_and_the_national_totals(
    client, cast, snapshots, secret_for, role
):
    figures = figures_of(client, cast[role], secret_for, snapshots[1])
    stored = QuarterlySnapshot.objects.get(pk=snapshots[1]).figures
    assert set(figures["vanguards"]) == {"alpha", "bravo"}
    assert figures["national"]["starts_to_date"] == stored["national"]["starts_to_date"] > 0
    assert figures["total"]["starts_to_date"] == stored["national"]["starts_to_date"]
    assert figures["review"] == stored["review"]
    assert figures["peers"] == []
    assert figures["quarter"] == stored["quarter"] and figures["quarters"] == stored["quarters"]


def test_a_regional_lead_gets_their_regions_vanguards_and_their_total(
    client, cast, snapshots, secret_for
):
    figures = figures_of(client, cast["regional_lead"], secret_for, snapshots[1])
    stored = QuarterlySnapshot.objects.get(pk=snapshots[1]).figures
    assert set(figures["vanguards"]) == {"alpha"}  # north-west; Bravo is in London
    alpha = stored["vanguards"]["alpha"]
    assert figures["vanguards"]["alpha"]["starts_to_date"] == alpha["starts_to_date"]
    expected = totals([alpha], len(stored["quarters"]))
    assert figures["total"]["starts_to_date"] == expected["starts_to_date"]
    assert figures["total"]["vanguards"] == 1
    assert set(figures["quality"]) == set(stored["quality"])
    assert "national" not in figures and "review" not in figures
    assert "bravo" not in json.dumps(figures).lower()


@pytest.mark.parametrize(
    ("member", "own", "other"), [("member_a", "alpha", "bravo"), ("member_b", "bravo", "alpha")]
)
def test_a_member_gets_their_vanguard_with_the_others_lettered(
    client, cast, snapshots, secret_for, member, own, other
):
    figures = figures_of(client, cast[member], secret_for, snapshots[1])
    stored = QuarterlySnapshot.objects.get(pk=snapshots[1]).figures
    assert set(figures["vanguards"]) == {own}
    peer = stored["vanguards"][other]
    assert figures["peers"] == [
        {
            "name": "Vanguard A",
            "starts_to_date": peer["starts_to_date"],
            "trajectory_to_date": peer["trajectory_to_date"],
            "starts_in_work_to_date": peer["starts_in_work_to_date"],
            "in_work_share": peer["in_work_share"],
            "in_work_share_target": peer["in_work_share_target"],
        }
    ]
    text = json.dumps(figures).lower()
    assert other not in text and peer["name"].lower() not in text  # never named
    assert "national" not in figures and "quality" not in figures and "review" not in figures
    assert set(figures["counterfactual"]) <= {own}


def test_a_member_gets_no_quarter_from_before_their_vanguard(client, cast, snapshots, secret_for):
    newcomer = VanguardFactory(name="Charlie Vanguard", slug="charlie", region=region("london"))
    member = make_member(newcomer)
    secret = secret_for(member)
    assert listed(client, URL, secret) == []
    assert client.get(f"{URL}{snapshots[0]}/", **bearer(secret)).status_code == 404
    later = build(Quarter(2025, 3))
    assert [row["id"] for row in listed(client, URL, secret)] == [later.pk]
    figures = figures_of(client, member, secret_for, later.pk)
    assert set(figures["vanguards"]) == {"charlie"}
    assert [peer["name"] for peer in figures["peers"]] == ["Vanguard A", "Vanguard B"]


def test_satisfaction_under_the_threshold_is_withheld_but_for_admins(
    client, cast, snapshots, secret_for
):
    settings = programme_settings()
    settings.disclosure_threshold = 1000
    settings.save()
    stored = QuarterlySnapshot.objects.get(pk=snapshots[1]).figures
    responses = stored["vanguards"]["alpha"]["satisfaction_responses_to_date"]
    assert 0 < responses < 1000
    for role in ("rm", "programme_lead", "regional_lead", "member_a"):
        row = figures_of(client, cast[role], secret_for, snapshots[1])["vanguards"]["alpha"]
        assert row["satisfaction_withheld"] is True, role
        assert row["satisfaction_responses_to_date"] is None and row["satisfied_share"] is None
    admin = figures_of(client, cast["admin_user"], secret_for, snapshots[1])
    alpha = admin["vanguards"]["alpha"]
    assert alpha["satisfaction_withheld"] is False
    assert alpha["satisfaction_responses_to_date"] == responses
    assert admin["national"]["satisfied_to_date"] == stored["national"]["satisfied_to_date"]


def test_the_quarter_filter_and_csv(client, cast, snapshots, secret_for):
    secret = secret_for(cast["admin_user"])
    [row] = listed(client, URL, secret, quarter="2025-26-q2")
    assert row["id"] == snapshots[1] and row["revision"] == 1
    assert row["quarter"] == "2025-26-q2"
    response = client.get(URL, {"format": "csv"}, **bearer(secret))
    assert response.content.decode().splitlines()[0].startswith("id,quarter,year")


@pytest.mark.parametrize("role", ["admin_user", "regional_lead", "member_a"])
def test_queries_do_not_grow_with_the_page(client, cast, snapshots, secret_for, role):
    counts = page_query_counts(client, URL, secret_for(cast[role]))
    # token and owner; the membership (members); the vanguards the user reads (and a member's
    # peers); the threshold; the page.
    assert counts[0] == counts[1] <= 7


def test_vanguard_and_region_narrow_each_snapshots_figures(client, cast, snapshots, secret_for):
    def named(user, **params):
        rows = listed(client, URL, secret_for(cast[user]), **params)
        assert {row["id"] for row in rows} == set(snapshots)  # every snapshot still listed
        return [
            (set(row["figures"]["vanguards"]), row["figures"]["total"]["vanguards"]) for row in rows
        ]

    assert named("admin_user", vanguard="alpha") == [({"alpha"}, 1)] * 2
    assert named("admin_user", region="london") == [({"bravo"}, 1)] * 2
    assert named("regional_lead", region="london") == [(set(), 0)] * 2
    assert named("member_a", vanguard="alpha") == [({"alpha"}, 1)] * 2
    response = client.get(URL, {"vanguard": "bravo"}, **bearer(secret_for(cast["member_a"])))
    assert response.status_code == 400
    assert "no vanguard you can see" in response.json()["vanguard"]

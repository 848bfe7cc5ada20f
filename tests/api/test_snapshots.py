"""/api/v1/snapshots/: closed quarters' snapshots with their stored figures (every vanguard's),
for whoever reads the national quarterly report printed from them: the NST and the programme
lead; nobody else."""

import pytest

from reporting.models import QuarterlySnapshot, SnapshotBuild
from reporting.services.snapshots import snapshot_build
from tests.api.conftest import bearer, listed, page_query_counts
from tests.conftest import CAST
from tests.reporting.conftest import fill_return, make_return, make_strand
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db

URL = "/api/v1/snapshots/"
FIRST, SECOND = Quarter(2025, 1), Quarter(2025, 2)


@pytest.fixture
def snapshots(cast, vanguard_a):
    """A snapshot of each of two closed quarters, built by the snapshot service."""
    strand = make_strand(vanguard_a, "Main service")
    made = []
    for quarter in (FIRST, SECOND):
        fill_return(make_return(vanguard_a, "accepted", quarter=quarter), [strand])
        build = SnapshotBuild.objects.create(year=quarter.year, number=quarter.number)
        made.append(snapshot_build(build.pk))
    return [snapshot.pk for snapshot in made]


@pytest.mark.parametrize("role", CAST)
def test_only_who_reads_the_national_report_gets_snapshots(
    client, cast, snapshots, secret_for, role
):
    secret = secret_for(cast[role])
    reads = role in {"admin_user", "programme_lead", "rm", "rm_lead", "learning_user"}
    assert {row["id"] for row in listed(client, URL, secret)} == (
        set(snapshots) if reads else set()
    )
    response = client.get(f"{URL}{snapshots[0]}/", **bearer(secret))
    assert response.status_code == (200 if reads else 404)


def test_the_figures_are_the_stored_ones(client, cast, snapshots, secret_for):
    secret = secret_for(cast["admin_user"])
    [row] = listed(client, URL, secret, quarter="2025-26-q2")
    stored = QuarterlySnapshot.objects.get(pk=row["id"])
    assert row["figures"] == stored.figures and row["revision"] == 1
    assert row["quarter"] == "2025-26-q2"
    response = client.get(URL, {"format": "csv"}, **bearer(secret))
    assert response.content.decode().splitlines()[0].startswith("id,quarter,year")


def test_queries_do_not_grow_with_the_page(client, cast, snapshots, secret_for):
    counts = page_query_counts(client, URL, secret_for(cast["admin_user"]))
    # token and owner; the page.
    assert counts[0] == counts[1] <= 4

"""Quarterly snapshots: immutable revisions, built once however often the task runs, on
schedule after the returns due date or when an admin asks, with what moved between revisions
and which late or corrected return moved it; and `quarter_figures`, which closed quarters'
dashboards read."""

import datetime
import threading

import pytest
from django.db import connection

from feedback.forms.quality import quarter_slug
from reporting.models import QuarterlySnapshot, ReturnPeriod, SnapshotBuild
from reporting.models.snapshots import SnapshotError, SnapshotLocked
from reporting.selectors.snapshots import (
    CHANGED,
    CORRECTED,
    LATE,
    NATIONAL,
    WITHDRAWN,
    quarter_figures,
    returns_changed,
    snapshot_changes,
)
from reporting.services.snapshots import snapshot_build, snapshot_request, snapshots_schedule
from reporting.tasks import build_due_snapshots
from tests.reporting.snapshot_data import LATER, QUARTER, SUBMITTED, correct, make_return
from tests.roles import OK, each_role_gets
from workwell.dates import Quarter

SLUG = "2025-26-q1"


def _build(quarter, by, capture):
    with capture(execute=True):
        build = snapshot_request(quarter=quarter, by=by)
    build.refresh_from_db()
    assert build.status == SnapshotBuild.Status.DONE, build.error
    return build.snapshot


@pytest.fixture
def first(vanguard_a, vanguard_b, admin_user, django_capture_on_commit_callbacks):
    """Revision 1 of QUARTER: Alpha's return accepted (40 starts, 24 in work), Bravo's missing."""
    make_return(vanguard_a, starts=40, in_work=24)
    return _build(QUARTER, admin_user, django_capture_on_commit_callbacks)


# --- Immutability ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_snapshot_refuses_every_change_once_made(first):
    first.figures = {"quarter": "changed"}
    with pytest.raises(SnapshotLocked):
        first.save()
    with pytest.raises(SnapshotLocked):
        first.delete()
    with pytest.raises(SnapshotLocked):
        QuarterlySnapshot.objects.filter(pk=first.pk).update(figures={})
    with pytest.raises(SnapshotLocked):
        QuarterlySnapshot.objects.filter(pk=first.pk).delete()
    stored = QuarterlySnapshot.objects.get(pk=first.pk)
    assert stored.figures["vanguards"]["alpha"]["starts_quarter"] == 40


@pytest.mark.django_db
def test_a_snapshot_stores_the_figures_and_the_returns_it_read(first, vanguard_a):
    assert first.revision == 1
    assert first.figures["vanguards"]["alpha"]["starts_to_date"] == 40
    assert first.figures["vanguards"]["bravo"]["starts_to_date"] == 0
    (read,) = first.returns_read
    report = vanguard_a.returns.get()
    assert read["id"] == report.pk and read["vanguard"] == "alpha"
    assert read["history_id"] == report.history.latest().history_id
    assert read["updated_at"] == report.updated_at.isoformat()


@pytest.mark.django_db
def test_only_a_closed_quarter_can_be_snapshotted(admin_user):
    today = datetime.date(2025, 6, 30)  # QUARTER's last day
    with pytest.raises(SnapshotError, match="has not closed yet"):
        snapshot_request(quarter=QUARTER, by=admin_user, today=today)
    assert not SnapshotBuild.objects.exists()


# --- Once only ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_requests_made_while_a_build_is_open_share_it(
    vanguard_a, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        one = snapshot_request(quarter=QUARTER, by=admin_user)
        two = snapshot_request(quarter=QUARTER, by=admin_user)
    assert one.pk == two.pk and len(queued) == 1
    # The task delivered twice: the second run finds the build claimed and does nothing.
    assert snapshot_build(one.pk) is not None
    assert snapshot_build(one.pk) is None
    assert QuarterlySnapshot.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_build_run_twice_at_once_makes_one_revision(vanguard_a, admin_user):
    make_return(vanguard_a)
    build = SnapshotBuild.objects.create(year=QUARTER.year, number=QUARTER.number)
    start = threading.Barrier(2)
    results = []

    def run():
        try:
            start.wait()
            results.append(snapshot_build(build.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result is not None for result in results) == 1
    assert list(QuarterlySnapshot.objects.values_list("revision", flat=True)) == [1]


@pytest.mark.django_db
def test_a_stale_build_whose_worker_died_is_claimed_again(vanguard_a):
    long_ago = datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC)
    build = SnapshotBuild.objects.create(
        year=QUARTER.year, number=QUARTER.number, status="building", started_at=long_ago
    )
    assert snapshot_build(build.pk) is not None
    build.refresh_from_db()
    assert build.status == SnapshotBuild.Status.DONE


# --- On schedule ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_beat_builds_the_first_snapshot_once_the_returns_are_due(
    vanguard_a, django_capture_on_commit_callbacks
):
    make_return(vanguard_a)
    ReturnPeriod.objects.create(
        year=QUARTER.year, number=QUARTER.number, due_on=datetime.date(2025, 7, 22)
    )
    assert snapshots_schedule(today=datetime.date(2025, 7, 22)) == []  # due today: not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert build_due_snapshots.delay().get() == 1
    snapshot = QuarterlySnapshot.objects.get()
    assert snapshot.built_by is None and snapshot.revision == 1
    # The next day's run finds the quarter snapshotted: later revisions are the admins'.
    with django_capture_on_commit_callbacks(execute=True):
        assert build_due_snapshots.delay().get() == 0
    assert QuarterlySnapshot.objects.count() == 1


@pytest.mark.django_db
def test_a_scheduled_build_racing_a_finished_one_adds_no_revision(first):
    late = SnapshotBuild.objects.create(year=QUARTER.year, number=QUARTER.number, scheduled=True)
    assert snapshot_build(late.pk) == first
    assert QuarterlySnapshot.objects.count() == 1


# --- Revisions and what moved ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_rebuild_lists_what_moved_and_which_late_or_corrected_return_moved_it(
    first, vanguard_a, vanguard_b, admin_user, django_capture_on_commit_callbacks
):
    correct(
        vanguard_a.returns.get(),
        starts=43,
        starts_in_work=27,
        referrals=53,
        condition_msk=43,
        ethnicity_white=43,
    )
    make_return(vanguard_b, starts=30, in_work=15, status=SUBMITTED)  # late
    second = _build(QUARTER, admin_user, django_capture_on_commit_callbacks)
    assert second.revision == 2 and second.built_by == admin_user

    changes = snapshot_changes(second)
    assert changes.previous == first
    assert {(r.vanguard, r.kind) for r in changes.returns} == {
        ("alpha", CORRECTED),
        ("bravo", LATE),
    }
    moved = {
        (c.scope, c.measure.key): (c.old, c.new, {r.kind for r in c.returns})
        for c in changes.figures
    }
    assert moved[("alpha", "starts_quarter")] == (40, 43, {CORRECTED})
    assert moved[("alpha", "in_work_share")] == (60.0, 62.8, {CORRECTED})
    assert moved[("bravo", "starts_to_date")] == (0, 30, {LATE})
    assert moved[(NATIONAL, "starts_quarter")] == (40, 73, {CORRECTED, LATE})
    # Nothing else moved: targets and allocations are not in the list.
    assert ("alpha", "participant_target") not in moved
    # Revision 1 still says what it said.
    assert (
        QuarterlySnapshot.objects.get(pk=first.pk).figures["vanguards"]["alpha"]["starts_quarter"]
        == 40
    )


def _row(pk, digest, status="accepted"):
    return {
        "id": pk,
        "vanguard": "alpha",
        "vanguard_name": "Alpha",
        "quarter": "2025/26 Q1",
        "status": status,
        "digest": digest,
    }


def test_returns_are_classed_by_how_they_changed_since_the_previous_revision():
    before = [_row(1, "a"), _row(2, "b", "submitted"), _row(3, "c"), _row(4, "d")]
    after = [_row(1, "A"), _row(2, "B", "accepted"), _row(3, "c"), _row(5, "e", "submitted")]
    kinds = {change.id: change.kind for change in returns_changed(before, after)}
    assert kinds == {1: CORRECTED, 2: CHANGED, 4: WITHDRAWN, 5: LATE}


@pytest.mark.django_db
def test_the_first_revision_has_nothing_to_compare(first):
    changes = snapshot_changes(first)
    assert changes.previous is None and changes.figures == [] and changes.returns == []


# --- What dashboards read -------------------------------------------------------------------


@pytest.mark.django_db
def test_quarter_figures_read_a_closed_quarters_snapshot_and_live_figures_otherwise(
    vanguard_a, admin_user, django_capture_on_commit_callbacks
):
    report = make_return(vanguard_a, starts=40, in_work=24)
    live = quarter_figures(QUARTER)
    assert live["snapshot"] is None and live["vanguards"]["alpha"]["starts_quarter"] == 40
    snapshot = _build(QUARTER, admin_user, django_capture_on_commit_callbacks)
    correct(
        report, starts=50, starts_in_work=34, referrals=60, condition_msk=50, ethnicity_white=50
    )
    # The correction does not move the reported figure until a new revision is built.
    frozen = quarter_figures(QUARTER)
    assert frozen["vanguards"]["alpha"]["starts_quarter"] == 40
    assert frozen["snapshot"]["revision"] == snapshot.revision
    # While the quarter was open, the same call read live figures.
    during = quarter_figures(QUARTER, today=datetime.date(2025, 6, 1))
    assert during["snapshot"] is None and during["vanguards"]["alpha"]["starts_quarter"] == 50
    # A quarter with no snapshot reads live figures.
    assert quarter_figures(LATER)["snapshot"] is None


@pytest.mark.django_db
def test_the_dashboards_show_the_snapshot_not_a_later_correction(
    client, vanguard_a, admin_user, django_capture_on_commit_callbacks
):
    report = make_return(vanguard_a, starts=40, in_work=24)
    snapshot = _build(QUARTER, admin_user, django_capture_on_commit_callbacks)
    correct(
        report, starts=50, starts_in_work=34, referrals=60, condition_msk=50, ethnicity_white=50
    )
    client.force_login(admin_user)
    quarter = f"?quarter={quarter_slug(QUARTER)}"
    for url in ("/reporting/dashboard/", "/reporting/vanguards/alpha/"):
        html = client.get(url + quarter).content.decode()
        assert f"snapshot (revision {snapshot.revision}, taken" in html
        assert "These figures are live" not in html
    # The open quarter's dashboard is live.
    html = client.get("/reporting/dashboard/").content.decode()
    assert "These figures are live" in html


# --- Pages ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_builds_a_snapshot_and_watches_it_finish(
    admin_client, vanguard_a, django_capture_on_commit_callbacks
):
    make_return(vanguard_a)
    # The page offers every closed quarter returns were due for.
    ReturnPeriod.objects.create(
        year=QUARTER.year, number=QUARTER.number, due_on=datetime.date(2025, 7, 22)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/reporting/snapshots/", {"quarter": SLUG})
    build = SnapshotBuild.objects.get()
    assert response.url == f"/reporting/snapshots/builds/{build.pk}/"
    page = admin_client.get(response.url).content.decode()
    assert "See the snapshot" in page and f"/reporting/snapshots/{SLUG}/1/" in page
    listing = admin_client.get("/reporting/snapshots/").content.decode()
    assert "Revision 1" in listing


@pytest.mark.django_db
def test_the_build_page_shows_progress_while_it_runs(admin_client, admin_user):
    build = SnapshotBuild.objects.create(
        year=QUARTER.year, number=QUARTER.number, requested_by=admin_user
    )
    page = admin_client.get(f"/reporting/snapshots/builds/{build.pk}/").content.decode()
    assert 'data-document-status="queued"' in page and "Check again" in page


@pytest.mark.django_db
def test_the_revision_page_lists_figures_that_moved(
    admin_client, first, vanguard_a, vanguard_b, admin_user, django_capture_on_commit_callbacks
):
    make_return(vanguard_b, starts=30, in_work=15, status=SUBMITTED)
    _build(QUARTER, admin_user, django_capture_on_commit_callbacks)
    page = admin_client.get(f"/reporting/snapshots/{SLUG}/2/").content.decode()
    assert "Figures that moved" in page
    assert "Bravo Vanguard 2025/26 Q1 (late: received after the previous revision)" in page
    assert admin_client.get(f"/reporting/snapshots/{SLUG}/3/").status_code == 404
    assert admin_client.get("/reporting/snapshots/2025-27-q1/1/").status_code == 404


@pytest.mark.django_db
def test_asking_for_an_open_quarter_says_why(admin_client):
    current = Quarter.containing(datetime.date.today())
    slug = f"{current.year}-{str(current.year + 1)[-2:]}-q{current.number}"
    response = admin_client.post("/reporting/snapshots/", {"quarter": slug})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()  # only closed quarters offered


@pytest.mark.django_db
@each_role_gets({"admin_user": OK})
def test_only_admins_use_the_snapshot_pages(client, cast, role, expected, first):
    client.force_login(cast[role])
    build = SnapshotBuild.objects.get()
    for url in (f"/reporting/snapshots/builds/{build.pk}/", f"/reporting/snapshots/{SLUG}/1/"):
        assert client.get(url).status_code == expected


@pytest.mark.django_db
def test_the_snapshots_page_costs_the_same_however_many_revisions(
    admin_client,
    first,
    admin_user,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    for _ in range(3):
        _build(QUARTER, admin_user, django_capture_on_commit_callbacks)
    # session, user, the return periods (the quarters offered), the snapshots with who built
    # them, the recent builds with who asked and their snapshot
    with django_assert_max_num_queries(5):
        assert admin_client.get("/reporting/snapshots/").status_code == 200

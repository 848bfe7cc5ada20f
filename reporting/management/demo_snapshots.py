"""Demo snapshots and reports, relative to today: a snapshot of every closed quarter with
returns; the quarter before the last closed one has a second revision after an admin corrected
an accepted return (so the snapshot page shows what moved and why); and a national report of
the last closed quarter and Greater Manchester's, built at once where Celery runs eagerly, else
queued for the worker. Safe to run again."""

from django.utils import timezone

from vanguards.models import Vanguard
from workwell.dates import Quarter
from workwell.models import User

from ..models import (
    QuarterlyReport,
    QuarterlyReturn,
    QuarterlySnapshot,
    ReturnPeriod,
    SnapshotBuild,
)
from ..services.reports import report_request
from ..services.snapshots import snapshot_build

CORRECTION = "The MSK strand's starts were under-counted: three referrals started in the quarter."


def build_snapshot_now(quarter: Quarter, by: User | None) -> QuarterlySnapshot:
    """A new revision of `quarter`'s snapshot, built here and now (not through the task), in
    the caller's transaction if it has one."""
    build = SnapshotBuild.objects.create(
        year=quarter.year, number=quarter.number, scheduled=by is None, requested_by=by
    )
    return snapshot_build(build.pk)


def _correct_a_return(quarter: Quarter, admin: User) -> None:
    """An admin's correction of an accepted return: three more starts, in work."""
    corrected = (
        QuarterlyReturn.objects.filter(
            year=quarter.year, number=quarter.number, status=QuarterlyReturn.Status.ACCEPTED
        )
        .order_by("vanguard__name")
        .first()
    )
    strand = corrected and corrected.strand_returns.filter(starts__isnull=False).first()
    if strand is None:
        return
    for field in (
        "referrals",
        "starts",
        "starts_in_work",
        "condition_other",
        "ethnicity_not_known",
    ):
        setattr(strand, field, getattr(strand, field) + 3)
    strand._change_reason = CORRECTION
    strand.save()
    corrected.correction_reason = CORRECTION
    corrected.save(update_fields=["correction_reason", "updated_at"])


def seed_snapshots(registry: dict) -> None:
    today = timezone.localdate()
    admin = User.objects.get(email="admin@example.com")
    closed = sorted(
        (p.quarter for p in ReturnPeriod.objects.all() if p.quarter.end < today),
        key=lambda q: (q.year, q.number),
    )
    for quarter in closed:
        if not QuarterlySnapshot.objects.of(quarter).exists():
            build_snapshot_now(quarter, by=None)  # as beat would have, after the returns were due
    if len(closed) >= 2:
        corrected = closed[-2]
        if QuarterlySnapshot.objects.of(corrected).count() == 1:
            _correct_a_return(corrected, admin)
            build_snapshot_now(corrected, by=admin)
    if closed and not QuarterlyReport.objects.exists():
        # Built on commit: at once with eager Celery, else by the worker. Greater Manchester's
        # own report is the one its SRO can download.
        report_request(quarter=closed[-1], vanguard=None, by=admin)
        manchester = Vanguard.objects.filter(slug="greater-manchester").first()
        if manchester:
            report_request(quarter=closed[-1], vanguard=manchester, by=admin)

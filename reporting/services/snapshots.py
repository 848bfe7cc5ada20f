"""Building quarterly snapshots (reporting.models.snapshots): an admin's request or beat's
schedule opens a build, a Celery task claims it and freezes the quarter's dashboard figures as
the next revision, with the returns they were summed from."""

import datetime
import hashlib
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from workwell.dates import Quarter, govuk_date
from workwell.models import User
from workwell.queueing import queue_after_commit

from ..models import QuarterlyReturn, QuarterlySnapshot, ReturnPeriod, SnapshotBuild, StrandReturn
from ..models.returns import FIGURES
from ..models.snapshots import SnapshotError
from ..selectors.dashboard import dashboard_figures
from ..selectors.figures import RECEIVED, up_to

logger = logging.getLogger(__name__)

Status = SnapshotBuild.Status
# Past the task's hard time limit a build still "building" has lost its worker: claim it again.
STALE_AFTER = timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 15 * 60) + 60)


def snapshot_request(*, quarter: Quarter, by: User, today: datetime.date | None = None):
    """An admin's request for a new revision of a closed quarter's snapshot (queued)."""
    today = today or timezone.localdate()
    if quarter.end >= today:
        raise SnapshotError(
            f"{quarter} has not closed yet: it ends on {govuk_date(quarter.end)}.", "quarter"
        )
    return _open_build(quarter, scheduled=False, by=by)


def snapshots_schedule(*, today: datetime.date | None = None) -> list[SnapshotBuild]:
    """Beat's daily run: open a build for every closed quarter whose returns were due before
    today and which has no snapshot yet (its first; later revisions are the admins')."""
    today = today or timezone.localdate()
    built = {(y, n) for y, n in QuarterlySnapshot.objects.values_list("year", "number")}
    builds = []
    for period in ReturnPeriod.objects.filter(due_on__lt=today).order_by("year", "number"):
        quarter = period.quarter
        if quarter.end < today and (quarter.year, quarter.number) not in built:
            builds.append(_open_build(quarter, scheduled=True, by=None))
    return builds


def _open_build(quarter: Quarter, *, scheduled: bool, by: User | None) -> SnapshotBuild:
    open_builds = SnapshotBuild.objects.filter(
        year=quarter.year, number=quarter.number, status__in=SnapshotBuild.OPEN
    )
    try:
        # The partial unique constraint makes two requests at once share the one open build.
        with transaction.atomic():
            build = SnapshotBuild.objects.create(
                year=quarter.year, number=quarter.number, scheduled=scheduled, requested_by=by
            )
            from ..tasks import build_snapshot  # tasks import this module

            # Inside the transaction: no open build is kept if the task queue is down.
            queue_after_commit(build_snapshot, build.pk)
    except IntegrityError:
        build = open_builds.first()
        if build is None:  # it finished between the insert and the read: ask again
            raise SnapshotError(
                f"A snapshot of {quarter} has just been built. Check it before asking again."
            ) from None
        return build
    return build


def snapshot_build(build_id: int) -> QuarterlySnapshot | None:
    """Claim the build and make its snapshot; None when another run has it or it is done."""
    now = timezone.now()
    stale = Q(status=Status.BUILDING, started_at__lt=now - STALE_AFTER)
    claimed = SnapshotBuild.objects.filter(Q(status=Status.QUEUED) | stale, pk=build_id).update(
        status=Status.BUILDING, started_at=now, finished_at=None, error=""
    )
    if not claimed:
        return None
    build = SnapshotBuild.objects.get(pk=build_id)
    mine = SnapshotBuild.objects.filter(pk=build_id, status=Status.BUILDING, started_at=now)
    try:
        with transaction.atomic():
            snapshot = _snapshot_for(build)
            if not mine.update(status=Status.DONE, snapshot=snapshot, finished_at=timezone.now()):
                raise SnapshotError("Another run took this build over.")
    except Exception as error:  # noqa: BLE001 - any failure is shown on the admins' page
        logger.exception("Building snapshot %s failed", build_id)
        mine.update(
            status=Status.FAILED,
            error=getattr(error, "message", f"{type(error).__name__}: {error}")[:2000],
            finished_at=timezone.now(),
        )
        return None
    return snapshot


def _snapshot_for(build: SnapshotBuild) -> QuarterlySnapshot:
    quarter = build.quarter
    latest = QuarterlySnapshot.objects.of(quarter).order_by("-revision").first()
    if build.scheduled and latest is not None:
        return latest  # beat makes a quarter's first snapshot only
    try:
        with transaction.atomic():
            return QuarterlySnapshot.objects.create(
                year=quarter.year,
                number=quarter.number,
                revision=(latest.revision if latest else 0) + 1,
                built_by=build.requested_by,
                figures=dashboard_figures(quarter),
                returns_read=returns_read(quarter),
            )
    except IntegrityError:
        # Another build won this revision number in the meantime.
        if build.scheduled:
            return QuarterlySnapshot.objects.of(quarter).order_by("-revision").first()
        raise SnapshotError(
            f"Another snapshot of {quarter} was built at the same time. Run it again to make "
            "a new revision."
        ) from None


def returns_read(quarter: Quarter) -> list[dict]:
    """Every received return the quarter's figures sum (its own and earlier quarters', for the
    to-date figures): its latest history row, when it last changed and a digest of its
    strands' figures, which a later revision compares. Three queries."""
    returns = list(
        QuarterlyReturn.objects.filter(up_to(quarter), status__in=RECEIVED)
        .select_related("vanguard")
        .order_by("pk")
    )
    ids = [report.pk for report in returns]
    history = dict(
        QuarterlyReturn.history.filter(id__in=ids)
        .values("id")
        .annotate(latest=Max("history_id"))
        .values_list("id", "latest")
        .order_by()
    )
    strands: dict[int, list] = {}
    fields = [field for field, _ in FIGURES]
    for row in (
        StrandReturn.objects.filter(quarterly_return_id__in=ids)
        .order_by("quarterly_return_id", "strand_id")
        .values_list("quarterly_return_id", "strand_id", *fields)
    ):
        strands.setdefault(row[0], []).append([str(value) for value in row[1:]])
    return [
        {
            "id": report.pk,
            "vanguard": report.vanguard.slug,
            "vanguard_name": report.vanguard.name,
            "quarter": str(report.quarter),
            "status": report.status,
            "history_id": history.get(report.pk),
            "updated_at": report.updated_at.isoformat(),
            "digest": hashlib.sha256(json.dumps(strands.get(report.pk, [])).encode()).hexdigest()[
                :16
            ],
        }
        for report in returns
    ]

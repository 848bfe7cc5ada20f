"""The demo's snapshots and reports: a snapshot of every closed quarter, a second revision of
one quarter that a corrected return moved, and reports waiting in the archive."""

import pytest
from django.utils import timezone

from reporting.management.demo_returns import seed_returns
from reporting.management.demo_snapshots import seed_snapshots
from reporting.models import QuarterlyReport, QuarterlySnapshot, ReturnPeriod
from reporting.selectors.snapshots import CORRECTED, snapshot_changes
from vanguards.management.demo import seed_registry


@pytest.mark.django_db
def test_the_demo_snapshots_every_closed_quarter_and_shows_a_correction():
    registry = seed_registry()
    seed_returns(registry)
    seed_snapshots(registry)
    today = timezone.localdate()
    closed = {p.quarter for p in ReturnPeriod.objects.all() if p.quarter.end < today}
    assert {s.quarter for s in QuarterlySnapshot.objects.all()} == closed
    (second,) = QuarterlySnapshot.objects.filter(revision=2)
    changes = snapshot_changes(second)
    assert [change.kind for change in changes.returns] == [CORRECTED]
    assert any(change.measure.key == "starts_quarter" for change in changes.figures)
    reports = QuarterlyReport.objects.all()
    assert {report.vanguard.slug if report.vanguard else "national" for report in reports} == {
        "national",
        "greater-manchester",
    }
    # Again: nothing new.
    counts = (QuarterlySnapshot.objects.count(), reports.count())
    seed_snapshots(registry)
    assert (QuarterlySnapshot.objects.count(), QuarterlyReport.objects.count()) == counts

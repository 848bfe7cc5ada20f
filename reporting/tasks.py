"""Celery tasks of the reporting app: thin, idempotent wrappers around services."""

from celery import shared_task
from django.utils import timezone

from .services.snapshots import snapshot_build, snapshots_schedule


@shared_task
def build_snapshot(build_id: int) -> int | None:
    """Build a requested quarterly snapshot; safe to run twice (the build is claimed)."""
    snapshot = snapshot_build(build_id)
    return snapshot.pk if snapshot else None


@shared_task
def build_due_snapshots() -> int:
    """Daily (beat): queue the first snapshot of every quarter whose returns are due."""
    return len(snapshots_schedule(today=timezone.localdate()))

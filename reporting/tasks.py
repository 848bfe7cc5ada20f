"""Celery tasks of the reporting app: thin, safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from vanguards.models import CohortGroupMembership
from workwell.models import User

from .models import QuarterlyReturn
from .services.reminders import return_reminders_run
from .services.snapshots import snapshot_build, snapshots_schedule

Status = QuarterlyReturn.Status


def _return_link(report: QuarterlyReturn) -> str:
    path = reverse(
        "reporting:return_check",
        kwargs={"slug": report.vanguard.slug, "quarter": report.quarter},
    )
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _send(report: QuarterlyReturn, *, subject: str, template: str, recipients, **context) -> int:
    recipients = list(recipients)
    if not recipients:
        return 0
    send_mail(
        subject=subject,
        message=render_to_string(
            template, {"report": report, "link": _return_link(report), **context}
        ),
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)


# smtplib's errors are OSErrors: retry a failed send.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_return_submitted_email(return_id: int) -> int:
    """Tell the vanguard's RM its SRO has signed off a return for them to accept or query."""
    report = (
        QuarterlyReturn.objects.select_related("vanguard", "signed_off_by")
        .filter(pk=return_id, status=Status.SUBMITTED)
        .first()
    )
    if report is None:
        return 0  # decided or sent back since: nothing to ask
    rm_ids = CohortGroupMembership.objects.filter(
        vanguard=report.vanguard_id, ended_on__isnull=True
    ).values("cohort_group__relationship_manager")
    return _send(
        report,
        subject=f"{report.vanguard.name} has signed off its {report.quarter} return",
        template="reporting/email/return_submitted.txt",
        recipients=User.objects.filter(pk__in=rm_ids, is_active=True).values_list(
            "email", flat=True
        ),
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_return_decided_email(return_id: int) -> int:
    """Tell the vanguard's members their return was accepted, or returned with a query."""
    report = (
        QuarterlyReturn.objects.select_related("vanguard", "decided_by")
        .filter(pk=return_id, status__in=[Status.ACCEPTED, Status.QUERIED])
        .first()
    )
    if report is None:
        return 0
    accepted = report.status == Status.ACCEPTED
    outcome = "has been accepted" if accepted else "has a query to answer"
    return _send(
        report,
        subject=f"Your {report.quarter} quarterly return {outcome}",
        template="reporting/email/return_decided.txt",
        recipients=User.objects.filter(
            vanguard_membership__vanguard=report.vanguard_id, is_active=True
        ).values_list("email", flat=True),
        accepted=accepted,
    )


# smtplib's errors are OSErrors: retry (each vanguard's claim rolled back with its failed send).
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_return_reminders() -> dict[str, int]:
    """Daily (beat): remind vanguards about every return not signed off; each reminder once
    per vanguard and quarter."""
    return return_reminders_run()


@shared_task
def build_snapshot(build_id: int) -> int | None:
    """Build a requested quarterly snapshot; safe to run twice (the build is claimed)."""
    snapshot = snapshot_build(build_id)
    return snapshot.pk if snapshot else None


@shared_task
def build_due_snapshots() -> int:
    """Daily (beat): queue the first snapshot of every quarter whose returns are due."""
    return len(snapshots_schedule(today=timezone.localdate()))

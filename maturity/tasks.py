"""Celery tasks for maturity: thin wrappers around services, safe to run twice."""

import datetime

from celery import shared_task
from django.utils import timezone

from .services.reminders import assessment_reminders_send


@shared_task
def send_assessment_reminders(today: str | None = None) -> int:
    """Beat, daily: remind members of vanguards whose self-assessment is still a draft 7 days
    and 1 day before the cycle closes. `today` (ISO date) is for tests and reruns."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return assessment_reminders_send(today=day)

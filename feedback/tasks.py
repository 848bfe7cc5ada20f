"""Celery tasks of the feedback app: thin, idempotent wrappers around services."""

from celery import shared_task
from django.utils import timezone

from workwell.models import User

from .selectors.concerns import concern_digest_recipients
from .services.concern_digest import concern_digest_send
from .services.concerns import concerns_close_unanswered
from .services.pulse import pulse_survey_run


# smtplib's errors are OSErrors: retry (each email's claim rolled back with its failed send).
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def run_pulse_survey() -> dict[str, int]:
    """Daily (beat): open, close and email the quarterly pulse survey; each email goes once."""
    return pulse_survey_run()


@shared_task
def close_unanswered_concerns() -> int:
    """Daily (beat): close concerns nobody replied to within 10 working days of the response."""
    return concerns_close_unanswered(today=timezone.localdate())


@shared_task
def send_concern_digests() -> int:
    """Daily (beat): queue one overdue-concerns digest per RM lead with something to report."""
    recipient_ids = concern_digest_recipients(today=timezone.localdate())
    for user_id in recipient_ids:
        send_concern_digest.delay(user_id)
    return len(recipient_ids)


# smtplib's errors are OSErrors: retry a failed send (the day's claim rolled back with it).
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_concern_digest(user_id: int) -> str:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return "nothing to report"
    return concern_digest_send(user=user, today=timezone.localdate()).value

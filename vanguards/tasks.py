"""Celery tasks of the vanguards app: thin, idempotent wrappers around services."""

from celery import shared_task
from django.utils import timezone

from workwell.models import User

from .selectors.cadence import rm_digest_recipient_ids
from .services.digest import DigestOutcome, rm_digest_send


@shared_task
def send_rm_digests() -> int:
    """Daily (beat): queue one digest per RM or RM lead with something to report."""
    recipient_ids = rm_digest_recipient_ids(today=timezone.localdate())
    for user_id in recipient_ids:
        send_rm_digest.delay(user_id)
    return len(recipient_ids)


# smtplib's errors are OSErrors: retry a failed send (the day's claim rolled back with it).
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_rm_digest(user_id: int) -> str:
    """Send one RM's digest for today; says "sent", "already sent" or "nothing to report"."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return DigestOutcome.NOTHING_TO_REPORT.value
    return rm_digest_send(user=user, today=timezone.localdate()).value

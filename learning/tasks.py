"""Celery tasks of the learning app: thin, idempotent wrappers around services."""

from celery import shared_task

from .services.events import event_reminders_send, promotion_email_send


@shared_task
def send_event_reminders() -> int:
    """Hourly (beat): email each person with a place at an event two days or less away, once."""
    return event_reminders_send()


# smtplib's errors are OSErrors: retry a failed send.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_promotion_email(registration_id: int) -> bool:
    """Tell someone promoted from a waiting list that they now have a place."""
    return promotion_email_send(registration_id=registration_id)

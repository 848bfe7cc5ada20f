"""Celery tasks of the reporting app: thin, idempotent wrappers around services."""

from celery import shared_task

from .services.reminders import return_reminders_run


# smtplib's errors are OSErrors: retry (each vanguard's claim rolled back with its failed send).
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_return_reminders() -> dict[str, int]:
    """Daily (beat): remind vanguards about the return being collected; each reminder once."""
    return return_reminders_run()

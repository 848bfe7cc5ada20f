"""Celery tasks of the feedback app: thin, idempotent wrappers around services."""

from celery import shared_task

from .services.pulse import pulse_survey_run


# smtplib's errors are OSErrors: retry (each email's claim rolled back with its failed send).
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def run_pulse_survey() -> dict[str, int]:
    """Daily (beat): open, close and email the quarterly pulse survey; each email goes once."""
    return pulse_survey_run()

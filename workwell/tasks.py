import logging
import threading

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection
from django.template.loader import render_to_string

from .accounts import invitation_path
from .documents import (
    DEAD_AFTER,
    HEARTBEAT_EVERY,
    document_build,
    document_orphan_wait,
    documents_recover,
)
from .models import User
from .services import invitation_sent
from .submissions import submissions_forget

logger = logging.getLogger(__name__)


@shared_task
def send_invitation_email(user_id: int) -> None:
    """Email an invited person their single-use link to set a password."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return  # already accepted, or removed since: nothing to send
    context = {
        "user": user,
        "link": settings.PORTAL_BASE_URL.rstrip("/") + invitation_path(user),
        "expiry_days": settings.INVITATION_EXPIRY_DAYS,
    }
    send_mail(
        subject="You have been invited to the WorkWell National Support Portal",
        message=render_to_string("workwell/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
    invitation_sent(user=user)


@shared_task
def worker_health() -> dict:
    """Proves a worker can reach the database; used by the worker round-trip test and ops."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"database": connection.vendor, "ok": one == 1}


@shared_task(bind=True, max_retries=3)
def build_document(self, document_id: int) -> bool:
    """Build a queued document (workwell/documents.py); safe to run twice. The broker hands a
    task back when its worker dies mid-build (acks late); that copy finds the dead worker's
    heartbeat still fresh, so it tries again once the heartbeat would be stale, and claims
    the build then. A duplicate while a live worker builds returns at once."""
    built = document_build(document_id)
    if not built and (self.request.delivery_info or {}).get("redelivered"):
        wait = document_orphan_wait(document_id)
        if wait is not None:
            raise self.retry(countdown=wait)
    return built


@shared_task
def recover_documents() -> int:
    """Queue again the builds dead workers left behind (workwell/documents.py); every minute."""
    return len(documents_recover())


@shared_task
def forget_form_submissions() -> int:
    """Delete the keys of forms sent more than a day ago (workwell/submissions.py); daily."""
    return submissions_forget()


@worker_ready.connect
def _recover_documents_after_a_restart(sender=None, **kwargs):
    # A worker killed mid-build leaves its task unacknowledged in Redis until the visibility
    # timeout (an hour). The worker that replaces it looks once the dead build's heartbeat has
    # had time to go stale, rather than wait for that or for beat's next minute. A timer, not
    # a countdown task: a worker holding an unacknowledged message dies when Redis drops
    # (kombu cannot restore it without a connection), and this one would be held for a minute.
    timer = threading.Timer((DEAD_AFTER + HEARTBEAT_EVERY).total_seconds(), _recover_once)
    timer.daemon = True
    timer.start()


def _recover_once():
    try:
        documents_recover()
    except Exception:  # noqa: BLE001 - beat's run every minute tries again
        logger.exception("Recovering abandoned documents after the worker started failed")
    finally:
        connection.close()  # this thread's own connection

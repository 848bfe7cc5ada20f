from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection
from django.template.loader import render_to_string

from .accounts import invitation_path
from .documents import document_build, document_orphan_wait
from .models import User
from .services import invitation_sent


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

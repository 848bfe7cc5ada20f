"""Celery tasks of the learning app: thin, idempotent wrappers around services."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .models import ConsultationComment
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


@shared_task
def send_comment_answer_email(comment_id: int) -> None:
    """Tell the commenter the learning team has answered their consultation comment."""
    comment = (
        ConsultationComment.objects.select_related("author", "version")
        .filter(pk=comment_id, author__is_active=True)
        .exclude(status=ConsultationComment.Status.OPEN)
        .first()
    )
    if comment is None:
        return  # answer taken back, or the account switched off since: nothing to say
    context = {
        "comment": comment,
        "link": settings.PORTAL_BASE_URL.rstrip("/")
        + reverse("learning:comment_detail", args=[comment.pk]),
    }
    send_mail(
        subject=f"Your comment on WorkWell toolkit version {comment.version.number} has an answer",
        message=render_to_string("learning/email/comment_answered.txt", context),
        from_email=None,
        recipient_list=[comment.author.email],
    )

"""Celery tasks of the learning app: thin, idempotent wrappers around services."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from workwell.models import User

from .models import ConsultationComment
from .selectors.exchange import digest_recipient_ids
from .services.agenda import what_we_heard_emails_send
from .services.events import event_reminders_send, promotion_email_send
from .services.exchange import exchange_digest_send


@shared_task
def send_event_reminders() -> int:
    """Hourly (beat): email each person with a place at an event two days or less away, once."""
    return event_reminders_send()


# smtplib's errors are OSErrors: retry a failed send.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_promotion_email(registration_id: int) -> bool:
    """Tell someone promoted from a waiting list that they now have a place."""
    return promotion_email_send(registration_id=registration_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_what_we_heard_emails(what_we_heard_id: int) -> int:
    """Email the attendees an event's published key points, each once."""
    return what_we_heard_emails_send(what_we_heard_id=what_we_heard_id)


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


@shared_task
def send_exchange_digests() -> int:
    """Daily (beat): queue one peer exchange email per person with new questions in a theme
    they follow since their last, all up to the same moment."""
    now = timezone.now()
    recipient_ids = digest_recipient_ids(now=now)
    for user_id in recipient_ids:
        send_exchange_digest.delay(user_id, now.isoformat())
    return len(recipient_ids)


# smtplib's errors are OSErrors: retry a failed send (the day's claim rolled back with it).
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_exchange_digest(user_id: int, until: str | None = None) -> str:
    """`until`: the beat run's moment (ISO 8601), the end of the window and the day claimed."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return "nothing to report"
    now = datetime.datetime.fromisoformat(until) if until else None
    return exchange_digest_send(user=user, now=now).value

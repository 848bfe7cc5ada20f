from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .models import ConsultationComment


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

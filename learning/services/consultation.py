"""Consultation on a toolkit version: vanguard members and NST staff comment while a version is
in consultation; the learning team answers each comment (accepted, declined with a reason, or
answered) and links an accepted comment to the item in the next version that makes the change.

Answers may be corrected (the latest one stands); a comment that stops being accepted loses its
link to a change, because only an accepted comment led to one. The commenter is emailed each
answer once it is saved.
"""

from django.db import transaction
from django.utils import timezone

from vanguards import permissions
from workwell.errors import ServiceError
from workwell.models import User
from workwell.queueing import queue_after_commit

from ..models import ConsultationComment, ToolkitItem, ToolkitVersion
from ..tasks import send_comment_answer_email

Status = ConsultationComment.Status


class ConsultationError(ServiceError):
    """A rule about consultation comments was broken; the message is safe to show."""


def comment_add(
    *, author: User, version: ToolkitVersion, text: str, item: ToolkitItem | None = None
) -> ConsultationComment:
    """A vanguard member or NST staff member comments on a version in consultation."""
    if not permissions.can_comment_on_toolkit(author, version):
        raise ConsultationError("You cannot comment on this version of the toolkit.")
    if version.status != ToolkitVersion.Status.CONSULTATION:
        raise ConsultationError(f"Version {version.number} is not open for comments.")
    if item is not None and item.version_id != version.pk:
        raise ConsultationError("Select an item from this version", "item")
    text = text.strip()
    if not text:
        raise ConsultationError("Enter your comment", "text")
    return ConsultationComment.objects.create(
        version=version,
        item=item,
        item_title=item.title if item else "",
        author=author,
        vanguard_id=permissions.member_vanguard_id(author),
        text=text,
    )


def comment_answer(
    *, actor: User, comment: ConsultationComment, status: str, response: str
) -> ConsultationComment:
    """The learning team's answer: accepted, declined (a reason is required) or answered."""
    if not permissions.can_answer_consultation_comments(actor):
        raise ConsultationError("Only the learning team answers comments.")
    if status not in ConsultationComment.ANSWERS:
        raise ConsultationError("Select accepted, declined or answered", "status")
    response = response.strip()
    if status == Status.DECLINED and not response:
        raise ConsultationError("Enter the reason for declining the comment", "response")
    if status == Status.ANSWERED and not response:
        raise ConsultationError("Enter your answer to the comment", "response")
    with transaction.atomic():
        comment = ConsultationComment.objects.select_for_update().get(pk=comment.pk)
        comment.status = status
        comment.response = response
        comment.answered_by = actor
        comment.answered_at = timezone.now()
        if status != Status.ACCEPTED:
            comment.led_to = None
        comment.save()
        queue_after_commit(send_comment_answer_email, comment.pk)
    return comment


def next_version(version: ToolkitVersion) -> ToolkitVersion | None:
    """The version that follows `version` by number: where its accepted comments take effect."""
    later = ToolkitVersion.objects.filter(major__gt=version.major) | ToolkitVersion.objects.filter(
        major=version.major, minor__gt=version.minor
    )
    return later.order_by("major", "minor").first()


def comment_link_change(
    *, actor: User, comment: ConsultationComment, item: ToolkitItem | None
) -> ConsultationComment:
    """Link an accepted comment to the item in the next version that makes its change (or
    unlink it, with `item` None)."""
    if not permissions.can_answer_consultation_comments(actor):
        raise ConsultationError("Only the learning team links comments to changes.")
    if item is not None:
        following = next_version(comment.version)
        if following is None or item.version_id != following.pk:
            raise ConsultationError("Select an item from the next version of the toolkit", "item")
    with transaction.atomic():
        # Locked and read again: the answer may have changed since the page was shown.
        current = ConsultationComment.objects.select_for_update().get(pk=comment.pk)
        if current.status != Status.ACCEPTED:
            raise ConsultationError("Only an accepted comment can be linked to a change", "item")
        current.led_to = item
        current.save(update_fields=["led_to"])
    return current

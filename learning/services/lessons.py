"""Writing, reviewing and linking lessons learnt. Every function re-checks the permissions
module before it writes, so a crafted request cannot skip a step."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from maturity.models import Dimension
from vanguards import permissions
from vanguards.models import SupportOffer, Vanguard
from workwell.errors import ServiceError
from workwell.models import ProgrammeTheme, User

from ..models import Lesson, ToolkitItem

Status = Lesson.Status
TEXT_FIELDS = ("title", "problem", "tried", "happened", "takeaways")


class LessonError(ServiceError):
    """A rule about lessons was broken; the message is safe to show to the user."""


def _vanguard_for(actor: User, vanguard: Vanguard | None) -> Vanguard | None:
    """A member writes for their own vanguard whatever was sent; NST staff for any or none."""
    member_vanguard = permissions.member_vanguard_id(actor)
    if member_vanguard is not None:
        return Vanguard.objects.get(pk=member_vanguard)
    return vanguard


def lesson_save(
    *,
    actor: User,
    data: dict,
    themes: Iterable[ProgrammeTheme] = (),
    dimensions: Iterable[Dimension] = (),
    vanguard: Vanguard | None = None,
    lesson: Lesson | None = None,
    submit: bool = False,
) -> Lesson:
    """Write a new lesson or change a draft or returned one; `submit` sends it for review."""
    if lesson is None:
        if not permissions.can_write_lessons(actor):
            raise LessonError("You cannot write lessons learnt.")
        lesson = Lesson(author=actor)
    elif not permissions.can_edit_lesson(actor, lesson):
        raise LessonError("This lesson can no longer be changed.")
    for field in TEXT_FIELDS:
        setattr(lesson, field, data[field].strip())
    lesson.vanguard = _vanguard_for(actor, vanguard)
    if submit:
        lesson.status = Status.SUBMITTED
        lesson.submitted_at = timezone.now()
        lesson.return_reason = ""  # answered by the changes; the history keeps the reason
    lesson._history_user = actor
    with transaction.atomic():
        lesson.save()
        lesson.themes.set(themes)
        lesson.dimensions.set(dimensions)
    return lesson


def _claim_for_review(actor: User, lesson: Lesson) -> Lesson:
    """The lesson locked for review, still submitted: two reviewers cannot both decide."""
    locked = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if not permissions.can_review_lesson(actor, locked):
        raise LessonError("This lesson is no longer waiting for review.")
    locked._history_user = actor
    locked.reviewed_by = actor
    return locked


def lesson_publish(*, actor: User, lesson: Lesson) -> Lesson:
    """Publish a submitted lesson: everyone signed in can then read it."""
    with transaction.atomic():
        lesson = _claim_for_review(actor, lesson)
        lesson.status = Status.PUBLISHED
        lesson.published_at = timezone.now()
        lesson.save()
    return lesson


def lesson_return(*, actor: User, lesson: Lesson, reason: str) -> Lesson:
    """Send a submitted lesson back to its author with the reason, for them to change."""
    reason = reason.strip()
    if not reason:
        raise LessonError("Enter why you are returning the lesson", "reason")
    with transaction.atomic():
        lesson = _claim_for_review(actor, lesson)
        lesson.status = Status.RETURNED
        lesson.return_reason = reason
        lesson.save()
    return lesson


def lesson_link(
    *,
    actor: User,
    lesson: Lesson,
    support_offers: Iterable[SupportOffer] = (),
    toolkit_items: Iterable[ToolkitItem] = (),
) -> Lesson:
    """Record what a published lesson informed: support offers and toolkit items it shaped."""
    if not permissions.can_link_lesson(actor, lesson):
        raise LessonError("Only published lessons can be linked.")
    lesson._history_user = actor
    with transaction.atomic():
        lesson.save(update_fields=["updated_at"])
        lesson.support_offers.set(support_offers)
        lesson.toolkit_items.set(toolkit_items)
    return lesson

"""The expert panel and the lived experience panel: the learning team keeps their members and
records each panel's reviews of toolkit versions."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from vanguards import permissions
from workwell.errors import ServiceError
from workwell.models import User

from ..models import PanelMember, PanelReview, ToolkitVersion

MEMBER_FIELDS = ("full_name", "expertise", "organisation", "email", "is_active")


class PanelError(ServiceError):
    """A rule about the panels was broken; the message is safe to show."""


def _require_keeper(actor: User) -> None:
    if not permissions.can_manage_panels(actor):
        raise PanelError("Only the learning team keeps the panels.")


def panel_member_save(
    *, actor: User, panel: str, data: dict, member: PanelMember | None = None
) -> PanelMember:
    """Add someone to a panel, or change their details."""
    _require_keeper(actor)
    member = member or PanelMember(panel=panel)
    name = data["full_name"].strip()
    taken = PanelMember.objects.filter(panel=member.panel, full_name__iexact=name)
    existing = taken.exclude(pk=member.pk).first()
    if existing is not None:
        raise PanelError(
            f"{existing.full_name} is already on the {member.get_panel_display().lower()}",
            "full_name",
        )
    for field in MEMBER_FIELDS:
        if field in data:
            setattr(member, field, data[field])
    member.full_name = name
    member.save()
    return member


def panel_member_remove(*, actor: User, member: PanelMember) -> None:
    """Take someone off a panel: deleted if they never reviewed, otherwise kept (their reviews
    name them) and marked as no longer on the panel."""
    _require_keeper(actor)
    with transaction.atomic():
        if member.reviews.exists():
            PanelMember.objects.filter(pk=member.pk).update(is_active=False)
        else:
            member.delete()


def panel_review_record(
    *,
    actor: User,
    version: ToolkitVersion,
    panel: str,
    reviewers: Iterable[PanelMember],
    reviewed_on: datetime.date,
    summary: str,
    recommendations: str = "",
) -> PanelReview:
    """Record a panel's review against a toolkit version."""
    _require_keeper(actor)
    reviewers = list(reviewers)
    if not reviewers:
        raise PanelError("Select who reviewed the version", "reviewers")
    if any(reviewer.panel != panel for reviewer in reviewers):
        raise PanelError("Select reviewers from the panel that gave the review", "reviewers")
    if reviewed_on > timezone.localdate():
        raise PanelError("The date of the review must be today or in the past", "reviewed_on")
    if not summary.strip():
        raise PanelError("Enter a summary of the review", "summary")
    with transaction.atomic():
        review = PanelReview.objects.create(
            version=version,
            panel=panel,
            reviewed_on=reviewed_on,
            summary=summary.strip(),
            recommendations=recommendations.strip(),
            recorded_by=actor,
        )
        review.reviewers.set(reviewers)
    return review

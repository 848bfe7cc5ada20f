"""Regional-lead feedback: take a lead's quarterly rating, or change the one they gave this
quarter (one per lead per quarter, a unique constraint)."""

import datetime

from django.db import transaction
from django.utils import timezone

from vanguards import permissions
from vanguards.models import Vanguard
from workwell.dates import Quarter
from workwell.errors import ServiceError
from workwell.models import User

from ..models import RegionalFeedback, RegionalVanguardRating


class RegionalFeedbackError(ServiceError):
    """A rule about regional feedback was broken; the message is safe to show to the user."""


def _check_rating(value, field: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise RegionalFeedbackError("Choose a rating from 1 to 5", field=field)


def regional_feedback_submit(
    *,
    author: User,
    rating: int,
    observations: str = "",
    vanguard_ratings: dict[int, tuple[int, str]] | None = None,
    today: datetime.date | None = None,
) -> RegionalFeedback:
    """Take a regional lead's feedback for the current quarter, or replace what they gave
    earlier this quarter (the per-vanguard ratings with it)."""
    today = today or timezone.localdate()
    vanguard_ratings = vanguard_ratings or {}
    region_id = permissions.regional_lead_region_id(author)
    if not permissions.can_give_regional_feedback(author) or region_id is None:
        raise RegionalFeedbackError("Only regional leads can give regional feedback.")
    _check_rating(rating, "rating")
    for vanguard_id, (value, _comment) in vanguard_ratings.items():
        _check_rating(value, f"vanguard_{vanguard_id}_rating")
    in_region = set(
        Vanguard.objects.filter(pk__in=vanguard_ratings, region=region_id).values_list(
            "pk", flat=True
        )
    )
    if set(vanguard_ratings) - in_region:
        raise RegionalFeedbackError("You can only rate the vanguards in your region.")
    quarter = Quarter.containing(today)
    now = timezone.now()
    with transaction.atomic():
        feedback, created = RegionalFeedback.objects.select_for_update().get_or_create(
            author=author,
            year=quarter.year,
            number=quarter.number,
            defaults={
                "region_id": region_id,
                "rating": rating,
                "observations": observations,
                "submitted_at": now,
                "updated_at": now,
            },
        )
        if not created:
            feedback.region_id = region_id
            feedback.rating = rating
            feedback.observations = observations
            feedback.updated_at = now
            feedback.save(update_fields=["region", "rating", "observations", "updated_at"])
            feedback.vanguard_ratings.all().delete()
        RegionalVanguardRating.objects.bulk_create(
            RegionalVanguardRating(
                feedback=feedback, vanguard_id=vanguard_id, rating=value, comment=comment
            )
            for vanguard_id, (value, comment) in vanguard_ratings.items()
        )
    return feedback

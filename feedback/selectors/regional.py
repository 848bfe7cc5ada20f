"""Reads for regional-lead feedback: a lead's own for this quarter, their region's vanguards,
and the leadership's list (three queries whatever its length)."""

from django.db.models import Prefetch, QuerySet

from vanguards import permissions
from vanguards.models import Region, Vanguard
from workwell.dates import Quarter

from ..models import RegionalFeedback, RegionalVanguardRating


def regional_feedback_of(*, user, quarter: Quarter) -> RegionalFeedback | None:
    """The lead's feedback for the quarter, with its vanguard ratings, or None."""
    return (
        permissions.regional_feedback_visible_to(user, RegionalFeedback.objects.all())
        .filter(author=user.pk, year=quarter.year, number=quarter.number)
        .prefetch_related("vanguard_ratings")
        .first()
    )


def region_vanguards(user) -> QuerySet:
    """The vanguards a regional lead may rate: their region's, not closed."""
    return (
        permissions.vanguards_visible_to(user)
        .exclude(status=Vanguard.Status.CLOSED)
        .order_by("name")
    )


def regional_feedback_for_list(
    user, *, quarter: Quarter | None = None, region_id: int | None = None
) -> QuerySet:
    """Feedback the user may read (of one quarter and region when given), with author, region
    and each vanguard rating (2 queries)."""
    ratings = RegionalVanguardRating.objects.select_related("vanguard").only(
        "feedback_id", "rating", "comment", "vanguard__name", "vanguard__slug"
    )
    feedback = permissions.regional_feedback_visible_to(user, RegionalFeedback.objects.all())
    if quarter is not None:
        feedback = feedback.filter(year=quarter.year, number=quarter.number)
    if region_id is not None:
        feedback = feedback.filter(region=region_id)
    return feedback.select_related("author", "region").prefetch_related(
        Prefetch("vanguard_ratings", queryset=ratings)
    )


def regional_feedback_quarters() -> list[Quarter]:
    """Every quarter with feedback, newest first (for the filter)."""
    rows = RegionalFeedback.objects.order_by("-year", "-number").values_list("year", "number")
    return [Quarter(year, number) for year, number in rows.distinct()]


def regions() -> QuerySet:
    return Region.objects.order_by("name")

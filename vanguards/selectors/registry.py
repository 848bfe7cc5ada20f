"""Reads for vanguards and the registry. Each selector owns its joins and query count."""

from django.core.validators import slug_re
from django.db.models import OuterRef, QuerySet, Subquery

from .. import permissions
from ..models import CohortGroupMembership, Partnership, Vanguard, VanguardMember


def _current_membership():
    return CohortGroupMembership.objects.filter(vanguard=OuterRef("pk"), ended_on__isnull=True)


def vanguards_for_list(*, user) -> QuerySet[Vanguard]:
    """Vanguards the user may see, with region, lead organisation, group and RM in one query."""
    current = _current_membership()
    return (
        permissions.vanguards_visible_to(user)
        .select_related("region", "lead_organisation")
        .annotate(
            cohort_group_name=Subquery(current.values("cohort_group__name")[:1]),
            cohort_group_slug=Subquery(current.values("cohort_group__slug")[:1]),
            relationship_manager_name=Subquery(
                current.values("cohort_group__relationship_manager__full_name")[:1]
            ),
        )
        .order_by("name")
    )


def loggable_vanguard_named(*, user, slug: str | None) -> Vanguard | None:
    """The vanguard a "log a touchpoint" or "add an action" link names (`?vanguard=<slug>`), if
    the user may log for it. Anything that is not a slug (a crafted address, a NUL byte that
    PostgreSQL would refuse) names no vanguard rather than reaching the database."""
    if not slug or not slug_re.match(slug):
        return None
    return permissions.loggable_vanguards(user).filter(slug=slug).first()


def vanguard_profile(*, vanguard: Vanguard) -> dict:
    """Everything the profile page shows, in a fixed number of queries."""
    memberships = list(
        vanguard.group_memberships.select_related(
            "cohort_group__theme", "cohort_group__relationship_manager"
        ).order_by("-started_on")
    )
    current = next((m for m in memberships if m.is_current), None)
    partnerships = list(vanguard.partnerships.select_related("organisation"))
    people = list(
        VanguardMember.objects.filter(vanguard=vanguard, user__is_active=True).select_related(
            "user"
        )
    )
    return {
        "current_membership": current,
        "memberships": memberships,
        "partnerships": partnerships,
        "people": people,
        "last_change": vanguard_last_change(vanguard=vanguard),
    }


def vanguard_last_change(*, vanguard: Vanguard):
    """The newest change to the vanguard's profile: its own record, its partners or its cohort
    group membership (one query each; deleted partners keep their history rows)."""
    histories = (
        vanguard.history.all(),
        Partnership.history.filter(vanguard_id=vanguard.pk),
        CohortGroupMembership.history.filter(vanguard_id=vanguard.pk),
    )
    changes = [
        history.select_related("history_user").order_by("-history_date").first()
        for history in histories
    ]
    return max(filter(None, changes), key=lambda change: change.history_date, default=None)


def current_cohort_group(*, vanguard: Vanguard):
    membership = (
        vanguard.group_memberships.filter(ended_on__isnull=True)
        .select_related("cohort_group")
        .first()
    )
    return membership.cohort_group if membership else None

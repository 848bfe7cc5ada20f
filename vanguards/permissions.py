"""The one place that answers "may this user see or do this?" (DESIGN.md §3).

Views and selectors of every app call these functions; nothing else checks a role. Objects a
user may not see are reported as absent, so views answer 404 and existence does not leak.
"""

from django.db.models import QuerySet
from django.http import Http404

from workwell.models import Role

from .models import Vanguard

SEES_ALL_VANGUARDS = frozenset(
    {Role.ADMIN, Role.PROGRAMME_LEAD, Role.RM, Role.RM_LEAD, Role.LEARNING}
)


def _role(user) -> str | None:
    return user.role if user.is_authenticated and user.is_active else None


def member_vanguard_id(user) -> int | None:
    """The vanguard a vanguard member belongs to, or None."""
    if _role(user) != Role.MEMBER:
        return None
    membership = getattr(user, "vanguard_membership", None)
    return membership.vanguard_id if membership else None


def regional_lead_region_id(user) -> int | None:
    if _role(user) != Role.REGIONAL_LEAD:
        return None
    link = getattr(user, "regional_lead", None)
    return link.region_id if link else None


def vanguards_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """The vanguards whose profile the user may see."""
    queryset = Vanguard.objects.all() if queryset is None else queryset
    role = _role(user)
    if role in SEES_ALL_VANGUARDS:
        return queryset
    if role == Role.REGIONAL_LEAD:
        return queryset.filter(region_id=regional_lead_region_id(user))
    if role == Role.MEMBER:
        return queryset.filter(pk=member_vanguard_id(user))
    return queryset.none()


def can_view_vanguard(user, vanguard: Vanguard) -> bool:
    role = _role(user)
    if role in SEES_ALL_VANGUARDS:
        return True
    if role == Role.REGIONAL_LEAD:
        return vanguard.region_id == regional_lead_region_id(user)
    if role == Role.MEMBER:
        return vanguard.pk == member_vanguard_id(user)
    return False


def get_vanguard_or_404(user, slug: str) -> Vanguard:
    vanguard = Vanguard.objects.filter(slug=slug).first()
    if vanguard is None or not can_view_vanguard(user, vanguard):
        raise Http404("No vanguard matches that address.")
    return vanguard


def can_manage_registry(user) -> bool:
    """Admins keep the registry: vanguards, organisations, groups, people."""
    return _role(user) == Role.ADMIN


def rm_vanguard_ids(user) -> set[int]:
    """Vanguards currently in the cohort groups this relationship manager looks after."""
    if not user.is_authenticated or not user.is_rm:
        return set()
    return set(
        Vanguard.objects.filter(
            group_memberships__ended_on__isnull=True,
            group_memberships__cohort_group__relationship_manager=user,
        ).values_list("pk", flat=True)
    )


def can_see_vanguard_people(user, vanguard: Vanguard) -> bool:
    """Names and titles of a vanguard's team: NST, programme roles and the vanguard itself."""
    return can_view_vanguard(user, vanguard)


def can_export_vanguards(user) -> bool:
    return _role(user) is not None


# Sections of the service navigation, and who may use each.
SECTION_ROLES = {
    "home": frozenset(Role.values),
    "vanguards": frozenset(Role.values) - {Role.MEMBER},
    "my_vanguard": frozenset({Role.MEMBER}),
    "admin": frozenset({Role.ADMIN}),
}


def may_use_section(user, section: str) -> bool:
    return _role(user) in SECTION_ROLES.get(section, frozenset())

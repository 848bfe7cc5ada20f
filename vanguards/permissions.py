"""The one place that answers "may this user see or do this?" (DESIGN.md §3).

Views and selectors of every app call these functions; nothing else checks a role. Objects a
user may not see are reported as absent, so views answer 404 and existence does not leak.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from workwell.models import Role, User

from .models import Action, SupportRequest, Touchpoint, Vanguard

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
    # Not visible and not there are the same answer, so existence does not leak.
    return get_object_or_404(vanguards_visible_to(user), slug=slug)


def can_manage_registry(user) -> bool:
    """Admins keep the registry: vanguards, organisations, groups, people."""
    return _role(user) == Role.ADMIN


def _in_groups_kept_by(user, queryset: QuerySet) -> QuerySet:
    """Vanguards now (membership not ended) in a cohort group `user` is the RM of."""
    return queryset.filter(
        group_memberships__ended_on__isnull=True,
        group_memberships__cohort_group__relationship_manager=user,
    )


def rm_vanguard_ids(user) -> set[int]:
    """Vanguards currently in the cohort groups this relationship manager looks after."""
    return set(own_group_vanguards(user).values_list("pk", flat=True))


def can_look_after_cohort_groups(user) -> bool:
    """Only relationship managers and the RM lead look after cohort groups."""
    return _role(user) in (Role.RM, Role.RM_LEAD)


def cohort_group_keepers() -> QuerySet:
    """The users an admin may make a cohort group's relationship manager."""
    return User.objects.filter(is_active=True, role__in=(Role.RM, Role.RM_LEAD))


# --- Touchpoints -------------------------------------------------------------------------

NST_ROLES = frozenset({Role.ADMIN, Role.RM, Role.RM_LEAD, Role.LEARNING})
# Author's own window for editing a completed touchpoint; after it, the RM lead or an admin.
TOUCHPOINT_AUTHOR_EDIT_DAYS = 14


def is_nst(user) -> bool:
    return _role(user) in NST_ROLES


def can_see_internal_notes(user) -> bool:
    """Internal notes are for the NST only: never vanguards, regional or programme leads."""
    return is_nst(user)


def _vanguard_scope(user, queryset: QuerySet, vanguard_path: str) -> QuerySet:
    """Filter records owned by vanguards (through `vanguard_path`) to the user's visibility."""
    role = _role(user)
    if role in SEES_ALL_VANGUARDS:
        return queryset
    if role == Role.REGIONAL_LEAD:
        return queryset.filter(**{f"{vanguard_path}__region_id": regional_lead_region_id(user)})
    if role == Role.MEMBER:
        return queryset.filter(**{vanguard_path: member_vanguard_id(user)})
    return queryset.none()


def touchpoints_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """NST roles see every touchpoint; others see completed, unarchived ones of their vanguards."""
    queryset = Touchpoint.objects.all() if queryset is None else queryset
    if is_nst(user):
        return queryset
    if _role(user) is None:
        return queryset.none()
    visible = queryset.filter(status=Touchpoint.Status.COMPLETE, archived_at__isnull=True)
    if _role(user) == Role.PROGRAMME_LEAD:
        return visible
    ids = _vanguard_scope(user, Touchpoint.objects.all(), "vanguards").values("pk")
    return visible.filter(pk__in=ids)


def get_touchpoint_or_404(user, pk: int) -> Touchpoint:
    return get_object_or_404(touchpoints_visible_to(user), pk=pk)


def loggable_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards the user may log touchpoints for: admins and RM lead any, an RM their groups'."""
    queryset = Vanguard.objects.all() if queryset is None else queryset
    role = _role(user)
    if role in (Role.ADMIN, Role.RM_LEAD):
        return queryset
    if role == Role.RM:
        return _in_groups_kept_by(user, queryset)
    return queryset.none()


def can_log_touchpoints(user) -> bool:
    return _role(user) in (Role.ADMIN, Role.RM_LEAD, Role.RM)


def can_log_touchpoint_for(user, vanguard: Vanguard) -> bool:
    return loggable_vanguards(user).filter(pk=vanguard.pk).exists()


def can_edit_touchpoint(user, touchpoint: Touchpoint, today=None) -> bool:
    """Drafts: the author. Completed: the author for 14 days, then the RM lead or an admin."""
    if touchpoint.is_archived:
        return False
    role = _role(user)
    if role in (Role.ADMIN, Role.RM_LEAD):
        return True
    if touchpoint.author_id != getattr(user, "pk", None):
        return False
    if touchpoint.status == Touchpoint.Status.DRAFT or touchpoint.completed_at is None:
        return True
    today = today or timezone.localdate()
    return (today - timezone.localdate(touchpoint.completed_at)).days <= TOUCHPOINT_AUTHOR_EDIT_DAYS


def can_archive_touchpoint(user, touchpoint: Touchpoint) -> bool:
    if touchpoint.is_archived:
        return False
    return _role(user) in (Role.ADMIN, Role.RM_LEAD) or touchpoint.author_id == getattr(
        user, "pk", None
    )


# --- Actions ----------------------------------------------------------------------------


def actions_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Action.objects.all() if queryset is None else queryset
    return _vanguard_scope(user, queryset, "vanguard")


def get_action_or_404(user, pk: int) -> Action:
    return get_object_or_404(actions_visible_to(user), pk=pk)


def can_update_action(user, action: Action) -> bool:
    """The owner, whoever created it, or NST staff who may log for its vanguard."""
    if _role(user) is None:
        return False
    if getattr(user, "pk", None) in (action.owner_id, action.created_by_id):
        return True
    return can_log_touchpoint_for(user, action.vanguard)


def can_own_actions(user) -> bool:
    """Action owners must be NST or vanguard users."""
    return _role(user) in NST_ROLES | {Role.MEMBER}


# --- Support requests -------------------------------------------------------------------


def support_requests_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = SupportRequest.objects.all() if queryset is None else queryset
    return _vanguard_scope(user, queryset, "vanguard")


def get_support_request_or_404(user, pk: int) -> SupportRequest:
    return get_object_or_404(support_requests_visible_to(user), pk=pk)


def can_raise_support_request_for(user, vanguard: Vanguard) -> bool:
    """Vanguard members for their own vanguard; NST staff on a vanguard's behalf."""
    if _role(user) == Role.MEMBER:
        return member_vanguard_id(user) == vanguard.pk
    return can_log_touchpoint_for(user, vanguard)


def can_triage_support_request(user, support_request: SupportRequest) -> bool:
    """The vanguard's RM, the RM lead and admins."""
    return can_log_touchpoint_for(user, support_request.vanguard)


def can_rate_support_request(user, support_request: SupportRequest) -> bool:
    return (
        _role(user) == Role.MEMBER
        and member_vanguard_id(user) == support_request.vanguard_id
        and support_request.status == SupportRequest.Status.DELIVERED
        and support_request.rating is None
    )


def can_manage_support_offers(user) -> bool:
    """The learning team and admins keep the support menu."""
    return _role(user) in (Role.ADMIN, Role.LEARNING)


def support_request_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards the user may raise support requests for (see can_raise_support_request_for)."""
    queryset = Vanguard.objects.all() if queryset is None else queryset
    if _role(user) == Role.MEMBER:
        return queryset.filter(pk=member_vanguard_id(user))
    return loggable_vanguards(user, queryset)


# --- Contact cadence --------------------------------------------------------------------


def tracks_contact_cadence(user) -> bool:
    """RMs and the RM lead answer for contact with vanguards (home-page cadence, daily digest)."""
    return _role(user) in (Role.RM, Role.RM_LEAD)


def own_group_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards now in the cohort groups this RM (or the RM lead) looks after personally."""
    queryset = Vanguard.objects.all() if queryset is None else queryset
    if not tracks_contact_cadence(user):
        return queryset.none()
    return _in_groups_kept_by(user, queryset)


def can_oversee_rm_workloads(user) -> bool:
    """The RM lead sees every RM's contact cadence and workload."""
    return _role(user) == Role.RM_LEAD


def cadence_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards whose contact cadence the user's home shows: an RM's groups', the lead's all."""
    if can_oversee_rm_workloads(user):
        return Vanguard.objects.all() if queryset is None else queryset
    return own_group_vanguards(user, queryset)


# Sections of the service navigation, and who may use each.
SECTION_ROLES = {
    "home": frozenset(Role.values),
    "vanguards": frozenset(Role.values) - {Role.MEMBER},
    "my_vanguard": frozenset({Role.MEMBER}),
    "touchpoints": frozenset(Role.values),
    "actions": frozenset(Role.values),
    "support_requests": frozenset(Role.values),
    "offers": frozenset(Role.values),
    "maturity": frozenset(Role.values),
    "admin": frozenset({Role.ADMIN}),
}


def may_use_section(user, section: str) -> bool:
    return _role(user) in SECTION_ROLES.get(section, frozenset())


# --- Maturity assessments ---------------------------------------------------------------
# vanguards sits below maturity and cannot import it, so these predicates take a
# self-assessment's vanguard and status (maturity.models.SelfAssessment.Status values).

ASSESSMENT_DRAFT = "draft"
ASSESSMENT_SUBMITTED = "submitted"
ASSESSMENT_AGREED = "agreed"


def can_manage_maturity_framework(user) -> bool:
    """Admins draft, edit and publish framework versions and open assessment cycles."""
    return _role(user) == Role.ADMIN


def moderates_vanguard(user, vanguard: Vanguard) -> bool:
    """The RM (or RM lead) of the vanguard's current cohort group: DESIGN.md §3 gives drafts and
    moderation to "own groups" for both; the RM lead's wider power is reopening."""
    return vanguard.pk in rm_vanguard_ids(user)


def can_view_assessment(user, vanguard: Vanguard, status: str) -> bool:
    """Drafts: admins, the vanguard's members and its RMs. Submitted or agreed: as its profile."""
    role = _role(user)
    if role == Role.ADMIN:
        return True
    if role == Role.MEMBER:
        return vanguard.pk == member_vanguard_id(user)
    if status == ASSESSMENT_DRAFT:
        return moderates_vanguard(user, vanguard)
    return can_view_vanguard(user, vanguard)


def can_edit_assessment(user, vanguard: Vanguard, status: str) -> bool:
    """The vanguard's own members, while the self-assessment is a draft."""
    return status == ASSESSMENT_DRAFT and is_assessment_author(user, vanguard)


def is_assessment_author(user, vanguard: Vanguard) -> bool:
    """Members of the vanguard fill in its self-assessments (whatever their status)."""
    return _role(user) == Role.MEMBER and member_vanguard_id(user) == vanguard.pk


def can_moderate_assessment(user, vanguard: Vanguard, status: str) -> bool:
    """The RM of the vanguard's group (the RM lead for their own groups), once submitted."""
    return status == ASSESSMENT_SUBMITTED and moderates_vanguard(user, vanguard)


def can_reopen_assessment(user) -> bool:
    """Agreed assessments are locked; only the RM lead or an admin may reopen one."""
    return _role(user) in (Role.ADMIN, Role.RM_LEAD)


def can_see_moderation(user, vanguard: Vanguard, status: str) -> bool:
    """Moderation in progress is for the NST; once agreed, everyone who sees it sees the result."""
    if not can_view_assessment(user, vanguard, status):
        return False
    return status == ASSESSMENT_AGREED or is_nst(user)


def assessments_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter self-assessments (fields `vanguard`, `status`) to those the user may see."""
    role = _role(user)
    if role == Role.ADMIN:
        return queryset
    if role == Role.MEMBER:
        return queryset.filter(vanguard_id=member_vanguard_id(user))
    if role in (Role.RM, Role.RM_LEAD):
        return queryset.filter(
            ~Q(status=ASSESSMENT_DRAFT) | Q(vanguard_id__in=own_group_vanguards(user).values("pk"))
        )
    return _vanguard_scope(user, queryset.exclude(status=ASSESSMENT_DRAFT), "vanguard")


def maturity_results_anonymised(user) -> bool:
    """Vanguard members see national maturity results as counts only, never other vanguards."""
    return _role(user) == Role.MEMBER


def can_see_maturity_suggestions(user, vanguard: Vanguard) -> bool:
    """Recommended support and peer buddies: for the vanguard's own members and the NST."""
    if _role(user) == Role.MEMBER:
        return member_vanguard_id(user) == vanguard.pk
    return is_nst(user)

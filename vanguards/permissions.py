"""The one place that answers "may this user see or do this?" (DESIGN.md §3).

Views, services and selectors of every app call these functions; nothing else compares roles.
Objects a user may not see are reported as absent, so views answer 404 and existence does not
leak.

Design
======

Roles
    Every list of roles is a named set in the "Roles" section below, and code elsewhere asks a
    named predicate (`is_nst`, `can_log_touchpoints`, `needs_vanguard_link` …), never
    `user.role == Role.X`. The few sets that code *below* this module must read (workwell cannot
    import vanguards; vanguards.models is imported by this module) are defined once on
    `workwell.models` and re-used here under the same names.

Visibility: one rule per record kind
    Each record kind has one private rule, `_<kind>_rule(user) -> Q`, built from the user's role
    and registry links (vanguard membership, region, cohort groups). Everything else is derived
    from it, never written again by hand (as Data Hub derives its object permission and its
    list filter from one association checker):

        def _touchpoint_rule(user) -> Q: ...                        # the rule, once

        def touchpoints_visible_to(user, queryset=None):            # "which may they see?"
            return _apply(Touchpoint, queryset, _touchpoint_rule(user))

        def can_view_touchpoint(user, touchpoint) -> bool:          # "may they see this one?"
            return _allows(_touchpoint_rule(user), touchpoint)

        def get_touchpoint_or_404(user, pk):                        # views fetch through this
            return get_object_or_404(touchpoints_visible_to(user), pk=pk)

    `_allows` answers for one object by evaluating the same `Q` on the object in memory when
    it only compares the object's own fields (a member's vanguard, a constant), and otherwise
    by asking the database whether the object is in the filtered queryset.

    Records owned by a vanguard reach it through a path (`vanguard`, or the touchpoint's
    vanguards through their link table) and start from `_vanguard_q(user, path)`. A user whose
    registry link is missing (a member with no vanguard, a regional lead with no region) gets
    `NOTHING`, never a filter on `None` (which SQL reads as IS NULL and so fails open).

Right to act: a separate rule, same shape
    Seeing a record does not give the right to change it. Each kind that can be changed has its
    own `_<kind>_change_rule(user) -> Q`, and/ed with the visibility rule
    (`touchpoints_editable_by`, `can_edit_touchpoint`). Rights to act on a vanguard's records
    come from *today's* cohort groups (`_acting_q`): admins and the RM lead act for every
    vanguard, an RM for the vanguards now in the groups they look after — not from having
    written the record.

Adding a record kind (toolkit versions, returns, concerns …)
    1. `_<kind>_rule(user) -> Q`, usually `_vanguard_q(user, "vanguard")` plus the kind's
       state (e.g. `& Q(status__in=SUBMITTED_OR_LATER)` for people outside the NST).
    2. `<kinds>_visible_to(user, queryset=None)`, `can_view_<kind>(user, obj)` and
       `get_<kind>_or_404(user, pk)`, each one line as above. Never write the yes/no by hand.
    3. If it can be changed: `_<kind>_change_rule(user) -> Q`, usually starting from
       `_acting_q(user, "vanguard")`, with `<kinds>_changeable_by` and `can_change_<kind>`
       derived the same way; services re-check it before writing.
    4. Any new role list goes in the "Roles" section; add the kind's routes to
       tests/vanguards/test_permission_matrix.py, the kind to KINDS in
       tests/vanguards/test_one_rule_per_kind.py, and a record-level test per role.
    A layer above vanguards (maturity, learning, reporting) cannot be imported here: write the
    rule against field names and let the caller pass its queryset (see assessments below).
"""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from workwell.models import RELATIONSHIP_MANAGER_ROLES, STAFF_ROLES, Role, User

from .models import (
    Action,
    CohortGroupMembership,
    SupportRequest,
    Touchpoint,
    Vanguard,
    VanguardMember,
)

# --- Roles -------------------------------------------------------------------------------
# Defined on workwell.models, because code below this module enforces them (see the module
# docstring), and re-used here rather than spelled again:
#   STAFF_ROLES                 Django admin staff and superusers (User.save keeps them in step)
#   RELATIONSHIP_MANAGER_ROLES  look after cohort groups (RMs and the RM lead)
#   MFA_REQUIRED_ROLES          must set up two-factor sign-in (workwell.middleware)

# See every vanguard's profile, assessments and completed touchpoints.
SEES_ALL_VANGUARDS = frozenset(
    {Role.ADMIN, Role.PROGRAMME_LEAD, Role.RM, Role.RM_LEAD, Role.LEARNING}
)
# The National Support Team: every touchpoint (drafts, archived, internal notes).
NST_ROLES = frozenset({Role.ADMIN, Role.RM, Role.RM_LEAD, Role.LEARNING})
# Act for every vanguard whatever the cohort groups: log and edit touchpoints, triage, reopen.
ACTS_FOR_EVERY_VANGUARD = frozenset({Role.ADMIN, Role.RM_LEAD})
# Log touchpoints and actions: the above for any vanguard, RMs for their groups' vanguards.
LOGS_TOUCHPOINTS = ACTS_FOR_EVERY_VANGUARD | RELATIONSHIP_MANAGER_ROLES
# May be given an action to do.
ACTION_OWNER_ROLES = NST_ROLES | {Role.MEMBER}
# Keep the registry (vanguards, organisations, groups, people) and the maturity framework.
REGISTRY_KEEPERS = frozenset({Role.ADMIN})
# Keep the support-offer menu.
SUPPORT_MENU_KEEPERS = frozenset({Role.ADMIN, Role.LEARNING})
# See the RM workload overview and every vanguard's contact cadence.
OVERSEES_RM_WORKLOADS = frozenset({Role.RM_LEAD})
# Linked to the registry: a member to one vanguard, a regional lead to one region.
LINKED_TO_VANGUARD = frozenset({Role.MEMBER})
LINKED_TO_REGION = frozenset({Role.REGIONAL_LEAD})

# Sections of the service navigation, and who may use each.
SECTION_ROLES = {
    "home": frozenset(Role.values),
    "vanguards": frozenset(Role.values) - LINKED_TO_VANGUARD,
    "my_vanguard": LINKED_TO_VANGUARD,
    "touchpoints": frozenset(Role.values),
    "actions": frozenset(Role.values),
    "support_requests": frozenset(Role.values),
    "offers": frozenset(Role.values),
    "maturity": frozenset(Role.values),
    "admin": STAFF_ROLES,
}

# Always false and always true conditions. `Q()` is not "everything": `Q() | x` is just `x`.
NOTHING = Q(pk__in=[])
EVERYTHING = Q(pk__isnull=False)


def _role(user) -> str | None:
    return user.role if user.is_authenticated and user.is_active else None


def _apply(model: type[Model], queryset: QuerySet | None, rule: Q) -> QuerySet:
    queryset = model._default_manager.all() if queryset is None else queryset
    return queryset.filter(rule)


def _allows(rule: Q, obj: Model) -> bool:
    """The yes/no answer for one object from the rule a list is filtered with: in memory when
    the rule only compares the object's own fields, else from the database."""
    held = _holds(rule, obj)
    if held is not None:
        return held
    return type(obj)._default_manager.filter(rule).filter(pk=obj.pk).exists()


def _holds(rule: Q, obj: Model) -> bool | None:
    """Evaluate `rule` on `obj` (three-valued: None when only the database can tell)."""
    answers = [
        _holds(child, obj) if isinstance(child, Q) else _leaf_holds(obj, *child)
        for child in rule.children
    ]
    if rule.connector == Q.AND:
        answer = False if False in answers else (None if None in answers else True)
    elif rule.connector == Q.OR:
        answer = True if True in answers else (None if None in answers else False)
    else:
        return None
    return answer if answer is None or not rule.negated else not answer


def _leaf_holds(obj: Model, lookup: str, value) -> bool | None:
    """`field`, `field__isnull` or `field__in` (a list) on the object's own columns."""
    name, _, suffix = lookup.partition("__")
    if suffix not in ("", "isnull", "in"):
        return None  # a join, a transform or another lookup: the database decides
    if name == "pk":
        current = obj.pk
    else:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not field.concrete or field.many_to_many:
            return None
        current = getattr(obj, field.attname)
    if isinstance(value, Model):
        value = value.pk
    if suffix == "isnull":
        return (current is None) is bool(value)
    if suffix == "in":
        return current in value if isinstance(value, list | tuple | set | frozenset) else None
    return current == value


def _pk(path: str) -> str:
    """The lookup of the vanguard itself (`path` empty) or of the vanguard at `path`."""
    return path or "pk"


def _at(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


# --- Role predicates ---------------------------------------------------------------------


def is_nst(user) -> bool:
    return _role(user) in NST_ROLES


def is_admin_role(role: str) -> bool:
    """Admins are Django admin staff and superusers; no other role is (workwell.models)."""
    return role in STAFF_ROLES


def needs_vanguard_link(role: str) -> bool:
    """Accounts with this role must be linked to a vanguard (and given a title)."""
    return role in LINKED_TO_VANGUARD


def needs_region_link(role: str) -> bool:
    """Accounts with this role must be linked to an NHS England region."""
    return role in LINKED_TO_REGION


# `user.vanguard_membership`, the reverse of VanguardMember.user: its cache on the user.
_MEMBERSHIP = VanguardMember._meta.get_field("user").remote_field


def member_vanguard_id(user) -> int | None:
    """The vanguard a vanguard member belongs to, or None."""
    if _role(user) not in LINKED_TO_VANGUARD:
        return None
    if isinstance(user, User) and not _MEMBERSHIP.is_cached(user):
        # Read with its vanguard, once a request: every member page's navigation links to
        # "Our vanguard" by its slug, which otherwise cost a query of its own.
        membership = VanguardMember.objects.select_related("vanguard").filter(user=user).first()
        _MEMBERSHIP.set_cached_value(user, membership)
    membership = getattr(user, "vanguard_membership", None)
    return membership.vanguard_id if membership else None


def regional_lead_region_id(user) -> int | None:
    """The region a regional lead looks after, or None."""
    if _role(user) not in LINKED_TO_REGION:
        return None
    link = getattr(user, "regional_lead", None)
    return link.region_id if link else None


def members_only(queryset: QuerySet, path: str = "") -> QuerySet:
    """Rows of `queryset` whose user (at `path`) is a vanguard member by role."""
    return queryset.filter(**{_at(path, "role__in"): LINKED_TO_VANGUARD})


# --- Vanguards ---------------------------------------------------------------------------


def _vanguard_q(user, path: str = "") -> Q:
    """The vanguards the user may see, as a condition on the vanguard at `path`.

    A member sees their vanguard, a regional lead their region's; a missing link sees nothing.
    """
    role = _role(user)
    if role in SEES_ALL_VANGUARDS:
        return EVERYTHING
    if role in LINKED_TO_REGION:
        region_id = regional_lead_region_id(user)
        return NOTHING if region_id is None else Q(**{_at(path, "region"): region_id})
    if role in LINKED_TO_VANGUARD:
        vanguard_id = member_vanguard_id(user)
        return NOTHING if vanguard_id is None else Q(**{_pk(path): vanguard_id})
    return NOTHING


def vanguards_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """The vanguards whose profile the user may see."""
    return _apply(Vanguard, queryset, _vanguard_q(user))


def can_view_vanguard(user, vanguard: Vanguard) -> bool:
    return _allows(_vanguard_q(user), vanguard)


def get_vanguard_or_404(user, slug: str, queryset: QuerySet | None = None) -> Vanguard:
    # Not visible and not there are the same answer, so existence does not leak.
    return get_object_or_404(vanguards_visible_to(user, queryset), slug=slug)


def can_manage_registry(user) -> bool:
    """Admins keep the registry: vanguards, organisations, groups, people."""
    return _role(user) in REGISTRY_KEEPERS


# --- Cohort groups and the right to act -------------------------------------------------


def _in_own_groups_q(user, path: str = "") -> Q:
    """Vanguards (at `path`) now in a cohort group `user` is the relationship manager of."""
    current = CohortGroupMembership.objects.filter(
        ended_on__isnull=True, cohort_group__relationship_manager=user.pk
    ).values("vanguard_id")
    # A subquery, not a join, so that rules combined with `|` do not repeat rows.
    return Q(**{f"{_pk(path)}__in": current})


def _acting_q(user, path: str = "") -> Q:
    """Vanguards (at `path`) whose records the user may change today: admins and the RM lead
    any; an RM those now in their cohort groups, so moving a vanguard moves the right."""
    role = _role(user)
    if role in ACTS_FOR_EVERY_VANGUARD:
        return EVERYTHING
    if role in RELATIONSHIP_MANAGER_ROLES:
        return _in_own_groups_q(user, path)
    return NOTHING


def can_look_after_cohort_groups(user) -> bool:
    """Only relationship managers and the RM lead look after cohort groups."""
    return _role(user) in RELATIONSHIP_MANAGER_ROLES


def nst_staff() -> QuerySet:
    """Active National Support Team staff (is_nst): who takes part in touchpoints, owns actions
    and delivers support."""
    return User.objects.filter(is_active=True, role__in=NST_ROLES)


def relationship_managers() -> QuerySet:
    """Everyone who is (or was, if switched off) a relationship manager or the RM lead."""
    return User.objects.filter(role__in=RELATIONSHIP_MANAGER_ROLES)


def cohort_group_keepers() -> QuerySet:
    """The users an admin may make a cohort group's relationship manager."""
    return relationship_managers().filter(is_active=True)


def loggable_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards the user may log touchpoints and actions for and triage requests of."""
    return _apply(Vanguard, queryset, _acting_q(user))


def can_log_touchpoints(user) -> bool:
    return _role(user) in LOGS_TOUCHPOINTS


def can_log_touchpoint_for(user, vanguard: Vanguard) -> bool:
    return _allows(_acting_q(user), vanguard)


def tracks_contact_cadence(user) -> bool:
    """RMs and the RM lead answer for contact with vanguards (home-page cadence, daily digest)."""
    return _role(user) in RELATIONSHIP_MANAGER_ROLES


def _own_group_vanguards_q(user) -> Q:
    return _in_own_groups_q(user) if tracks_contact_cadence(user) else NOTHING


def own_group_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards now in the cohort groups this RM (or the RM lead) looks after personally."""
    return _apply(Vanguard, queryset, _own_group_vanguards_q(user))


def rm_vanguard_ids(user) -> set[int]:
    """Vanguards currently in the cohort groups this relationship manager looks after."""
    return set(own_group_vanguards(user).values_list("pk", flat=True))


def can_oversee_rm_workloads(user) -> bool:
    """The RM lead sees every RM's contact cadence and workload."""
    return _role(user) in OVERSEES_RM_WORKLOADS


def cadence_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards whose contact cadence the user's home shows: an RM's groups', the lead's all."""
    if can_oversee_rm_workloads(user):
        return _apply(Vanguard, queryset, EVERYTHING)
    return own_group_vanguards(user, queryset)


def may_use_section(user, section: str) -> bool:
    return _role(user) in SECTION_ROLES.get(section, frozenset())


# --- Touchpoints -------------------------------------------------------------------------

# Author's own window for editing a completed touchpoint; after it, the RM lead or an admin.
TOUCHPOINT_AUTHOR_EDIT_DAYS = 14


def can_see_internal_notes(user) -> bool:
    """Internal notes are for the NST only: never vanguards, regional or programme leads."""
    return is_nst(user)


def _touchpoints_on(vanguard_condition: Q) -> QuerySet:
    """Ids of touchpoints with at least one vanguard meeting `vanguard_condition` (on the
    link table, so the vanguard is at `vanguard`)."""
    links = Touchpoint.vanguards.through.objects.filter(vanguard_condition)
    return links.values("touchpoint_id")


def _touchpoint_rule(user) -> Q:
    """The NST see every touchpoint; others completed, unarchived ones with a vanguard they see
    (a programme lead sees every vanguard's)."""
    role = _role(user)
    if role in NST_ROLES:
        return EVERYTHING
    if role is None:
        return NOTHING
    shown = Q(status=Touchpoint.Status.COMPLETE, archived_at__isnull=True)
    if role in SEES_ALL_VANGUARDS:
        return shown
    return shown & Q(pk__in=_touchpoints_on(_vanguard_q(user, "vanguard")))


def touchpoints_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    return _apply(Touchpoint, queryset, _touchpoint_rule(user))


def can_view_touchpoint(user, touchpoint: Touchpoint) -> bool:
    return _allows(_touchpoint_rule(user), touchpoint)


def get_touchpoint_or_404(user, pk: int) -> Touchpoint:
    return get_object_or_404(touchpoints_visible_to(user), pk=pk)


def _author_window_q(today: datetime.date) -> Q:
    """Drafts, and touchpoints completed no more than the author's edit window ago."""
    opened = today - datetime.timedelta(days=TOUCHPOINT_AUTHOR_EDIT_DAYS)
    return (
        Q(status=Touchpoint.Status.DRAFT)
        | Q(completed_at__isnull=True)
        | Q(completed_at__date__gte=opened)
    )


def _touchpoint_change_rule(user, *, today: datetime.date | None = None) -> Q:
    """Who may change (edit, complete, archive) a touchpoint that is not archived.

    Admins and the RM lead: any. Its author: while *every* vanguard on it is one they may act
    for today, and, to edit or complete it (`today` given), within the edit window.

    "Every", not "at least one": a cohort session's summary is shown to each of its vanguards,
    so an RM whose group lost one of them no longer writes to that vanguard's record. Cohort
    sessions stay workable because they are held within a group (all its vanguards are the
    RM's); when a vanguard moves, the RM lead — who keeps the right — makes any change.
    """
    role = _role(user)
    live = Q(archived_at__isnull=True)
    if role in ACTS_FOR_EVERY_VANGUARD:
        return live
    if role is None:
        return NOTHING
    acting = _acting_q(user, "vanguard")
    every_vanguard_acted_for = Q(pk__in=_touchpoints_on(acting)) & ~Q(
        pk__in=_touchpoints_on(~acting)
    )
    own = live & Q(author=user.pk) & every_vanguard_acted_for
    return own if today is None else own & _author_window_q(today)


def _touchpoint_edit_rule(user, today: datetime.date | None) -> Q:
    today = today or timezone.localdate()
    return _touchpoint_rule(user) & _touchpoint_change_rule(user, today=today)


def touchpoints_editable_by(user, queryset: QuerySet | None = None, today=None) -> QuerySet:
    """Touchpoints the user may edit or complete (and add follow-up actions to)."""
    return _apply(Touchpoint, queryset, _touchpoint_edit_rule(user, today))


def can_edit_touchpoint(user, touchpoint: Touchpoint, today=None) -> bool:
    """Drafts: the author. Completed: the author for 14 days, then the RM lead or an admin."""
    return _allows(_touchpoint_edit_rule(user, today), touchpoint)


def _touchpoint_archive_rule(user) -> Q:
    """As editing, with no edit window."""
    return _touchpoint_rule(user) & _touchpoint_change_rule(user)


def touchpoints_archivable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    return _apply(Touchpoint, queryset, _touchpoint_archive_rule(user))


def can_archive_touchpoint(user, touchpoint: Touchpoint) -> bool:
    return _allows(_touchpoint_archive_rule(user), touchpoint)


def author_edit_window_closed(user, touchpoint: Touchpoint, today=None) -> bool:
    """Whether the user wrote this live touchpoint and its edit window has passed."""
    if touchpoint.author_id != user.pk or touchpoint.is_archived:
        return False
    today = today or timezone.localdate()
    return not _allows(_author_window_q(today), touchpoint)


# --- Actions ----------------------------------------------------------------------------


def _action_rule(user) -> Q:
    return _vanguard_q(user, "vanguard")


def actions_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    return _apply(Action, queryset, _action_rule(user))


def can_view_action(user, action: Action) -> bool:
    return _allows(_action_rule(user), action)


def get_action_or_404(user, pk: int) -> Action:
    return get_object_or_404(actions_visible_to(user), pk=pk)


def _action_change_rule(user) -> Q:
    """Admins, the RM lead and RMs close actions of vanguards they act for today (whoever
    created or owns them); the learning team and members close the ones they own."""
    role = _role(user)
    if role in LOGS_TOUCHPOINTS:
        return _acting_q(user, "vanguard")
    if role in ACTION_OWNER_ROLES:
        return Q(owner=user.pk)
    return NOTHING


def actions_updatable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    return _apply(Action, queryset, _action_rule(user) & _action_change_rule(user))


def can_update_action(user, action: Action) -> bool:
    return _allows(_action_rule(user) & _action_change_rule(user), action)


def can_own_actions(user) -> bool:
    """Action owners must be NST or vanguard users."""
    return _role(user) in ACTION_OWNER_ROLES


# --- Support requests -------------------------------------------------------------------


def _support_request_rule(user) -> Q:
    return _vanguard_q(user, "vanguard")


def support_requests_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    return _apply(SupportRequest, queryset, _support_request_rule(user))


def can_view_support_request(user, support_request: SupportRequest) -> bool:
    return _allows(_support_request_rule(user), support_request)


def get_support_request_or_404(user, pk: int) -> SupportRequest:
    return get_object_or_404(support_requests_visible_to(user), pk=pk)


def _support_request_triage_rule(user) -> Q:
    """Triage, assign, deliver and close: the vanguard's RM (today's group), the RM lead and
    admins."""
    return _support_request_rule(user) & _acting_q(user, "vanguard")


def support_requests_triageable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    return _apply(SupportRequest, queryset, _support_request_triage_rule(user))


def can_triage_support_request(user, support_request: SupportRequest) -> bool:
    return _allows(_support_request_triage_rule(user), support_request)


def _support_request_vanguards_q(user) -> Q:
    """Members raise requests for their own vanguard; NST staff for vanguards they act for."""
    if _role(user) in LINKED_TO_VANGUARD:
        return _vanguard_q(user)
    return _acting_q(user)


def support_request_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards the user may raise support requests for."""
    return _apply(Vanguard, queryset, _support_request_vanguards_q(user))


def can_raise_support_request_for(user, vanguard: Vanguard) -> bool:
    return _allows(_support_request_vanguards_q(user), vanguard)


def _support_request_rate_rule(user) -> Q:
    """The vanguard's members rate delivered support, once."""
    if _role(user) not in LINKED_TO_VANGUARD:
        return NOTHING
    return _support_request_rule(user) & Q(
        status=SupportRequest.Status.DELIVERED, rating__isnull=True
    )


def support_requests_ratable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    """Delivered support waiting for this member's rating (their home page's to-do list)."""
    return _apply(SupportRequest, queryset, _support_request_rate_rule(user))


def can_rate_support_request(user, support_request: SupportRequest) -> bool:
    return _allows(_support_request_rate_rule(user), support_request)


def can_manage_support_offers(user) -> bool:
    """The learning team and admins keep the support menu."""
    return _role(user) in SUPPORT_MENU_KEEPERS


# --- Maturity assessments ---------------------------------------------------------------
# vanguards sits below maturity and cannot import it, so the rule is written against a
# self-assessment's fields (`vanguard`, `status`: maturity.models.SelfAssessment.Status values)
# and applied to the caller's queryset; the yes/no for one assessment applies the same rule to
# its vanguard with its status fixed.

ASSESSMENT_DRAFT = "draft"
ASSESSMENT_SUBMITTED = "submitted"
ASSESSMENT_AGREED = "agreed"


def _assessment_rule(user, *, vanguard: str, is_draft: Q) -> Q:
    """Drafts: admins, the vanguard's members and the RM of its group. Submitted or agreed:
    as the vanguard's profile (members: their own vanguard's, whatever the status)."""
    role = _role(user)
    if role in REGISTRY_KEEPERS:
        return EVERYTHING
    if role in LINKED_TO_VANGUARD:
        return _vanguard_q(user, vanguard)
    if role in RELATIONSHIP_MANAGER_ROLES:
        return ~is_draft | _in_own_groups_q(user, vanguard)
    return ~is_draft & _vanguard_q(user, vanguard)


def assessments_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter self-assessments (fields `vanguard`, `status`) to those the user may see."""
    return queryset.filter(
        _assessment_rule(user, vanguard="vanguard", is_draft=Q(status=ASSESSMENT_DRAFT))
    )


def can_view_assessment(user, vanguard: Vanguard, status: str) -> bool:
    is_draft = EVERYTHING if status == ASSESSMENT_DRAFT else NOTHING
    rule = _assessment_rule(user, vanguard="", is_draft=is_draft)
    return _allows(rule, vanguard)


def can_manage_maturity_framework(user) -> bool:
    """Admins draft, edit and publish framework versions and open assessment cycles."""
    return _role(user) in REGISTRY_KEEPERS


def moderates_vanguard(user, vanguard: Vanguard) -> bool:
    """The RM (or RM lead) of the vanguard's current cohort group: DESIGN.md §3 gives drafts and
    moderation to "own groups" for both; the RM lead's wider power is reopening."""
    return _allows(_own_group_vanguards_q(user), vanguard)


def can_edit_assessment(user, vanguard: Vanguard, status: str) -> bool:
    """The vanguard's own members, while the self-assessment is a draft."""
    return status == ASSESSMENT_DRAFT and is_assessment_author(user, vanguard)


def is_assessment_author(user, vanguard: Vanguard) -> bool:
    """Members of the vanguard fill in its self-assessments (whatever their status)."""
    return _role(user) in LINKED_TO_VANGUARD and member_vanguard_id(user) == vanguard.pk


def can_moderate_assessment(user, vanguard: Vanguard, status: str) -> bool:
    """The RM of the vanguard's group (the RM lead for their own groups), once submitted."""
    return status == ASSESSMENT_SUBMITTED and moderates_vanguard(user, vanguard)


def can_reopen_assessment(user) -> bool:
    """Agreed assessments are locked; only the RM lead or an admin may reopen one."""
    return _role(user) in ACTS_FOR_EVERY_VANGUARD


def can_see_moderation(user, vanguard: Vanguard, status: str) -> bool:
    """Moderation in progress is for the NST; once agreed, everyone who sees it sees the result."""
    if not can_view_assessment(user, vanguard, status):
        return False
    return status == ASSESSMENT_AGREED or is_nst(user)


def maturity_results_anonymised(user) -> bool:
    """Vanguard members see national maturity results as counts only, never other vanguards."""
    return _role(user) in LINKED_TO_VANGUARD


def can_see_maturity_suggestions(user, vanguard: Vanguard) -> bool:
    """Recommended support and peer buddies: for the vanguard's own members and the NST."""
    if _role(user) in LINKED_TO_VANGUARD:
        return member_vanguard_id(user) == vanguard.pk
    return is_nst(user)

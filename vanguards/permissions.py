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

Network partners: kept out by part of the portal, then by rule
    A network partner (a non-vanguard ICB) sees published material only. Every page outside
    PARTNER_NAMESPACES answers them 404 before its view runs (vanguards.middleware, through
    `may_use_namespace`), so a vanguard, touchpoint, action, support-request or maturity page
    never has to remember them; inside /learning/ and the support menu each rule still decides
    (a lesson: published only; the support menu: no "Request this support"). Their vanguard
    rule is NOTHING, like any role not given one.

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
import functools
import operator

from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, ExpressionWrapper, Model, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from workwell.compiled import ARGUMENT, Compiled
from workwell.kept import kept
from workwell.models import RELATIONSHIP_MANAGER_ROLES, STAFF_ROLES, Role, User

from .models import (
    Action,
    CohortGroupMembership,
    NetworkPartnerContact,
    Organisation,
    ProgrammeSettings,
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
# Run the Learning and Change Network: organise events (materials, attendance, who registered)
# and keep the network's pages on /learning/.
EVENT_ORGANISERS = frozenset({Role.ADMIN, Role.LEARNING})
# See the RM workload overview and every vanguard's contact cadence.
OVERSEES_RM_WORKLOADS = frozenset({Role.RM_LEAD})
# Linked to the registry: a member to one vanguard, a regional lead to one region, a network
# partner to one partner organisation.
LINKED_TO_VANGUARD = frozenset({Role.MEMBER})
LINKED_TO_REGION = frozenset({Role.REGIONAL_LEAD})
LINKED_TO_PARTNER = frozenset({Role.NETWORK_PARTNER})
# Everyone but network partners (non-vanguard ICBs): they see published material only, and
# nothing about any vanguard beyond published lessons.
IN_THE_PROGRAMME = frozenset(Role.values) - LINKED_TO_PARTNER
# Write lessons learnt: vanguard members (for their own vanguard) and NST staff.
WRITES_LESSONS = NST_ROLES | LINKED_TO_VANGUARD
# Review lessons learnt (publish or return) and link published ones to what they informed.
REVIEWS_LESSONS = frozenset({Role.ADMIN, Role.LEARNING})
# See every network partner's matches with vanguards (RMs: their own groups' vanguards').
SEES_ALL_PARTNER_MATCHES = frozenset({Role.ADMIN, Role.LEARNING})
# Keep the WorkWell toolkit: start, edit and move versions and their items.
TOOLKIT_KEEPERS = frozenset({Role.ADMIN, Role.LEARNING})
# See toolkit versions in consultation (and comment on them): vanguard members and the NST.
TOOLKIT_CONSULTEES = NST_ROLES | LINKED_TO_VANGUARD
# See every consultation comment (members see their own vanguard's).
READS_ALL_CONSULTATION_COMMENTS = NST_ROLES | {Role.PROGRAMME_LEAD}
# See the expert and lived experience panels' members, and who reviewed a version.
SEES_PANEL_MEMBERS = NST_ROLES

# Sections of the service navigation, and who may use each.
SECTION_ROLES = {
    "home": frozenset(Role.values),
    "vanguards": IN_THE_PROGRAMME - LINKED_TO_VANGUARD,
    "my_vanguard": LINKED_TO_VANGUARD,
    "touchpoints": IN_THE_PROGRAMME,
    "actions": IN_THE_PROGRAMME,
    "support_requests": IN_THE_PROGRAMME,
    "maturity": IN_THE_PROGRAMME,
    "learning": frozenset(Role.values),
    "feedback": IN_THE_PROGRAMME,
    # The national dashboard; members reach their vanguard's from its profile and their home.
    "reporting": SEES_ALL_VANGUARDS | LINKED_TO_REGION,
    # Others reach the toolkit, lessons and the support menu from the Learning home (their
    # navigation is full at 7 items).
    "toolkit": LINKED_TO_PARTNER,
    "lessons": LINKED_TO_PARTNER,
    "offers": LINKED_TO_PARTNER,
    "admin": STAFF_ROLES,
}

# The parts of the portal (URL namespaces) network partners may use; every other page answers
# them 404 (vanguards.middleware), so a part added later is closed to them until opened here.
# Pages with no namespace (sign-in, accessibility) stay open, and the Django admin refuses
# them itself. Within /learning/ each page decides (lessons: published only).
PARTNER_NAMESPACES = frozenset(
    # The data API and API tokens: everyone has their own tokens (§3), and the API answers
    # a partner with what they may see, as it does anyone.
    {"reporting", "learning", "offers", "admin", "api", "api_tokens"}
)

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


def _allows_each(rules: tuple[Q, ...], obj: Model) -> tuple[bool, ...]:
    """`_allows` for several rules on one object: those only the database can answer, in one
    query (a page that asks two questions of one vanguard pays one round trip, not two), each
    rule a yes/no column of the object's row. For rules whose database part is a subquery
    (`pk__in`, as the vanguard rules' are): a join in a rule could repeat or drop the row."""
    answers = [_holds(rule, obj) for rule in rules]
    asked = [index for index, answer in enumerate(answers) if answer is None]
    if asked:
        columns = (ExpressionWrapper(rules[i], output_field=BooleanField()) for i in asked)
        rows = list(type(obj)._default_manager.filter(pk=obj.pk).values_list(*columns))
        for index, answer in zip(asked, rows[0] if rows else [False] * len(asked), strict=True):
            answers[index] = bool(answer)
    return tuple(answers)


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


_COMPARISONS = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def _leaf_holds(obj: Model, lookup: str, value) -> bool | None:
    """`field`, `field__isnull` or `field__in` (a list) on the object's own columns."""
    name, _, suffix = lookup.partition("__")
    if suffix not in ("", "isnull", "in", *_COMPARISONS):
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
    if suffix in _COMPARISONS:
        # A time window on the object's own column (the exchange's edit window).
        if current is None or not isinstance(value, int | datetime.date):
            return None
        return _COMPARISONS[suffix](current, value)
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
        # One link a user at most (a one-to-one field), so by key: the model's order would join
        # the user's account for nothing. Compiled once per process (on every member page,
        # building and compiling it was about 1,400 Python calls).
        found = _membership_of()(user.pk)
        _MEMBERSHIP.set_cached_value(user, found[0] if found else None)
    membership = getattr(user, "vanguard_membership", None)
    return membership.vanguard_id if membership else None


@functools.cache
def _membership_of() -> Compiled:
    links = VanguardMember.objects.select_related("vanguard").filter(user_id=ARGUMENT)
    return Compiled(links.order_by("pk")[:1], arguments=1)


def member_vanguard(user) -> Vanguard | None:
    """The vanguard a vanguard member belongs to (read with their link, once a request), or
    None: the one vanguard vanguards_visible_to gives them, without asking again."""
    if member_vanguard_id(user) is None:
        return None
    return user.vanguard_membership.vanguard


def regional_lead_region_id(user) -> int | None:
    """The region a regional lead looks after, or None."""
    if _role(user) not in LINKED_TO_REGION:
        return None
    link = getattr(user, "regional_lead", None)
    return link.region_id if link else None


# `user.network_partner`, the reverse of NetworkPartnerContact.user: its cache on the user.
_PARTNER_LINK = NetworkPartnerContact._meta.get_field("user").remote_field


def partner_organisation_id(user) -> int | None:
    """The partner organisation a network partner belongs to, or None."""
    if _role(user) not in LINKED_TO_PARTNER:
        return None
    if isinstance(user, User) and not _PARTNER_LINK.is_cached(user):
        # Read with its organisation, once a request, through a statement compiled once per
        # process (as a member's link: member_vanguard_id).
        found = _partner_link_of()(user.pk)
        _PARTNER_LINK.set_cached_value(user, found[0] if found else None)
    link = getattr(user, "network_partner", None)
    return link.organisation_id if link else None


@functools.cache
def _partner_link_of() -> Compiled:
    links = NetworkPartnerContact.objects.select_related("organisation").filter(user_id=ARGUMENT)
    return Compiled(links.order_by("pk")[:1], arguments=1)


def partner_organisation(user) -> Organisation | None:
    """The partner organisation a network partner belongs to (read with their link, once a
    request), or None."""
    if partner_organisation_id(user) is None:
        return None
    return user.network_partner.organisation


def needs_partner_link(role: str) -> bool:
    """Accounts with this role must be linked to a network partner organisation."""
    return role in LINKED_TO_PARTNER


def is_network_partner(user) -> bool:
    return _role(user) in LINKED_TO_PARTNER


def may_use_namespace(user, namespace: str) -> bool:
    """Whether the user may open pages of the URL namespace `namespace` at all."""
    if _role(user) not in LINKED_TO_PARTNER:
        return True
    return not namespace or namespace in PARTNER_NAMESPACES


def members_only(queryset: QuerySet, path: str = "") -> QuerySet:
    """Rows of `queryset` whose user (at `path`) is a vanguard member by role."""
    return queryset.filter(**{_at(path, "role__in"): LINKED_TO_VANGUARD})


# --- Vanguards ---------------------------------------------------------------------------


def vanguard_scope(user) -> tuple:
    """What the vanguards the user may see depend on: ("all",), ("region", its id),
    ("vanguard", its id) or ("none",). `_vanguard_q` is made from it alone, so a list of the
    vanguards someone may see is the same for everyone with the same scope.

    A member sees their vanguard, a regional lead their region's; a missing link sees nothing.
    """
    role = _role(user)
    if role in SEES_ALL_VANGUARDS:
        return ("all",)
    if role in LINKED_TO_REGION:
        region_id = regional_lead_region_id(user)
        return ("none",) if region_id is None else ("region", region_id)
    if role in LINKED_TO_VANGUARD:
        vanguard_id = member_vanguard_id(user)
        return ("none",) if vanguard_id is None else ("vanguard", vanguard_id)
    return ("none",)


def records_scope(user) -> tuple:
    """What the touchpoints, actions, support requests, events and logic models a user may
    see, their vanguards named and what of them is shown (internal notes) depend on: whether
    the user is of the NST, a vanguard member, someone else signed in or no one, and their
    vanguard scope. Those rules (`_touchpoint_rule`, `_action_rule`, `_support_request_rule`,
    `_event_rule`, `_logic_model_rule`), `can_see_internal_notes` and `sees_one_vanguard` are
    made from it alone, so a list drawn from them may be kept under it."""
    role = _role(user)
    if role is None:
        kind = "none"
    elif role in NST_ROLES:
        kind = "nst"
    elif role in LINKED_TO_VANGUARD:
        kind = "member"
    else:
        kind = "other"
    return (kind, vanguard_scope(user))


def _vanguard_q(user, path: str = "") -> Q:
    """The vanguards the user may see (`vanguard_scope`), as a condition on the vanguard at
    `path`."""
    scope = vanguard_scope(user)
    if scope[0] == "all":
        return EVERYTHING
    if scope[0] == "region":
        return Q(**{_at(path, "region"): scope[1]})
    if scope[0] == "vanguard":
        return Q(**{_pk(path): scope[1]})
    return NOTHING


def vanguards_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """The vanguards whose profile the user may see."""
    return _apply(Vanguard, queryset, _vanguard_q(user))


def can_view_vanguard(user, vanguard: Vanguard) -> bool:
    return _allows(_vanguard_q(user), vanguard)


def sees_one_vanguard(user) -> bool:
    """A member sees their own vanguard and its records only (`_vanguard_q`), so a list filter
    choosing among vanguards (by vanguard, region, cohort group, relationship manager) cannot
    narrow what they see: their lists leave those filters out."""
    return _role(user) in LINKED_TO_VANGUARD


def get_vanguard_or_404(user, slug: str, related: tuple[str, ...] = ()) -> Vanguard:
    """The vanguard called `slug` if the user may see it (`_vanguard_q`), read with its
    `related` objects (`select_related`). Not visible and not there are the same answer, so
    existence does not leak."""
    if not related and vanguard_scope(user)[0] == "vanguard":
        # The one vanguard a member sees, read with their link (`member_vanguard`): no query.
        vanguard = member_vanguard(user)
        if vanguard.slug != slug:
            raise Http404
        return vanguard
    rule = _vanguard_q(user)
    found = _vanguard_named(rule, related)(slug) if rule != NOTHING else []
    if not found:
        raise Http404
    return found[0]


@functools.lru_cache(maxsize=1024)
def _vanguard_named(rule: Q, related: tuple[str, ...]) -> Compiled:
    """The read of a vanguard by its slug under `rule` (a member's names their vanguard, a
    regional lead's their region): compiled once per process for each, since compiling it
    was most of what a vanguard's page spent finding its vanguard (about 800 Python calls)."""
    vanguards = Vanguard.objects.select_related(*related).filter(rule, slug=str(ARGUMENT))
    return Compiled(vanguards, arguments=1)


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


def loggable_vanguards_among(user, ids: list[int]) -> list[Vanguard]:
    """The vanguards of `ids` (distinct primary keys) the user may log for (`_acting_q`), by
    name: what `loggable_vanguards(user).filter(pk__in=ids)` gives. For up to
    COMPILED_IDS ids, in a statement compiled once per process for each role and number of
    ids: checking the vanguards of every touchpoint sent through the ORM was about 1,500
    Python calls, most of them building and compiling the same SQL."""
    if len(ids) > COMPILED_IDS:
        return list(loggable_vanguards(user).filter(pk__in=ids).order_by("name"))
    compiled = _loggable_among(_role(user), len(ids)) if ids else None
    if compiled is None:
        return []
    statement, names_user = compiled
    return statement(user.pk, *ids) if names_user else statement(*ids)


COMPILED_IDS = 20


@functools.lru_cache(maxsize=COMPILED_IDS * 4)
def _loggable_among(role: str | None, count: int) -> tuple[Compiled, bool] | None:
    """The statement for `loggable_vanguards_among`, and whether its first argument is the
    user's id (an RM's rule names them; the rule of those who act for every vanguard does
    not); None where the role may log for no vanguard."""
    rule = _acting_q(User(pk=ARGUMENT, role=role, is_active=True))
    if rule == NOTHING:
        return None
    names_user = rule != EVERYTHING
    ids = [ARGUMENT + names_user + number for number in range(count)]
    vanguards = Vanguard.objects.filter(rule, pk__in=ids).order_by("name")
    return Compiled(vanguards, arguments=count + names_user), names_user


def can_log_touchpoints(user) -> bool:
    return _role(user) in LOGS_TOUCHPOINTS


def can_log_touchpoint_for(user, vanguard: Vanguard) -> bool:
    return _allows(_acting_q(user), vanguard)


def acts_for_every_vanguard(user) -> bool:
    """Admins and the RM lead may act for every vanguard (200 and more at national scale), so
    a form offers them the people of the vanguards they chose, not of all of them."""
    return _role(user) in ACTS_FOR_EVERY_VANGUARD


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


def cadence_scope(user) -> tuple:
    """What the vanguards whose contact cadence the user's home shows depend on: ("all",) for
    the RM lead, ("own groups", their id) for an RM, ("none",) for anyone else.
    `cadence_vanguards` is made from it alone, so a result read from those vanguards is the
    same for everyone with the same scope (and is keyed by it: building and compiling the
    rule's query to key it cost more than the rest of a kept home)."""
    if can_oversee_rm_workloads(user):
        return ("all",)
    if tracks_contact_cadence(user):
        return ("own groups", user.pk)
    return ("none",)


def cadence_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards whose contact cadence the user's home shows: an RM's groups', the lead's all
    (`cadence_scope`)."""
    if cadence_scope(user)[0] == "all":
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


def may_raise_support_requests(user) -> bool:
    """Whether there is any vanguard the user may raise a support request for: kept until a
    table the rule reads changes (workwell/kept.py), keyed by all the rule is made from (the
    role, the user, their vanguard scope). The support list and menu ask it on every request."""
    return kept(
        "permissions.may_raise_support_requests",
        (_role(user), user.pk, vanguard_scope(user)),
        lambda: support_request_vanguards(user).exists(),
    )


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


def support_request_rate_rule(user) -> Q:
    """The condition support_requests_ratable_by filters with (the role, and a member's
    vanguard), for a statement compiled once per rule: keyed on it, keyed on what the member
    may rate."""
    return _support_request_rate_rule(user)


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


def assessment_scope(user) -> tuple:
    """What the self-assessments the user may see depend on: ("all",), ("own vanguard", its
    vanguard scope), ("own groups' drafts", their id) or ("no drafts", their vanguard scope).
    `_assessment_rule` is made from it alone, so a result read under the rule may be keyed by
    it."""
    role = _role(user)
    if role in REGISTRY_KEEPERS:
        return ("all",)
    if role in LINKED_TO_VANGUARD:
        return ("own vanguard", vanguard_scope(user))
    if role in RELATIONSHIP_MANAGER_ROLES:
        return ("own groups' drafts", user.pk)
    return ("no drafts", vanguard_scope(user))


def _assessment_rule(user, *, vanguard: str, is_draft: Q) -> Q:
    """Drafts: admins, the vanguard's members and the RM of its group. Submitted or agreed:
    as the vanguard's profile (members: their own vanguard's, whatever the status). Made from
    `assessment_scope` alone (`_vanguard_q` from the vanguard scope, `_in_own_groups_q` from
    the user's id)."""
    kind = assessment_scope(user)[0]
    if kind == "all":
        return EVERYTHING
    if kind == "own vanguard":
        return _vanguard_q(user, vanguard)
    if kind == "own groups' drafts":
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


# --- Learning and Change Network events --------------------------------------------------
# learning sits above vanguards, so the rules are written against an event's fields
# (`audience`: learning.models.Event.Audience values, `cohort_group`) and applied to the
# caller's queryset, as for assessments.

EVENT_FOR_ALL = "all"
EVENT_FOR_COHORT_GROUP = "cohort_group"
EVENT_FOR_NST = "nst"


def _event_for_all_q(user, via: str = "") -> Q:
    """Events for the whole network: everyone signed in (vanguards, leads, network partners)."""
    return NOTHING if _role(user) is None else Q(**{f"{via}audience": EVENT_FOR_ALL})


def _event_for_cohort_group_q(user, via: str = "") -> Q:
    """A cohort group's events: the NST, and members of vanguards now in that group."""
    role = _role(user)
    if role in NST_ROLES:
        return Q(**{f"{via}audience": EVENT_FOR_COHORT_GROUP})
    vanguard_id = member_vanguard_id(user)
    if vanguard_id is None:
        return NOTHING
    groups = CohortGroupMembership.objects.filter(
        ended_on__isnull=True, vanguard=vanguard_id
    ).values("cohort_group_id")
    return Q(**{f"{via}audience": EVENT_FOR_COHORT_GROUP, f"{via}cohort_group__in": groups})


def _event_for_nst_q(user, via: str = "") -> Q:
    """The NST's own events: NST roles only."""
    return Q(**{f"{via}audience": EVENT_FOR_NST}) if _role(user) in NST_ROLES else NOTHING


def _event_rule(user, via: str = "") -> Q:
    """One condition per audience; an event is seen by whoever its audience's condition lets in.
    `via` is the path to the event from a record that belongs to one ("event__")."""
    return (
        _event_for_all_q(user, via)
        | _event_for_cohort_group_q(user, via)
        | _event_for_nst_q(user, via)
    )


def events_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter events (fields `audience`, `cohort_group`) to those the user may see."""
    return queryset.filter(_event_rule(user))


def can_view_event(user, event: Model) -> bool:
    return _allows(_event_rule(user), event)


def get_event_or_404(user, queryset: QuerySet, pk: int):
    """An event the user may see (and so register for), else 404."""
    return get_object_or_404(events_visible_to(user, queryset), pk=pk)


def can_organise_events(user) -> bool:
    """The learning team and admins run the network's events."""
    return _role(user) in EVENT_ORGANISERS


def _registration_rule(user) -> Q:
    """Places at events the user sees: their own, and everyone's (the attendance list) for the
    events' organisers. Cancelled places are nobody's list."""
    own = Q(person=user.pk) if _role(user) is not None else NOTHING
    everyone_s = EVERYTHING if can_organise_events(user) else NOTHING
    return _event_rule(user, "event__") & (own | everyone_s) & ~Q(status="cancelled")


def registrations_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter event registrations (fields `event`, `person`, `status`) to those the user sees."""
    return queryset.filter(_registration_rule(user))


def can_see_joining_link(user, *, registered: bool) -> bool:
    """An online event's joining link: for people with a place, and for organisers."""
    return registered or can_organise_events(user)


def _what_we_heard_rule(user) -> Q:
    """An event's key points: its organisers at any time (drafts too); once published, whoever
    may see the event, so the learning reaches the network and not only the people who came."""
    if can_organise_events(user):
        return _event_rule(user, "event__")
    return _event_rule(user, "event__") & Q(published_at__isnull=False)


def what_we_heard_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter "what we heard" records (`published_at`, `event`) to those the user may read."""
    return queryset.filter(_what_we_heard_rule(user))


def can_read_what_we_heard(user, what_we_heard: Model) -> bool:
    return _allows(_what_we_heard_rule(user), what_we_heard)


def can_keep_network_pages(user) -> bool:
    """The learning team (and admins) edit the network's terms of reference, agenda, programme."""
    return _role(user) in EVENT_ORGANISERS


# --- Network partners -------------------------------------------------------------------


def _partner_match_rule(user) -> Q:
    """Vanguards whose matched network partners the user sees: the learning team and admins
    every vanguard's, an RM (and the RM lead) those now in their own cohort groups."""
    role = _role(user)
    if role in SEES_ALL_PARTNER_MATCHES:
        return EVERYTHING
    if role in RELATIONSHIP_MANAGER_ROLES:
        return _in_own_groups_q(user)
    return NOTHING


def partner_match_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards whose network-partner matches the user may see."""
    return _apply(Vanguard, queryset, _partner_match_rule(user))


def profile_rights(user, vanguard: Vanguard) -> tuple[bool, bool]:
    """What the vanguard profile asks: whether the user may log touchpoints for the vanguard
    (`can_log_touchpoint_for`) and see its network-partner matches (`partner_match_vanguards`).
    In memory for most roles; for an RM (and the RM lead's matches) one query for both. Kept
    until a cohort group or its memberships change (workwell/kept.py): both rules are made
    from the role and the user's id alone, which key it with the vanguard, and building an
    RM's rules costs more than reading the kept answer."""

    def answers() -> tuple[bool, bool]:
        rules = (_acting_q(user), _partner_match_rule(user))
        held = tuple(_holds(rule, vanguard) for rule in rules)
        return held if None not in held else _allows_each(rules, vanguard)

    return kept("permissions.profile_rights", (_role(user), user.pk, vanguard.pk), answers)


def can_see_every_partner_match(user) -> bool:
    """The learning team's list of every network partner and its matched vanguards."""
    return _role(user) in SEES_ALL_PARTNER_MATCHES


# --- Lessons learnt ---------------------------------------------------------------------
# learning sits above vanguards, so, as for assessments, the rules are written against a
# lesson's fields (`vanguard`, `author`, `status`: learning.models.Lesson.Status values) and
# applied to the caller's queryset; the yes/no for one lesson evaluates the same rule on it.

LESSON_DRAFT = "draft"
LESSON_SUBMITTED = "submitted"
LESSON_RETURNED = "returned"
LESSON_PUBLISHED = "published"


def _lesson_workings_q(user) -> Q:
    """Lessons whose every state (drafts, returns, history) the user sees: their author, the
    members of their vanguard, and the NST (the learning team reviews them)."""
    role = _role(user)
    if role is None:
        return NOTHING
    if role in NST_ROLES:
        return EVERYTHING
    own = Q(author=user.pk)
    if role in LINKED_TO_VANGUARD:
        own |= _vanguard_q(user, "vanguard")
    return own


def _lesson_rule(user) -> Q:
    """Published lessons: everyone signed in; the rest as `_lesson_workings_q`."""
    if _role(user) is None:
        return NOTHING
    return Q(status=LESSON_PUBLISHED) | _lesson_workings_q(user)


def lessons_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter lessons (fields `vanguard`, `author`, `status`) to those the user may see."""
    return queryset.filter(_lesson_rule(user))


def can_view_lesson(user, lesson) -> bool:
    return _allows(_lesson_rule(user), lesson)


def can_see_lesson_workings(user, lesson) -> bool:
    """The return reason and history: for those who may see the lesson in every state."""
    return _allows(_lesson_workings_q(user), lesson)


def get_lesson_or_404(user, queryset: QuerySet, pk: int):
    return get_object_or_404(lessons_visible_to(user, queryset), pk=pk)


def can_write_lessons(user) -> bool:
    """Vanguard members (linked to a vanguard) and NST staff write lessons."""
    role = _role(user)
    if role in LINKED_TO_VANGUARD:
        return member_vanguard_id(user) is not None
    return role in WRITES_LESSONS


def _lesson_edit_rule(user) -> Q:
    """Their author, while a draft or returned, and for a member only while the lesson is
    still their vanguard's (rights follow today's registry, not who wrote it)."""
    role = _role(user)
    if role not in WRITES_LESSONS:
        return NOTHING
    own = Q(author=user.pk, status__in=[LESSON_DRAFT, LESSON_RETURNED])
    if role in LINKED_TO_VANGUARD:
        own &= _vanguard_q(user, "vanguard")
    return _lesson_rule(user) & own


def lessons_editable_by(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_lesson_edit_rule(user))


def can_edit_lesson(user, lesson) -> bool:
    """Edit and submit (or resubmit) a lesson."""
    return _allows(_lesson_edit_rule(user), lesson)


def _lesson_review_rule(user) -> Q:
    """The learning team and admins publish or return submitted lessons."""
    if _role(user) not in REVIEWS_LESSONS:
        return NOTHING
    return Q(status=LESSON_SUBMITTED)


def lessons_reviewable_by(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_lesson_review_rule(user))


def can_review_lesson(user, lesson) -> bool:
    return _allows(_lesson_review_rule(user), lesson)


def _lesson_link_rule(user) -> Q:
    """The learning team and admins link published lessons to the support offers and
    toolkit items they informed."""
    if _role(user) not in REVIEWS_LESSONS:
        return NOTHING
    return Q(status=LESSON_PUBLISHED)


def can_link_lesson(user, lesson) -> bool:
    return _allows(_lesson_link_rule(user), lesson)


def reviews_lessons(user) -> bool:
    return _role(user) in REVIEWS_LESSONS


# --- The WorkWell toolkit -----------------------------------------------------------------
# learning sits above vanguards, so the rule is written against a toolkit version's `status`
# (learning.models.ToolkitVersion.Status values) at `path` ("" for versions, "version" for
# items) and applied to the caller's queryset.

TOOLKIT_CONSULTATION = "consultation"
TOOLKIT_RELEASED = ("published", "superseded")


def _toolkit_rule(user, path: str = "") -> Q:
    """Published and superseded versions: everyone signed in. In consultation: vanguard members
    and the NST. Drafts: the learning team and admins."""
    role = _role(user)
    if role is None:
        return NOTHING
    if role in TOOLKIT_KEEPERS:
        return EVERYTHING
    statuses = list(TOOLKIT_RELEASED)
    if role in TOOLKIT_CONSULTEES:
        statuses.append(TOOLKIT_CONSULTATION)
    return Q(**{_at(path, "status__in"): statuses})


def toolkit_versions_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter toolkit versions to those the user may see."""
    return queryset.filter(_toolkit_rule(user))


def toolkit_version_rule(user) -> Q:
    """The condition toolkit_versions_visible_to filters with (it holds only the role), for a
    read compiled once per rule: a cache keyed on it keys on what the user may see."""
    return _toolkit_rule(user)


def toolkit_items_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter toolkit items to those of versions the user may see."""
    return queryset.filter(_toolkit_rule(user, "version"))


def can_view_toolkit_version(user, version) -> bool:
    return _allows(_toolkit_rule(user), version)


def can_manage_toolkit(user) -> bool:
    """The learning team and admins start, edit and move toolkit versions."""
    return _role(user) in TOOLKIT_KEEPERS


def can_change_toolkit_version(user, version) -> bool:
    """Keepers change a version's details and items while it is a draft or in consultation."""
    return can_manage_toolkit(user) and version.status not in TOOLKIT_RELEASED


# --- Consultation comments and review panels ----------------------------------------------
# Written against a comment's `vanguard` (the commenter's, empty for NST staff), applied to
# the caller's queryset of learning.models.ConsultationComment.


def _consultation_comment_rule(user) -> Q:
    """The NST and the programme lead see every comment; a member their own vanguard's."""
    role = _role(user)
    if role in READS_ALL_CONSULTATION_COMMENTS:
        return EVERYTHING
    if role in LINKED_TO_VANGUARD:
        return _vanguard_q(user, "vanguard")
    return NOTHING


def can_read_consultation_comments(user) -> bool:
    """Whether the user has any comments to read (regional leads and others have none)."""
    return _role(user) in READS_ALL_CONSULTATION_COMMENTS | LINKED_TO_VANGUARD


def consultation_comments_visible_to(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_consultation_comment_rule(user))


def consultation_comment_rule(user) -> Q:
    """The condition consultation_comments_visible_to filters with (the role, and a member's
    vanguard), for a statement compiled once per rule: keyed on it, keyed on what the user
    may see."""
    return _consultation_comment_rule(user)


def can_view_consultation_comment(user, comment) -> bool:
    return _allows(_consultation_comment_rule(user), comment)


def get_consultation_comment_or_404(user, queryset: QuerySet, pk: int):
    return get_object_or_404(consultation_comments_visible_to(user, queryset), pk=pk)


def can_comment_on_toolkit(user, version) -> bool:
    """Vanguard members (with a vanguard) and the NST, on a version they may see."""
    role = _role(user)
    if role not in TOOLKIT_CONSULTEES:
        return False
    if role in LINKED_TO_VANGUARD and member_vanguard_id(user) is None:
        return False
    return can_view_toolkit_version(user, version)


def can_answer_consultation_comments(user) -> bool:
    """The toolkit's keepers (the learning team and admins) answer comments."""
    return can_manage_toolkit(user)


def can_see_panel_members(user) -> bool:
    """Panel members' names and expertise, and who reviewed a version: the NST only."""
    return _role(user) in SEES_PANEL_MEMBERS


def can_manage_panels(user) -> bool:
    """The toolkit's keepers keep the panels and record their reviews."""
    return can_manage_toolkit(user)


# --- Pulse survey: answers and results ----------------------------------------------------
# feedback sits above vanguards, so the rules are written against a pulse response's (or
# invitation's) fields: `person`, and the groups recorded when the member was asked or
# answered (`vanguard`, `region`, `relationship_manager`).

# See every group's pulse results (aggregated): NST leadership and the learning team.
SEES_ALL_PULSE_RESULTS = frozenset({Role.ADMIN, Role.PROGRAMME_LEAD, Role.RM_LEAD, Role.LEARNING})
# Read the free-text answers (without names unless the member agreed to be contacted). RMs do
# not: the answers they could read are about themselves or outside their groups.
READS_PULSE_FREE_TEXT = frozenset({Role.ADMIN, Role.RM_LEAD, Role.LEARNING})
# See results of groups with fewer responses than the disclosure threshold.
SEES_SMALL_NUMBERS = REGISTRY_KEEPERS
# NST leadership and admins read the quarterly strategic review; admins set its targets.
READS_QUALITY_REVIEW = frozenset({Role.ADMIN, Role.PROGRAMME_LEAD, Role.RM_LEAD})
SETS_QUALITY_TARGETS = REGISTRY_KEEPERS
# Which breakdowns of the results each role sees (the groups within each: _pulse_results_rule).
PULSE_RESULT_BREAKDOWNS = {
    **dict.fromkeys(
        SEES_ALL_PULSE_RESULTS, ("region", "cohort_group", "relationship_manager", "vanguard")
    ),
    Role.RM: ("cohort_group", "vanguard"),
    Role.REGIONAL_LEAD: ("region", "vanguard"),
    Role.MEMBER: ("vanguard",),
}


def _pulse_response_rule(user) -> Q:
    """Individual answers: admins all; a member their own; nobody else (results are
    aggregated, free text goes through `_pulse_free_text_rule`)."""
    role = _role(user)
    if role in REGISTRY_KEEPERS:
        return EVERYTHING
    if role in LINKED_TO_VANGUARD:
        return Q(person=user.pk)
    return NOTHING


def pulse_responses_visible_to(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_pulse_response_rule(user))


def can_view_pulse_response(user, response: Model) -> bool:
    return _allows(_pulse_response_rule(user), response)


def _pulse_free_text_rule(user) -> Q:
    """Free-text answers: admins, the RM lead and the learning team; never an answer given
    about the reader themselves (the RM lead looks after groups too)."""
    role = _role(user)
    if role in REGISTRY_KEEPERS:
        return EVERYTHING
    if role in READS_PULSE_FREE_TEXT:
        return ~Q(relationship_manager=user.pk)
    return NOTHING


def pulse_free_text_visible_to(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_pulse_free_text_rule(user))


def reads_pulse_free_text(user) -> bool:
    return _role(user) in READS_PULSE_FREE_TEXT


def tags_feedback_themes(user) -> bool:
    """The NST tags the free-text pulse answers and the concerns it can see with programme
    themes, which the quarterly strategic review counts."""
    return is_nst(user)


def pulse_results_scope(user) -> tuple:
    """What the pulse results a user sees depend on: ("all",), ("own groups", their id) for
    an RM, ("region", its id), ("vanguard", its id) or ("none",). `_pulse_results_rule` is
    made from it alone, so a result read under the rule may be keyed by it."""
    role = _role(user)
    if role in SEES_ALL_PULSE_RESULTS:
        return ("all",)
    if role in RELATIONSHIP_MANAGER_ROLES:
        return ("own groups", user.pk)
    if role in LINKED_TO_REGION:
        region_id = regional_lead_region_id(user)
        return ("none",) if region_id is None else ("region", region_id)
    if role in LINKED_TO_VANGUARD:
        vanguard_id = member_vanguard_id(user)
        return ("none",) if vanguard_id is None else ("vanguard", vanguard_id)
    return ("none",)


def _pulse_results_rule(user) -> Q:
    """Responses and invitations whose groups' aggregates the user sees: everything for NST
    leadership and the learning team, an RM their own groups', a regional lead their region's,
    a member their vanguard's (`pulse_results_scope`)."""
    scope = pulse_results_scope(user)
    if scope[0] == "all":
        return EVERYTHING
    if scope[0] == "own groups":
        return Q(relationship_manager=scope[1])
    if scope[0] == "region":
        return Q(region=scope[1])
    if scope[0] == "vanguard":
        return Q(vanguard=scope[1])
    return NOTHING


def pulse_results_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter responses or invitations to those whose groups' results the user sees."""
    return queryset.filter(_pulse_results_rule(user))


def pulse_result_breakdowns(user) -> tuple[str, ...]:
    """The breakdowns (region, cohort group, RM, vanguard) of the results the user sees."""
    return PULSE_RESULT_BREAKDOWNS.get(_role(user), ())


def sees_national_results(user) -> bool:
    """Everyone signed in with results of their own sees the national aggregate beside them."""
    return bool(pulse_result_breakdowns(user))


def reads_quality_review(user) -> bool:
    """The quarterly strategic review (/feedback/review/<quarter>/) and its downloads."""
    return _role(user) in READS_QUALITY_REVIEW


def can_set_quality_targets(user) -> bool:
    return _role(user) in SETS_QUALITY_TARGETS


def sees_small_numbers(user) -> bool:
    """Admins see results of groups under the disclosure threshold; nobody else does."""
    return _role(user) in SEES_SMALL_NUMBERS


def can_answer_pulse_survey(user) -> bool:
    """Vanguard members (linked to a vanguard) answer the quarterly pulse survey."""
    return member_vanguard_id(user) is not None


# --- Dashboards (reporting) -----------------------------------------------------------------
# The national dashboard: everyone who sees many vanguards; a regional lead sees their region's
# (the vanguard rule narrows it). A vanguard's dashboard: whoever may see the vanguard.

READS_NATIONAL_DASHBOARD = SECTION_ROLES["reporting"]
# Peers on a vanguard's dashboard are named for these; members see them lettered.
NAMES_DASHBOARD_PEERS = READS_NATIONAL_DASHBOARD


# Their homes open with the national dashboard's headline figures.
DASHBOARD_ON_HOME = frozenset({Role.ADMIN, Role.PROGRAMME_LEAD})


def sees_dashboard_on_home(user) -> bool:
    return _role(user) in DASHBOARD_ON_HOME


def may_view_national_dashboard(user) -> bool:
    """/reporting/dashboard/ and its downloads."""
    return _role(user) in READS_NATIONAL_DASHBOARD


def dashboard_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """The vanguards whose figures the user sees on the dashboards: those they may see (made
    from `vanguard_scope` alone)."""
    return vanguards_visible_to(user, queryset)


def snapshots_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Closed quarters' snapshots (the data API): whoever reads a dashboard reads the
    snapshots of its quarters, narrowed by reporting to what that dashboard shows them; a
    member those that hold their vanguard (a quarter before it started has nothing of it)."""
    if may_view_national_dashboard(user) or reads_national_reports(user):
        return queryset
    if member_vanguard_id(user) is None:
        return queryset.none()
    slug = user.vanguard_membership.vanguard.slug
    return queryset.filter(figures__vanguards__has_key=slug)


def names_dashboard_peers(user) -> bool:
    return _role(user) in NAMES_DASHBOARD_PEERS


def dashboard_peers(user, vanguard: Vanguard) -> QuerySet:
    """The vanguards shown beside `vanguard` on its dashboard: a member sees every vanguard,
    lettered (the programme as context, nobody named); others those they may see, named."""
    if names_dashboard_peers(user):
        return vanguards_visible_to(user)
    return Vanguard.objects.all() if can_view_vanguard(user, vanguard) else Vanguard.objects.none()


def dashboard_peer_slugs(user, vanguard: Vanguard) -> frozenset[str]:
    """The slugs of `dashboard_peers`, kept until a vanguard changes: they are made from
    whether the user names peers, then their vanguard scope, else whether they may see
    `vanguard`, which key them (every member's dashboard read all 215 slugs)."""
    named = names_dashboard_peers(user)
    key = (True, vanguard_scope(user)) if named else (False, can_view_vanguard(user, vanguard))
    return kept(
        "permissions.dashboard_peer_slugs",
        key,
        lambda: frozenset(dashboard_peers(user, vanguard).values_list("slug", flat=True)),
    )


# --- Concerns and complaints --------------------------------------------------------------
# feedback sits above vanguards, so the rules are written against a concern's fields
# (`vanguard`, `region`, `raised_by`, `about_rm`, `handler`, `stage`:
# feedback.models.Concern.Stage values) and applied to the caller's queryset, as for events.

CONCERN_EARLY_RESOLUTION = "early_resolution"
CONCERN_ESCALATION = "escalation"

# See every concern and complaint: the NST leadership (DESIGN.md §3).
SEES_ALL_CONCERNS = frozenset({Role.ADMIN, Role.PROGRAMME_LEAD, Role.RM_LEAD})
# Raise concerns and complaints about the NST's support (and so never handle them).
RAISES_CONCERNS = LINKED_TO_VANGUARD | LINKED_TO_REGION


def is_programme_director(user) -> bool:
    """Whether admins have named this user the programme director (one query). People who
    raise concerns (members, regional leads) are never asked: the director handles them."""
    if _role(user) is None:
        return False
    return ProgrammeSettings.objects.filter(pk=1, programme_director=user.pk).exists()


def concern_scope(user) -> tuple:
    """What the concerns the user may see depend on: which concerns their role sees ("all",
    "vanguard", "region", "own groups" or "nothing"), the vanguard scope or region they are
    linked to, whether they are the programme director, and who they are (nobody sees a
    concern about themselves). `_concern_rule` is made from it alone, so a result read under
    the rule may be keyed by it."""
    role = _role(user)
    if role is None:
        return ("none",)
    link = None
    if role in SEES_ALL_CONCERNS:
        kind = "all"
    elif role in LINKED_TO_VANGUARD:
        kind, link = "vanguard", vanguard_scope(user)
    elif role in LINKED_TO_REGION:
        kind, link = "region", regional_lead_region_id(user)
    elif role in RELATIONSHIP_MANAGER_ROLES:
        kind = "own groups"
    else:
        kind = "nothing"
    director = role not in SEES_ALL_CONCERNS | RAISES_CONCERNS and is_programme_director(user)
    return (kind, link, director, user.pk)


def _concern_rule(user) -> Q:
    """The leadership see every concern; an RM their groups' vanguards' and those they handle;
    a regional lead their own and their region's; a member their vanguard's; the programme
    director also the escalated ones. Nobody sees a concern about themselves, so a complaint
    about an RM never reaches that RM (list, count, digest, export or history). Made from
    `concern_scope` alone."""
    scope = concern_scope(user)
    if scope[0] == "none":
        return NOTHING
    kind, link, director, user_pk = scope
    if kind == "all":
        rule = EVERYTHING
    elif kind == "vanguard":
        rule = _vanguard_q(user, "vanguard")  # made from `link`, the vanguard scope, alone
    elif kind == "region":
        rule = Q(raised_by=user_pk) | (NOTHING if link is None else Q(region=link))
    elif kind == "own groups":
        rule = _in_own_groups_q(user, "vanguard") | Q(handler=user_pk)  # of user_pk alone
    else:
        rule = NOTHING
    if director:
        rule = rule | Q(stage=CONCERN_ESCALATION)
    return rule & ~Q(about_rm=user_pk)


def concerns_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter concerns (see above for the fields) to those the user may see."""
    return queryset.filter(_concern_rule(user))


def can_view_concern(user, concern: Model) -> bool:
    return _allows(_concern_rule(user), concern)


def get_concern_or_404(user, queryset: QuerySet, pk: int):
    return get_object_or_404(concerns_visible_to(user, queryset), pk=pk)


def may_use_concerns(user) -> bool:
    """The concerns list: the leadership, RMs, raisers and the programme director."""
    role = _role(user)
    if role in SEES_ALL_CONCERNS | RELATIONSHIP_MANAGER_ROLES | RAISES_CONCERNS:
        return True
    return is_programme_director(user)  # whatever their role, e.g. someone from DHSC


def _concern_handle_rule(user) -> Q:
    """Acknowledge, investigate, escalate, respond and close: admins and the RM lead at any
    stage; the vanguard's RM (today's groups) at early resolution; the programme director once
    escalated. Always within what the user may see, so never a concern about themselves."""
    role = _role(user)
    if role in ACTS_FOR_EVERY_VANGUARD:
        rule = EVERYTHING
    elif role in RELATIONSHIP_MANAGER_ROLES:
        rule = Q(stage=CONCERN_EARLY_RESOLUTION) & _in_own_groups_q(user, "vanguard")
    else:
        rule = NOTHING
    if role not in ACTS_FOR_EVERY_VANGUARD | RAISES_CONCERNS and is_programme_director(user):
        rule = rule | Q(stage=CONCERN_ESCALATION)
    return _concern_rule(user) & rule


def concerns_handled_by(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_concern_handle_rule(user))


def can_handle_concern(user, concern: Model) -> bool:
    return _allows(_concern_handle_rule(user), concern)


def _concern_raiser_rule(user) -> Q:
    """Agree and close, reopen: only the person who raised it."""
    return NOTHING if _role(user) is None else _concern_rule(user) & Q(raised_by=user.pk)


def is_concern_raiser(user, concern: Model) -> bool:
    return _allows(_concern_raiser_rule(user), concern)


def rm_leads() -> QuerySet:
    """Active RM leads: who handles a complaint about an RM, and who gets the concern digest."""
    return User.objects.filter(is_active=True, role__in=OVERSEES_RM_WORKLOADS)


def can_raise_concerns(user) -> bool:
    return _role(user) in RAISES_CONCERNS


def _concern_vanguards_q(user) -> Q:
    """A member raises concerns about their own vanguard's support, a regional lead about
    their region's vanguards'."""
    return _vanguard_q(user) if can_raise_concerns(user) else NOTHING


def concern_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    return _apply(Vanguard, queryset, _concern_vanguards_q(user))


def can_raise_concern_about(user, vanguard: Vanguard) -> bool:
    return _allows(_concern_vanguards_q(user), vanguard)


# --- Regional-lead feedback ---------------------------------------------------------------
# Written against feedback.models.RegionalFeedback's fields (`author`, `region`).

# Read every region's feedback: the NST leadership (admins, the programme lead, the RM lead).
SEES_REGIONAL_FEEDBACK = frozenset({Role.ADMIN, Role.PROGRAMME_LEAD, Role.RM_LEAD})


def _regional_feedback_rule(user) -> Q:
    """The leadership see every region's feedback; a regional lead their own (to change it)."""
    role = _role(user)
    if role in SEES_REGIONAL_FEEDBACK:
        return EVERYTHING
    if role in LINKED_TO_REGION:
        return Q(author=user.pk)
    return NOTHING


def regional_feedback_visible_to(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_regional_feedback_rule(user))


def can_view_regional_feedback(user, feedback: Model) -> bool:
    return _allows(_regional_feedback_rule(user), feedback)


def reads_regional_feedback(user) -> bool:
    """The list of every region's feedback."""
    return _role(user) in SEES_REGIONAL_FEEDBACK


def can_give_regional_feedback(user) -> bool:
    """Regional leads linked to a region rate the NST's delivery there each quarter."""
    return _role(user) in LINKED_TO_REGION and regional_lead_region_id(user) is not None


# --- "You said, we did" -------------------------------------------------------------------
# Written against feedback.models.YouSaidWeDid's fields (`published_on`).

# Record what changed because of feedback: admins, the RM lead and the learning team.
KEEPS_YOU_SAID_WE_DID = frozenset({Role.ADMIN, Role.RM_LEAD, Role.LEARNING})


def _you_said_rule(user) -> Q:
    """The keepers see every entry, drafts too; everyone in the programme the published ones."""
    role = _role(user)
    if role in KEEPS_YOU_SAID_WE_DID:
        return EVERYTHING
    if role in IN_THE_PROGRAMME:
        return Q(published_on__isnull=False)
    return NOTHING


def you_said_visible_to(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_you_said_rule(user))


def can_view_you_said(user, entry: Model) -> bool:
    return _allows(_you_said_rule(user), entry)


def get_you_said_or_404(user, queryset: QuerySet, pk: int):
    return get_object_or_404(you_said_visible_to(user, queryset), pk=pk)


def keeps_you_said_we_did(user) -> bool:
    return _role(user) in KEEPS_YOU_SAID_WE_DID


def may_use_feedback_home(user) -> bool:
    return may_use_section(user, "feedback")


# --- Funding and the counterfactual (reporting) ------------------------------------------
# A vanguard's funding position (allocation, payments, spend) is seen by whoever sees the
# vanguard: the NST, programme leads and admins every vanguard's, a regional lead their
# region's, a member their own vanguard's. Only those who see every vanguard see the national
# totals; a member has no national page (their own vanguard's is theirs).
SEES_NATIONAL_FUNDING = SEES_ALL_VANGUARDS
# Set the programme's funding rule, and keep the counterfactual's areas, indicators and values.
SETS_FUNDING_RULE = REGISTRY_KEEPERS
KEEPS_COUNTERFACTUAL = REGISTRY_KEEPERS
# The counterfactual comparison's own page (the vanguard dashboard shows it to its readers).
SEES_COUNTERFACTUAL = NST_ROLES


def _funding_rule(user) -> Q:
    return _vanguard_q(user)


def funding_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """The vanguards whose funding position the user may see."""
    return _apply(Vanguard, queryset, _funding_rule(user))


def can_view_funding(user, vanguard: Vanguard) -> bool:
    return _allows(_funding_rule(user), vanguard)


def get_funding_vanguard_or_404(user, slug: str, queryset: QuerySet | None = None) -> Vanguard:
    return get_object_or_404(funding_vanguards(user, queryset), slug=slug)


def may_use_funding_list(user) -> bool:
    """The funding table: every vanguard's (or, for a regional lead, the region's)."""
    return _role(user) in SEES_NATIONAL_FUNDING | LINKED_TO_REGION


def sees_national_funding(user) -> bool:
    return _role(user) in SEES_NATIONAL_FUNDING


def can_set_funding_rule(user) -> bool:
    return _role(user) in SETS_FUNDING_RULE


def can_keep_counterfactual(user) -> bool:
    """Admins upload area indicators and keep the areas and comparator links."""
    return _role(user) in KEEPS_COUNTERFACTUAL


def _counterfactual_rule(user) -> Q:
    return EVERYTHING if _role(user) in SEES_COUNTERFACTUAL else NOTHING


def counterfactual_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """The vanguards whose counterfactual comparison page the user may open."""
    return _apply(Vanguard, queryset, _counterfactual_rule(user))


def can_view_counterfactual(user, vanguard: Vanguard) -> bool:
    return _allows(_counterfactual_rule(user), vanguard)


def get_counterfactual_vanguard_or_404(user, slug: str) -> Vanguard:
    return get_object_or_404(counterfactual_vanguards(user), slug=slug)


# --- Delivery strands and quarterly returns -----------------------------------------------
# reporting sits above vanguards, so the rule is written against a quarterly return's fields
# (`vanguard`, `status`: reporting.models.QuarterlyReturn.Status values) and applied to the
# caller's queryset; the yes/no for one return applies the same rule to its vanguard with its
# status fixed (None for a quarter whose return is not started), as for assessments.

RETURN_IN_PROGRESS = "in_progress"
RETURN_SUBMITTED = "submitted"
RETURN_QUERIED = "queried"
RETURN_ACCEPTED = "accepted"
# What the vanguard may still change: not started (None), in progress, or returned with a query.
RETURN_EDITABLE = (None, RETURN_IN_PROGRESS, RETURN_QUERIED)

# See every vanguard's quarterly returns.
SEES_ALL_RETURNS = frozenset({Role.ADMIN, Role.PROGRAMME_LEAD, Role.RM_LEAD})
# See a return only once the SRO has signed it off (DESIGN.md §3): drafts are the vanguard's.
SEES_RETURNS_ONCE_SUBMITTED = frozenset({Role.PROGRAMME_LEAD, Role.REGIONAL_LEAD})
# Keep the delivery strands and correct accepted returns (with a reason).
KEEPS_DELIVERY_PLANS = REGISTRY_KEEPERS
CORRECTS_ACCEPTED_RETURNS = REGISTRY_KEEPERS


def return_scope(user) -> tuple:
    """What the vanguards whose quarterly returns the user may list depend on: ("all",) for
    admins, the programme lead and the RM lead; ("own groups", their id) for an RM; a
    regional lead's region or a member's vanguard (`vanguard_scope`); ("none",) for anyone
    else. `_return_vanguards_q` is made from it alone, so a result read from those vanguards
    may be keyed by it."""
    role = _role(user)
    if role in SEES_ALL_RETURNS:
        return ("all",)
    if role in RELATIONSHIP_MANAGER_ROLES:
        return ("own groups", user.pk)
    if role in LINKED_TO_VANGUARD | LINKED_TO_REGION:
        return ("linked", vanguard_scope(user))
    return ("none",)


def return_list_scope(user) -> tuple:
    """What the quarterly returns list's rows, their links and its filters are made from of
    the viewer: the vanguards whose returns they list (`return_scope`), whether they see
    drafts, and the returns their home chases (`returns_chased_scope`, which also says whether
    they are offered those). So the list's page may be kept under it."""
    return (return_scope(user), sees_return_drafts(user), returns_chased_scope(user))


def _return_vanguards_q(user, path: str = "") -> Q:
    """Vanguards (at `path`) whose quarterly returns the user may list (`return_scope`):
    admins, the programme lead and the RM lead every vanguard; an RM their cohort groups'; a
    regional lead their region's; a member their own vanguard's."""
    kind = return_scope(user)[0]
    if kind == "all":
        return EVERYTHING
    if kind == "own groups":
        return _in_own_groups_q(user, path)
    if kind == "linked":
        return _vanguard_q(user, path)
    return NOTHING


def return_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """The vanguards whose quarterly returns the user may list."""
    return _apply(Vanguard, queryset, _return_vanguards_q(user))


def may_use_returns(user) -> bool:
    """Whether the user has any returns to list (the learning team and partners have none)."""
    role = _role(user)
    return role in SEES_ALL_RETURNS | RELATIONSHIP_MANAGER_ROLES | LINKED_TO_VANGUARD | (
        LINKED_TO_REGION
    )


def sees_return_drafts(user) -> bool:
    """Whether the user sees returns before the SRO signs them off."""
    return _role(user) not in SEES_RETURNS_ONCE_SUBMITTED


def _return_rule(user, *, vanguard: str, is_draft: Q) -> Q:
    """A quarterly return: as its vanguard's returns are listed, and for the programme lead
    and regional leads only once signed off."""
    rule = _return_vanguards_q(user, vanguard)
    return rule if sees_return_drafts(user) else rule & ~is_draft


def _return_draft_q(path: str = "") -> Q:
    return Q(**{_at(path, "status"): RETURN_IN_PROGRESS})


def quarterly_returns_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter quarterly returns (fields `vanguard`, `status`) to those the user may see."""
    return queryset.filter(_return_rule(user, vanguard="vanguard", is_draft=_return_draft_q()))


def strand_returns_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter strand returns (through `quarterly_return`) to those the user may see."""
    path = "quarterly_return"
    rule = _return_rule(user, vanguard=_at(path, "vanguard"), is_draft=_return_draft_q(path))
    return queryset.filter(rule)


def can_view_quarterly_return(user, vanguard: Vanguard, status: str | None) -> bool:
    """`status` None: the quarter's return is not started (a draft, for this rule)."""
    is_draft = EVERYTHING if status in (None, RETURN_IN_PROGRESS) else NOTHING
    return _allows(_return_rule(user, vanguard="", is_draft=is_draft), vanguard)


def is_return_author(user, vanguard: Vanguard) -> bool:
    """The vanguard's own members fill in its quarterly returns."""
    return _role(user) in LINKED_TO_VANGUARD and member_vanguard_id(user) == vanguard.pk


def can_edit_quarterly_return(user, vanguard: Vanguard, status: str | None) -> bool:
    """The vanguard's members, until the SRO signs it off (and again once queried)."""
    return status in RETURN_EDITABLE and is_return_author(user, vanguard)


def is_senior_responsible_owner(user, vanguard: Vanguard) -> bool:
    """The vanguard's SRO: the one member who signs off its quarterly returns."""
    if not is_return_author(user, vanguard):
        return False
    return user.vanguard_membership.title == VanguardMember.Title.SRO


def can_sign_off_quarterly_return(user, vanguard: Vanguard, status: str | None) -> bool:
    return status in (RETURN_IN_PROGRESS, RETURN_QUERIED) and is_senior_responsible_owner(
        user, vanguard
    )


def can_decide_quarterly_return(user, vanguard: Vanguard, status: str | None) -> bool:
    """Accept or return with a query: the vanguard's RM (today's groups), the RM lead or an
    admin, once the SRO has signed it off."""
    return status == RETURN_SUBMITTED and _allows(_acting_q(user), vanguard)


def can_correct_quarterly_return(user, status: str | None) -> bool:
    """Only an admin changes an accepted return, giving a reason."""
    return status == RETURN_ACCEPTED and _role(user) in CORRECTS_ACCEPTED_RETURNS


def can_keep_delivery_plans(user) -> bool:
    """Admins add and change vanguards' delivery strands."""
    return _role(user) in KEEPS_DELIVERY_PLANS


# --- Quarterly returns: operations (due dates, reminders, bulk upload, chasing) -----------

# Set the quarters' due dates and upload returns in bulk (the NST PMO).
RETURN_OPERATORS = frozenset({Role.ADMIN})
# See on their home which returns of the latest due quarter are not started, in progress or
# late: admins for every vanguard, RMs for their groups', the RM lead for every vanguard.
CHASES_RETURNS = RETURN_OPERATORS | RELATIONSHIP_MANAGER_ROLES


def can_operate_returns(user) -> bool:
    """Set return due dates and upload returns in bulk."""
    return _role(user) in RETURN_OPERATORS


def chases_returns(user) -> bool:
    return _role(user) in CHASES_RETURNS


def returns_chased_scope(user) -> tuple:
    """What the vanguards whose outstanding returns the user's home lists depend on: ("none",)
    for those who chase none, their `cadence_scope` for those who track contact, ("all",) for
    the other return chasers. `returns_chased_vanguards` is made from it alone."""
    if not chases_returns(user):
        return ("none",)
    if tracks_contact_cadence(user):
        return ("cadence", cadence_scope(user))
    return ("all",)


def returns_chased_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards whose outstanding returns the user's home lists (`returns_chased_scope`): the
    RM's groups', all for the RM lead and admins, none for anyone else."""
    kind = returns_chased_scope(user)[0]
    if kind == "none":
        return _apply(Vanguard, queryset, NOTHING)
    if kind == "cadence":
        return cadence_vanguards(user, queryset)
    return _apply(Vanguard, queryset, EVERYTHING)


def returns_chased_are_home_vanguards(user) -> bool:
    """Whether returns_chased_vanguards(user) are exactly the vanguards the user's home has
    already read: its cadence rows (cadence_vanguards) for those who track contact cadence,
    the vanguards they may see (vanguards_visible_to) for the other return chasers, who see
    every vanguard. The home then passes those rows down instead of asking again
    (tests/vanguards/test_home_vanguards.py compares the sets for every role)."""
    if not chases_returns(user):
        return False
    return tracks_contact_cadence(user) or _vanguard_q(user) is EVERYTHING


# --- Quarterly snapshots and reports (reporting) ---------------------------------------------

# Build quarterly snapshots and request quarterly reports.
RUNS_REPORTS = REGISTRY_KEEPERS
# Read the national quarterly report (it names every vanguard): the NST and the programme lead.
# Regional leads read their region's vanguards' reports; members their own vanguard's.
READS_NATIONAL_REPORTS = NST_ROLES | {Role.PROGRAMME_LEAD}


def can_run_reports(user) -> bool:
    """Build snapshots and request reports."""
    return _role(user) in RUNS_REPORTS


def report_runners() -> QuerySet:
    """Active users who may build snapshots and run reports (`can_run_reports`)."""
    return User.objects.filter(is_active=True, role__in=RUNS_REPORTS)


def reads_national_reports(user) -> bool:
    """The national quarterly report, and the closed quarters' stored figures it is printed
    from (the data API's snapshots): both name every vanguard."""
    return _role(user) in READS_NATIONAL_REPORTS


def _report_rule(user) -> Q:
    national = Q(vanguard__isnull=True) if reads_national_reports(user) else NOTHING
    return national | (Q(vanguard__isnull=False) & _vanguard_q(user, "vanguard"))


def reports_visible_to(user, queryset: QuerySet) -> QuerySet:
    """The quarterly reports (national, or a vanguard's) the user may read and download."""
    return queryset.filter(_report_rule(user))


def can_view_report(user, report: Model) -> bool:
    return _allows(_report_rule(user), report)


def get_report_or_404(user, queryset: QuerySet, pk: int):
    return get_object_or_404(reports_visible_to(user, queryset), pk=pk)


def may_use_reports(user) -> bool:
    """Open the reports archive: whoever may read some report."""
    return _role(user) in READS_NATIONAL_REPORTS | LINKED_TO_VANGUARD | LINKED_TO_REGION


# --- Logic models (reporting) ---------------------------------------------------------------
# Written against reporting.models.LogicModelVersion's fields (`vanguard`, `status`). The RM
# drafts a vanguard's logic model from discovery and the vanguard refines it; drafts are theirs
# and the NST's, agreed versions are read by whoever sees the vanguard.

LOGIC_DRAFT = "draft"


def _logic_model_rule(user) -> Q:
    """The NST and the vanguard's members see every version; others who see the vanguard (the
    programme lead, a regional lead for their region) its agreed ones."""
    role = _role(user)
    if role in NST_ROLES:
        return EVERYTHING
    if role in LINKED_TO_VANGUARD:
        return _vanguard_q(user, "vanguard")
    return ~Q(status=LOGIC_DRAFT) & _vanguard_q(user, "vanguard")


def logic_models_visible_to(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_logic_model_rule(user))


def can_view_logic_model(user, version: Model) -> bool:
    return _allows(_logic_model_rule(user), version)


def _logic_model_writers_q(user, path: str = "") -> Q:
    """Vanguards (at `path`) whose logic model the user works on: its RM (today's groups), the
    RM lead and admins, and the vanguard's own members."""
    if _role(user) in LINKED_TO_VANGUARD:
        return _vanguard_q(user, path)
    return _acting_q(user, path)


def _logic_model_edit_rule(user) -> Q:
    """Change a draft's items: the writers, while it is a draft (agreed versions are final)."""
    return Q(status=LOGIC_DRAFT) & _logic_model_writers_q(user, "vanguard")


def logic_models_editable_by(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_logic_model_rule(user) & _logic_model_edit_rule(user))


def can_edit_logic_model(user, version: Model) -> bool:
    return _allows(_logic_model_rule(user) & _logic_model_edit_rule(user), version)


def _logic_model_comment_rule(user) -> Q:
    """Comment on any version (an agreed one's comments feed the next draft): the writers."""
    return _logic_model_writers_q(user, "vanguard")


def can_comment_on_logic_model(user, version: Model) -> bool:
    return _allows(_logic_model_rule(user) & _logic_model_comment_rule(user), version)


def _logic_model_agree_rule(user) -> Q:
    """Agree a draft: the vanguard's RM (today's groups), the RM lead or an admin, having
    agreed it with the vanguard's SRO; members refine and comment but do not agree."""
    return Q(status=LOGIC_DRAFT) & _acting_q(user, "vanguard")


def can_agree_logic_model(user, version: Model) -> bool:
    return _allows(_logic_model_rule(user) & _logic_model_agree_rule(user), version)


def _logic_model_start_q(user) -> Q:
    """Start a draft (the first, or the next from the agreed one): the RM side, who draft it
    from discovery; the vanguard refines it once started."""
    return _acting_q(user)


def logic_model_startable_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    return _apply(Vanguard, queryset, _logic_model_start_q(user))


def can_start_logic_model(user, vanguard: Vanguard) -> bool:
    return _allows(_logic_model_start_q(user), vanguard)


# --- The peer exchange -----------------------------------------------------------------
# Rules on learning.models.ExchangeQuestion and ExchangeAnswer (fields `author`, `hidden_at`,
# `created_at`). Everyone signed in reads the exchange: a post shows its author's name and
# organisation only, never a link into a vanguard's records, so nothing private leaks.

# Ask and answer: vanguard members, network partners and the NST.
EXCHANGE_POSTERS = NST_ROLES | LINKED_TO_VANGUARD | LINKED_TO_PARTNER
# See reported posts, hide them (with a reason), and turn threads into lessons or toolkit items.
EXCHANGE_MODERATORS = frozenset({Role.ADMIN, Role.LEARNING})
# An author may change their post for this long after writing it.
EXCHANGE_EDIT_MINUTES = 30


def _exchange_hidden_readable_q(user) -> Q:
    """Posts whose text the user reads even when hidden: their own, and every post for the
    learning team. Everyone else reads the learning team's reason instead."""
    role = _role(user)
    if role is None:
        return NOTHING
    return EVERYTHING if role in EXCHANGE_MODERATORS else Q(author=user.pk)


def _exchange_listed_rule(user) -> Q:
    """The questions listed, searched and emailed: all but hidden ones, which only their
    author and the learning team still see."""
    if _role(user) is None:
        return NOTHING
    return Q(hidden_at__isnull=True) | _exchange_hidden_readable_q(user)


def exchange_questions_listed_to(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_exchange_listed_rule(user))


def can_read_hidden_post(user, post) -> bool:
    """Whether the user reads a post's own text (always, unless hidden)."""
    return not post.is_hidden or _allows(_exchange_hidden_readable_q(user), post)


def can_read_answer(user, answer, question) -> bool:
    """Whether the user reads an answer's text: as any post's, and while its question is hidden
    (answers often quote what was hidden) only its question's or its own author and the
    learning team."""
    if not can_read_hidden_post(user, answer):
        return False
    readable = _exchange_hidden_readable_q(user)
    return not question.is_hidden or _allows(readable, question) or _allows(readable, answer)


def can_use_exchange(user) -> bool:
    """Read the exchange (any thread, hidden posts as their reason) and follow themes."""
    return _role(user) is not None


def can_post_to_exchange(user) -> bool:
    """Ask a question."""
    return _role(user) in EXCHANGE_POSTERS


def _exchange_answer_rule(user) -> Q:
    return Q(hidden_at__isnull=True) if can_post_to_exchange(user) else NOTHING


def can_answer_question(user, question) -> bool:
    """Answer a question that is not hidden."""
    return _allows(_exchange_answer_rule(user), question)


def _exchange_helpful_rule(user) -> Q:
    """Only the asker marks the answer that helped them."""
    if _role(user) is None:
        return NOTHING
    return Q(author=user.pk, hidden_at__isnull=True)


def can_mark_helpful(user, question) -> bool:
    return _allows(_exchange_helpful_rule(user), question)


def _exchange_edit_rule(user, now: datetime.datetime | None) -> Q:
    """The author, for EXCHANGE_EDIT_MINUTES after writing, unless the post was hidden."""
    if _role(user) is None:
        return NOTHING
    opened = (now or timezone.now()) - datetime.timedelta(minutes=EXCHANGE_EDIT_MINUTES)
    return Q(author=user.pk, hidden_at__isnull=True, created_at__gt=opened)


def exchange_posts_editable_by(user, queryset: QuerySet, now=None) -> QuerySet:
    return queryset.filter(_exchange_edit_rule(user, now))


def can_edit_post(user, post, now=None) -> bool:
    """A question or answer, by its author, within 30 minutes (timezone.now, aware)."""
    return _allows(_exchange_edit_rule(user, now), post)


def _exchange_report_rule(user) -> Q:
    """Anyone signed in reports someone else's post that is still up."""
    if _role(user) is None:
        return NOTHING
    return Q(hidden_at__isnull=True) & ~Q(author=user.pk)


def can_report_post(user, post) -> bool:
    return _allows(_exchange_report_rule(user), post)


def can_moderate_exchange(user) -> bool:
    """See reported posts and hide one with a reason, or leave it up."""
    return _role(user) in EXCHANGE_MODERATORS


def can_convert_thread(user, question) -> bool:
    """Turn a thread that is not hidden into a draft lesson or toolkit item."""
    return can_moderate_exchange(user) and not question.is_hidden


# --- Delivery plans (plans) --------------------------------------------------------------
# A plan (plans.models.Plan: fields `kind`, `vanguard`) is a vanguard's delivery plan or the
# programme plan. The rules are written against those field names (plans sits above this
# module) and applied to the caller's queryset.

PLAN_VANGUARD = "vanguard"
PLAN_PROGRAMME = "programme"

# See the NST's programme plan: the NST and the programme lead (DWP/DHSC).
SEES_PROGRAMME_PLAN = NST_ROLES | {Role.PROGRAMME_LEAD}
# Keep the programme plan: the PMO and the learning team, who deliver its milestones.
KEEPS_PROGRAMME_PLAN = frozenset({Role.ADMIN, Role.LEARNING})
# Comment on the programme plan (vanguard plans: whoever may act for the vanguard).
COMMENTS_ON_PROGRAMME_PLAN = NST_ROLES


def _plan_vanguards_q(user, path: str = "") -> Q:
    """Whoever sees a vanguard's profile sees its delivery plan (the NST, the programme lead,
    a regional lead their region's, a member their own); only members change it, and only the
    RM of its cohort group (the RM lead, admins) comments on it."""
    return _vanguard_q(user, path)


def _plan_kind_q(kind: str, allowed: bool | Q) -> Q:
    if allowed is False:
        return NOTHING
    rule = Q(kind=kind)
    return rule if allowed is True else rule & allowed


def _plan_rule(user) -> Q:
    return _plan_kind_q(PLAN_VANGUARD, _plan_vanguards_q(user, "vanguard")) | _plan_kind_q(
        PLAN_PROGRAMME, _role(user) in SEES_PROGRAMME_PLAN
    )


def _plan_members_q(user) -> Q:
    """The plans of the vanguard a member belongs to (nothing for anyone else)."""
    return _vanguard_q(user, "vanguard") if _role(user) in LINKED_TO_VANGUARD else NOTHING


def _plan_change_rule(user) -> Q:
    """Members keep their own vanguard's plan; admins and the learning team the programme's."""
    return _plan_kind_q(PLAN_VANGUARD, _plan_members_q(user)) | _plan_kind_q(
        PLAN_PROGRAMME, _role(user) in KEEPS_PROGRAMME_PLAN
    )


def _plan_comment_rule(user) -> Q:
    """The vanguard's RM (today's groups), the RM lead and admins, and its members, who answer
    them; the NST on the programme's."""
    return _plan_kind_q(
        PLAN_VANGUARD, _acting_q(user, "vanguard") | _plan_members_q(user)
    ) | _plan_kind_q(PLAN_PROGRAMME, _role(user) in COMMENTS_ON_PROGRAMME_PLAN)


def plans_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Filter plans (fields `kind`, `vanguard`) to those the user may see."""
    return queryset.filter(_plan_rule(user))


def may_view_plan(user, plan: Model) -> bool:
    return _allows(_plan_rule(user), plan)


def get_plan_or_404(user, queryset: QuerySet, **lookup):
    return get_object_or_404(plans_visible_to(user, queryset), **lookup)


def may_edit_plan(user, plan: Model) -> bool:
    return _allows(_plan_rule(user) & _plan_change_rule(user), plan)


def may_comment_on_plan(user, plan: Model) -> bool:
    return _allows(_plan_rule(user) & _plan_comment_rule(user), plan)


def may_view_programme_plan(user) -> bool:
    """Whether to link the programme plan (admin home, dashboards)."""
    return _role(user) in SEES_PROGRAMME_PLAN


def plan_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards whose delivery plan the user may see."""
    return _apply(Vanguard, queryset, _plan_vanguards_q(user))


def plan_attention_vanguards(user, queryset: QuerySet | None = None) -> QuerySet:
    """Vanguards whose overdue and at-risk activities the user's home lists: an RM's groups',
    every vanguard's for the RM lead; a member's own (their plan's owner)."""
    if _role(user) in LINKED_TO_VANGUARD:
        return plan_vanguards(user, queryset)
    return cadence_vanguards(user, queryset)


def plan_attention_are_cadence_vanguards(user) -> bool:
    """Whether plan_attention_vanguards(user) are exactly cadence_vanguards(user), which the
    home has already read (its cadence rows): it then passes those vanguards down instead of
    asking again. tests/vanguards/test_home_vanguards.py compares the sets for every role."""
    return tracks_contact_cadence(user) and _role(user) not in LINKED_TO_VANGUARD


# --- Delivery strands --------------------------------------------------------------------
# reporting sits above vanguards: written against a strand's `vanguard` field.


def strands_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Delivery strands are on the vanguard's profile: whoever sees the profile sees them."""
    return queryset.filter(_vanguard_q(user, "vanguard"))


# --- API tokens --------------------------------------------------------------------------
# Everyone makes, sees and revokes their own personal API tokens; admins see and revoke
# anyone's (an account that leaked one, a person who left). The api app sits above this
# module, so the rule is written against a token's `owner` field.

KEEPS_EVERYONES_API_TOKENS = REGISTRY_KEEPERS


def _api_token_rule(user) -> Q:
    role = _role(user)
    if role is None:
        return NOTHING
    if role in KEEPS_EVERYONES_API_TOKENS:
        return EVERYTHING
    return Q(owner=user.pk)


def api_tokens_visible_to(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_api_token_rule(user))


def can_revoke_api_token(user, token: Model) -> bool:
    return _allows(_api_token_rule(user), token)


def get_api_token_or_404(user, queryset: QuerySet, pk: int):
    return get_object_or_404(api_tokens_visible_to(user, queryset), pk=pk)


def may_make_api_tokens(user) -> bool:
    """Every active account may make personal API tokens (network partners too)."""
    return _role(user) is not None


def may_manage_all_api_tokens(user) -> bool:
    return _role(user) in KEEPS_EVERYONES_API_TOKENS

"""Reads for the role-aware home page and, later, dashboards and reports."""

import datetime
from collections import Counter
from enum import StrEnum
from operator import attrgetter

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

from feedback.selectors.concerns import OverdueConcerns, overdue_concerns_to_list
from learning.models import Lesson
from learning.selectors.lessons import lessons_for_list
from plans.models import Plan
from plans.selectors import (
    PlanAttentionPage,
    plans_needing_attention_page,
    programme_plan_attention,
)
from vanguards import permissions
from vanguards.models import Vanguard
from vanguards.selectors.cadence import (
    HOME_VANGUARD_COLUMNS,
    WORKLOADS_PAGE_SIZE,
    cadence_by_name,
    cadence_queryset,
    most_urgent_first,
    overdue_cadence_rows,
    overdue_contacts,
    programme_settings,
    rm_workloads,
    vanguards_with_recent_contact,
)
from vanguards.selectors.registry import vanguards_for_list
from workwell.kept import kept, rows_of

from .dashboard import default_quarter, totals
from .returns_admin import (
    OutstandingReturns,
    outstanding_returns,
)
from .snapshots import quarter_figures
from .tasks import TaskSection, attention_tasks, member_tasks


class HomeScope(StrEnum):
    ALL = "all"
    OWN_GROUPS = "own_groups"  # an RM's cohort groups
    REGION = "region"
    OWN_VANGUARD = "own_vanguard"


# The RM lead's home lists this many overdue concerns, the most overdue first; the rest are
# on the concerns list it links to.
OVERDUE_CONCERNS_SHOWN = 25
# The staff homes list this many outstanding returns, the most urgent first; the rest are on
# the returns list they link to (just after a quarter closes, every vanguard's is outstanding).
RETURNS_SHOWN = 10
# The RM's and RM lead's homes list this many delivery plans needing attention a page.
PLANS_PAGE_SIZE = 25
# The programme plan as the homes ask whether the user keeps it (its kind, and no vanguard, are
# all the plan rules read of it): made once, not a model instance a request. Read, never changed.
PROGRAMME_PLAN = Plan(kind=Plan.Kind.PROGRAMME)


def home_for(
    *,
    user,
    today: datetime.date | None = None,
    page: str | None = None,
    plans_page: str | None = None,
    workloads_page: str | None = None,
) -> dict:
    """What the home page shows this user, in a fixed number of queries (`page`: the page of
    the vanguards overdue for contact asked for on the RM lead's home, `plans_page`: that of
    the delivery plans needing attention, `workloads_page`: that of the RMs' workloads, as the
    address gives them)."""
    # Which vanguards the page is about (the presenter words the heading).
    scope = HomeScope.ALL
    if permissions.tracks_contact_cadence(user) and not permissions.can_oversee_rm_workloads(user):
        scope = HomeScope.OWN_GROUPS
    elif permissions.regional_lead_region_id(user):
        scope = HomeScope.REGION
    elif permissions.member_vanguard_id(user):
        scope = HomeScope.OWN_VANGUARD
    context = {
        "scope": scope,
        # Programme-wide counts mean nothing to a member, who sees one vanguard.
        "sees_many_vanguards": permissions.may_use_section(user, "vanguards"),
        "can_manage": permissions.can_manage_registry(user),
        "can_use_admin_site": permissions.may_use_section(user, "admin"),
        "can_operate_returns": permissions.can_operate_returns(user),
        "sees_network_partners": permissions.can_see_every_partner_match(user),
        "may_view_dashboard": permissions.may_view_national_dashboard(user),
        "cadence": None,
        "workloads": None,
    }
    # The tiles count the vanguards the page is about: an RM's own groups' (the RM lead's
    # home covers every RM's, so all), otherwise every vanguard the user may see. Both lists
    # are read for the page anyway (one row a vanguard), so they are counted here, not again.
    # The vanguards read here, in the database's order of their names, are handed down to
    # the blocks below that ask about the same vanguards (the permissions say when they are).
    if permissions.tracks_contact_cadence(user):
        context.update(
            _cadence_for(user=user, today=today, page=page, workloads_page=workloads_page)
        )
        counted = context.pop("vanguards_by_name")
    else:
        # Shared, read only, until a vanguard, its group or region changes (workwell/kept.py),
        # by everyone who may see the same vanguards: keyed by the scope the vanguard rule is
        # made from alone (permissions.vanguard_scope; building and compiling the rule's
        # query to key it cost more than reading the result).
        counted = kept(
            "home.vanguards",
            permissions.vanguard_scope(user),
            lambda: _card_vanguards(user),
        )
        context["vanguards"] = counted
    statuses = Counter(map(attrgetter("status"), counted))
    context["status_counts"] = [
        (label, statuses.get(value, 0)) for value, label in Vanguard.Status.choices
    ]
    # The RM lead answers for concerns running late (never one about themselves: the
    # visibility rule hides it). One query (two when the programme director is asked about).
    context["overdue_concerns"] = (
        _overdue_concerns(user=user, today=today or timezone.localdate())
        if permissions.can_oversee_rm_workloads(user)
        else None
    )
    # The programme lead's and admin's homes open with the dashboard's headline figures.
    context["dashboard"] = (
        dashboard_headline_figures(today=today)
        if permissions.sees_dashboard_on_home(user)
        else None
    )
    # Admins, RMs and the RM lead chase every due quarter's returns not yet signed off or
    # returned with a query: the most urgent few, with the counts of all.
    context["outstanding_returns"] = (
        chased_returns(
            vanguards=counted
            if permissions.returns_chased_are_home_vanguards(user)
            else permissions.returns_chased_vanguards(user),
            today=today or timezone.localdate(),
        )
        if permissions.chases_returns(user)
        else None
    )
    # RMs and the RM lead see their vanguards' plans with activities overdue or at risk, a
    # page of them, counted in the database (one query). An RM's few vanguards are passed by
    # id; the RM lead's are every vanguard, whose ids (hundreds nationally) cost more to build
    # into the SQL than the permission rule's subquery.
    context["plan_attention"] = (
        plan_attention_page(
            vanguards=[vanguard.pk for vanguard in counted]
            if permissions.plan_attention_are_cadence_vanguards(user)
            and not permissions.can_oversee_rm_workloads(user)
            else permissions.plan_attention_vanguards(user),
            today=today or timezone.localdate(),
            number=_page_number(plans_page),
            # Those who track contact cadence are given their cadence vanguards
            # (plan_attention_are_cadence_vanguards), made from the cadence scope alone.
            scope=("cadence", permissions.cadence_scope(user))
            if permissions.plan_attention_are_cadence_vanguards(user)
            else None,
        )
        if permissions.tracks_contact_cadence(user)
        else None
    )
    context["may_view_programme_plan"] = permissions.may_view_programme_plan(user)
    # Those who keep the programme plan (admin, the learning team) are shown its milestones
    # overdue or at risk (one query; the permission is answered in memory).
    context["programme_plan_tasks"] = (
        programme_plan_tasks(today=today or timezone.localdate())
        if permissions.may_edit_plan(user, PROGRAMME_PLAN)
        else None
    )
    # A member linked to a vanguard gets their to-do list (None: the page shows no task list).
    context["task_sections"] = (
        member_tasks(user=user, today=today) if permissions.member_vanguard_id(user) else None
    )
    return context


def _overdue_concerns(*, user, today: datetime.date) -> OverdueConcerns:
    """The RM lead's overdue concerns (overdue_concerns_to_list, itself kept), kept under what
    the concern rule is made from (`permissions.concern_scope`): building and compiling the
    rule's query to key it cost more than reading what was kept."""
    return kept(
        "home.overdue_concerns",
        (permissions.concern_scope(user), today),
        lambda: overdue_concerns_to_list(user=user, today=today, limit=OVERDUE_CONCERNS_SHOWN),
    )


def chased_returns(*, vanguards, today: datetime.date) -> OutstandingReturns | None:
    """The outstanding returns of `vanguards` a home lists (the most urgent few, with the
    counts of all): two queries (the periods, and the returns picked and counted in SQL);
    shared, read only, by everyone chasing the same vanguards until a return, a quarter's due
    date or a vanguard changes (workwell/kept.py)."""
    return kept(
        "home.outstanding_returns",
        lambda: (rows_of(vanguards), today, RETURNS_SHOWN),
        lambda: outstanding_returns(vanguards=vanguards, today=today, shown=RETURNS_SHOWN),
    )


def plan_attention_page(
    *, vanguards, today: datetime.date, number: int, scope: tuple | None = None
) -> PlanAttentionPage:
    """A page of the delivery plans of `vanguards` (ids, or a permission rule's queryset) with
    activities overdue or at risk, counted in the database (one query); shared, read only, by
    everyone asking about the same vanguards until a plan, an activity or a vanguard changes
    (workwell/kept.py). `scope`: what a rule's queryset is made from, which then keys it in
    place of its SQL (building and compiling it cost more than the rest)."""
    return kept(
        "home.plan_attention",
        lambda: (scope or rows_of(vanguards), today, number, PLANS_PAGE_SIZE),
        lambda: plans_needing_attention_page(
            vanguards=vanguards, today=today, number=number, size=PLANS_PAGE_SIZE
        ),
    )


def _card_vanguards(user) -> list[Vanguard]:
    """The vanguards the user may see, with only what the cards and the returns read (the
    lead organisation is not shown). One query."""
    return list(
        vanguards_for_list(user=user)
        .select_related(None)
        .select_related("region")
        .only(*HOME_VANGUARD_COLUMNS, "region__name")
    )


# A page asked for past this is past the last page (PostgreSQL's OFFSET must stay a bigint).
LAST_PAGE_ASKED = 10**9


def _page_number(value: str | None) -> int:
    """A page number from the address, read as Django's Paginator.get_page reads one: the first
    page for anything but a whole number, the last for one before the first or past the last
    (a number past any page: the selector then shows the last)."""
    try:
        number = int(value) if value else 1
    except ValueError:
        return 1
    return number if 1 <= number <= LAST_PAGE_ASKED else LAST_PAGE_ASKED


def dashboard_headline_figures(*, today: datetime.date | None = None) -> dict:
    """The national dashboard's totals for the last closed quarter (every vanguard: only the
    roles that see them all are shown them), and the quarter they are for. Kept until a table
    the figures read changes (read only): summing 215 vanguards' rows on every home grew with
    the programme."""
    today = today or timezone.localdate()

    def work_out() -> dict:
        figures = quarter_figures(default_quarter(today), today=today)
        rows = list(figures["vanguards"].values())
        return {"quarter": figures["quarter"], "totals": totals(rows, len(figures["quarters"]))}

    return kept("home.dashboard_headline_figures", today, work_out)


# The RM lead's home lists the vanguards overdue for contact this many a page.
OVERDUE_PAGE_SIZE = 25


def _cadence_for(
    *, user, today, page: str | None = None, workloads_page: str | None = None
) -> dict:
    """An RM's vanguards with their contact cadence; for the RM lead, every vanguard counted,
    a page of those overdue for contact and each RM's workload. Queries: programme settings,
    then for an RM the vanguards with their open work (one query of subqueries) and their
    last contacts (one or two: cadence.last_contacts); for the lead, the vanguards with
    whether each was contacted lately, the overdue ones' last contacts, the page's with their
    open work (none of these two when none is overdue), and a page of the RMs with their open
    work (their caseloads counted from the vanguards read)."""
    today = today or timezone.localdate()
    cadence_days = programme_settings().contact_cadence_days
    if permissions.can_oversee_rm_workloads(user):
        return _national_cadence(
            user=user,
            today=today,
            cadence_days=cadence_days,
            page=page,
            workloads_page=workloads_page,
        )
    # Kept, read only, until a vanguard, its group, a contact, an action or a support request
    # changes, or the day (workwell/kept.py).
    by_name = kept(
        "home.cadence",
        # Keyed by what the rule is made from, as the card homes' vanguards are.
        (permissions.cadence_scope(user), today, cadence_days),
        lambda: cadence_by_name(
            vanguards=permissions.cadence_vanguards(user, cadence_queryset()),
            today=today,
            cadence_days=cadence_days,
        ),
    )
    cadence = most_urgent_first(by_name)
    overdue = [row for row in cadence if row.overdue]
    return {
        "vanguards_by_name": [row.vanguard for row in by_name],
        "cadence": cadence,
        "cadence_count": len(cadence),
        "overdue_page": None,
        "overdue_count": len(overdue),
        "cadence_days": cadence_days,
        "oversees_all": False,
        "workloads": None,
    }


def _national_cadence(
    *, user, today, cadence_days: int, page: str | None, workloads_page: str | None
) -> dict:
    """The RM lead's: every vanguard (for the tiles, the returns and the plans) with whether
    it was contacted lately, and only the overdue ones' cadence: most urgent first (every
    vanguard would be hundreds of rows nationally), a page at a time. Kept, read only, until
    a vanguard, contact, action or support request changes, or the day (workwell/kept.py).
    The page numbers are read before they key it, so that junk in the address is page 1."""
    page, workloads_page = _page_number(page), _page_number(workloads_page)
    return kept(
        "home.national_cadence",
        # Keyed by what the rule is made from, as the card homes' vanguards are.
        (permissions.cadence_scope(user), today, cadence_days, page, workloads_page),
        lambda: _national_cadence_of(
            list(
                permissions.cadence_vanguards(
                    user, vanguards_with_recent_contact(today=today, cadence_days=cadence_days)
                )
            ),
            today=today,
            cadence_days=cadence_days,
            page=page,
            workloads_page=workloads_page,
        ),
    )


def _national_cadence_of(
    by_name: list, *, today, cadence_days: int, page: int, workloads_page: int
) -> dict:
    overdue = overdue_contacts(by_name, cadence_days=cadence_days)
    shown = Paginator(overdue, OVERDUE_PAGE_SIZE).get_page(page)
    return {
        "vanguards_by_name": by_name,
        # The page's rows: the whole cadence is never built for the lead.
        "cadence": overdue_cadence_rows(
            list(shown.object_list), today=today, cadence_days=cadence_days
        ),
        "cadence_count": len(by_name),
        "overdue_page": shown,
        "overdue_count": len(overdue),
        "cadence_days": cadence_days,
        "oversees_all": True,
        # A page of the RMs (dozens nationally), by name.
        "workloads": rm_workloads(
            vanguards=by_name,
            overdue=overdue,
            number=workloads_page,
            size=WORKLOADS_PAGE_SIZE,
        ),
    }


def partner_home_for(*, user) -> dict:
    """A network partner's home: their organisation and the newest published lessons (the
    published lessons, the support menu and open network events are all they see)."""

    def newest_lessons():
        lessons = lessons_for_list(user=user).filter(status=Lesson.Status.PUBLISHED)
        return list(lessons.order_by("-published_at")[:5])

    return {
        "organisation": permissions.partner_organisation(user),
        # Shared, read only, until a lesson, its themes, vanguard or author changes. Published
        # lessons are everyone's who is signed in (the lesson rule lets anyone with a role see
        # them), so the newest published are the same for every partner: no key of the user.
        "lessons": kept(
            "home.newest_lessons",
            "published, for anyone signed in",
            newest_lessons,
        ),
    }


def programme_plan_tasks(*, today: datetime.date) -> TaskSection:
    """The programme plan's milestones that are overdue or at risk. One query; shared, read
    only, until the plan changes (workwell/kept.py)."""
    url = reverse("plans:programme_plan")
    return kept(
        "home.programme_plan_tasks",
        today,
        lambda: TaskSection(
            heading="Programme plan",
            tasks=attention_tasks(
                programme_plan_attention(today=today, needing_attention=True),
                noun="Milestone",
                url=url,
            ),
        ),
    )

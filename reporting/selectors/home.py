"""Reads for the role-aware home page and, later, dashboards and reports."""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from feedback.models import Concern
from feedback.selectors.concerns import (
    OverdueConcerns,
    open_concerns_raised_by,
    overdue_concerns_to_list,
)
from feedback.selectors.pulse import pulse_survey_task
from learning.models import Lesson
from learning.selectors.lessons import lessons_for_list
from maturity.models import SelfAssessment
from plans.models import Plan
from plans.selectors import (
    PlanAttention,
    PlanAttentionPage,
    plans_needing_attention,
    plans_needing_attention_page,
    programme_plan_attention,
)
from vanguards import permissions
from vanguards.models import Action, Organisation, SupportRequest, Vanguard
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
from workwell.dates import govuk_date
from workwell.kept import kept, rows_of

from .dashboard import default_quarter, totals
from .returns_admin import (
    IN_PROGRESS,
    LATE,
    NOT_STARTED,
    QUERIED,
    OutstandingReturn,
    OutstandingReturns,
    outstanding_returns,
    return_url,
)
from .snapshots import quarter_figures


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
        # by everyone who may see the same vanguards: the rule's own query is the key (the
        # list's joins and columns, the same for everyone, cost more to build and compile
        # than reading the result).
        counted = kept(
            "home.vanguards",
            lambda: rows_of(permissions.vanguards_visible_to(user)),
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
        )
        if permissions.tracks_contact_cadence(user)
        else None
    )
    context["may_view_programme_plan"] = permissions.may_view_programme_plan(user)
    # Those who keep the programme plan (admin, the learning team) are shown its milestones
    # overdue or at risk (one query; the permission is answered in memory).
    context["programme_plan_tasks"] = (
        programme_plan_tasks(today=today or timezone.localdate())
        if permissions.may_edit_plan(user, Plan(kind=Plan.Kind.PROGRAMME))
        else None
    )
    # A member linked to a vanguard gets their to-do list (None: the page shows no task list).
    context["task_sections"] = (
        member_tasks(user=user, today=today) if permissions.member_vanguard_id(user) else None
    )
    return context


def _overdue_concerns(*, user, today: datetime.date) -> OverdueConcerns:
    """The RM lead's overdue concerns (overdue_concerns_to_list, itself kept), kept under the
    concern rule's own query: building and compiling the list's query to key it cost more
    than reading what was kept."""
    return kept(
        "home.overdue_concerns",
        lambda: (rows_of(permissions.concerns_visible_to(user, Concern.objects.all())), today),
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


def plan_attention_page(*, vanguards, today: datetime.date, number: int) -> PlanAttentionPage:
    """A page of the delivery plans of `vanguards` (ids, or a permission rule's queryset) with
    activities overdue or at risk, counted in the database (one query); shared, read only, by
    everyone asking about the same vanguards until a plan, an activity or a vanguard changes
    (workwell/kept.py)."""
    return kept(
        "home.plan_attention",
        lambda: (rows_of(vanguards), today, number, PLANS_PAGE_SIZE),
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
    roles that see them all are shown them), and the quarter they are for."""
    today = today or timezone.localdate()
    figures = quarter_figures(default_quarter(today), today=today)
    rows = list(figures["vanguards"].values())
    return {"quarter": figures["quarter"], "totals": totals(rows, len(figures["quarters"]))}


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
        # The rule's own query is the key, as for the card homes' vanguards.
        lambda: (rows_of(permissions.cadence_vanguards(user)), today, cadence_days),
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
        # The rule's own query is the key, as for the card homes' vanguards.
        lambda: (
            rows_of(permissions.cadence_vanguards(user)),
            today,
            cadence_days,
            page,
            workloads_page,
        ),
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
    organisation_id = permissions.partner_organisation_id(user)
    lessons = lessons_for_list(user=user).filter(status=Lesson.Status.PUBLISHED)
    return {
        "organisation": Organisation.objects.filter(pk=organisation_id).first(),
        # Shared, read only, until a lesson, its themes, vanguard or author changes, by
        # everyone the lesson rule lets see the same lessons: the rule's own query is the key
        # (cheaper to build and compile than the list's joins and prefetch).
        "lessons": kept(
            "home.newest_lessons",
            lambda: rows_of(permissions.lessons_visible_to(user, Lesson.objects.all())),
            lambda: list(lessons.order_by("-published_at")[:5]),
        ),
    }


# --- A vanguard member's to-do list ----------------------------------------------------
# The member's home is a GOV.UK task list: one section per kind of thing they may have to
# do, each task linking to the page where it is done. Every provider below answers for one
# kind in one query (none when the member has no vanguard); later issues append theirs to
# MEMBER_TASK_PROVIDERS (the return due, the pulse survey, events, concerns) and the home
# page, its presenter and its query budget follow without change.


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    WAITING = "waiting"  # with someone else (the NST) for now: nothing for the member to do
    COMPLETED = "completed"


# Statuses that leave the member something to do, for the count at the top of the page.
TO_DO = frozenset({TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE})


@dataclass(frozen=True)
class HomeTask:
    title: str
    href: str
    status: TaskStatus
    hint: str = ""


@dataclass(frozen=True)
class TaskSection:
    heading: str
    tasks: list[HomeTask]

    @property
    def to_do(self) -> int:
        return sum(1 for task in self.tasks if task.status in TO_DO)


# Only the columns the member's tasks read (each column selected is compiled and converted:
# compiling is most of what a home's queries cost); a deferred column read later would be a
# query a task, which the member home's query budget test catches.
_ASSESSMENT_TASK_COLUMNS = (
    "status",
    "revision",
    "agreed_at",
    "cycle__name",
    "cycle__opens_on",
    "cycle__closes_on",
)


def self_assessment_tasks(*, user, vanguard_id: int, today: datetime.date) -> TaskSection:
    """The vanguard's self-assessment in the newest cycle that has opened: to complete while a
    draft, then to see moderated and agreed. One query."""
    assessment = (
        permissions.assessments_visible_to(user, SelfAssessment.objects.select_related("cycle"))
        .filter(vanguard_id=vanguard_id, cycle__opens_on__lte=today)
        .only(*_ASSESSMENT_TASK_COLUMNS)
        .order_by("-cycle__opens_on")
        .first()
    )
    tasks = []
    if assessment is not None:
        cycle = assessment.cycle
        href = reverse("maturity:assessment", args=[assessment.pk])
        if assessment.status == SelfAssessment.Status.DRAFT:
            if today > cycle.closes_on:
                status = TaskStatus.OVERDUE
            elif assessment.revision:
                status = TaskStatus.IN_PROGRESS
            else:
                status = TaskStatus.NOT_STARTED
            hint = f"Submit by {govuk_date(cycle.closes_on)}"
            title = f"Complete your self-assessment: {cycle.name}"
        elif assessment.status == SelfAssessment.Status.SUBMITTED:
            status, title = TaskStatus.WAITING, f"See your self-assessment moderated: {cycle.name}"
            hint = "Your relationship manager is moderating it"
        else:
            status, title = TaskStatus.COMPLETED, f"See your agreed self-assessment: {cycle.name}"
            hint = f"Agreed on {govuk_date(assessment.agreed_at)}" if assessment.agreed_at else ""
        tasks.append(HomeTask(title=title, href=href, status=status, hint=hint))
    return TaskSection(heading="Self-assessment", tasks=tasks)


def support_rating_tasks(*, user, vanguard_id: int, today: datetime.date) -> TaskSection:
    """Support the NST has delivered to the vanguard and nobody there has rated yet. One query."""
    delivered = (
        permissions.support_requests_ratable_by(user)
        .filter(vanguard_id=vanguard_id)
        .select_related("offer")
        .only("need", "delivered_at", "offer__title")
        .order_by("delivered_at", "pk")
    )
    tasks = [
        HomeTask(
            title=f"Rate the support you received: {_support_name(support)}",
            href=reverse("support:rate", args=[support.pk]),
            status=TaskStatus.NOT_STARTED,
            hint=f"Delivered on {govuk_date(support.delivered_at)}" if support.delivered_at else "",
        )
        for support in delivered
    ]
    return TaskSection(heading="Support you received", tasks=tasks)


def _support_name(support: SupportRequest) -> str:
    return support.offer.title if support.offer else Truncator(support.need).words(8)


def action_tasks(*, user, vanguard_id: int, today: datetime.date) -> TaskSection:
    """The member's own open follow-up actions, overdue first. Actions the NST owns for the
    vanguard are the NST's to do, so they stay on the actions page and the timeline. One query."""
    actions = (
        permissions.actions_visible_to(user)
        .filter(vanguard_id=vanguard_id, owner=user, status=Action.Status.OPEN)
        .only("description", "due_date")
        .order_by("due_date", "pk")
    )
    tasks = [
        HomeTask(
            title=action.description,
            href=reverse("actions:detail", args=[action.pk]),
            status=TaskStatus.OVERDUE if action.due_date < today else TaskStatus.NOT_STARTED,
            hint=f"Due {govuk_date(action.due_date)}",
        )
        for action in actions
    ]
    return TaskSection(heading="Your actions", tasks=tasks)


def pulse_survey_tasks(*, user, vanguard_id: int, today: datetime.date) -> TaskSection:
    """The quarter's pulse survey while it is open: to answer, then to change if they wish.
    One query."""
    found = pulse_survey_task(user=user, today=today)
    if found is None:
        return TaskSection(heading="Pulse survey", tasks=[])
    survey, answered = found
    closes = f"Open until {govuk_date(survey.closes_on)}"
    task = HomeTask(
        title=f"Tell us how the National Support Team is doing: {survey.quarter}",
        href=reverse("feedback:pulse_survey"),
        status=TaskStatus.COMPLETED if answered else TaskStatus.NOT_STARTED,
        hint=f"{closes}. You can change your answers until then" if answered else closes,
    )
    return TaskSection(heading="Pulse survey", tasks=[task])


def concern_tasks(*, user, vanguard_id: int, today: datetime.date) -> TaskSection:
    """The member's own open concerns: a response to read (then agree or reopen) is theirs to
    do; until then the concern is with the NST. One query."""
    tasks = []
    concerns = open_concerns_raised_by(user=user).only(
        "state", "kind", "auto_close_on", "respond_by"
    )
    for concern in concerns:
        href = reverse("feedback:concern", args=[concern.pk])
        if concern.state == Concern.State.RESPONDED:
            hint = (
                f"Closes on {govuk_date(concern.auto_close_on)} unless you reply"
                if concern.auto_close_on
                else ""
            )
            title = f"Read the response to your concern #{concern.pk}"
            tasks.append(HomeTask(title=title, href=href, status=TaskStatus.NOT_STARTED, hint=hint))
        else:
            hint = f"{concern.get_state_display()}: response due {govuk_date(concern.respond_by)}"
            title = f"Your concern #{concern.pk}: {concern.get_kind_display().lower()}"
            tasks.append(HomeTask(title=title, href=href, status=TaskStatus.WAITING, hint=hint))
    return TaskSection(heading="Your concerns", tasks=tasks)


def return_tasks(*, user, vanguard_id: int, today: datetime.date) -> TaskSection:
    """The vanguard's returns not yet received, oldest quarter first: every quarter the staff
    homes chase (outstanding_returns: the one rule), not started, in progress, late or
    returned with a query. Two queries whatever the number of quarters: the periods and its
    returns' statuses (the member's vanguard was read with their link to it)."""
    vanguard = permissions.member_vanguard(user)
    found = outstanding_returns(vanguards=[vanguard] if vanguard else [], today=today)
    tasks = [_return_task(row, today) for row in found.returns] if found else []
    return TaskSection(heading="Quarterly returns", tasks=tasks)


# The member's task status for each outstanding state; a queried return is theirs to answer.
RETURN_TASK_STATUS = {
    NOT_STARTED: TaskStatus.NOT_STARTED,
    IN_PROGRESS: TaskStatus.IN_PROGRESS,
    LATE: TaskStatus.OVERDUE,
    QUERIED: TaskStatus.IN_PROGRESS,
}


def _return_task(row: OutstandingReturn, today: datetime.date) -> HomeTask:
    due = govuk_date(row.due_on)
    hint = f"It was due on {due}" if today > row.due_on else f"Due {due}"
    if row.state == QUERIED:
        hint = f"Returned with a query: answer it and sign the return off again. {hint}"
    return HomeTask(
        title=f"Complete your quarterly return: {row.quarter}",
        href=return_url(row.vanguard.slug, row.quarter),
        status=RETURN_TASK_STATUS[row.state],
        hint=hint,
    )


def _attention_tasks(found: PlanAttention | None, *, noun: str, url: str) -> list[HomeTask]:
    """A plan's overdue activities, then those only at risk, each once, linked on its plan."""
    tasks = []
    if found is not None:
        overdue = {activity.pk for activity in found.overdue}
        for activity in found.overdue + [a for a in found.at_risk if a.pk not in overdue]:
            number = f"{activity.theme.position}.{activity.number}"
            late = activity.pk in overdue
            hint = f"Due by {govuk_date(activity.deadline)}" if late else "At risk"
            if late and activity.is_at_risk:
                hint += ", at risk"
            tasks.append(
                HomeTask(
                    title=f"{noun} {number}: {Truncator(activity.description).chars(80)}",
                    href=f"{url}#activity-{activity.pk}",
                    status=TaskStatus.OVERDUE if late else TaskStatus.IN_PROGRESS,
                    hint=hint,
                )
            )
    return tasks


def plan_tasks(*, user, vanguard_id: int, today: datetime.date) -> TaskSection:
    """The vanguard's delivery plan activities that are overdue or at risk. One query; shared,
    read only, by the vanguard's members until its plan changes (workwell/kept.py): they are
    the vanguard's and the day's alone."""
    vanguard = permissions.member_vanguard(user)
    return kept(
        "home.member_plan_tasks",
        (vanguard and vanguard.pk, today),
        lambda: _plan_tasks(vanguard, today=today),
    )


def _plan_tasks(vanguard: Vanguard | None, *, today: datetime.date) -> TaskSection:
    found = (
        plans_needing_attention(vanguards=[vanguard], today=today).get(vanguard.pk)
        if vanguard
        else None
    )
    url = reverse("plans:vanguard_plan", args=[found.vanguard.slug]) if found else ""
    return TaskSection(
        heading="Delivery plan", tasks=_attention_tasks(found, noun="Activity", url=url)
    )


def programme_plan_tasks(*, today: datetime.date) -> TaskSection:
    """The programme plan's milestones that are overdue or at risk. One query; shared, read
    only, until the plan changes (workwell/kept.py)."""
    url = reverse("plans:programme_plan")
    return kept(
        "home.programme_plan_tasks",
        today,
        lambda: TaskSection(
            heading="Programme plan",
            tasks=_attention_tasks(
                programme_plan_attention(today=today, needing_attention=True),
                noun="Milestone",
                url=url,
            ),
        ),
    )


# In the order the home page shows them. Each takes (user, vanguard_id, today) keyword-only
# and returns one TaskSection in a fixed number of queries.
MEMBER_TASK_PROVIDERS: list[Callable[..., TaskSection]] = [
    return_tasks,
    self_assessment_tasks,
    support_rating_tasks,
    action_tasks,
    pulse_survey_tasks,
    concern_tasks,
    plan_tasks,
]


def member_tasks(*, user, today: datetime.date | None = None) -> list[TaskSection]:
    """The member's to-do list, one section per provider that has something to show."""
    vanguard_id = permissions.member_vanguard_id(user)
    if vanguard_id is None:
        return []
    today = today or timezone.localdate()
    sections = [
        provider(user=user, vanguard_id=vanguard_id, today=today)
        for provider in MEMBER_TASK_PROVIDERS
    ]
    return [section for section in sections if section.tasks]

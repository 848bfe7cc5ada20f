"""A vanguard member's to-do list on their home, and the task list the homes share with it.

The member's home is a GOV.UK task list: one section per kind of thing they may have to do,
each task linking to the page where it is done: the vanguard's returns due, its
self-assessment, delivered support to rate, the member's own actions, the pulse survey, their
own concerns and the vanguard's delivery plan. What is the vanguard's and the day's alone (its
returns and plan) is kept for the vanguard until a table it reads changes (workwell/kept.py);
the rest is read in one statement a request (`_MEMBER_ROWS`), each row then shown only if
the permission rule for its kind lets the member see it (`permissions.can_view_*`: the rule's
yes/no, answered in memory for a member, whose rules compare a row's own columns).
"""

import datetime
import functools
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Model, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from feedback.models import Concern, PulseResponse, PulseSurvey
from maturity.models import AssessmentCycle, SelfAssessment
from plans.selectors import PlanAttention, plans_needing_attention
from vanguards import permissions
from vanguards.models import Action, SupportOffer, SupportRequest, Vanguard
from workwell.dates import Quarter, govuk_date
from workwell.kept import kept
from workwell.tables import urls_for

from .returns_admin import (
    IN_PROGRESS,
    LATE,
    NOT_STARTED,
    QUERIED,
    OutstandingReturn,
    outstanding_returns,
    return_url,
)


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


def member_tasks(*, user, today: datetime.date | None = None) -> list[TaskSection]:
    """The member's to-do list, one section for each kind with something to show (none when
    they are not linked to a vanguard). One query when kept, the tables' generations (when
    nothing is kept, the vanguard's returns and plan: three to five, and the member's own
    rows: one)."""
    vanguard = permissions.member_vanguard(user)
    if vanguard is None:
        return []
    today = today or timezone.localdate()
    # Shared, read only, by the vanguard's members until a return, a quarter's due date, the
    # vanguard or its plan changes, or the day: keyed by the scope the member's vanguard is
    # read from (permissions.vanguard_scope), all that either part reads of the member.
    returns, plan = kept(
        "home.member_vanguard_tasks",
        (permissions.vanguard_scope(user), today),
        lambda: (_return_tasks(vanguard, today), _plan_tasks(vanguard, today)),
    )
    rows = _member_rows(user=user, vanguard=vanguard, today=today)
    sections = [
        returns,
        _self_assessment_tasks(user, vanguard, rows["assessments"], today),
        _support_rating_tasks(rows["support"]),
        _action_tasks(user, rows["actions"], today),
        _pulse_survey_tasks(user, rows["surveys"]),
        _concern_tasks(user, rows["concerns"]),
        plan,
    ]
    return [section for section in sections if section.tasks]


# --- The member's own rows, in one statement ------------------------------------------------
# Each kind's rows are picked by the to-do list's own conditions (the member's open actions,
# their concerns not closed, the survey open today with their answer, the vanguard's
# assessments in cycles that have opened), then each shown only if the permission rule lets
# the member see it (in Python: the rule's own yes/no, `permissions.can_view_*`). Delivered
# support has no condition of the list's own beyond the vanguard, so the rule that says what
# the member may rate is compiled into the statement, once per process for each rule
# (`_member_rows_sql`: a member's holds their vanguard). Each kind comes as a JSON array in
# the list's order, so the rows are plain values, never model instances.

_TABLES = {
    model.__name__: connection.ops.quote_name(model._meta.db_table)
    for model in (
        Action,
        AssessmentCycle,
        Concern,
        PulseResponse,
        PulseSurvey,
        SelfAssessment,
        SupportOffer,
        SupportRequest,
    )
}
_MEMBER_ROWS = """
SELECT
  (SELECT json_agg(x ORDER BY x.opens_on DESC, x.id DESC) FROM (
    SELECT a.id, a.status, a.revision, a.agreed_at, c.name, c.opens_on, c.closes_on
    FROM {SelfAssessment} a JOIN {AssessmentCycle} c ON c.id = a.cycle_id
    WHERE a.vanguard_id = %s AND c.opens_on <= %s) x),
  (SELECT json_agg(x ORDER BY x.delivered_at, x.id) FROM (
    SELECT r.id, r.need, r.delivered_at, o.title AS offer
    FROM {SupportRequest} r LEFT JOIN {SupportOffer} o ON o.id = r.offer_id
    WHERE r.vanguard_id = %s AND r.id IN ({ratable})) x),
  (SELECT json_agg(x ORDER BY x.due_date, x.id) FROM (
    SELECT id, vanguard_id, description, due_date FROM {Action}
    WHERE vanguard_id = %s AND owner_id = %s AND status = %s) x),
  (SELECT json_agg(x ORDER BY x.year DESC, x.number DESC) FROM (
    SELECT s.id, s.year, s.number, s.closes_on, r.id AS answer, r.person_id
    FROM {PulseSurvey} s LEFT JOIN {PulseResponse} r ON r.survey_id = s.id AND r.person_id = %s
    WHERE s.status = %s AND s.opens_on <= %s AND s.closes_on >= %s) x),
  (SELECT json_agg(x ORDER BY x.raised_at, x.id) FROM (
    SELECT id, vanguard_id, about_rm_id, state, kind, respond_by, auto_close_on, raised_at
    FROM {Concern} WHERE raised_by_id = %s AND state <> %s) x)
"""
_MEMBER_ROW_KINDS = ("assessments", "support", "actions", "surveys", "concerns")


@functools.lru_cache(maxsize=512)
def _member_rows_sql(ratable: Q) -> tuple[str, list]:
    """The statement with the rule of the support a member may rate (`ratable`) compiled into
    it, and that rule's parameters: once per process for each rule."""
    try:
        sql, params = SupportRequest.objects.filter(ratable).values("pk").query.sql_with_params()
    except EmptyResultSet:  # a rule that can match nothing has no SQL
        sql, params = "SELECT NULL::bigint WHERE false", ()
    return _MEMBER_ROWS.format(ratable=sql, **_TABLES), list(params)


def _member_rows(*, user, vanguard: Vanguard, today: datetime.date) -> dict[str, list[dict]]:
    """Each kind's rows (see above), by kind. One query, kept (read only) until a table it
    reads is written: keyed by the statement and its parameters, all it is made from (about
    2 ms of the database's time on every member's home at national scale)."""
    sql, ratable = _member_rows_sql(permissions.support_request_rate_rule(user))
    params = [
        *(vanguard.pk, today),
        *(vanguard.pk, *ratable),
        *(vanguard.pk, user.pk, Action.Status.OPEN),
        *(user.pk, PulseSurvey.Status.OPEN, today, today),
        *(user.pk, Concern.State.CLOSED),
    ]

    def read() -> dict[str, list[dict]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchone()
        return {kind: rows or [] for kind, rows in zip(_MEMBER_ROW_KINDS, found, strict=True)}

    return kept("home.member_rows", (sql, params), read)


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime.datetime | None:
    """A timestamp as PostgreSQL writes it in JSON (in the connection's time zone, UTC)."""
    return datetime.datetime.fromisoformat(value) if value else None


def _row(model: type[Model], **values) -> Model:
    """An instance holding only `values` (as the database gives them), for a permission rule
    to be asked about: `from_db` skips what building a full instance costs."""
    return model.from_db(connection.alias, list(values), list(values.values()))


# --- Each kind's tasks ------------------------------------------------------------------------


def _self_assessment_tasks(
    user, vanguard: Vanguard, assessments: list[dict], today: datetime.date
) -> TaskSection:
    """The vanguard's self-assessment in the newest cycle that has opened (the newest the
    member may see): to complete while a draft, then to see moderated and agreed."""
    found = next(
        (
            row
            for row in assessments
            if permissions.can_view_assessment(user, vanguard, row["status"])
        ),
        None,
    )
    tasks = []
    if found is not None:
        name, closes_on = found["name"], _day(found["closes_on"])
        href = urls_for("maturity:assessment")(found["id"])
        if found["status"] == SelfAssessment.Status.DRAFT:
            if today > closes_on:
                status = TaskStatus.OVERDUE
            elif found["revision"]:
                status = TaskStatus.IN_PROGRESS
            else:
                status = TaskStatus.NOT_STARTED
            hint = f"Submit by {govuk_date(closes_on)}"
            title = f"Complete your self-assessment: {name}"
        elif found["status"] == SelfAssessment.Status.SUBMITTED:
            status, title = TaskStatus.WAITING, f"See your self-assessment moderated: {name}"
            hint = "Your relationship manager is moderating it"
        else:
            status, title = TaskStatus.COMPLETED, f"See your agreed self-assessment: {name}"
            agreed_at = _moment(found["agreed_at"])
            hint = f"Agreed on {govuk_date(agreed_at)}" if agreed_at else ""
        tasks.append(HomeTask(title=title, href=href, status=status, hint=hint))
    return TaskSection(heading="Self-assessment", tasks=tasks)


def _support_rating_tasks(delivered: list[dict]) -> TaskSection:
    """Support the NST has delivered to the vanguard and nobody there has rated yet (the rule
    that says so is in the statement)."""
    tasks, url = [], urls_for("support:rate")
    for support in delivered:
        delivered_at = _moment(support["delivered_at"])
        tasks.append(
            HomeTask(
                title=f"Rate the support you received: {_support_name(support)}",
                href=url(support["id"]),
                status=TaskStatus.NOT_STARTED,
                hint=f"Delivered on {govuk_date(delivered_at)}" if delivered_at else "",
            )
        )
    return TaskSection(heading="Support you received", tasks=tasks)


def _support_name(support: dict) -> str:
    if support["offer"] is not None:
        return support["offer"]
    return Truncator(support["need"]).words(8)


def _action_tasks(user, actions: list[dict], today: datetime.date) -> TaskSection:
    """The member's own open follow-up actions, overdue first. Actions the NST owns for the
    vanguard are the NST's to do, so they stay on the actions page and the timeline."""
    tasks, url = [], urls_for("actions:detail")
    for action in actions:
        if not permissions.can_view_action(
            user, _row(Action, id=action["id"], vanguard_id=action["vanguard_id"])
        ):
            continue
        due_date = _day(action["due_date"])
        tasks.append(
            HomeTask(
                title=action["description"],
                href=url(action["id"]),
                status=TaskStatus.OVERDUE if due_date < today else TaskStatus.NOT_STARTED,
                hint=f"Due {govuk_date(due_date)}",
            )
        )
    return TaskSection(heading="Your actions", tasks=tasks)


def _pulse_survey_tasks(user, surveys: list[dict]) -> TaskSection:
    """The quarter's pulse survey while it is open (the newest, should two be): to answer,
    then to change if they wish."""
    if not surveys or not permissions.can_answer_pulse_survey(user):
        return TaskSection(heading="Pulse survey", tasks=[])
    survey = surveys[0]
    answered = survey["answer"] is not None and permissions.can_view_pulse_response(
        user, _row(PulseResponse, id=survey["answer"], person_id=survey["person_id"])
    )
    closes = f"Open until {govuk_date(_day(survey['closes_on']))}"
    task = HomeTask(
        title=(
            "Tell us how the National Support Team is doing: "
            f"{Quarter(survey['year'], survey['number'])}"
        ),
        href=reverse("feedback:pulse_survey"),
        status=TaskStatus.COMPLETED if answered else TaskStatus.NOT_STARTED,
        hint=f"{closes}. You can change your answers until then" if answered else closes,
    )
    return TaskSection(heading="Pulse survey", tasks=[task])


_CONCERN_STATES = dict(Concern.State.choices)
_CONCERN_KINDS = dict(Concern.Kind.choices)


def _concern_tasks(user, concerns: list[dict]) -> TaskSection:
    """The member's own open concerns: a response to read (then agree or reopen) is theirs to
    do; until then the concern is with the NST."""
    tasks, url = [], urls_for("feedback:concern")
    for concern in concerns:
        seen = _row(
            Concern,
            id=concern["id"],
            vanguard_id=concern["vanguard_id"],
            about_rm_id=concern["about_rm_id"],
        )
        if not permissions.can_view_concern(user, seen):
            continue
        pk = concern["id"]
        href = url(pk)
        if concern["state"] == Concern.State.RESPONDED:
            auto_close_on = _day(concern["auto_close_on"])
            hint = (
                f"Closes on {govuk_date(auto_close_on)} unless you reply" if auto_close_on else ""
            )
            title = f"Read the response to your concern #{pk}"
            tasks.append(HomeTask(title=title, href=href, status=TaskStatus.NOT_STARTED, hint=hint))
        else:
            state = _CONCERN_STATES.get(concern["state"], concern["state"])
            kind = _CONCERN_KINDS.get(concern["kind"], concern["kind"])
            hint = f"{state}: response due {govuk_date(_day(concern['respond_by']))}"
            title = f"Your concern #{pk}: {kind.lower()}"
            tasks.append(HomeTask(title=title, href=href, status=TaskStatus.WAITING, hint=hint))
    return TaskSection(heading="Your concerns", tasks=tasks)


# --- The vanguard's own: kept for the vanguard and the day ------------------------------------


def _return_tasks(vanguard: Vanguard, today: datetime.date) -> TaskSection:
    """The vanguard's returns not yet received, oldest quarter first: every quarter the staff
    homes chase (outstanding_returns: the one rule), not started, in progress, late or
    returned with a query. Two queries whatever the number of quarters (three when none is
    outstanding)."""
    found = outstanding_returns(vanguards=[vanguard], today=today)
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


def attention_tasks(found: PlanAttention | None, *, noun: str, url: str) -> list[HomeTask]:
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


def _plan_tasks(vanguard: Vanguard, today: datetime.date) -> TaskSection:
    """The vanguard's delivery plan activities that are overdue or at risk. One query."""
    found = plans_needing_attention(vanguards=[vanguard], today=today).get(vanguard.pk)
    url = reverse("plans:vanguard_plan", args=[found.vanguard.slug]) if found else ""
    return TaskSection(
        heading="Delivery plan", tasks=attention_tasks(found, noun="Activity", url=url)
    )

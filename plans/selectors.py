"""Reads for delivery plans: a plan page's themes, activities and comments in a fixed number
of queries, the overdue and at-risk activities that homes show, and how many the dashboards
count."""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import DEFAULT_DB_ALIAS
from django.db.models import BooleanField, Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query

from learning.models import Event, ToolkitVersion
from vanguards.models import Vanguard
from workwell.dates import Quarter
from workwell.tables import counted_page

from .models import Activity, Plan, PlanComment, Theme


def _activities():
    return Activity.objects.select_related("toolkit_version", "event")


@dataclass
class PlanPage:
    plan: Plan
    themes: list[Theme]
    activities: list[Activity]
    comments: list[PlanComment]
    overdue: list[Activity] = field(default_factory=list)
    at_risk: list[Activity] = field(default_factory=list)

    @property
    def conditional(self) -> list[Activity]:
        return [activity for activity in self.activities if activity.is_conditional]


def plan_page(*, plan: Plan, today: datetime.date) -> PlanPage:
    """Three queries: the themes, their activities (with linked milestones), the comments."""
    themes = list(plan.themes.prefetch_related(Prefetch("activities", queryset=_activities())))
    activities = [activity for theme in themes for activity in theme.activities.all()]
    for theme in themes:
        for activity in theme.activities.all():
            activity.theme = theme  # the theme is in hand: no query per activity for it
    comments = list(plan.comments.select_related("author", "activity__theme"))
    return PlanPage(
        plan=plan,
        themes=themes,
        activities=activities,
        comments=comments,
        overdue=[activity for activity in activities if activity.is_overdue(today)],
        at_risk=[activity for activity in activities if activity.is_at_risk],
    )


def plan_history(*, plan: Plan) -> list:
    """Every change to the plan's themes, activities and comments, oldest first, each kind's
    records in one query (who made them joined): the page compares each with the one before
    in memory."""
    themes = list(
        Theme.history.filter(plan_id=plan.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    theme_ids = {record.id for record in themes}
    activities = list(
        Activity.history.filter(theme_id__in=theme_ids)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    comments = list(
        PlanComment.history.filter(plan_id=plan.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return sorted(themes + activities + comments, key=lambda record: record.history_date)


def history_links(records) -> dict[tuple[str, int], str]:
    """The names of the toolkit versions and events the history's milestones were linked to,
    by (field, id): a query for each kind only when some record links one (programme plan)."""
    names = {}
    for name, model in (("toolkit_version", ToolkitVersion), ("event", Event)):
        ids = {getattr(r, f"{name}_id", None) for r in records} - {None}
        if ids:
            names |= {(name, row.pk): str(row) for row in model.objects.filter(pk__in=ids)}
    return names


@dataclass(frozen=True)
class PlanAttention:
    """One plan's activities that need attention today (`vanguard` None: the programme plan)."""

    vanguard: object  # vanguards.models.Vanguard, or None
    plan_id: int
    total: int | None  # None when only the activities that may need attention were read
    overdue: list[Activity]
    at_risk: list[Activity]


def _attention(
    activities: list[Activity], today: datetime.date, *, counted: bool = True
) -> PlanAttention:
    plan = activities[0].theme.plan
    return PlanAttention(
        vanguard=plan.vanguard,
        plan_id=plan.pk,
        total=len(activities) if counted else None,
        overdue=[a for a in activities if a.is_overdue(today)],
        at_risk=[a for a in activities if a.is_at_risk],
    )


@dataclass(frozen=True)
class PlanCounts:
    """A vanguard plan's activities, and how many of them are overdue and at risk today."""

    total: int
    overdue: int
    at_risk: int


def plan_attention(*, vanguards, today: datetime.date) -> dict[int, PlanCounts]:
    """Per vanguard (by id) whose plan has activities, how many it has and how many are
    overdue and at risk today, as the dashboards count them; `vanguards` is a list of ids or
    a queryset of vanguards (read as a subquery).

    One query, a row per plan, counted in the database: a vanguard's plan links no toolkit
    version or event (plans.services.save_activity), so vanguard_plan_overdue_q is
    Activity.is_overdue (tests/plans/test_plans_needing_attention.py) and the stored status
    is the status at risk is judged on. National figures read every plan, and building each
    activity to judge it in Python cost more than the rest of the dashboard's figures."""
    rows = (
        Activity.objects.filter(theme__plan__vanguard__in=vanguards)
        .values_list("theme__plan__vanguard_id")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=vanguard_plan_overdue_q(today)),
            at_risk=Count("pk", filter=Q(status=Activity.Status.AT_RISK)),
        )
        .order_by()
    )
    return {vanguard_id: PlanCounts(*counts) for vanguard_id, *counts in rows}


def _by_vanguard(rows, today: datetime.date) -> dict[int, PlanAttention]:
    """The activities that may need attention, judged, by vanguard (`total` is None)."""
    grouped: dict[int, list[Activity]] = defaultdict(list)
    for activity in rows:
        grouped[activity.theme.plan.vanguard_id].append(activity)
    return {
        vanguard_id: _attention(activities, today, counted=False)
        for vanguard_id, activities in grouped.items()
    }


# What judging an activity reads (Activity.is_overdue, is_at_risk, deadline, delivered), and
# what a home shows of it: the rest of its columns stay in the database.
_JUDGED = (
    "theme__position",
    "theme__plan__kind",
    "theme__plan__vanguard",
    "number",
    "description",
    "status",
    "timeline",
    "precision",
    "target_date",
    "ends_on",
    "quarter_year",
    "quarter_number",
    "latest_date",
    "toolkit_version",
    "event",
)
# A milestone's linked records, which decide whether it is delivered (programme plan only).
_LINKED = ("toolkit_version__status", "event__ends_at")
_OPEN = [status for status in Activity.Status.values if status not in Activity.CLOSED]


def _may_need_attention(today: datetime.date) -> Q:
    """Activities that may be overdue or at risk today: open ones (a done or dropped activity
    never is, whatever its linked record) that are at risk or whose timeline may have ended.
    Activity.is_overdue and is_at_risk still decide: this only leaves out rows they would.

    Each timeline's deadline comes from one column (a date's target date, a range's end, a
    quarter's year, a condition's latest date), so "that column is past" is enough without
    naming the timeline: a column another timeline left filled in only lets a row through
    for Python to judge, and each comparison left out is one less to build and compile."""
    ended = (
        Q(target_date__lt=today)
        | Q(ends_on__lt=today)
        | Q(quarter_year__lte=today.year)
        | Q(latest_date__lt=today)
    )
    return Q(status__in=_OPEN) & (Q(status=Activity.Status.AT_RISK) | ended)


# The homes' plan queries have no values but the day's dates: each is built once a day per
# process (building the condition and the joins cost as much as compiling them), and every
# request filters or reads a fresh clone, never the kept queryset itself.
@functools.lru_cache(maxsize=4)
def _attention_query_on(today: datetime.date) -> QuerySet:
    return (
        Activity.objects.filter(_may_need_attention(today))
        .select_related("theme__plan")
        .only(*_JUDGED)
        .order_by("theme__plan_id", "theme__position", "number")
    )


def _needing_attention_on(today: datetime.date) -> QuerySet:
    """Vanguard plans' activities that may be overdue or at risk on `today`, in plan order."""
    return _attention_query_on(today).all()


@functools.lru_cache(maxsize=4)
def _milestone_query_on(today: datetime.date) -> QuerySet:
    return (
        _activities()
        .filter(theme__plan__kind=Plan.Kind.PROGRAMME)
        .select_related("theme__plan")
        .order_by("theme__position", "number")
        .filter(_may_need_attention(today))
        .only(*_JUDGED, *_LINKED)
    )


def plans_needing_attention(*, vanguards, today: datetime.date) -> dict[int, PlanAttention]:
    """Per vanguard (by id), its plan's overdue and at-risk activities, for the homes: only the
    plans with an activity overdue or at risk, reading only the activities that may be
    (`total` is None). One query. A vanguard's plan
    links no toolkit versions or events (plans.services.save_activity), so they are not
    joined: `delivered` finds no link id and asks no more.

    `vanguards` is a list of ids or a queryset (the vanguards joined for their names), or a
    list of Vanguard instances the page has already read (matched by id, not joined)."""
    if isinstance(vanguards, list) and vanguards and isinstance(vanguards[0], Vanguard):
        known = {vanguard.pk: vanguard for vanguard in vanguards}
        rows = list(_needing_attention_on(today).filter(theme__plan__vanguard_id__in=list(known)))
        for activity in rows:
            plan = activity.theme.plan
            Plan.vanguard.field.set_cached_value(plan, known[plan.vanguard_id])
    else:
        rows = (
            Activity.objects.filter(_may_need_attention(today))
            .order_by("theme__plan_id", "theme__position", "number")
            .filter(theme__plan__vanguard__in=vanguards)
            .select_related("theme__plan__vanguard")
            .only(*_JUDGED, "theme__plan__vanguard__name", "theme__plan__vanguard__slug")
        )
    found = _by_vanguard(rows, today)
    return {key: row for key, row in found.items() if row.overdue or row.at_risk}


# --- The homes' table of vanguard plans needing attention, counted in SQL ---------------
# Nationally every vanguard's plan may have activities overdue (a hundred plans and more):
# the homes list a page of them, worst first, with their activity numbers aggregated in the
# database, so no activity is built in Python and the rows read do not grow with the plans.


def vanguard_plan_overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """Activity.is_overdue(today) in SQL for a vanguard plan's activities (which link no
    toolkit version or event, so their stored status is their status): open, and the
    timeline's last day (Activity.deadline: a month's last day for a month's precision)
    before today. tests/plans/test_plan_attention_sql.py compares it with is_overdue."""
    month_start = today.replace(day=1)
    quarter = Quarter.containing(today)
    month = Activity.Precision.MONTH
    T = Activity.Timeline

    def ended(column: str) -> Q:
        # month_end(day) < today exactly when day is before today's month.
        return Q(**{f"{prefix}precision": month, f"{prefix}{column}__lt": month_start}) | (
            ~Q(**{f"{prefix}precision": month}) & Q(**{f"{prefix}{column}__lt": today})
        )

    return ~Q(**{f"{prefix}status__in": Activity.CLOSED}) & (
        (Q(**{f"{prefix}timeline": T.DATE}) & ended("target_date"))
        | (Q(**{f"{prefix}timeline": T.RANGE}) & ended("ends_on"))
        | (Q(**{f"{prefix}timeline": T.CONDITION}) & ended("latest_date"))
        | (
            Q(**{f"{prefix}timeline": T.QUARTER})
            & (
                Q(**{f"{prefix}quarter_year__lt": quarter.year})
                | Q(
                    **{
                        f"{prefix}quarter_year": quarter.year,
                        f"{prefix}quarter_number__lt": quarter.number,
                    }
                )
            )
        )
    )


@dataclass(frozen=True)
class PlanAttentionRow:
    """One vanguard plan on a home's table: the numbers ("theme.activity") of its overdue
    activities, then of those at risk, each in plan order."""

    vanguard_name: str
    vanguard_slug: str
    overdue: list[str]
    at_risk: list[str]


@dataclass(frozen=True)
class PlanAttentionPage:
    rows: list[PlanAttentionRow]
    total: int  # the plans with an activity overdue or at risk
    number: int  # the page shown (1 when asked for one that is not there)


# An activity's theme position and number as one whole number (numbers are small integers):
# cheaper to compile than joining them as text, which _number does in Python.
_THEME_STEP = 100_000


def _numbers(condition: Q) -> ArrayAgg:
    key = F("theme__position") * _THEME_STEP + F("number")
    return ArrayAgg(key, filter=condition, order_by=("theme__position", "number"), default=[])


def _number(key: int) -> str:
    """The activity's number as the plan shows it: "theme.activity"."""
    return f"{key // _THEME_STEP}.{key % _THEME_STEP}"


def _compiled(condition: Q) -> RawSQL:
    """`condition` on an activity's own columns as the SQL Django compiles it, compiled now:
    a query kept between requests still has each use of a condition compiled on every
    request (the overdue rule, used three times by the page query below, cost about 2,000
    Python calls each time). Its columns are named by the table, as in any query whose base
    table is the activities'."""
    query = Query(Activity)
    sql, params = query.get_compiler(DEFAULT_DB_ALIAS).compile(query.build_where(condition))
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - Django's own SQL, values as params


@functools.lru_cache(maxsize=4)
def _attention_page_query_on(today: datetime.date) -> QuerySet:
    # Built once a day per process (building the conditions and aggregates cost more than
    # running them), the overdue rule compiled once with it; every request filters a fresh
    # clone.
    overdue = Q(_compiled(vanguard_plan_overdue_q(today)))
    at_risk = Q(status=Activity.Status.AT_RISK)
    return (
        Activity.objects.filter(overdue | at_risk)
        .values(
            "theme__plan_id",
            vanguard_name=F("theme__plan__vanguard__name"),
            vanguard_slug=F("theme__plan__vanguard__slug"),
        )
        .annotate(
            overdue_count=Count("pk", filter=overdue),
            at_risk_count=Count("pk", filter=at_risk),
            overdue_numbers=_numbers(overdue),
            at_risk_numbers=_numbers(at_risk),
            total=Window(Count("*")),
        )
        .order_by("-overdue_count", "-at_risk_count", "vanguard_name")
    )


def plans_needing_attention_page(
    *, vanguards, today: datetime.date, number: int, size: int
) -> PlanAttentionPage:
    """A page of the plans of `vanguards` (a list of ids or a queryset) with an activity
    overdue or at risk, most overdue first, then most at risk, then by vanguard name (as
    plans_needing_attention's rows sort), and how many there are: one query (two or three
    when asked for a page past the last)."""
    query = _attention_page_query_on(today).filter(theme__plan__vanguard__in=vanguards)
    found, total, number = counted_page(query, number=number, size=size, total=itemgetter("total"))
    rows = [
        PlanAttentionRow(
            vanguard_name=row["vanguard_name"],
            vanguard_slug=row["vanguard_slug"],
            overdue=[_number(key) for key in row["overdue_numbers"]],
            at_risk=[_number(key) for key in row["at_risk_numbers"]],
        )
        for row in found
    ]
    return PlanAttentionPage(rows=rows, total=total, number=number)


def programme_plan_attention(
    *, today: datetime.date, needing_attention: bool = False
) -> PlanAttention | None:
    """The programme plan's milestones, judged as a vanguard plan's activities are (None while
    it has none; with `needing_attention`, only the milestones that may be overdue or at risk
    are read, `total` is None, and None while none is). One query: the milestones with their
    linked records, themes and plan."""
    if needing_attention:
        rows = _milestone_query_on(today).all()
    else:
        rows = (
            _activities()
            .filter(theme__plan__kind=Plan.Kind.PROGRAMME)
            .select_related("theme__plan")
            .order_by("theme__position", "number")
        )
    activities = list(rows)
    return _attention(activities, today, counted=not needing_attention) if activities else None


def theme_choices(plan: Plan) -> list[Theme]:
    return list(plan.themes.all())

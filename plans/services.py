"""Writes to delivery plans: each keyword-only, owning its transaction, raising PlanError with
a message safe to show. Every change is kept in history with who made it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from vanguards import permissions
from vanguards.models import Vanguard

from .models import (
    ACTIVITY_FIELDS,
    PROGRAMME_PHASES,
    Activity,
    Plan,
    PlanComment,
    PlanError,
    Theme,
)


def vanguard_plan(vanguard: Vanguard) -> Plan:
    """The vanguard's delivery plan, started empty the first time it is asked for."""
    plan, _ = Plan.objects.get_or_create(kind=Plan.Kind.VANGUARD, vanguard=vanguard)
    return plan


def programme_plan() -> Plan:
    """The programme plan, started with the three phases of the service delivery model."""
    with transaction.atomic():
        plan, created = Plan.objects.get_or_create(kind=Plan.Kind.PROGRAMME, vanguard=None)
        if created:
            for position, title in enumerate(PROGRAMME_PHASES, start=1):
                Theme.objects.create(plan=plan, position=position, title=title)
    return plan


def _check_edit(by, plan: Plan) -> None:
    if not permissions.may_edit_plan(by, plan):
        raise PlanError("You cannot change this plan.")


def milestone_problem(activity: Activity, *, status: str) -> str | None:
    """Why `activity` may not take `status`: a milestone is done only once its record is
    delivered (the forms and the upload ask the same question)."""
    linked = activity.linked_record is not None
    if linked and status == Activity.Status.DONE and not activity.delivered:
        return f"This milestone is done when {activity.linked_record} is delivered"
    return None


def save_activity(activity: Activity, *, by) -> Activity:
    """Check an activity against the plan's rules and save it, in history with who did it."""
    if activity.theme.plan.kind != Plan.Kind.PROGRAMME and (
        activity.toolkit_version_id or activity.event_id
    ):
        raise PlanError("Only programme plan milestones link to toolkit versions and events.")
    if message := milestone_problem(activity, status=activity.status):
        raise PlanError(f"{message}.", "status")
    try:
        activity.full_clean(exclude=["theme", "number"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise PlanError(messages[0], None if field == "__all__" else field) from error
    activity._history_user = by
    activity.save()
    return activity


def _check_title_free(plan: Plan, title: str, *, theme: Theme | None = None) -> None:
    """Theme titles are told apart whatever their case (the upload finds themes by title)."""
    others = plan.themes.filter(title__iexact=title.strip())
    if theme is not None:
        others = others.exclude(pk=theme.pk)
    if others.exists():
        raise PlanError(f"The plan already has a theme called “{title.strip()}”", "title")


def theme_add(*, by, plan: Plan, title: str) -> Theme:
    """A theme at the end of the plan."""
    _check_edit(by, plan)
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=plan.pk)
        _check_title_free(plan, title)
        last = plan.themes.aggregate(last=Max("position"))["last"] or 0
        theme = Theme(plan=plan, position=last + 1, title=title.strip())
        theme._history_user = by
        theme.save()
    return theme


def activity_create(*, by, theme: Theme, **fields) -> Activity:
    """A new activity, numbered after the theme's last."""
    _check_edit(by, theme.plan)
    with transaction.atomic():
        Theme.objects.select_for_update().get(pk=theme.pk)  # numbers are taken one at a time
        last = theme.activities.aggregate(last=Max("number"))["last"] or 0
        activity = Activity(theme=theme, number=last + 1)
        for name in ACTIVITY_FIELDS:
            if name in fields:
                setattr(activity, name, fields[name])
        return save_activity(activity, by=by)


def activity_update(*, by, activity: Activity, **fields) -> Activity:
    """Change an activity's words, lead, timeline or milestone link."""
    _check_edit(by, activity.theme.plan)
    with transaction.atomic():
        for name in ACTIVITY_FIELDS:
            if name in fields:
                setattr(activity, name, fields[name])
        return save_activity(activity, by=by)


def activity_set_status(
    *, by, activity: Activity, status: str, dropped_reason: str = ""
) -> Activity:
    """Move an activity on (or drop it, with a reason)."""
    _check_edit(by, activity.theme.plan)
    with transaction.atomic():
        activity.status = status
        dropped = status == Activity.Status.DROPPED
        activity.dropped_reason = dropped_reason.strip() if dropped else ""
        return save_activity(activity, by=by)


def comment_add(*, by, plan: Plan, text: str, activity: Activity | None = None) -> PlanComment:
    """A comment on the plan or one of its activities (the RM's, the NST's, or a member's
    answer), kept in the plan's history."""
    if not permissions.may_comment_on_plan(by, plan):
        raise PlanError("You cannot comment on this plan.")
    if activity is not None and activity.theme.plan_id != plan.pk:
        raise PlanError("Choose an activity of this plan.", "activity")
    if not text.strip():
        raise PlanError("Enter your comment", "text")
    comment = PlanComment(plan=plan, activity=activity, author=by, text=text.strip())
    comment._history_user = by
    comment.save()
    return comment


def theme_rename(*, by, theme: Theme, title: str) -> Theme:
    """Put a theme's title right (a typo, a better name), kept in history."""
    _check_edit(by, theme.plan)
    if not title.strip():
        raise PlanError("Enter the theme’s title", "title")
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=theme.plan_id)
        _check_title_free(theme.plan, title, theme=theme)
        theme.title = title.strip()
        theme._history_user = by
        theme.save(update_fields=["title"])
    return theme


def theme_remove(*, by, theme: Theme) -> None:
    """Remove an empty theme (kept in history); one with activities keeps them."""
    _check_edit(by, theme.plan)
    with transaction.atomic():
        Theme.objects.select_for_update().get(pk=theme.pk)  # no activity added meanwhile
        if theme.activities.exists():
            raise PlanError("Remove or move this theme’s activities before removing the theme.")
        theme._history_user = by
        theme.delete()


def activity_removal_problem(activity: Activity) -> str | None:
    """Why an activity cannot be removed (None: it can). Only a mistaken row goes: one that
    has never left "not started", has no comments and delivers no milestone; anything else
    is dropped, with a reason, so the plan keeps what happened to it. Two queries."""
    if activity.linked_record is not None:
        return "This milestone is linked to the record that delivers it: drop it instead."
    started = activity.history.exclude(status=Activity.Status.NOT_STARTED).exists()
    if started or activity.status != Activity.Status.NOT_STARTED:
        return "This activity has been started: drop it instead, with the reason."
    if activity.comments.exists():
        return "This activity has comments: drop it instead, with the reason."
    return None


def activity_remove(*, by, activity: Activity) -> None:
    """Remove a mistaken activity from the plan; the removal is kept in history."""
    _check_edit(by, activity.theme.plan)
    with transaction.atomic():
        Theme.objects.select_for_update().get(pk=activity.theme_id)
        if message := activity_removal_problem(activity):
            raise PlanError(message)
        activity._history_user = by
        activity.delete()

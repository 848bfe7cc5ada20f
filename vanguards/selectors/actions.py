"""Reads for follow-up actions: the list, the people who may own one, and an action's history."""

import datetime

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.utils import timezone

from workwell.dates import govuk_date
from workwell.models import User

from .. import permissions
from ..models import Action, Vanguard


def overdue_q(today: datetime.date) -> Q:
    """Open and due before today: the one definition of an overdue action."""
    return Q(status=Action.Status.OPEN, due_date__lt=today)


def actions_for_list(
    *, user, today: datetime.date | None = None, with_origin: bool = False
) -> QuerySet[Action]:
    """Actions the user may see, with vanguard and owner joined and the overdue flag, in one
    query.

    `with_origin` (the export and the action's page; the list does not show them) adds who
    created and closed each action, joined in, and `action.touchpoint`: the touchpoint the
    action came from only if the user may see it (drafts and archived touchpoints stay with
    the NST), else None: one more query per page.
    """
    today = today or timezone.localdate()
    actions = (
        permissions.actions_visible_to(user)
        .select_related("vanguard", "owner")
        .annotate(is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))
        .order_by("due_date", "pk")
    )
    if with_origin:
        actions = actions.select_related("created_by", "closed_by").prefetch_related(
            Prefetch("touchpoint", permissions.touchpoints_visible_to(user))
        )
    return actions


def action_owner_choices(*, user) -> QuerySet[User]:
    """People who own an action the user may see: the owner filter names nobody else."""
    visible = permissions.actions_visible_to(user).values("owner_id")
    return User.objects.filter(pk__in=visible).order_by("full_name", "email")


def action_owner_candidates(*, vanguards: QuerySet[Vanguard]) -> QuerySet[User]:
    """Who may own an action for one of `vanguards`: active NST staff and their members."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(role__in=permissions.NST_ROLES) | Q(vanguard_membership__vanguard__in=vanguards))
        .select_related("vanguard_membership__vanguard")
        .order_by("full_name", "email")
    )


def action_detail(*, user, pk: int, today: datetime.date | None = None) -> Action:
    """One action the user may see (404 otherwise), with the names the page shows."""
    permissions.get_action_or_404(user, pk)
    return actions_for_list(user=user, today=today, with_origin=True).get(pk=pk)


def touchpoint_visible(*, user, action: Action) -> bool:
    """Whether the page may link the touchpoint the action came from (drafts stay NST-only)."""
    if action.touchpoint_id is None:
        return False
    return permissions.touchpoints_visible_to(user).filter(pk=action.touchpoint_id).exists()


# Fields whose changes the history names, in the words of the page.
HISTORY_FIELDS = {
    "description": "description",
    "owner": "owner",
    "due_date": "due date",
    "status": "status",
    "cancel_reason": "reason for cancelling",
}


def _describe(field: str, value, users: dict[int, User]) -> str:
    if value in (None, ""):
        return "nothing"
    if field == "owner":
        return str(users.get(value, "someone no longer on the portal"))
    if field == "status":
        return Action.Status(value).label
    if field == "due_date":
        return govuk_date(value)
    return str(value)


def action_history(*, action: Action) -> list[dict]:
    """Every change to the action, oldest first: when, who, and what changed."""
    records = list(action.history.select_related("history_user").order_by("history_date"))
    owner_ids = {record.owner_id for record in records}
    users = User.objects.in_bulk(owner_ids)
    entries, previous = [], None
    for record in records:
        if previous is None:
            changes = ["Created"]
        else:
            delta = record.diff_against(previous, included_fields=list(HISTORY_FIELDS))
            changes = [
                f"Changed the {HISTORY_FIELDS[change.field]} from "
                f"{_describe(change.field, change.old, users)} to "
                f"{_describe(change.field, change.new, users)}"
                for change in delta.changes
            ]
        if changes:
            entries.append(
                {"when": record.history_date, "who": record.history_user, "changes": changes}
            )
        previous = record
    return entries

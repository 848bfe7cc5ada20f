"""Follow-up actions: created from touchpoints or on their own, then done or cancelled."""

import datetime

from django.db import transaction
from django.utils import timezone

from workwell.dates import govuk_date
from workwell.errors import ServiceError
from workwell.models import User

from .. import permissions
from ..models import Action, Touchpoint, Vanguard


class ActionError(ServiceError):
    """A rule about actions was broken; the message is safe to show to the user."""


def action_create(
    *,
    created_by: User,
    vanguard: Vanguard,
    owner: User,
    description: str,
    due_date: datetime.date,
    touchpoint: Touchpoint | None = None,
) -> Action:
    """Record a follow-up action. Owners must be NST staff or members of the action's vanguard."""
    if not permissions.can_log_touchpoint_for(created_by, vanguard):
        # Re-checked against today's cohort groups, whatever the form offered.
        raise ActionError(
            f"You cannot add actions for {vanguard}. "
            "Choose a vanguard in the cohort groups you look after.",
            "vanguard",
        )
    if not permissions.can_own_actions(owner):
        raise ActionError(
            f"{owner} cannot own actions. Choose someone from the NST or the vanguard.", "owner"
        )
    member_of = permissions.member_vanguard_id(owner)
    if member_of is not None and member_of != vanguard.pk:
        # A member of another vanguard could not even see the action they were given.
        raise ActionError(
            f"{owner} is not a member of {vanguard}. Choose someone from the NST or {vanguard}.",
            "owner",
        )
    if touchpoint is not None and due_date < touchpoint.date:
        raise ActionError(
            "The due date must be on or after the touchpoint date "
            f"({govuk_date(touchpoint.date)}).",
            "due_date",
        )
    action = Action(
        vanguard=vanguard,
        owner=owner,
        description=description,
        due_date=due_date,
        touchpoint=touchpoint,
        created_by=created_by,
    )
    action._history_user = created_by
    action.save()
    return action


def action_complete(*, action: Action, by: User) -> Action:
    """Mark an open action done, stamping who and when."""
    return _close(action=action, by=by, status=Action.Status.DONE)


def action_cancel(*, action: Action, by: User, reason: str) -> Action:
    """Cancel an open action; a reason is required."""
    if not reason.strip():
        raise ActionError("Enter why the action is cancelled.", "cancel_reason")
    return _close(action=action, by=by, status=Action.Status.CANCELLED, reason=reason.strip())


def _close(*, action: Action, by: User, status: str, reason: str = "") -> Action:
    if not permissions.can_update_action(by, action):
        raise ActionError("You cannot close this action. Ask the vanguard's relationship manager.")
    with transaction.atomic():
        # Claim the open action with a conditional update so two people closing it at once
        # cannot both stamp it.
        claimed = Action.objects.filter(pk=action.pk, status=Action.Status.OPEN).update(
            status=status, cancel_reason=reason, closed_by=by, closed_at=timezone.now()
        )
        if not claimed:
            raise ActionError("This action has already been closed.")
        action.refresh_from_db()
        action._history_user = by
        action.save()  # records the change in history
    return action

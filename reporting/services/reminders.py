"""Reminding each vanguard's members about the return being collected: 5 working days before
it is due, on the due day, and once when it is overdue (not signed off by the due date).

Once-only emails: each (vanguard, quarter, kind) reminder is a unique row, created before the
email goes and in the same transaction. A second run, or a second beat at the same moment,
waits on the unique index for the first's row, then fails to insert and sends nothing; a
failed send rolls the claim back, so a retry can still send.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from vanguards import permissions
from vanguards.models import Vanguard
from workwell.dates import govuk_date, is_working_day, working_days_between
from workwell.models import User

from ..models import ReturnPeriod, ReturnReminder
from ..selectors.returns_admin import (
    latest_due_period,
    return_state,
    return_url,
    with_return_status,
)

BEFORE_WORKING_DAYS = 5
Kind = ReturnReminder.Kind

SUBJECTS = {
    Kind.BEFORE: "Your {quarter} quarterly return is due on {due}",
    Kind.DUE: "Your {quarter} quarterly return is due today",
    Kind.OVERDUE: "Your {quarter} quarterly return is overdue",
}


def reminder_kind(period: ReturnPeriod, today: datetime.date) -> str | None:
    """Which reminder is due today, if any. The "before" reminder goes on the 5th working day
    before the due date, or on a later working day if the beat missed that one."""
    if today > period.due_on:
        return Kind.OVERDUE
    if today == period.due_on:
        return Kind.DUE
    if is_working_day(today) and working_days_between(today, period.due_on) <= BEFORE_WORKING_DAYS:
        return Kind.BEFORE
    return None


def _vanguards_to_remind(period: ReturnPeriod, today: datetime.date) -> list[Vanguard]:
    """Vanguards not closed whose return of the period is not signed off. One query."""
    vanguards = with_return_status(
        Vanguard.objects.exclude(status=Vanguard.Status.CLOSED).order_by("pk"), period.quarter
    )
    return [
        vanguard
        for vanguard in vanguards
        if return_state(vanguard.return_status, due_on=period.due_on, today=today) is not None
    ]


def _members_by_vanguard(vanguard_ids) -> dict[int, list[User]]:
    members = {}
    for user in (
        permissions.members_only(User.objects.filter(is_active=True))
        .filter(vanguard_membership__vanguard__in=vanguard_ids)
        .select_related("vanguard_membership")
        .order_by("pk")
    ):
        members.setdefault(user.vanguard_membership.vanguard_id, []).append(user)
    return members


def _messages(vanguard, members, period, kind) -> list[EmailMessage]:
    quarter = period.quarter
    base_url = settings.PORTAL_BASE_URL.rstrip("/")
    context = {
        "vanguard": vanguard,
        "quarter": quarter,
        "period": period,
        "kind": kind,
        "return_url": base_url + return_url(vanguard.slug, quarter),
    }
    subject = SUBJECTS[kind].format(quarter=quarter, due=govuk_date(period.due_on))
    # One email each: members do not see each other's addresses.
    return [
        EmailMessage(
            subject=subject,
            body=render_to_string(
                "reporting/returns_admin/email/reminder.txt", {**context, "member": member}
            ),
            to=[member.email],
        )
        for member in members
    ]


def return_reminder_send(
    *, vanguard: Vanguard, members: list[User], period: ReturnPeriod, kind: str
) -> bool:
    """Claim the vanguard's reminder of this kind for the quarter, then email its members;
    False when it went already (or there is nobody to tell)."""
    if not members:
        return False
    try:
        with transaction.atomic():
            ReturnReminder.objects.create(
                vanguard=vanguard,
                year=period.year,
                number=period.number,
                kind=kind,
                recipients=len(members),
            )
            get_connection().send_messages(_messages(vanguard, members, period, kind))
    except IntegrityError:
        return False
    return True


def return_reminders_run(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily beat: send today's reminder about the return being collected to each vanguard
    that has not signed it off. Safe to run twice, or twice at once."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(Kind.values, 0)
    period = latest_due_period(today=today)
    kind = reminder_kind(period, today) if period else None
    if kind is None:
        return counts
    vanguards = _vanguards_to_remind(period, today)
    members = _members_by_vanguard([vanguard.pk for vanguard in vanguards])
    for vanguard in vanguards:
        counts[kind] += return_reminder_send(
            vanguard=vanguard, members=members.get(vanguard.pk, []), period=period, kind=kind
        )
    return counts

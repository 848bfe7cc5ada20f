"""Reminding each vanguard's members about every return it has not signed off, in every quarter
the staff homes chase (outstanding_returns: the one rule): 5 working days before it is due, on
the due day, and once when it is overdue (not signed off by the due date).

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

from ..models import ReturnReminder
from ..selectors.returns_admin import QUERIED, OutstandingReturn, outstanding_returns, return_url

BEFORE_WORKING_DAYS = 5
Kind = ReturnReminder.Kind

SUBJECTS = {
    Kind.BEFORE: "Your {quarter} quarterly return is due on {due}",
    Kind.DUE: "Your {quarter} quarterly return is due today",
    Kind.OVERDUE: "Your {quarter} quarterly return is overdue",
}


def reminder_kind(due_on: datetime.date, today: datetime.date) -> str | None:
    """Which reminder is due today, if any. The "before" reminder goes on the 5th working day
    before the due date, or on a later working day if the beat missed that one."""
    if today > due_on:
        return Kind.OVERDUE
    if today == due_on:
        return Kind.DUE
    if is_working_day(today) and working_days_between(today, due_on) <= BEFORE_WORKING_DAYS:
        return Kind.BEFORE
    return None


def _returns_to_remind(today: datetime.date) -> list[OutstandingReturn]:
    """Every open vanguard's returns not signed off, of every chased quarter. A queried return
    was signed off once and waits on an answer the RM chases, not on a first sign-off: the
    reminders leave it alone. Three queries."""
    found = outstanding_returns(vanguards=Vanguard.objects.all(), today=today)
    return [row for row in found.returns if row.state != QUERIED] if found else []


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


def _messages(row: OutstandingReturn, members, kind) -> list[EmailMessage]:
    vanguard, quarter = row.vanguard, row.quarter
    base_url = settings.PORTAL_BASE_URL.rstrip("/")
    context = {
        "vanguard": vanguard,
        "quarter": quarter,
        "due_on": row.due_on,
        "kind": kind,
        "return_url": base_url + return_url(vanguard.slug, quarter),
    }
    subject = SUBJECTS[kind].format(quarter=quarter, due=govuk_date(row.due_on))
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


def return_reminder_send(*, row: OutstandingReturn, members: list[User], kind: str) -> bool:
    """Claim the vanguard's reminder of this kind for the return's quarter, then email its
    members; False when it went already (or there is nobody to tell)."""
    if not members:
        return False
    try:
        with transaction.atomic():
            ReturnReminder.objects.create(
                vanguard_id=row.vanguard.pk,
                year=row.quarter.year,
                number=row.quarter.number,
                kind=kind,
                recipients=len(members),
            )
            get_connection().send_messages(_messages(row, members, kind))
    except IntegrityError:
        return False
    return True


def return_reminders_run(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily beat: send today's reminder about each return not signed off, in every
    chased quarter, to its vanguard's members. Safe to run twice, or twice at once."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(Kind.values, 0)
    due = [(row, reminder_kind(row.due_on, today)) for row in _returns_to_remind(today)]
    due = [(row, kind) for row, kind in due if kind is not None]
    members = _members_by_vanguard({row.vanguard.pk for row, _ in due})
    for row, kind in due:
        counts[kind] += return_reminder_send(
            row=row, members=members.get(row.vanguard.pk, []), kind=kind
        )
    return counts

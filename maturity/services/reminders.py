"""Reminders for vanguards whose self-assessment is still a draft as the cycle closes."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from workwell.dates import govuk_date
from workwell.models import User

from ..models import ReminderSent, SelfAssessment

# (reminder, days before closing it covers): the 7-day reminder also goes out late, up to 2
# days before closing, if beat missed its day; the 1-day reminder goes on the last 2 days.
REMINDER_WINDOWS = ((7, range(2, 8)), (1, range(0, 2)))


@dataclass(frozen=True)
class Reminder:
    assessment: SelfAssessment
    days_before: int


def due_reminders(*, today: datetime.date) -> list[Reminder]:
    """Draft self-assessments whose cycle closes soon, with the reminder each is due."""
    due = []
    for days_before, window in REMINDER_WINDOWS:
        closing = [today + datetime.timedelta(days=days) for days in window]
        drafts = SelfAssessment.objects.filter(
            status=SelfAssessment.Status.DRAFT, cycle__closes_on__in=closing
        ).select_related("vanguard", "cycle")
        due.extend(Reminder(assessment, days_before) for assessment in drafts)
    return due


def assessment_reminder_send(*, reminder: Reminder, today: datetime.date) -> int:
    """Email the vanguard's members once per reminder; returns how many emails went."""
    assessment = reminder.assessment
    with transaction.atomic():
        # Claim first: the unique constraint makes a rerun (or a retried task) send nothing.
        # If sending fails the claim rolls back with it, so the next run tries again.
        _, claimed = ReminderSent.objects.get_or_create(
            assessment=assessment, days_before=reminder.days_before
        )
        if not claimed:
            return 0
        members = User.objects.filter(
            vanguard_membership__vanguard=assessment.vanguard, is_active=True
        ).order_by("pk")
        days_left = (assessment.cycle.closes_on - today).days
        link = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
            "maturity:assessment", args=[assessment.pk]
        )
        closes = {0: "today", 1: "tomorrow"}.get(days_left, f"in {days_left} days")
        subject = f"Reminder: your WorkWell self-assessment closes {closes}"
        messages = [
            (
                subject,
                render_to_string(
                    "maturity/email/assessment_reminder.txt",
                    {
                        "user": user,
                        "assessment": assessment,
                        "closes": closes,
                        "closes_on": govuk_date(assessment.cycle.closes_on),
                        "link": link,
                    },
                ),
                None,
                [user.email],
            )
            for user in members
        ]
        send_mass_mail(messages, fail_silently=False)
    return len(messages)


def assessment_reminders_send(*, today: datetime.date) -> int:
    """Send every reminder due today; safe to run more than once a day."""
    return sum(
        assessment_reminder_send(reminder=reminder, today=today)
        for reminder in due_reminders(today=today)
    )

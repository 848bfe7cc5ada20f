"""The morning's emails run by two beats (or two workers) at the same moment: the RM digests,
the concern digests, the return reminders, the self-assessment reminders and the peer
exchange digests each reach each person once. (The event reminders and the pulse survey's
emails have their own two-at-once tests: tests/learning/test_event_reminders.py,
tests/feedback/test_pulse_emails.py.)"""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone

from feedback.tasks import send_concern_digests
from learning.services.exchange import follows_set
from learning.tasks import send_exchange_digests
from maturity.services.assessments import cycle_open
from maturity.tasks import send_assessment_reminders
from reporting.models import ReturnPeriod
from reporting.services.reminders import return_reminders_run
from tests.factories import make_framework
from tests.feedback.conftest import raise_concern
from tests.learning.exchange_helpers import ask, theme
from vanguards.tasks import send_rm_digests

from .test_concurrency import at_once

# 2026/27 Q2 is due on Friday 30 October 2026 (see tests/reporting/test_return_reminders.py).
DUE = datetime.date(2026, 10, 30)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_mornings_at_once_email_each_person_once(
    rm, rm_lead, member_a, member_b, admin_user, network_partner
):
    ReturnPeriod.objects.create(year=2026, number=2, due_on=DUE)
    raise_concern(member_a, today=datetime.date.today() - datetime.timedelta(days=60))
    today = timezone.localdate()
    cycle_open(  # both vanguards' self-assessments are drafts, closing in 7 days
        actor=admin_user,
        name="Spring cycle",
        framework=make_framework(2, name="Test matrix v1"),
        opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=7),
    )
    follows_set(actor=network_partner, themes=[theme()])
    ask(member_a, "Fit-note referrals?")

    def morning():
        # The tasks as the beat runs them (fan-out runs inline: tests run .delay() eagerly).
        return (
            send_rm_digests(),
            send_concern_digests(),
            return_reminders_run(today=DUE),
            send_assessment_reminders(),
            send_exchange_digests(),
        )

    at_once(morning, morning)

    sent = Counter((tuple(message.to), message.subject) for message in mail.outbox)
    assert sent and set(sent.values()) == {1}, sent
    subjects_to = {to: set() for to, _subject in sent}
    for to, subject in sent:
        subjects_to[to].add(subject)
    # Everyone who should hear something did: the RMs their digest, the RM lead the overdue
    # concern, each vanguard's member the return due today and the self-assessment reminder,
    # the partner following the theme the new question.
    assert any(s.startswith("Your WorkWell digest") for s in subjects_to[(rm.email,)])
    assert "WorkWell: 1 concern overdue" in subjects_to[(rm_lead.email,)]
    for member in (member_a, member_b):
        assert "Your 2026/27 Q2 quarterly return is due today" in subjects_to[(member.email,)]
        assert (
            "Reminder: your WorkWell self-assessment closes in 7 days"
            in subjects_to[(member.email,)]
        )
    assert len(subjects_to[(network_partner.email,)]) == 1

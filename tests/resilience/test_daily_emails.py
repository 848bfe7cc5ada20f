"""The morning's emails run by two beats (or two workers) at the same moment: the RM digests,
the concern digests and the return reminders each reach each person once."""

import datetime
from collections import Counter

import pytest
from django.core import mail

from feedback.tasks import send_concern_digests
from reporting.models import ReturnPeriod
from reporting.services.reminders import return_reminders_run
from tests.feedback.conftest import raise_concern
from vanguards.tasks import send_rm_digests

from .test_concurrency import at_once

# 2026/27 Q2 is due on Friday 30 October 2026 (see tests/reporting/test_return_reminders.py).
DUE = datetime.date(2026, 10, 30)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_mornings_at_once_email_each_person_once(rm, rm_lead, member_a, member_b):
    ReturnPeriod.objects.create(year=2026, number=2, due_on=DUE)
    raise_concern(member_a, today=datetime.date.today() - datetime.timedelta(days=60))

    def morning():
        # The tasks as the beat runs them (fan-out runs inline: tests run .delay() eagerly).
        return send_rm_digests(), send_concern_digests(), return_reminders_run(today=DUE)

    at_once(morning, morning)

    sent = Counter((tuple(message.to), message.subject) for message in mail.outbox)
    assert sent and set(sent.values()) == {1}, sent
    subjects_to = {to: set() for to, _subject in sent}
    for to, subject in sent:
        subjects_to[to].add(subject)
    # Everyone who should hear something did: the RMs their digest, the RM lead the overdue
    # concern, each vanguard's member the return due today.
    assert any(s.startswith("Your WorkWell digest") for s in subjects_to[(rm.email,)])
    assert "WorkWell: 1 concern overdue" in subjects_to[(rm_lead.email,)]
    for member in (member_a, member_b):
        assert "Your 2026/27 Q2 quarterly return is due today" in subjects_to[(member.email,)]

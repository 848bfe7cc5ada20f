"""The daily reminder: members of vanguards whose self-assessment is still a draft hear 7 days
and 1 day before the cycle closes, once each, however often the task runs."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from maturity.models import ReminderSent
from maturity.services import reminders as service
from maturity.tasks import send_assessment_reminders
from tests.factories import make_member

from .workflow import submit


@pytest.fixture
def closes(open_cycle):
    return open_cycle.closes_on


def day(closes, before: int) -> datetime.date:
    return closes - datetime.timedelta(days=before)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_members_of_draft_vanguards_are_reminded_7_days_before(
    closes, draft_a, draft_b, member_a, member_b, vanguard_a
):
    colleague = make_member(vanguard_a, full_name="Col League")
    submit(draft_b, member_b)  # vanguard B is done: no reminder
    assert service.assessment_reminders_send(today=day(closes, 7)) == 2
    assert recipients() == sorted([member_a.email, colleague.email])
    message = mail.outbox[0]
    assert message.subject == "Reminder: your WorkWell self-assessment closes in 7 days"
    assert f"closes in 7 days, on {closes.day} {closes:%B %Y}" in message.body
    assert f"{settings.PORTAL_BASE_URL}/maturity/assessments/{draft_a.pk}/" in message.body
    assert "Alpha Vanguard's self-assessment for Spring cycle is still a draft" in message.body
    assert list(ReminderSent.objects.values_list("assessment", "days_before")) == [(draft_a.pk, 7)]


def test_each_reminder_goes_once_however_often_the_task_runs(closes, draft_a, member_a):
    for _ in range(3):
        service.assessment_reminders_send(today=day(closes, 7))
    assert recipients() == [member_a.email]
    # Later in the week, the 7-day reminder is not repeated.
    service.assessment_reminders_send(today=day(closes, 4))
    assert len(mail.outbox) == 1


def test_the_1_day_reminder_goes_separately(closes, draft_a, member_a):
    service.assessment_reminders_send(today=day(closes, 7))
    service.assessment_reminders_send(today=day(closes, 1))
    service.assessment_reminders_send(today=day(closes, 1))
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        "Reminder: your WorkWell self-assessment closes in 7 days",
        "Reminder: your WorkWell self-assessment closes tomorrow",
    ]
    assert set(ReminderSent.objects.values_list("days_before", flat=True)) == {7, 1}


@pytest.mark.parametrize("before", [8, 14, -1])
def test_nothing_goes_outside_the_reminder_days(closes, draft_a, member_a, before):
    assert service.assessment_reminders_send(today=day(closes, before)) == 0
    assert mail.outbox == []


def test_a_missed_day_is_caught_up_on_the_next_run(closes, draft_a, member_a):
    # Beat was down 7 days before: the reminder goes 5 days before, saying so.
    service.assessment_reminders_send(today=day(closes, 5))
    assert mail.outbox[0].subject.endswith("closes in 5 days")
    # On the closing day itself, the last reminder says "today".
    service.assessment_reminders_send(today=closes)
    assert mail.outbox[1].subject.endswith("closes today")


def test_a_vanguard_that_submits_in_between_gets_no_more_reminders(closes, draft_a, member_a):
    service.assessment_reminders_send(today=day(closes, 7))
    submit(draft_a, member_a)
    service.assessment_reminders_send(today=day(closes, 1))
    assert len(mail.outbox) == 1


def test_inactive_members_are_not_emailed(closes, draft_a, member_a, vanguard_a):
    gone = make_member(vanguard_a, full_name="Gone Away")
    gone.is_active = False
    gone.save()
    service.assessment_reminders_send(today=day(closes, 1))
    assert recipients() == [member_a.email]


def test_a_failed_send_is_not_claimed_so_the_next_run_retries(
    closes, draft_a, member_a, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(service, "send_mass_mail", broken)
    with pytest.raises(ConnectionError):
        service.assessment_reminders_send(today=day(closes, 7))
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    service.assessment_reminders_send(today=day(closes, 6))
    assert recipients() == [member_a.email]


def test_the_beat_task_takes_today_and_is_scheduled_daily(closes, draft_a, member_a):
    result = send_assessment_reminders.delay(today=day(closes, 7).isoformat())
    assert result.get() == 1
    assert send_assessment_reminders.delay(today=day(closes, 7).isoformat()).get() == 0
    entry = settings.CELERY_BEAT_SCHEDULE["send-assessment-reminders"]
    assert entry["task"] == "maturity.tasks.send_assessment_reminders"

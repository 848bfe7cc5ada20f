"""The reminder two days before an event: once per place, however often or however many beats
run the task."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from learning.models import Registration
from learning.services.events import event_reminders_send
from learning.tasks import send_event_reminders
from tests.factories import EventFactory, RegistrationFactory


def soon(**fields):
    return EventFactory(starts_at=timezone.now() + datetime.timedelta(days=1, hours=20), **fields)


@pytest.mark.django_db
def test_each_place_gets_one_reminder_however_often_the_task_runs(member_a, member_b):
    event = soon(title="Data sharing webinar")
    RegistrationFactory(event=event, person=member_a)
    RegistrationFactory(
        event=event, person=member_b, status="waiting", waiting_since=timezone.now()
    )
    assert send_event_reminders() == 1
    assert send_event_reminders() == 0
    assert [message.to for message in mail.outbox] == [[member_a.email]]
    assert "Data sharing webinar" in mail.outbox[0].subject
    assert "https://teams.example.com/join/secret-room" in mail.outbox[0].body
    assert Registration.objects.get(person=member_a).reminder_sent_at is not None


@pytest.mark.django_db
def test_no_reminder_more_than_two_days_ahead_or_after_the_start(member_a):
    later = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=2, hours=1))
    started = EventFactory(starts_at=timezone.now() - datetime.timedelta(minutes=1))
    RegistrationFactory(event=later, person=member_a)
    RegistrationFactory(event=started, person=member_a)
    assert event_reminders_send() == 0
    assert mail.outbox == []
    # Two days on, the later one is due.
    assert event_reminders_send(now=timezone.now() + datetime.timedelta(hours=2)) == 1


@pytest.mark.django_db
def test_a_cancelled_place_gets_no_reminder(member_a):
    RegistrationFactory(event=soon(), person=member_a, status="cancelled")
    assert event_reminders_send() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_beats_at_once_send_each_reminder_once(member_a, member_b):
    event = soon()
    for person in (member_a, member_b):
        RegistrationFactory(event=event, person=person)
    barrier = threading.Barrier(3)
    sent = []

    def beat():
        try:
            barrier.wait()
            sent.append(event_reminders_send())
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(sent) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [member_a.email, member_b.email]
    )

"""Registrations and cancellations racing on one event, in real threads against PostgreSQL:
capacity is never exceeded, nobody holds two places, and the waiting list is served in order.
Each service locks the event's row; without that, two registrations could both read "one
place left" and both take it."""

import threading

import pytest
from django.core import mail
from django.db import connection

from learning.models import Registration
from learning.services.events import EventError, event_cancel_registration, event_register
from tests.factories import EventFactory, UserFactory

# serialized_rollback: the flush at the end of a transactional test must not take the regions
# and themes the migrations put in with it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_together(calls):
    """Start every call at the same moment, each in its own thread (and connection)."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except EventError:
            pass
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def test_many_registering_for_the_last_places_at_once():
    event = EventFactory(capacity=3)
    people = [UserFactory() for _ in range(12)]
    run_together([lambda p=p: event_register(event=event, person=p) for p in people])
    rows = Registration.objects.filter(event=event)
    assert rows.filter(status="registered").count() == 3
    assert rows.filter(status="waiting").count() == 9
    assert rows.count() == 12


def test_cancellations_racing_registrations_promote_the_waiting_in_order():
    event = EventFactory(capacity=4)
    holders = [UserFactory(full_name=f"Holder {n}") for n in range(4)]
    waiting = [UserFactory(full_name=f"Waiting {n}") for n in range(4)]
    newcomers = [UserFactory(full_name=f"Newcomer {n}") for n in range(8)]
    for person in holders + waiting:  # one at a time: the queue's order is known
        event_register(event=event, person=person)
    mail.outbox.clear()

    calls = [lambda p=p: event_cancel_registration(event=event, person=p) for p in holders]
    calls += [lambda p=p: event_register(event=event, person=p) for p in newcomers]
    run_together(calls)

    registered = set(
        Registration.objects.filter(event=event, status="registered").values_list(
            "person", flat=True
        )
    )
    # Every freed place went to someone already waiting, before any newcomer.
    assert registered == {person.pk for person in waiting}
    assert Registration.objects.filter(event=event, status="waiting").count() == len(newcomers)
    assert Registration.objects.filter(event=event).count() == 16  # one row each
    assert sorted(message.to[0] for message in mail.outbox) == sorted(p.email for p in waiting)


def test_one_person_registering_twice_at_once_gets_one_place():
    event = EventFactory(capacity=5)
    person = UserFactory()
    run_together([lambda: event_register(event=event, person=person)] * 6)
    assert list(Registration.objects.filter(event=event).values_list("status", flat=True)) == [
        "registered"
    ]

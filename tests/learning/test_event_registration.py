"""Registering, cancelling and the waiting list, through the services and the event page."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from learning.models import Event, Registration
from learning.services.events import (
    EventError,
    event_cancel_registration,
    event_register,
    event_save,
)
from tests.factories import EventFactory, UserFactory

REGISTERED, WAITING, CANCELLED = "registered", "waiting", "cancelled"


def status_of(event, person) -> str:
    return Registration.objects.get(event=event, person=person).status


@pytest.fixture
def people(db):
    return [UserFactory(full_name=f"Person {n}") for n in range(5)]


@pytest.mark.django_db
def test_places_then_the_waiting_list_in_order(people):
    event = EventFactory(capacity=2)
    statuses = [event_register(event=event, person=person).status for person in people]
    assert statuses == [REGISTERED, REGISTERED, WAITING, WAITING, WAITING]
    queue = Registration.objects.filter(event=event, status=WAITING).order_by("waiting_since")
    assert [r.person for r in queue] == people[2:]


@pytest.mark.django_db
def test_a_freed_place_goes_to_the_first_waiting_who_is_emailed(
    people, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2, title="Fit notes webinar")
    for person in people:
        event_register(event=event, person=person)
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel_registration(event=event, person=people[0])
    assert status_of(event, people[0]) == CANCELLED
    assert status_of(event, people[2]) == REGISTERED  # first waiting
    assert status_of(event, people[3]) == WAITING
    assert [message.to for message in mail.outbox] == [[people[2].email]]
    assert "Fit notes webinar" in mail.outbox[0].subject
    assert f"/learning/events/{event.pk}/" in mail.outbox[0].body


@pytest.mark.django_db
def test_leaving_the_waiting_list_promotes_nobody(people, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    for person in people[:3]:
        event_register(event=event, person=person)
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel_registration(event=event, person=people[1])
    assert [status_of(event, p) for p in people[:3]] == [REGISTERED, CANCELLED, WAITING]
    assert mail.outbox == []


@pytest.mark.django_db
def test_nobody_registers_twice_but_may_come_back_after_cancelling(people):
    event = EventFactory(capacity=1)
    event_register(event=event, person=people[0])
    event_register(event=event, person=people[1])
    with pytest.raises(EventError, match="already registered"):
        event_register(event=event, person=people[0])
    with pytest.raises(EventError, match="already on the waiting list"):
        event_register(event=event, person=people[1])
    event_cancel_registration(event=event, person=people[0])  # people[1] promoted
    again = event_register(event=event, person=people[0])
    assert again.status == WAITING  # to the back of the queue, on the same row
    assert Registration.objects.filter(event=event, person=people[0]).count() == 1


@pytest.mark.django_db
def test_places_do_not_change_once_the_event_has_started(people):
    event = EventFactory(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(EventError, match="already started"):
        event_register(event=event, person=people[0])


@pytest.mark.django_db
def test_more_places_promote_the_waiting_and_fewer_than_taken_are_refused(people, learning_user):
    event = EventFactory(capacity=2)
    for person in people:
        event_register(event=event, person=person)
    data = {field: getattr(event, field) for field in ("title", "kind", "description")}
    data.update(
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        format=event.format,
        venue="",
        joining_link=event.joining_link,
        audience=event.audience,
        cohort_group=None,
    )
    with pytest.raises(EventError, match="2 people already have a place"):
        event_save(organiser=learning_user, event=event, data={**data, "capacity": 1})
    event_save(organiser=learning_user, event=event, data={**data, "capacity": 4})
    assert [status_of(event, p) for p in people] == [REGISTERED] * 4 + [WAITING]


@pytest.mark.django_db
def test_an_event_the_person_may_not_see_cannot_be_registered_for(member_a):
    event = EventFactory(audience=Event.Audience.NST)
    with pytest.raises(EventError):
        event_register(event=event, person=member_a)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_the_page_registers_then_cancels_with_clear_messages(client, member_a):
    event = EventFactory(capacity=1, title="Employers webinar")
    client.force_login(member_a)
    page = client.get(f"/learning/events/{event.pk}/").content.decode()
    assert "Register for a place" in page
    response = client.post(f"/learning/events/{event.pk}/register/", follow=True)
    html = response.content.decode()
    assert "You have a place at Employers webinar." in html
    assert "Cancel my place" in html
    response = client.post(f"/learning/events/{event.pk}/cancel/", follow=True)
    assert "You are no longer registered for Employers webinar." in response.content.decode()
    assert status_of(event, member_a) == CANCELLED


@pytest.mark.django_db
def test_a_full_event_offers_the_waiting_list_and_says_where_you_are(client, member_a):
    event = EventFactory(capacity=1)
    event_register(event=event, person=UserFactory())
    event_register(event=event, person=UserFactory())
    client.force_login(member_a)
    assert "Join the waiting list" in client.get(f"/learning/events/{event.pk}/").content.decode()
    html = client.post(f"/learning/events/{event.pk}/register/", follow=True).content.decode()
    assert "is full, so you are on the waiting list" in html
    assert "You are number 2 on the waiting list" in html
    assert "Leave the waiting list" in html


@pytest.mark.django_db
def test_register_and_cancel_take_only_posts(client, member_a):
    event = EventFactory()
    client.force_login(member_a)
    assert client.get(f"/learning/events/{event.pk}/register/").status_code == 405
    assert not Registration.objects.exists()

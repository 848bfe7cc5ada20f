"""The short feedback form after an event: attendees only, once the event is over, once each."""

import datetime

import pytest
from django.utils import timezone

from learning.models import EventFeedback
from learning.services.events import EventError, event_feedback_submit
from tests.factories import EventFactory, RegistrationFactory


@pytest.fixture
def ended(db):
    end = timezone.now() - datetime.timedelta(hours=1)
    return EventFactory(starts_at=end - datetime.timedelta(hours=1), ends_at=end)


@pytest.mark.django_db
def test_an_attendee_gives_feedback_once(client, member_a, ended):
    RegistrationFactory(event=ended, person=member_a, attended=True)
    client.force_login(member_a)
    assert "Tell us how useful" in client.get(f"/learning/events/{ended.pk}/").content.decode()
    url = f"/learning/events/{ended.pk}/feedback/"
    response = client.post(url, {"usefulness": "4", "comment": "  More peer time  "}, follow=True)
    assert "Thank you for your feedback." in response.content.decode()
    feedback = EventFeedback.objects.get()
    assert (feedback.usefulness, feedback.comment, feedback.person) == (
        4,
        "More peer time",
        member_a,
    )
    assert client.get(url).status_code == 404  # the form is gone once answered
    with pytest.raises(EventError, match="already given feedback"):
        event_feedback_submit(event=ended, person=member_a, usefulness=5)
    assert EventFeedback.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("usefulness", ["", "0", "6", "four"])
def test_usefulness_is_1_to_5(client, member_a, ended, usefulness):
    RegistrationFactory(event=ended, person=member_a)
    client.force_login(member_a)
    response = client.post(f"/learning/events/{ended.pk}/feedback/", {"usefulness": usefulness})
    assert "Select how useful the event was" in response.content.decode()
    assert not EventFeedback.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "attended", "over"),
    [
        ("registered", False, True),  # recorded as absent
        ("waiting", None, True),  # never had a place
        ("cancelled", None, True),
        ("registered", None, False),  # not over yet
    ],
)
def test_only_attendees_after_the_event(client, member_a, status, attended, over):
    end = timezone.now() + datetime.timedelta(hours=-1 if over else 1)
    event = EventFactory(starts_at=end - datetime.timedelta(hours=2), ends_at=end)
    RegistrationFactory(
        event=event,
        person=member_a,
        status=status,
        attended=attended,
        waiting_since=timezone.now() if status == "waiting" else None,
    )
    client.force_login(member_a)
    assert client.get(f"/learning/events/{event.pk}/feedback/").status_code == 404
    assert (
        client.post(f"/learning/events/{event.pk}/feedback/", {"usefulness": "5"}).status_code
        == 404
    )
    with pytest.raises(EventError):
        event_feedback_submit(event=event, person=member_a, usefulness=5)
    assert not EventFeedback.objects.exists()

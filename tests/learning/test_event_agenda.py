"""An event's agenda: organisers add, change, remove and move items through GOV.UK forms;
times stay within the event and in order, with messages saying how to fix them; everyone who
may see the event reads the agenda on its page and in its calendar file, escaped."""

import datetime

import pytest
from django.utils import timezone

from learning.models import AgendaItem
from learning.services.agenda import agenda_item_add
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def event(learning_user):
    """10am to 12:30pm a week from now, as the Greenwich event ran."""
    return EventFactory(starts_at=_at(7, 10), ends_at=_at(7, 12, 30), created_by=learning_user)


def item(event, organiser, title, starts_at=None, minutes=None, kind="talk", lead=""):
    data = {"title": title, "starts_at": starts_at, "minutes": minutes, "kind": kind, "lead": lead}
    return agenda_item_add(event=event, organiser=organiser, data=data)


def post_item(client, event, **fields):
    data = {"title": "Next steps", "lead": "", "kind": "talk", "starts_at": "", "minutes": ""}
    return client.post(f"/learning/events/{event.pk}/agenda/", {**data, **fields})


def titles(event) -> list[str]:
    return list(
        AgendaItem.objects.filter(event=event).order_by("position").values_list("title", flat=True)
    )


def test_organisers_add_items_in_order_and_everyone_reads_them(
    client, learning_user, member_a, event
):
    client.force_login(learning_user)
    response = post_item(
        client,
        event,
        title="Welcome and introductions",
        lead="David Pinson",
        starts_at="10:00",
        minutes="10",
    )
    assert response.status_code == 302
    post_item(
        client,
        event,
        title="Review our ambitions",
        kind="exercise",
        starts_at="10.10am",
        minutes="35",
    )
    post_item(client, event, title="Feedback", kind="feedback", minutes="5")
    assert titles(event) == ["Welcome and introductions", "Review our ambitions", "Feedback"]
    client.force_login(member_a)
    page = client.get(f"/learning/events/{event.pk}/").content.decode()
    assert "Agenda" in page
    assert "10am (10 minutes)" in page and "10:10am (35 minutes)" in page and "5 minutes" in page
    assert "David Pinson" in page and "Exercise" in page
    # Members read the agenda but do not keep it.
    assert f"/learning/events/{event.pk}/agenda/" not in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"starts_at": "09:30"},
            "starts_at",
            "The start time must be 10am or later: the event starts at 10am",
        ),
        ({"starts_at": "12:30"}, "starts_at", "The start time must be before 12:30pm"),
        (
            {"starts_at": "12:00", "minutes": "45"},
            "minutes",
            "make it 30 minutes or shorter, or start it earlier",
        ),
        ({"minutes": "200"}, "minutes", "The item is longer than the event"),
        ({}, "starts_at", "Enter a start time, a length in minutes, or both"),
        ({"starts_at": "half ten"}, "starts_at", "Enter start time (optional) as a time"),
        ({"minutes": "0"}, "minutes", "The length must be at least 1 minute"),
        ({"title": ""}, "title", "Enter the topic of this agenda item"),
        ({"kind": "lunch"}, "kind", "Select a valid choice"),
    ],
)
def test_the_agenda_form_says_how_to_fix_an_item(
    client, learning_user, event, fields, field, message
):
    client.force_login(learning_user)
    response = post_item(client, event, **fields)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not AgendaItem.objects.filter(event=event).exists()


def test_times_must_go_in_order_down_the_agenda(client, learning_user, event):
    item(event, learning_user, "Welcome", starts_at=datetime.time(10, 30))
    client.force_login(learning_user)
    response = post_item(client, event, starts_at="10:10")
    errors = str(response.context["form"].errors["starts_at"])
    assert (
        "The start time must be 10:30am or later, because “Welcome” above it starts at 10:30am"
        in errors
    )
    assert titles(event) == ["Welcome"]
    # Changing an item to a time before the one above is refused the same way.
    second = item(event, learning_user, "Review", starts_at=datetime.time(11))
    response = client.post(
        f"/learning/events/{event.pk}/agenda/{second.pk}/",
        {"title": "Review", "kind": "talk", "starts_at": "10:15", "minutes": "", "lead": ""},
    )
    assert "10:30am or later" in str(response.context["form"].errors["starts_at"])
    second.refresh_from_db()
    assert second.starts_at == datetime.time(11)


def test_organisers_change_move_and_remove_items(client, learning_user, event):
    first = item(event, learning_user, "Welcome", starts_at=datetime.time(10))
    second = item(event, learning_user, "Break", minutes=15, kind="break")
    third = item(event, learning_user, "Next steps", minutes=5)
    client.force_login(learning_user)
    response = client.post(
        f"/learning/events/{event.pk}/agenda/{second.pk}/",
        {
            "title": "Break and networking",
            "kind": "break",
            "starts_at": "10:50",
            "minutes": "15",
            "lead": "",
        },
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.title, second.starts_at, second.minutes) == (
        "Break and networking",
        datetime.time(10, 50),
        15,
    )
    client.post(f"/learning/events/{event.pk}/agenda/{third.pk}/move/", {"direction": "up"})
    assert titles(event) == ["Welcome", "Next steps", "Break and networking"]
    client.post(f"/learning/events/{event.pk}/agenda/{first.pk}/move/", {"direction": "down"})
    assert titles(event) == ["Next steps", "Welcome", "Break and networking"]
    client.post(f"/learning/events/{event.pk}/agenda/{first.pk}/remove/")
    assert titles(event) == ["Next steps", "Break and networking"]


def test_a_move_that_would_put_times_out_of_order_is_refused(client, learning_user, event):
    item(event, learning_user, "Welcome", starts_at=datetime.time(10))
    later = item(event, learning_user, "Review", starts_at=datetime.time(10, 10))
    client.force_login(learning_user)
    response = client.post(
        f"/learning/events/{event.pk}/agenda/{later.pk}/move/", {"direction": "up"}, follow=True
    )
    page = response.content.decode()
    assert "agenda times must go in order. Change the times first, then move the item" in page
    assert titles(event) == ["Welcome", "Review"]
    response = client.post(
        f"/learning/events/{event.pk}/agenda/{later.pk}/move/", {"direction": "down"}, follow=True
    )
    assert "is already at the end" in response.content.decode()


def test_an_item_of_another_event_is_not_found(client, learning_user, event):
    other = EventFactory(starts_at=_at(8, 10), ends_at=_at(8, 12), created_by=learning_user)
    stranger = item(other, learning_user, "Welcome", minutes=10)
    client.force_login(learning_user)
    assert client.get(f"/learning/events/{event.pk}/agenda/{stranger.pk}/").status_code == 404
    assert (
        client.post(f"/learning/events/{event.pk}/agenda/{stranger.pk}/remove/").status_code == 404
    )


def test_agenda_text_is_escaped_on_the_event_page(client, learning_user, member_a, event):
    item(event, learning_user, "<script>alert(1)</script>", minutes=10, lead="<b>Bold</b>")
    client.force_login(member_a)
    page = client.get(f"/learning/events/{event.pk}/").content.decode()
    assert (
        "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    )
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt;" in page


def test_the_calendar_file_carries_the_agenda(client, learning_user, member_a, event):
    item(
        event,
        learning_user,
        "Welcome and introductions",
        starts_at=datetime.time(10),
        lead="David Pinson",
    )
    item(event, learning_user, "Feedback", minutes=5, kind="feedback")
    client.force_login(member_a)
    ics = client.get(f"/learning/events/{event.pk}/event.ics").content.decode().replace("\r\n ", "")
    assert "Agenda:\\n10am: Welcome and introductions (David Pinson)\\n5 minutes: Feedback" in ics


def test_the_event_page_costs_the_same_however_long_the_agenda(
    client, learning_user, member_a, event, django_assert_max_num_queries
):
    for minute in range(12):
        item(
            event,
            learning_user,
            f"Item {minute}",
            starts_at=datetime.time(10, minute * 5),
            minutes=5,
        )
    client.force_login(member_a)
    # 1 session, 2 user, 3 the reader's vanguard membership, 4 the event with its places and
    # "what we heard" (joined), 5 its materials, 6 its agenda items (one prefetch however many),
    # 7 the reader's registration, 8 whether they gave feedback.
    with django_assert_max_num_queries(8):
        response = client.get(f"/learning/events/{event.pk}/")
    assert response.content.decode().count("Item ") == 12

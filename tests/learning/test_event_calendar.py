"""Each event's .ics file and each person's private calendar feed, parsed back with the
icalendar library."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from learning.models import CalendarFeed, Event
from learning.services.events import event_register, event_save
from tests.factories import EventFactory, RegistrationFactory

LONDON = ZoneInfo("Europe/London")


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vevents(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def event_data(event: Event, **changes) -> dict:
    fields = ("title", "kind", "description", "capacity", "audience", "cohort_group")
    fields += ("starts_at", "ends_at", "format", "venue", "joining_link")
    return {**{field: getattr(event, field) for field in fields}, **changes}


@pytest.fixture
def summer_event(learning_user):
    # 10am in London in July is 9am UTC: the TZID must carry it, not a UTC time.
    starts = datetime.datetime(2030, 7, 9, 10, 0, tzinfo=LONDON)
    return EventFactory(
        title="Summer network event",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=5),
        format=Event.Format.IN_PERSON,
        venue="The Lowry, Salford",
        joining_link="",
        created_by=learning_user,
    )


@pytest.mark.django_db
def test_the_ics_file_is_valid_with_its_time_zone_uid_and_sequence(client, member_a, summer_event):
    event_register(event=summer_event, person=member_a)
    client.force_login(member_a)
    calendar = parse(client.get(f"/learning/events/{summer_event.pk}/event.ics"))
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    timezones = list(calendar.walk("VTIMEZONE"))
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/London"]
    (entry,) = vevents(calendar)
    assert str(entry["UID"]) == f"{summer_event.uid}@workwell-portal"
    assert entry["SEQUENCE"] == 0
    assert entry["DTSTART"].params["TZID"] == "Europe/London"
    assert entry["DTSTART"].dt == datetime.datetime(2030, 7, 9, 10, 0, tzinfo=LONDON)
    assert entry["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=1)  # BST
    assert entry["DTEND"].dt.hour == 15
    assert entry["DTSTAMP"].dt.tzinfo is not None
    assert str(entry["SUMMARY"]) == "Summer network event"
    assert str(entry["LOCATION"]) == "The Lowry, Salford"
    assert b"\r\n" in client.get(f"/learning/events/{summer_event.pk}/event.ics").content


@pytest.mark.django_db
def test_moving_an_event_keeps_its_uid_and_raises_its_sequence(client, learning_user, summer_event):
    client.force_login(learning_user)
    url = f"/learning/events/{summer_event.pk}/event.ics"
    before = vevents(parse(client.get(url)))[0]

    event_save(organiser=learning_user, event=summer_event, data=event_data(summer_event))
    unchanged = vevents(parse(client.get(url)))[0]
    assert unchanged["SEQUENCE"] == 0  # nothing about its time or place changed

    later = summer_event.starts_at + datetime.timedelta(hours=1)
    event_save(
        organiser=learning_user,
        event=summer_event,
        data=event_data(summer_event, starts_at=later, ends_at=later + datetime.timedelta(hours=4)),
    )
    moved = vevents(parse(client.get(url)))[0]
    assert moved["UID"] == before["UID"]
    assert moved["SEQUENCE"] == 1
    assert moved["DTSTART"].dt.hour == 11

    summer_event.refresh_from_db()
    event_save(
        organiser=learning_user,
        event=summer_event,
        data=event_data(summer_event, venue="Salford Quays"),
    )
    assert vevents(parse(client.get(url)))[0]["SEQUENCE"] == 2


@pytest.mark.django_db
def test_the_joining_link_is_only_in_the_files_of_people_with_a_place(client, member_a, member_b):
    event = EventFactory(joining_link="https://teams.example.com/join/secret-room")
    event_register(event=event, person=member_a)
    url = f"/learning/events/{event.pk}/event.ics"
    client.force_login(member_a)
    assert b"secret-room" in client.get(url).content
    client.force_login(member_b)
    response = client.get(url)
    assert b"secret-room" not in response.content
    assert str(vevents(parse(response))[0]["LOCATION"]) == "Online"


@pytest.mark.django_db
def test_the_feed_needs_no_session_and_holds_only_your_own_places(client, member_a, member_b):
    mine = EventFactory(title="Mine")
    waiting = EventFactory(title="Waiting", capacity=1)
    cancelled = EventFactory(title="Cancelled")
    theirs = EventFactory(title="Theirs")
    RegistrationFactory(event=mine, person=member_a)
    RegistrationFactory(event=waiting, person=member_b)
    event_register(event=waiting, person=member_a)  # on the waiting list
    RegistrationFactory(event=cancelled, person=member_a, status="cancelled")
    RegistrationFactory(event=theirs, person=member_b)

    client.force_login(member_a)
    page = client.get("/learning/events/calendar/").content.decode()
    token = CalendarFeed.objects.get(person=member_a).token
    assert f"/learning/events/calendar/{token}.ics" in page
    assert len(token) >= 40

    client.logout()
    response = client.get(f"/learning/events/calendar/{token}.ics")
    titles = [str(entry["SUMMARY"]) for entry in vevents(parse(response))]
    assert titles == ["Mine"]
    assert "sessionid" not in response.cookies
    assert b"secret-room" in response.content  # their own place: the joining link is there


@pytest.mark.django_db
def test_a_new_feed_address_cuts_off_the_old_one(client, member_a):
    client.force_login(member_a)
    client.get("/learning/events/calendar/")
    old = CalendarFeed.objects.get(person=member_a).token
    response = client.post("/learning/events/calendar/", follow=True)
    assert "The old one no longer works" in response.content.decode()
    new = CalendarFeed.objects.get(person=member_a).token
    assert new != old
    client.logout()
    assert client.get(f"/learning/events/calendar/{old}.ics").status_code == 404
    assert client.get(f"/learning/events/calendar/{new}.ics").status_code == 200


@pytest.mark.django_db
def test_an_unknown_token_or_a_switched_off_account_gets_nothing(client, member_a):
    assert client.get("/learning/events/calendar/not-a-token.ics").status_code == 404
    feed = CalendarFeed.objects.create(person=member_a)
    member_a.is_active = False
    member_a.save()
    assert client.get(f"/learning/events/calendar/{feed.token}.ics").status_code == 404


@pytest.mark.django_db
def test_the_feed_leaves_out_events_the_person_may_no_longer_see(client, vanguard_a, member_a):
    nst_only = EventFactory(title="NST only", audience=Event.Audience.NST)
    RegistrationFactory(event=nst_only, person=member_a)  # e.g. registered before a change
    feed = CalendarFeed.objects.create(person=member_a)
    response = client.get(f"/learning/events/calendar/{feed.token}.ics")
    assert vevents(parse(response)) == []

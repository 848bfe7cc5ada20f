"""/learning/events/ and an event's page: what the list shows, what it costs, the joining link
only for people with a place, and the organisers' forms (events, materials, attendance)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from learning.models import Event, EventMaterial, Registration
from learning.services.events import event_register
from tests.factories import EventFactory, RegistrationFactory, UserFactory

LONDON = ZoneInfo("Europe/London")


def past(**fields) -> Event:
    ended = timezone.now() - datetime.timedelta(days=3)
    return EventFactory(starts_at=ended - datetime.timedelta(hours=2), ends_at=ended, **fields)


# --- The list -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_places_the_waiting_list_and_your_own_place(client, member_a):
    open_event = EventFactory(title="Open webinar", capacity=10)
    full = EventFactory(title="Full network event", capacity=1, kind="network_event")
    mine = EventFactory(title="My workshop", kind="workshop")
    RegistrationFactory(event=open_event, person=UserFactory())
    event_register(event=full, person=UserFactory())
    event_register(event=full, person=UserFactory())
    event_register(event=mine, person=member_a)
    past(title="Last month's webinar")
    client.force_login(member_a)
    html = client.get("/learning/events/").content.decode()
    assert "9 places left" in html
    assert "Full: 1 on the waiting list" in html
    assert "You are registered" in html
    assert "Last month&#x27;s webinar" not in html
    past_html = client.get("/learning/events/?when=past").content.decode()
    assert "Last month&#x27;s webinar" in past_html
    assert "Open webinar" not in past_html


@pytest.mark.django_db
def test_the_list_filters_by_kind(client, member_a):
    EventFactory(title="A webinar", kind="webinar")
    EventFactory(title="A podcast", kind="podcast")
    client.force_login(member_a)
    html = client.get("/learning/events/?kind=podcast").content.decode()
    assert "A podcast" in html
    assert "A webinar" not in html
    assert (
        "No upcoming events of this kind"
        in client.get("/learning/events/?kind=workshop").content.decode()
    )


@pytest.mark.django_db
def test_empty_lists_say_so(client, member_a):
    client.force_login(member_a)
    assert "No events are planned yet" in client.get("/learning/events/").content.decode()
    past_html = client.get("/learning/events/?when=past").content.decode()
    assert "No events have taken place yet" in past_html


@pytest.mark.django_db
def test_the_list_pages_25_at_a_time(client, member_a):
    EventFactory.create_batch(27)
    client.force_login(member_a)
    first = client.get("/learning/events/").content.decode()
    assert "27 events." in first
    assert (
        first.count('href="/learning/events/') - first.count('href="/learning/events/calendar')
        >= 25
    )
    assert "Network webinar" in client.get("/learning/events/?page=2").content.decode()


@pytest.mark.django_db
def test_the_list_query_budget_does_not_grow_with_events(
    client, member_a, django_assert_max_num_queries
):
    client.force_login(member_a)
    for more in (2, 30):
        for event in EventFactory.create_batch(more, capacity=2):
            RegistrationFactory(event=event, person=member_a)
            RegistrationFactory(event=event, person=UserFactory())
        # 1 session, 2 user, 3 the member's membership (the audience rule and the navigation),
        # 4 the paginator's count, 5 the member's vanguard for the navigation, 6 one page of
        # events with places taken, people waiting and the member's own place annotated.
        with django_assert_max_num_queries(6):
            assert client.get("/learning/events/").status_code == 200


@pytest.mark.django_db
def test_the_list_shows_no_event_outside_the_reader_s_audience(client, cast, vanguard_b):
    group_b = vanguard_b.group_memberships.get().cohort_group
    EventFactory(title="Bravo group session", audience="cohort_group", cohort_group=group_b)
    EventFactory(title="NST planning day", audience="nst")
    for role, sees in {
        "member_a": set(),
        "member_b": {"Bravo group session"},
        "programme_lead": set(),
        "rm": {"Bravo group session", "NST planning day"},
    }.items():
        client.force_login(cast[role])
        html = client.get("/learning/events/").content.decode()
        shown = {title for title in ("Bravo group session", "NST planning day") if title in html}
        assert shown == sees, role


# --- An event's page --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "sees_link"),
    [("registered", True), ("waiting", False), ("stranger", False), ("learning_user", True)],
)
def test_the_joining_link_is_only_for_people_with_a_place_and_organisers(
    client, member_a, learning_user, who, sees_link
):
    event = EventFactory(capacity=1, joining_link="https://teams.example.com/join/secret-room")
    if who == "waiting":
        event_register(event=event, person=UserFactory())
    if who in ("registered", "waiting"):
        event_register(event=event, person=member_a)
    client.force_login(learning_user if who == "learning_user" else member_a)
    html = client.get(f"/learning/events/{event.pk}/").content.decode()
    assert ("secret-room" in html) is sees_link


@pytest.mark.django_db
def test_the_description_is_markdown_sanitised(client, member_a):
    event = EventFactory(description="A **bold** plan <script>alert(1)</script>")
    client.force_login(member_a)
    html = client.get(f"/learning/events/{event.pk}/").content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script>alert" not in html


@pytest.mark.django_db
def test_a_past_event_offers_no_registration(client, member_a):
    event = past()
    client.force_login(member_a)
    html = client.get(f"/learning/events/{event.pk}/").content.decode()
    assert "Register for a place" not in html
    assert "Join the waiting list" not in html


# --- Organising --------------------------------------------------------------------------------


def event_form(**changes) -> dict:
    data = {
        "title": "Spring network event",
        "kind": "network_event",
        "date_0": "24",
        "date_1": "3",
        "date_2": "2030",
        "start_time": "10:00",
        "end_time": "3:30pm",
        "format": "in_person",
        "venue": "The Lowry, Salford",
        "joining_link": "",
        "capacity": "60",
        "audience": "all",
        "cohort_group": "",
        "description": "Progress from each cohort group.",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_organisers_add_an_event_in_london_time(client, learning_user):
    client.force_login(learning_user)
    response = client.post("/learning/events/new/", event_form())
    event = Event.objects.get()
    assert response.status_code == 302
    # 24 March 2030 is before the clocks change; 31 March after.
    assert event.starts_at == datetime.datetime(2030, 3, 24, 10, 0, tzinfo=LONDON)
    assert event.ends_at == datetime.datetime(2030, 3, 24, 15, 30, tzinfo=LONDON)
    client.post(f"/learning/events/{event.pk}/edit/", event_form(date_0="31"))
    event.refresh_from_db()
    assert event.starts_at == datetime.datetime(2030, 3, 31, 10, 0, tzinfo=LONDON)
    assert event.starts_at.astimezone(datetime.UTC).hour == 9
    assert event.sequence == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_time": "9am"}, "The end time must be after the start time"),
        ({"start_time": "teatime"}, "Enter start time as a time, like 14:30"),
        ({"venue": ""}, "Enter the venue of an in-person event"),
        ({"audience": "cohort_group"}, "Select the cohort group the event is for"),
        ({"capacity": "0"}, "There must be at least 1 place"),
    ],
)
def test_the_event_form_says_what_to_fix(client, learning_user, changes, message):
    client.force_login(learning_user)
    response = client.post("/learning/events/new/", event_form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_materials_are_files_through_the_upload_rule_or_links(client, learning_user, member_a):
    event = past()
    client.force_login(learning_user)
    url = f"/learning/events/{event.pk}/materials/"
    renamed = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(url, {"title": "Slides", "file": renamed})
    assert "must be a PDF" in response.content.decode()
    pdf = SimpleUploadedFile("../../etc/slides.pdf", b"%PDF-1.4 real slides")
    assert client.post(url, {"title": "Slides", "file": pdf}).status_code == 302
    link = "https://future.nhs.uk/WorkWellNetwork/recording"
    assert client.post(url, {"title": "Recording", "link": link}).status_code == 302
    slides, recording = EventMaterial.objects.order_by("pk")
    assert slides.file_name == "slides.pdf"
    assert ".." not in slides.file.name
    client.force_login(member_a)
    html = client.get(f"/learning/events/{event.pk}/").content.decode()
    assert link in html
    download = client.get(f"/learning/events/{event.pk}/materials/{slides.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 real slides"


@pytest.mark.django_db
def test_organisers_record_attendance_and_download_the_registrations(
    client, learning_user, member_a, member_b
):
    event = past(capacity=5)
    came = RegistrationFactory(event=event, person=member_a)
    absent = RegistrationFactory(event=event, person=member_b)
    client.force_login(learning_user)
    url = f"/learning/events/{event.pk}/attendance/"
    response = client.post(url, {"attended": [str(came.pk)]}, follow=True)
    assert "Attendance saved: 1 of 2 came." in response.content.decode()
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.attended, absent.attended) == (True, False)
    csv = client.get(url + "?_export=csv").content.decode()
    header, *rows = csv.strip().splitlines()
    assert header.split(",") == [
        "Name",
        "Email",
        "Vanguard",
        "Status",
        "Registered on",
        "Joined the waiting list",
        "Attended",
    ]
    assert any(
        "Mem Alpha" in row and "Alpha Vanguard" in row and row.endswith("Yes") for row in rows
    )
    assert any("Mem Bravo" in row and row.endswith("No") for row in rows)


@pytest.mark.django_db
def test_attendance_waits_for_the_event_to_start(client, learning_user, member_a):
    event = EventFactory()
    registration = RegistrationFactory(event=event, person=member_a)
    client.force_login(learning_user)
    url = f"/learning/events/{event.pk}/attendance/"
    assert "once the event has started" in client.get(url).content.decode()
    client.post(url, {"attended": [str(registration.pk)]})
    registration.refresh_from_db()
    assert registration.attended is None
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_the_nst_sees_who_each_event_is_for_and_past_events_show_no_places(client, rm, vanguard_a):
    group = vanguard_a.group_memberships.get().cohort_group
    EventFactory(
        title="Group session", kind="cohort_session", audience="cohort_group", cohort_group=group
    )
    EventFactory(title="Planning day", kind="workshop", audience="nst")
    past(title="Old webinar")
    client.force_login(rm)
    html = client.get("/learning/events/").content.decode()
    assert "Cohort session, for Alpha group" in html
    assert "Workshop, for the NST only" in html
    past_html = client.get("/learning/events/?when=past").content.decode()
    assert "Old webinar" in past_html
    assert "places left" not in past_html
    assert ">Places<" not in past_html

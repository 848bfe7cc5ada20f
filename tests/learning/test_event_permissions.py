"""What each role gets on every event route, for an event of each audience (DESIGN.md §3 and
vanguards.permissions: "all" is everyone signed in; a cohort group's event the NST and members
of vanguards in that group; an NST event the NST only). An event a role may not see is a 404,
on every route."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from learning.models import Event, EventMaterial, Registration
from tests.factories import EventFactory, RegistrationFactory
from tests.roles import OK, REDIRECT, each_role_gets, everyone

NST = {"admin_user": OK, "rm": OK, "rm_lead": OK, "learning_user": OK}
ORGANISERS = {"admin_user": OK, "learning_user": OK}
GROUP_A = {**NST, "member_a": OK}


def to(answers: dict, status: int) -> dict:
    return dict.fromkeys(answers, status)


@pytest.fixture
def events(cast, vanguard_a, learning_user):
    alpha_group = vanguard_a.group_memberships.get().cohort_group
    made = {
        "all": EventFactory(created_by=learning_user),
        "group": EventFactory(
            audience=Event.Audience.COHORT_GROUP, cohort_group=alpha_group, created_by=learning_user
        ),
        "nst": EventFactory(audience=Event.Audience.NST, created_by=learning_user),
    }
    for event in made.values():
        EventMaterial.objects.create(
            event=event,
            title="Slides",
            file=ContentFile(b"%PDF-1.4 slides", name="slides.pdf"),
            file_name="slides.pdf",
            added_by=learning_user,
        )
    return made


def url_for(url: str, events: dict) -> str:
    ids = {key: event.pk for key, event in events.items()}
    materials = {f"{key}_file": event.materials.get().pk for key, event in events.items()}
    return url.format(**ids, **materials)


@pytest.mark.django_db
@each_role_gets(
    {
        "/learning/events/{all}/": everyone(OK),
        "/learning/events/{group}/": GROUP_A,
        "/learning/events/{nst}/": NST,
        "/learning/events/{all}/event.ics": everyone(OK),
        "/learning/events/{group}/event.ics": GROUP_A,
        "/learning/events/{nst}/event.ics": NST,
        "/learning/events/{all}/materials/{all_file}/": everyone(OK),
        "/learning/events/{group}/materials/{group_file}/": GROUP_A,
        "/learning/events/{nst}/materials/{nst_file}/": NST,
        "/learning/events/{all}/edit/": ORGANISERS,
        "/learning/events/{nst}/edit/": ORGANISERS,
        "/learning/events/{all}/materials/": ORGANISERS,
        "/learning/events/{all}/attendance/": ORGANISERS,
        "/learning/events/{all}/attendance/?_export=csv": ORGANISERS,
        # Feedback only after the event, from attendees: nobody here has been to one.
        "/learning/events/{all}/feedback/": {},
    }
)
def test_each_role_sees_the_events_of_its_audience(client, cast, events, url, role, expected):
    client.force_login(cast[role])
    assert client.get(url_for(url, events)).status_code == expected


@pytest.mark.django_db
@each_role_gets(
    {
        "/learning/events/{all}/register/": to(everyone(OK), REDIRECT),
        "/learning/events/{group}/register/": to(GROUP_A, REDIRECT),
        "/learning/events/{nst}/register/": to(NST, REDIRECT),
    }
)
def test_each_role_registers_only_for_events_it_may_see(client, cast, events, url, role, expected):
    client.force_login(cast[role])
    response = client.post(url_for(url, events))
    assert response.status_code == expected
    registered = Registration.objects.filter(person=cast[role], status="registered").exists()
    assert registered is (expected == REDIRECT)


@pytest.mark.django_db
@each_role_gets(
    {
        "/learning/events/{all}/cancel/": to(everyone(OK), REDIRECT),
        "/learning/events/{nst}/cancel/": to(NST, REDIRECT),
    }
)
def test_cancelling_answers_as_registering(client, cast, events, url, role, expected):
    for event in events.values():
        RegistrationFactory(event=event, person=cast[role])
    client.force_login(cast[role])
    assert client.post(url_for(url, events)).status_code == expected


@pytest.mark.django_db
@each_role_gets(to(ORGANISERS, REDIRECT))
def test_only_organisers_remove_materials(client, cast, events, role, expected):
    client.force_login(cast[role])
    event = events["all"]
    url = f"/learning/events/{event.pk}/materials/{event.materials.get().pk}/remove/"
    assert client.post(url).status_code == expected
    assert event.materials.exists() is (expected != REDIRECT)


@pytest.mark.django_db
@each_role_gets(everyone(OK))
def test_everyone_who_came_gives_feedback_on_an_event_for_all(client, cast, role, expected):
    ended = timezone.now() - datetime.timedelta(days=1)
    event = EventFactory(starts_at=ended - datetime.timedelta(hours=1), ends_at=ended)
    RegistrationFactory(event=event, person=cast[role], attended=True)
    client.force_login(cast[role])
    assert client.get(f"/learning/events/{event.pk}/feedback/").status_code == expected


@pytest.mark.django_db
def test_a_member_whose_vanguard_left_the_group_no_longer_sees_its_events(
    client, cast, events, vanguard_a
):
    vanguard_a.group_memberships.update(ended_on=timezone.localdate())
    client.force_login(cast["member_a"])
    assert client.get(f"/learning/events/{events['group'].pk}/").status_code == 404
    listed = client.get("/learning/events/").content.decode()
    assert events["group"].title not in listed
    assert events["all"].title in listed

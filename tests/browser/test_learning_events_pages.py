"""The Learning and Change Network's pages in a real browser, as a vanguard SRO and as the
learning team: each passes axe (WCAG 2.2 AA) at desktop width and reflows at 320 CSS pixels;
forms are also scanned with their errors showing. The past event shows an agenda and its
published "what we heard"."""

import datetime

import pytest
from django.utils import timezone

from learning.management.demo_events import seed_network_pages
from learning.models import Event
from learning.services.agenda import agenda_item_add, what_we_heard_publish, what_we_heard_save
from tests.browser.test_pages_accessibility import scan_pages
from tests.browser.test_sro_self_assessment_journey import sign_in
from tests.factories import EventFactory, RegistrationFactory
from vanguards.management.demo import seed_registry
from workwell.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRO = "sro.greater-manchester@example.com"
LEARNING = "learning@example.com"


def seed() -> dict[str, str]:
    users = seed_registry()["users"]
    sro = User.objects.get(email=SRO)
    seed_network_pages(users[LEARNING])
    upcoming = EventFactory(title="Fit notes webinar", capacity=1)
    RegistrationFactory(event=upcoming, person=sro)
    EventFactory(
        title="Network event in Salford",
        kind=Event.Kind.NETWORK_EVENT,
        format=Event.Format.IN_PERSON,
        venue="The Lowry, Pier 8, Salford Quays M50 3AZ",
        joining_link="",
    )
    ended = timezone.now() - datetime.timedelta(days=2)
    past = EventFactory(
        title="Data sharing webinar",
        starts_at=ended - datetime.timedelta(hours=1),
        ends_at=ended,
    )
    RegistrationFactory(event=past, person=sro, attended=True)
    # The past event's agenda and its published "what we heard".
    organiser = users[LEARNING]
    for title, minutes, kind, lead in (
        ("Welcome and introductions, purpose of today", 10, "talk", "Chris Doyle"),
        ("Review our ambitions", 35, "exercise", "Sam Okafor"),
        ("Feedback from the tables", 5, "feedback", "Sam Okafor"),
    ):
        agenda_item_add(
            event=past,
            organiser=organiser,
            data={"title": title, "minutes": minutes, "kind": kind, "lead": lead},
        )
    what_we_heard_save(
        event=past, organiser=organiser, key_points="* **One** definition\n* More peer time"
    )
    what_we_heard_publish(event=past, organiser=organiser)
    return {
        "agenda": f"/learning/events/{past.pk}/agenda/",
        "heard": f"/learning/events/{past.pk}/what-we-heard/",
        "upcoming": f"/learning/events/{upcoming.pk}/",
        "past": f"/learning/events/{past.pk}/",
        "feedback": f"/learning/events/{past.pk}/feedback/",
        "attendance": f"/learning/events/{past.pk}/attendance/",
        "materials": f"/learning/events/{past.pk}/materials/",
        "edit": f"/learning/events/{upcoming.pk}/edit/",
    }


def pages_for(email: str, urls: dict) -> list[tuple[str, str | None]]:
    everyone = [
        ("/learning/", None),
        ("/learning/events/", None),
        ("/learning/events/?when=past", None),
        (urls["upcoming"], None),
        (urls["past"], None),
        ("/learning/events/calendar/", None),
        ("/learning/network/terms-of-reference/", None),
    ]
    own = {
        SRO: [(urls["feedback"], "Send feedback")],
        LEARNING: [
            ("/learning/events/new/", "Save event"),
            (urls["edit"], None),
            (urls["attendance"], None),
            (urls["materials"], "Add material"),
            (urls["agenda"], "Add item"),
            (urls["heard"], None),
            ("/learning/network/model-agenda/edit/", None),
        ],
    }
    return everyone + own[email]


@pytest.mark.parametrize("email", [SRO, LEARNING])
def test_learning_pages_pass_axe_and_reflow(live_server, page, axe, console_errors, email):
    urls = seed()
    sign_in(page, live_server, email)
    scan_pages(page, live_server, axe, pages_for(email, urls), email)
    assert console_errors == []

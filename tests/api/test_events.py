"""/api/v1/events/ and /api/v1/registrations/: the network events each role sees on the events
pages, and places at them: your own, and everyone's for the organisers (the learning team and
admins, as on the attendance lists)."""

import csv
import io

import pytest

from tests.api.conftest import bearer, listed, page_query_counts
from tests.conftest import CAST
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

NST = {"admin_user", "rm", "rm_lead", "learning_user"}
ORGANISERS = {"admin_user", "learning_user"}
REGISTERED = ["member_a", "network_partner", "rm_lead"]


@pytest.fixture
def events(cast):
    """An event for everyone and one for the NST; places for a member, a network partner and
    the RM lead at the first, and a cancelled one for member B."""
    network = EventFactory(title="Fit notes webinar")
    nst = EventFactory(title="NST away day", audience="nst")
    places = {role: RegistrationFactory(event=network, person=cast[role]).pk for role in REGISTERED}
    RegistrationFactory(event=network, person=cast["member_b"], status="cancelled")
    return {"network": network.pk, "nst": nst.pk, "places": places}


@pytest.mark.parametrize("role", CAST)
def test_each_role_gets_the_events_its_pages_show(client, cast, events, secret_for, role):
    secret = secret_for(cast[role])
    expected = {events["network"]} | ({events["nst"]} if role in NST else set())
    assert {row["id"] for row in listed(client, "/api/v1/events/", secret)} == expected
    response = client.get(f"/api/v1/events/{events['nst']}/", **bearer(secret))
    assert response.status_code == (200 if role in NST else 404)
    assert "joining_link" not in response.content.decode()


@pytest.mark.parametrize("role", CAST)
def test_registrations_are_your_own_or_all_for_organisers(client, cast, events, secret_for, role):
    secret = secret_for(cast[role])
    places = events["places"]
    if role in ORGANISERS:
        expected = set(places.values())
    else:
        expected = {places[role]} if role in places else set()
    rows = listed(client, "/api/v1/registrations/", secret)
    assert {row["id"] for row in rows} == expected  # never the cancelled place
    for owner, pk in places.items():
        response = client.get(f"/api/v1/registrations/{pk}/", **bearer(secret))
        assert response.status_code == (200 if pk in expected else 404), owner


def test_filters_and_csv(client, cast, events, secret_for):
    secret = secret_for(cast["learning_user"])
    rows = listed(client, "/api/v1/registrations/", secret, vanguard="alpha")
    assert [row["person"] for row in rows] == [cast["member_a"].full_name]
    assert [row["vanguard"] for row in rows] == ["alpha"]
    assert listed(client, "/api/v1/registrations/", secret, region="london") == []
    assert listed(client, "/api/v1/events/", secret, quarter="2019-20-q1") == []
    response = client.get("/api/v1/events/", {"format": "csv"}, **bearer(secret))
    titles = {row["title"] for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert titles == {"Fit notes webinar", "NST away day"}


@pytest.mark.parametrize("url", ["/api/v1/events/", "/api/v1/registrations/"])
@pytest.mark.parametrize("role", ["learning_user", "member_a"])
def test_queries_do_not_grow_with_the_page(client, cast, events, secret_for, url, role):
    counts = page_query_counts(client, url, secret_for(cast[role]))
    # token and owner; a member's cohort groups (inside the page's query); the page.
    assert counts[0] == counts[1] <= 5

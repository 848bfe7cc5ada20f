"""The vanguard profile's groups, partners, people and last change are kept until a table they
read is written (workwell/kept.py), and shared by everyone who may see the profile. These run
outside a test transaction (`transaction=True`), as requests do: inside one nothing is kept."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from tests.factories import OrganisationFactory, TouchpointFactory, make_member
from vanguards.models import Partnership
from vanguards.selectors.registry import vanguard_profile
from workwell import kept, page_cache

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    """Hold the clock's minute (part of the key), and start with nothing learned or kept."""
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-29 10:00")
    monkeypatch.setattr(kept, "_TABLES_READ", {})
    monkeypatch.setattr(kept, "_IN_PROCESS", kept.OrderedDict())


def test_the_profiles_reads_are_kept_until_its_partners_or_people_change(vanguard_a, rm):
    vanguard_profile(vanguard=vanguard_a)  # learns the tables it reads
    first = vanguard_profile(vanguard=vanguard_a)
    with CaptureQueriesContext(connection) as queries:
        assert vanguard_profile(vanguard=vanguard_a) == first
    assert len(queries) == 1  # the tables' generation, nothing else

    TouchpointFactory(vanguards=[vanguard_a], author=rm)  # a table it does not read
    with CaptureQueriesContext(connection) as queries:
        vanguard_profile(vanguard=vanguard_a)
    assert len(queries) == 1

    partner = OrganisationFactory(name="Northern Council")
    Partnership.objects.create(vanguard=vanguard_a, organisation=partner)
    partnerships = vanguard_profile(vanguard=vanguard_a)["partnerships"]
    assert [p.organisation.name for p in partnerships if p.organisation_id == partner.pk] == [
        "Northern Council"
    ]
    make_member(vanguard_a, full_name="Nadia New")
    people = vanguard_profile(vanguard=vanguard_a)["people"]
    assert "Nadia New" in [person.user.full_name for person in people]


def test_each_vanguard_has_its_own(vanguard_a, vanguard_b):
    make_member(vanguard_a, full_name="Only In Alpha")
    for _ in range(2):
        alpha, beta = vanguard_profile(vanguard=vanguard_a), vanguard_profile(vanguard=vanguard_b)
    assert "Only In Alpha" in [person.user.full_name for person in alpha["people"]]
    assert "Only In Alpha" not in [person.user.full_name for person in beta["people"]]


@override_settings(PAGE_CACHE=False)
def test_the_page_shows_a_new_person_and_a_viewer_who_may_not_see_it_still_gets_404(
    vanguard_a, vanguard_b, rm
):
    member_b = make_member(vanguard_b)
    client = Client()
    client.force_login(rm)
    for _ in range(2):  # learned, then kept
        assert client.get(f"/vanguards/{vanguard_a.slug}/").status_code == 200
    make_member(vanguard_a, full_name="Priya Person")
    assert "Priya Person" in client.get(f"/vanguards/{vanguard_a.slug}/").content.decode()
    client.force_login(member_b)
    assert client.get(f"/vanguards/{vanguard_a.slug}/").status_code == 404

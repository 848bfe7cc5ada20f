"""The vanguard profile's timeline, kept drawn until the tables it reads change
(`presenters.drawn_timeline`, workwell/kept.py): what is written shows up, and two viewers
share a page only when their rules give them the same rows. These run outside a test
transaction (`transaction=True`), as requests do: inside one nothing is kept."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from tests.factories import (
    ActionFactory,
    SupportRequestFactory,
    TouchpointFactory,
    UserFactory,
    make_member,
)
from vanguards.models import Touchpoint
from vanguards.presenters import drawn_timeline
from workwell.models import Role

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("kept_afresh"),
]


def texts(user, vanguard, page=None) -> list[str]:
    drawn = drawn_timeline(user=user, vanguard=vanguard, page=page, today=datetime.date.today())
    return [item["text"] or item["title"] for item in drawn["timeline"]]


def test_what_is_written_shows_up_in_a_kept_timeline(vanguard_a, rm):
    TouchpointFactory(vanguards=[vanguard_a], author=rm, summary="First visit")
    texts(rm, vanguard_a)  # learns the tables it reads
    first = texts(rm, vanguard_a)
    with CaptureQueriesContext(connection) as queries:
        assert texts(rm, vanguard_a) == first == ["First visit"]
    assert len(queries) == 1  # the tables' generation, nothing else

    TouchpointFactory(vanguards=[vanguard_a], author=rm, summary="Second visit")
    assert texts(rm, vanguard_a) == ["Second visit", "First visit"]
    ActionFactory(vanguard=vanguard_a, owner=rm, description="Send the plan")
    assert "Send the plan" in texts(rm, vanguard_a)
    SupportRequestFactory(vanguard=vanguard_a, need="Help with the employer offer")
    assert "Help with the employer offer" in texts(rm, vanguard_a)
    Touchpoint.objects.filter(summary="Second visit").update(summary="Second visit, revised")
    assert "Second visit, revised" in texts(rm, vanguard_a)


def test_viewers_with_different_rights_never_share_a_page(vanguard_a, vanguard_b, rm):
    # The NST see drafts and archived touchpoints; the programme lead and members do not.
    TouchpointFactory(vanguards=[vanguard_a], author=rm, summary="Complete")
    TouchpointFactory(
        vanguards=[vanguard_a], author=rm, summary="Draft", status=Touchpoint.Status.DRAFT
    )
    programme_lead = UserFactory(role=Role.PROGRAMME_LEAD)
    member_a, member_b = make_member(vanguard_a), make_member(vanguard_b)
    seen = {}
    for _ in range(2):  # learned, then kept
        for viewer in (rm, programme_lead, member_a, member_b):
            seen[viewer.pk] = texts(viewer, vanguard_a)
    assert sorted(seen[rm.pk]) == ["Complete", "Draft"]
    assert seen[programme_lead.pk] == seen[member_a.pk] == ["Complete"]
    # The selector is not the profile's gate (the view is), but its rule still holds.
    assert seen[member_b.pk] == []


def test_viewers_with_the_same_rule_share_one_page(vanguard_a, rm, rm_lead):
    TouchpointFactory(vanguards=[vanguard_a], author=rm, summary="Visit")
    texts(rm, vanguard_a)
    texts(rm, vanguard_a)
    with CaptureQueriesContext(connection) as queries:
        assert texts(rm_lead, vanguard_a) == ["Visit"]  # every touchpoint, as for the RM
    assert len(queries) == 1


def test_pages_and_vanguards_are_kept_apart(vanguard_a, vanguard_b, rm):
    today = datetime.date.today()
    for day in range(25):
        TouchpointFactory(
            vanguards=[vanguard_a],
            author=rm,
            date=today - datetime.timedelta(days=day),
            summary=f"Entry {day}",
        )
    for _ in range(2):
        first, second = texts(rm, vanguard_a), texts(rm, vanguard_a, page="2")
        past_the_end = texts(rm, vanguard_a, page="9")
        other = texts(rm, vanguard_b)
    assert first[0] == "Entry 0" and second[0] == "Entry 20" and len(second) == 5
    assert past_the_end == first
    assert other == []


@override_settings(PAGE_CACHE=False)
def test_the_page_shows_a_new_touchpoint(vanguard_a, rm):
    client = Client()
    client.force_login(rm)
    for _ in range(2):  # learned, then kept
        assert (
            "Met the new SRO" not in client.get(f"/vanguards/{vanguard_a.slug}/").content.decode()
        )
    TouchpointFactory(vanguards=[vanguard_a], author=rm, summary="Met the new SRO")
    assert "Met the new SRO" in client.get(f"/vanguards/{vanguard_a.slug}/").content.decode()


def test_each_day_has_its_own(vanguard_a, rm):
    due = datetime.date.today() + datetime.timedelta(days=1)
    ActionFactory(vanguard=vanguard_a, owner=rm, description="Send the plan", due_date=due)

    def tags(today):
        drawn = drawn_timeline(user=rm, vanguard=vanguard_a, page=None, today=today)
        return drawn["timeline"][0]["tags"]

    for _ in range(2):  # learned, then kept
        on_time, late = tags(due), tags(due + datetime.timedelta(days=1))
    assert "Overdue" not in on_time
    assert "Overdue" in late

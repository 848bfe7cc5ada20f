"""Concerns on home pages: overdue ones on the RM lead's (never one about the lead, on nobody
else's, at a query cost that does not grow with the concerns), and a raiser's own open ones
on their to-do list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Concern
from feedback.selectors.concerns import overdue_concerns
from reporting.selectors import home as home_selectors
from tests.factories import make_member

from .conftest import raise_concern

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.localdate() - datetime.timedelta(days=60)


def test_the_rm_lead_sees_overdue_concerns_on_their_home(client, member_a, rm, rm_lead):
    late = raise_concern(member_a, today=LONG_AGO)
    on_time = raise_concern(member_a, today=timezone.localdate())
    client.force_login(rm_lead)
    html = client.get("/").content.decode()
    assert "Overdue concerns" in html
    assert f"/feedback/concerns/{late.pk}/" in html
    assert f"/feedback/concerns/{on_time.pk}/" not in html
    assert "Acknowledgement was due" in html


@pytest.mark.parametrize("role", ["rm", "admin_user", "programme_lead", "member_a"])
def test_no_one_else_gets_the_section(client, cast, role):
    raise_concern(cast["member_a"], today=LONG_AGO)
    client.force_login(cast[role])
    assert "Overdue concerns" not in client.get("/").content.decode()


def test_nothing_overdue_shows_no_section(client, member_a, rm, rm_lead):
    raise_concern(member_a, today=timezone.localdate())
    client.force_login(rm_lead)
    assert "Overdue concerns" not in client.get("/").content.decode()


def test_the_rm_lead_sees_the_most_overdue_concerns_and_how_many_in_all(
    client, member_a, rm, rm_lead, monkeypatch
):
    """Nationally there may be many: the home lists the first few of overdue_concerns (the
    digest's list, in its order), counts them all and links to the whole list."""
    monkeypatch.setattr(home_selectors, "OVERDUE_CONCERNS_SHOWN", 2)
    for days in (60, 50, 40):
        raise_concern(member_a, today=timezone.localdate() - datetime.timedelta(days=days))
    raise_concern(member_a, today=LONG_AGO, kind=Concern.Kind.COMPLAINT, about_rm=rm_lead)
    every = overdue_concerns(user=rm_lead)
    client.force_login(rm_lead)
    html = client.get("/").content.decode()
    block = html.split("Overdue concerns</h2>")[1].split("</table>")[0]
    assert "3 concerns are past their acknowledgement or response date." in block
    assert '?overdue=on">See every overdue concern</a>' in block
    listed = [f"/feedback/concerns/{concern.pk}/" for concern in every]
    assert len(every) == 3
    assert listed[0] in block and listed[1] in block and listed[2] not in block
    assert block.index(listed[0]) < block.index(listed[1])


def test_a_concern_about_the_rm_lead_is_not_on_their_home(client, member_a, rm, rm_lead):
    raise_concern(member_a, today=LONG_AGO, kind=Concern.Kind.COMPLAINT, about_rm=rm_lead)
    client.force_login(rm_lead)
    assert "Overdue concerns" not in client.get("/").content.decode()


def test_the_section_costs_one_query_however_many_concerns(client, vanguard_a, rm, rm_lead):
    client.force_login(rm_lead)
    counts = []
    for more in (1, 20):
        for _ in range(more):
            raise_concern(make_member(vanguard_a), today=LONG_AGO)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        counts.append(len(queries))
        # One query: the overdue concerns with their vanguard, region and handler joined.
        assert sum("feedback_concern" in q["sql"] for q in queries.captured_queries) == 1
    assert counts[0] == counts[1]


def test_the_raisers_home_lists_their_open_concerns(client, member_a, rm, vanguard_a):
    from feedback.services import concerns as services

    waiting = raise_concern(member_a)
    answered = raise_concern(member_a, what_happened="Answered")
    services.concern_acknowledge(concern=answered, by=rm)
    services.concern_start_investigation(concern=answered, by=rm)
    services.concern_respond(concern=answered, by=rm, response="Done.")
    colleagues = raise_concern(make_member(vanguard_a))
    client.force_login(member_a)
    html = client.get("/").content.decode()
    assert "Your concerns" in html
    assert f"Read the response to your concern #{answered.pk}" in html
    assert f"Your concern #{waiting.pk}: quality standard not met" in html
    assert f"#{colleagues.pk}" not in html  # their own, not the vanguard's

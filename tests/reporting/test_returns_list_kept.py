"""The quarterly returns list's vanguards, counts and statuses kept until the tables they read
change (workwell/kept.py), keyed by the rule that lists the viewer's vanguards: worked out
again as soon as a return, a vanguard or the viewer's links to vanguards change, and never
shared between people whose rules list different vanguards. These run outside a test
transaction, as requests do: inside one nothing is kept."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from reporting.models import QuarterlyReturn
from reporting.tables.returns import ReturnTable
from tests.factories import UserFactory
from vanguards.models import CohortGroup, CohortGroupMembership, VanguardMember
from workwell import kept, page_cache
from workwell.models import Role

from .conftest import make_return

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("period"),
]
Status = QuarterlyReturn.Status


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    """Hold the clock's minute (part of the key), and start with nothing learned or kept."""
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-29 10:00")
    monkeypatch.setattr(kept, "_TABLES_READ", {})
    monkeypatch.setattr(kept, "_IN_PROCESS", kept.OrderedDict())


def _rows(client, query: str = "") -> tuple[list[str], int]:
    """The list's rows (each as its text, tags and links) and the request's query count."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/reporting/returns/?quarter=2025-q1" + query)
    assert response.status_code == 200
    html = response.content.decode()
    body = html.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    rows = [" ".join(row.split()) for row in body.split('<tr class="govuk-table__row">')[1:]]
    return rows, len(queries)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@override_settings(PAGE_CACHE=False)
def test_the_list_is_kept_until_what_it_shows_is_written(admin_user, vanguard_a, vanguard_b):
    client = _signed_in(admin_user)
    _rows(client)  # learns what each result reads
    first, worked_out = _rows(client)
    again, shared = _rows(client)
    assert again == first and shared < worked_out
    assert len(first) == 2 and all("Not started" in row for row in first)

    make_return(vanguard_a, Status.SUBMITTED)  # a return
    rows, _ = _rows(client)
    assert "Submitted" in next(row for row in rows if "Alpha" in row)
    assert len(_rows(client, "&status=not_started")[0]) == 1

    vanguard_b.start_date = datetime.date(2025, 7, 1)  # a vanguard: no return due for Q1
    vanguard_b.save()
    rows, _ = _rows(client)
    assert len(rows) == 1 and "Alpha" in rows[0]

    vanguard_a.name = "Renamed Vanguard"
    vanguard_a.save()
    assert "Renamed Vanguard" in _rows(client)[0][0]


@override_settings(PAGE_CACHE=False)
def test_people_whose_rules_list_other_vanguards_never_share_a_list(
    admin_user, member_a, member_b, regional_lead, programme_lead, vanguard_a, vanguard_b
):
    make_return(vanguard_a, Status.IN_PROGRESS)
    make_return(vanguard_b, Status.ACCEPTED)
    seen = {}
    for _ in range(3):  # learning, working out, then kept: each sees their own every time
        for name, user in [
            ("admin", admin_user),
            ("member_a", member_a),
            ("member_b", member_b),
            ("regional_lead", regional_lead),
            ("programme_lead", programme_lead),
        ]:
            rows, _ = _rows(_signed_in(user))
            assert seen.setdefault(name, rows) == rows
    assert [row for row in seen["member_a"]] == [seen["admin"][0]]
    assert "Alpha" in seen["member_a"][0] and "Bravo" in seen["member_b"][0]
    assert len(seen["member_b"]) == 1 and len(seen["regional_lead"]) == 1
    assert "Alpha" in seen["regional_lead"][0]
    # The programme lead lists the same vanguards as the admin, but may not open a draft.
    assert 'href="/reporting/returns/alpha/2025-q1/"' in seen["admin"][0]
    assert "/reporting/returns/alpha/" not in seen["programme_lead"][0]
    assert seen["programme_lead"][1] == seen["admin"][1]


@override_settings(PAGE_CACHE=False)
def test_a_change_to_whose_returns_someone_lists_shows_at_once(
    rm, member_a, vanguard_a, vanguard_b
):
    make_return(vanguard_b, Status.QUERIED)
    rm_client, member_client = _signed_in(rm), _signed_in(member_a)
    for _ in range(3):
        for client in (rm_client, member_client):
            rows, _ = _rows(client)
            assert len(rows) == 1 and "Alpha" in rows[0]
    CohortGroupMembership.objects.filter(vanguard=vanguard_b).update(  # moves to the RM's group
        cohort_group=CohortGroup.objects.get(relationship_manager=rm)
    )
    rows, _ = _rows(rm_client)
    assert len(rows) == 2 and "Returned with a query" in rows[1]
    VanguardMember.objects.filter(user=member_a).update(vanguard=vanguard_b)
    rows, _ = _rows(member_client)
    assert len(rows) == 1 and "Bravo" in rows[0]


@override_settings(PAGE_CACHE=False)
def test_the_page_is_drawn_once_for_everyone_with_the_same_scope(
    admin_user, vanguard_a, vanguard_b, calls_to
):
    drawings = calls_to(ReturnTable, "page_html")
    first, second = _signed_in(admin_user), _signed_in(UserFactory(role=Role.ADMIN))
    for client in (first, first, second, second):  # learned, then kept and drawn, then shared
        rows, _ = _rows(client)
    assert len(drawings) == 2
    assert len(rows) == 2
    _rows(first, "&status=not_started")  # another address: drawn for it
    assert len(drawings) == 3


@override_settings(PAGE_CACHE=False)
def test_the_outstanding_returns_are_those_each_home_chases(rm, rm_lead, vanguard_a, vanguard_b):
    rm_client, lead_client = _signed_in(rm), _signed_in(rm_lead)
    for _ in range(3):
        rows, _ = _rows(rm_client, "&show=outstanding")
        assert len(rows) == 1 and "Alpha" in rows[0]  # the RM's group only
        rows, _ = _rows(lead_client, "&show=outstanding")
        assert len(rows) == 2

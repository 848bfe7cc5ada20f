"""The vanguard profile's timeline, 20 entries to a page with "Show older": pages hold the
right entries across all three kinds, bad page values fall back to the first page, and the
query count is the same for N and 3N entries and on any page."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ActionFactory, SupportRequestFactory, TouchpointFactory
from vanguards.selectors.timeline import TIMELINE_LENGTH, vanguard_timeline

TODAY = datetime.date.today()


def ago(days) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def timeline_html(client, query="") -> str:
    response = client.get(f"/vanguards/alpha/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="timeline"') :]


def summaries(html: str) -> list[str]:
    return re.findall(r"Entry (\d+)\b", html)


@pytest.fixture
def forty_five(rm, vanguard_a):
    """Touchpoints "Entry 0" (today) to "Entry 44" (44 days ago), newest first."""
    for day in range(45):
        TouchpointFactory(author=rm, vanguards=[vanguard_a], date=ago(day), summary=f"Entry {day}")


@pytest.mark.django_db
def test_the_first_page_shows_the_latest_20_and_offers_older(client, rm, forty_five):
    client.force_login(rm)
    html = timeline_html(client)
    assert summaries(html) == [str(day) for day in range(TIMELINE_LENGTH)]
    assert 'href="?page=2#timeline"' in html
    assert "Show older" in html
    assert "Show newer" not in html


@pytest.mark.django_db
def test_older_pages_follow_on_and_the_last_offers_no_more(client, rm, forty_five):
    client.force_login(rm)
    second = timeline_html(client, "?page=2")
    assert summaries(second) == [str(day) for day in range(20, 40)]
    assert 'href="?page=1#timeline"' in second and 'href="?page=3#timeline"' in second
    last = timeline_html(client, "?page=3")
    assert summaries(last) == [str(day) for day in range(40, 45)]
    assert "Show older" not in last
    assert "Show newer" in last


@pytest.mark.django_db
def test_pages_merge_every_kind_in_date_order(client, rm, vanguard_a, member_a):
    # 15 days, each with a touchpoint and an action at it: 30 entries, then one request today.
    for day in range(1, 16):
        touchpoint = TouchpointFactory(
            author=rm, vanguards=[vanguard_a], date=ago(day), summary=f"Touchpoint {day}"
        )
        ActionFactory(
            vanguard=vanguard_a, touchpoint=touchpoint, owner=rm, description=f"Action {day}"
        )
    SupportRequestFactory(vanguard=vanguard_a, raised_by=member_a, need="Newest request")
    client.force_login(rm)
    first, second = timeline_html(client), timeline_html(client, "?page=2")
    assert "Newest request" in first
    # 1 request, then days 1 to 9 in pairs (action made after its touchpoint comes first),
    # then day 10's action: 20 entries.
    assert "Action 10" in first and "Touchpoint 10" not in first
    assert "Touchpoint 10" in second and "Action 10" not in second
    assert "Touchpoint 15" in second


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "", "99999", "2%00", "1e3"])
def test_bad_page_values_show_the_first_page(client, rm, forty_five, page):
    client.force_login(rm)
    html = timeline_html(client, f"?page={page}")
    assert summaries(html)[:1] == ["0"]
    assert "Show newer" not in html


def add_entries(rm, member, vanguard, number: int):
    for day in range(number):
        touchpoint = TouchpointFactory(author=rm, vanguards=[vanguard], date=ago(day))
        ActionFactory(vanguard=vanguard, touchpoint=touchpoint, owner=rm)
        SupportRequestFactory(vanguard=vanguard, raised_by=member)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["", "?page=2"])
def test_timeline_queries_do_not_grow_with_entries(
    client, rm, vanguard_a, member_a, django_assert_max_num_queries, page
):
    client.force_login(rm)
    # session, user; the vanguard; its group memberships, partners, people; the last change
    # (vanguard, partners, memberships); the timeline's page (one UNION of its touchpoints,
    # actions and support requests); whether the RM may log for the vanguard and see its
    # network-partner matches; the partners matched; and reporting's strands and logic model
    budget = 12
    add_entries(rm, member_a, vanguard_a, 10)  # N = 30 entries
    with django_assert_max_num_queries(budget):
        timeline_html(client, page)
    add_entries(rm, member_a, vanguard_a, 20)  # 3N = 90 entries
    with django_assert_max_num_queries(budget):
        html = timeline_html(client, page)
    assert html.count('class="app-timeline__entry"') == TIMELINE_LENGTH


@pytest.mark.django_db
def test_touchpoints_are_read_from_the_vanguards_links_not_by_walking_every_touchpoint(
    rm, vanguard_a, forty_five
):
    """The touchpoints are chosen by `id = ANY(ARRAY(<the vanguard's links>))`: with
    `id IN (<links>)` PostgreSQL may walk every touchpoint from the newest testing each for a
    link (at 200 vanguards, 30-130 ms for one vanguard's page instead of about 1 ms). A plan
    cannot be asserted on a test database's few rows, so the query's shape is. The page's
    touchpoints are picked from those keys first, then read with their authors."""
    with CaptureQueriesContext(connection) as queries:
        vanguard_timeline(user=rm, vanguard=vanguard_a)
    (timeline,) = (query["sql"] for query in queries if "UNION ALL" in query["sql"])
    assert '"vanguards_touchpoint"."id" = ANY(ARRAY(SELECT V0."id"' in timeline
    assert 'V0."id" = ANY(ARRAY(SELECT U0."touchpoint_id"' in timeline
    assert ' IN (SELECT U0."touchpoint_id"' not in timeline

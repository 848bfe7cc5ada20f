"""The vanguard profile's timeline: touchpoints, actions and support requests merged newest
first, the latest 20, visible per role, and a query budget that does not grow."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import ActionFactory, SupportRequestFactory, TouchpointFactory
from vanguards.models import RAG, Action, Touchpoint
from vanguards.selectors.timeline import TIMELINE_LENGTH, vanguard_timeline

TODAY = datetime.date.today()


def ago(days) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def timeline_html(client, slug="alpha") -> str:
    html = client.get(f"/vanguards/{slug}/").content.decode()
    return html[html.index('id="timeline"') :]


def test_timeline_merges_touchpoints_actions_and_support_requests_newest_first(
    client, rm, vanguard_a, member_a
):
    check_in = TouchpointFactory(
        author=rm, vanguards=[vanguard_a], date=ago(10), summary="Talked through referrals"
    )
    action = ActionFactory(
        vanguard=vanguard_a, touchpoint=check_in, description="Send the referral form", owner=rm
    )
    request = SupportRequestFactory(vanguard=vanguard_a, raised_by=member_a, need="Data help")
    TouchpointFactory(author=rm, vanguards=[vanguard_a], date=ago(30), summary="Older visit")

    entries = vanguard_timeline(user=rm, vanguard=vanguard_a)

    assert [(entry.kind, entry.date) for entry in entries] == [
        ("Support request", timezone.localdate(request.raised_at)),
        ("Action", ago(10)),  # on its touchpoint's day, made after it
        ("Touchpoint", ago(10)),
        ("Touchpoint", ago(30)),
    ]
    client.force_login(rm)
    html = timeline_html(client)
    assert f'href="/support-requests/{request.pk}/"' in html
    assert f'href="/touchpoints/{check_in.pk}/"' in html
    assert "Send the referral form" in html
    assert f'href="/actions/{action.pk}/"' in html
    assert "Talked through referrals" in html
    assert (
        html.index("Data help") < html.index("Talked through referrals") < html.index("Older visit")
    )


def test_timeline_shows_the_latest_20(client, rm, vanguard_a):
    for number in range(TIMELINE_LENGTH + 5):
        TouchpointFactory(
            author=rm, vanguards=[vanguard_a], date=ago(number), summary=f"No {number}"
        )
    entries = vanguard_timeline(user=rm, vanguard=vanguard_a)
    assert len(entries) == TIMELINE_LENGTH
    assert [entry.text for entry in entries] == [f"No {n}" for n in range(TIMELINE_LENGTH)]


def test_cohort_sessions_appear_on_each_vanguard_and_say_so(client, rm, vanguard_a, vanguard_b):
    TouchpointFactory(
        author=rm,
        vanguards=[vanguard_a, vanguard_b],
        kind=Touchpoint.Kind.COHORT_SESSION,
        summary="Peer session on employer engagement",
    )
    client.force_login(rm)
    for slug in ("alpha", "bravo"):
        html = timeline_html(client, slug)
        assert "Cohort or peer session" in html
        assert "Peer session on employer engagement" in html
        assert "with 1 other vanguard" in html


def test_timeline_tags_rag_drafts_archived_and_overdue_actions_for_the_nst(client, rm, vanguard_a):
    TouchpointFactory(author=rm, vanguards=[vanguard_a], rag=RAG.RED, rag_reason="SRO left")
    TouchpointFactory(
        author=rm, vanguards=[vanguard_a], status=Touchpoint.Status.DRAFT, completed_at=None
    )
    TouchpointFactory(
        author=rm, vanguards=[vanguard_a], archived_at=timezone.now(), archive_reason="Twice"
    )
    ActionFactory(vanguard=vanguard_a, due_date=ago(2), description="Late action")
    client.force_login(rm)
    html = timeline_html(client)
    for tag in ("Red", "Draft", "Archived", "Overdue"):
        assert re.search(rf'class="govuk-tag[^"]*">\s*{tag}\s*<', html), tag


def test_members_see_neither_drafts_nor_archived_touchpoints(client, rm, vanguard_a, member_a):
    TouchpointFactory(author=rm, vanguards=[vanguard_a], summary="Visible one")
    TouchpointFactory(
        author=rm,
        vanguards=[vanguard_a],
        status=Touchpoint.Status.DRAFT,
        completed_at=None,
        summary="Draft one",
    )
    TouchpointFactory(
        author=rm, vanguards=[vanguard_a], archived_at=timezone.now(), summary="Archived one"
    )
    client.force_login(member_a)
    html = timeline_html(client)
    assert "Visible one" in html
    assert "Draft one" not in html
    assert "Archived one" not in html


def test_empty_timeline_says_so(client, rm, vanguard_a):
    client.force_login(rm)
    assert "No touchpoints, actions or support requests yet." in timeline_html(client)


@pytest.mark.parametrize(
    ("role", "slug", "may_log"),
    [
        ("rm", "alpha", True),  # in the RM's group
        ("rm", "bravo", False),
        ("rm_lead", "bravo", True),
        ("admin_user", "alpha", True),
        ("learning_user", "alpha", False),
        ("programme_lead", "alpha", False),
        ("regional_lead", "alpha", False),
        ("member_a", "alpha", False),
    ],
)
def test_log_a_touchpoint_link_is_prefilled_for_those_who_may_log(
    client, cast, role, slug, may_log
):
    client.force_login(cast[role])
    html = timeline_html(client, slug)
    assert (f'href="/touchpoints/new/?vanguard={slug}"' in html) is may_log


def test_timeline_query_budget_does_not_grow_with_touchpoints(
    client, rm, vanguard_a, member_a, django_assert_max_num_queries
):
    client.force_login(rm)
    for more in (2, 25):
        for day in range(more):
            touchpoint = TouchpointFactory(author=rm, vanguards=[vanguard_a], date=ago(day))
            ActionFactory(vanguard=vanguard_a, touchpoint=touchpoint, owner=rm)
            SupportRequestFactory(vanguard=vanguard_a, raised_by=member_a)
        # 1 session, 2 user, 3 the vanguard (region and lead organisation joined), 4 its
        # cohort-group memberships (group, theme and RM joined), 5 its partners (organisation
        # joined), 6 its people, 7 the newest change to the vanguard, its partners or its group
        # moves and who made it (one UNION of their history, user joined), 8 the timeline
        # page (one UNION of the three kinds: touchpoints with author joined and vanguards
        # counted, actions with owner joined, support requests with offer joined), 9 whether
        # the user may log for the vanguard and see its network-partner matches (one query for
        # both), 10 the network partners matched with it, 11 its delivery strands and 12 the
        # newest logic-model version the user may see (reporting's profile sections).
        with django_assert_max_num_queries(12):
            assert client.get("/vanguards/alpha/").status_code == 200
    assert Action.objects.count() == 27


def test_touchpoints_of_the_same_moment_keep_a_fixed_order(client, rm, vanguard_a):
    # The demo data logs several touchpoints on one day at one time; the page must show them in
    # the same order on every request (oldest record first), not in whatever order the database
    # happens to group them.
    moment = timezone.now().replace(microsecond=0)
    made = [
        TouchpointFactory(author=rm, vanguards=[vanguard_a], date=ago(2), summary=f"Same {n}")
        for n in range(4)
    ]
    Touchpoint.objects.filter(pk__in=[t.pk for t in made]).update(created_at=moment)
    client.force_login(rm)
    shown = re.findall(r"Same (\d)", timeline_html(client))
    assert shown == ["0", "1", "2", "3"]

"""Overdue and at-risk plan activities on the member's and the RM's home, and the "delivery
plan" measure with its RAG on the dashboards."""

import datetime

import pytest
from django.utils import timezone

from plans.models import Activity
from reporting import rag
from reporting.selectors import home as home_selectors
from reporting.selectors.dashboard import dashboard_figures
from tests.factories import VanguardFactory, make_plan_activity
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db
S, T = Activity.Status, Activity.Timeline


def _month_ago(months: int) -> datetime.date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def alpha_plan(vanguard_a):
    return {
        "overdue": make_plan_activity(
            vanguard_a, description="Recruit the advisers", target_date=_month_ago(2)
        ),
        "at_risk": make_plan_activity(
            vanguard_a,
            description="Agree the GP pathway",
            target_date=_month_ago(-3),
            status=S.AT_RISK,
        ),
        "done": make_plan_activity(
            vanguard_a, description="Publish the offer", target_date=_month_ago(3), status=S.DONE
        ),
        "waiting": make_plan_activity(
            vanguard_a,
            description="Share the learning",
            timeline=T.CONDITION,
            target_date=None,
            condition="When 100 have finished",
        ),
    }


def test_the_members_home_lists_overdue_and_at_risk_activities(client, member_a, alpha_plan):
    client.force_login(member_a)
    html = client.get("/").content.decode()
    section = html.split("Delivery plan</h3>")[1].split("</ul>")[0]
    assert "Activity 1.1: Recruit the advisers" in section
    assert "Activity 1.2: Agree the GP pathway" in section
    assert "Publish the offer" not in section
    assert "Share the learning" not in section
    assert f"#activity-{alpha_plan['overdue'].pk}" in section
    assert "Overdue" in section  # the task's status tag


def test_a_member_with_nothing_overdue_has_no_plan_section(client, member_a, vanguard_a):
    make_plan_activity(vanguard_a, target_date=_month_ago(-2))
    client.force_login(member_a)
    assert "Delivery plan</h3>" not in client.get("/").content.decode()


def test_the_rms_home_lists_their_groups_plans_needing_attention(
    client, rm, alpha_plan, vanguard_b
):
    make_plan_activity(vanguard_b, target_date=_month_ago(2))  # not the RM's group
    client.force_login(rm)
    html = client.get("/").content.decode()
    block = html.split('<h2 class="govuk-heading-l">Delivery plans</h2>')[1].split("</table>")[0]
    assert "Alpha Vanguard" in block
    assert "Bravo Vanguard" not in block
    assert "1.1, 1.2" in block


def test_the_rm_lead_sees_every_vanguards_plan(client, rm_lead, alpha_plan, vanguard_b):
    make_plan_activity(vanguard_b, target_date=_month_ago(2))
    client.force_login(rm_lead)
    block = client.get("/").content.decode().split("Delivery plans</h2>")[1]
    assert "Alpha Vanguard" in block and "Bravo Vanguard" in block


def test_the_rm_lead_sees_a_page_of_the_plans_at_a_time(client, rm_lead, monkeypatch):
    """Nationally a hundred plans and more need attention: the home lists a page of them,
    worst first, counts them all, and pages on with its own page number (the overdue
    contacts' pagination on the same page keeps `page`)."""
    monkeypatch.setattr(home_selectors, "PLANS_PAGE_SIZE", 2)
    for count in (3, 2, 1):
        vanguard = VanguardFactory(name=f"Vanguard with {count} overdue")
        for _ in range(count):
            make_plan_activity(vanguard, target_date=_month_ago(2))
    client.force_login(rm_lead)

    def block(address):
        html = client.get(address).content.decode()
        return html.split("Delivery plans</h2>")[1].split('<h2 class="govuk-heading-l">')[0]

    first, second = block("/"), block("/?plans_page=2&page=1")
    assert "3 of your vanguards’ delivery plans have" in first
    assert first.count('<tr class="govuk-table__row">') == 1 + 2
    assert first.index("with 3 overdue") < first.index("with 2 overdue")
    assert "with 1 overdue" not in first
    assert (
        "plans_page=2" in first and 'aria-label="Delivery plans needing attention pages"' in first
    )
    assert "3 of your vanguards’ delivery plans have" in second
    assert "with 1 overdue" in second and "with 3 overdue" not in second
    assert 'href="?plans_page=1&amp;page=1"' in second  # the other page number kept
    # A page past the last, or before the first, shows the last (as the list pages' do); one
    # that is not a number, the first.
    for past in ("9", "-1", "0", "10000000000000000000"):
        assert "with 1 overdue" in block(f"/?plans_page={past}"), past
    assert "with 3 overdue" in block("/?plans_page=x")


@pytest.mark.parametrize(
    ("activities", "overdue", "at_risk", "rating"),
    [
        (0, 0, 0, rag.NO_DATA),
        (5, 0, 0, rag.GREEN),
        (5, 0, 1, rag.AMBER),
        (5, 1, 0, rag.AMBER),
        (5, 2, 0, rag.RED),
    ],
)
def test_delivery_plan_rag_thresholds(activities, overdue, at_risk, rating):
    row = {"plan_activities": activities, "plan_overdue": overdue, "plan_at_risk": at_risk}
    assert rag.delivery_plan(row) == rating


def test_a_snapshot_from_before_plans_is_not_rated():
    assert rag.delivery_plan({}) == rag.NO_DATA


def test_dashboard_figures_count_each_vanguards_plan(alpha_plan, vanguard_b):
    figures = dashboard_figures(Quarter.containing(timezone.localdate()))
    alpha, bravo = figures["vanguards"]["alpha"], figures["vanguards"]["bravo"]
    assert (alpha["plan_activities"], alpha["plan_overdue"], alpha["plan_at_risk"]) == (4, 1, 1)
    assert rag.ratings(alpha)["plan"] == rag.AMBER
    assert bravo["plan_activities"] == 0
    assert rag.ratings(bravo)["plan"] == rag.NO_DATA


def test_the_vanguard_dashboard_shows_the_rating_and_its_threshold(
    client, programme_lead, alpha_plan
):
    client.force_login(programme_lead)
    html = client.get("/reporting/vanguards/alpha/").content.decode()
    # Judged at the end of the last closed quarter: the counts depend on the day, the total not.
    assert "at risk of 4 activities" in html
    assert "Red when 2 or more of the plan" in html  # the threshold, documented on the page


def test_the_rm_home_budget_does_not_grow_with_plan_activities(
    client, rm, vanguard_a, django_assert_max_num_queries
):
    client.force_login(rm)
    for count in (1, 12):
        while Activity.objects.count() < count:
            make_plan_activity(vanguard_a, target_date=_month_ago(2))
        # 1 session, 2 user, 3 programme settings, 4 the RM's vanguards with their cadence
        # (the status tiles count them), 5 return periods, 6 the vanguards chased, 7 their
        # returns, 8 a page of the plans with activities overdue or at risk, counted (the
        # RM's vanguards by id, vanguard joined).
        with django_assert_max_num_queries(8):
            html = client.get("/").content.decode()
        assert "Alpha Vanguard" in html.split("Delivery plans</h2>")[1]


def test_the_member_home_budget_does_not_grow_with_plan_activities(
    client, member_a, vanguard_a, django_assert_max_num_queries
):
    client.force_login(member_a)
    for count in (1, 12):
        while Activity.objects.count() < count:
            make_plan_activity(vanguard_a, target_date=_month_ago(2))
        # As tests/reporting/test_member_home.py counts them (11 with no return due: the
        # periods only), the plan's tasks one query.
        with django_assert_max_num_queries(11):
            html = client.get("/").content.decode()
        assert html.count("Due by") == count


@pytest.fixture
def programme_milestones(db):
    return {
        "overdue": make_plan_activity(
            None,
            theme_title="Implementation and delivery",
            description="Run the first cohort",
            target_date=_month_ago(2),
        ),
        "at_risk": make_plan_activity(
            None,
            theme_title="Implementation and delivery",
            description="Open the peer exchange",
            target_date=_month_ago(-3),
            status=S.AT_RISK,
        ),
        "on_track": make_plan_activity(
            None,
            theme_title="Implementation and delivery",
            description="Agree the offer",
            target_date=_month_ago(-3),
        ),
    }


@pytest.mark.parametrize("keeper", ["admin_user", "learning_user"])
def test_those_who_keep_the_programme_plan_see_its_milestones_overdue_or_at_risk(
    client, request, keeper, programme_milestones
):
    client.force_login(request.getfixturevalue(keeper))
    html = client.get("/").content.decode()
    section = html.split("Programme plan</h2>")[1].split("</ul>")[0]
    assert "2 programme plan milestones are overdue or at risk" in section
    theme = programme_milestones["overdue"].theme.position
    assert f"Milestone {theme}.1: Run the first cohort" in section
    assert f"Milestone {theme}.2: Open the peer exchange" in section
    assert "Agree the offer" not in section
    assert f"/plans/programme/#activity-{programme_milestones['overdue'].pk}" in section


@pytest.mark.parametrize("other", ["rm", "programme_lead"])
def test_others_are_not_given_the_programme_plan_as_tasks(
    client, request, other, programme_milestones
):
    client.force_login(request.getfixturevalue(other))
    assert "Programme plan</h2>" not in client.get("/").content.decode()

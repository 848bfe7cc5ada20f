"""A vanguard member's home at /: their to-do list in the GOV.UK task-list pattern."""

import datetime
import re

import pytest
from django.utils import timezone

from maturity.models import SelfAssessment
from reporting.models import ReturnPeriod
from tests.factories import (
    ActionFactory,
    AssessmentCycleFactory,
    SupportOfferFactory,
    SupportRequestFactory,
    make_assessment,
    make_framework,
)
from vanguards.models import Action, SupportRequest
from workwell.dates import Quarter

TODAY = timezone.localdate()


def task(html: str, title: str) -> str:
    """The task list item whose title is `title`, or "" when there is none."""
    for item in re.findall(r'<li class="govuk-task-list__item.*?</li>', html, re.S):
        if title in item:
            return item
    return ""


def open_cycle(**dates):
    dates.setdefault("opens_on", TODAY - datetime.timedelta(days=5))
    dates.setdefault("closes_on", TODAY + datetime.timedelta(days=20))
    return AssessmentCycleFactory(name="Spring 2026", framework=make_framework(2), **dates)


@pytest.fixture
def home(client, member_a):
    def get():
        client.force_login(member_a)
        response = client.get("/")
        assert response.status_code == 200
        return response.content.decode()

    return get


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "revision", "closes_in", "title", "shown_status"),
    [
        ("draft", 0, 20, "Complete your self-assessment: Spring 2026", "Not started"),
        ("draft", 3, 20, "Complete your self-assessment: Spring 2026", "In progress"),
        ("draft", 3, -1, "Complete your self-assessment: Spring 2026", "Overdue"),
        ("submitted", 4, 20, "See your self-assessment moderated: Spring 2026", "Waiting for"),
        ("agreed", 5, 20, "See your agreed self-assessment: Spring 2026", "Completed"),
    ],
)
def test_the_self_assessment_is_a_task_with_its_status(
    home, vanguard_a, status, revision, closes_in, title, shown_status
):
    cycle = open_cycle(closes_on=TODAY + datetime.timedelta(days=closes_in))
    assessment = make_assessment(vanguard_a, cycle, [None, None], status=status)
    SelfAssessment.objects.filter(pk=assessment.pk).update(revision=revision)
    item = task(home(), title)
    assert f'href="/maturity/assessments/{assessment.pk}/"' in item
    assert shown_status in item


@pytest.mark.django_db
def test_the_newest_opened_cycle_is_the_one_shown(home, vanguard_a):
    older = open_cycle(
        opens_on=TODAY - datetime.timedelta(days=200),
        closes_on=TODAY - datetime.timedelta(days=150),
    )
    older.name = "Autumn 2025"
    older.save()
    make_assessment(vanguard_a, older, [3, 3])
    future = AssessmentCycleFactory(
        name="Summer 2026", framework=older.framework, opens_on=TODAY + datetime.timedelta(days=10)
    )
    make_assessment(vanguard_a, future, [None, None], status="draft")
    html = home()
    assert task(html, "See your agreed self-assessment: Autumn 2025")
    assert "Summer 2026" not in html


@pytest.mark.django_db
def test_delivered_support_waiting_for_a_rating_links_to_the_rating(home, vanguard_a, vanguard_b):
    offer = SupportOfferFactory(title="Outcomes framework coaching")
    waiting = SupportRequestFactory(
        vanguard=vanguard_a, offer=offer, status=SupportRequest.Status.DELIVERED
    )
    SupportRequestFactory(
        vanguard=vanguard_a,
        offer=SupportOfferFactory(title="Rated already"),
        status=SupportRequest.Status.DELIVERED,
        rating=4,
    )
    SupportRequestFactory(
        vanguard=vanguard_a,
        offer=SupportOfferFactory(title="Still in progress"),
        status=SupportRequest.Status.IN_PROGRESS,
    )
    SupportRequestFactory(
        vanguard=vanguard_b,
        offer=SupportOfferFactory(title="Bravo's support"),
        status=SupportRequest.Status.DELIVERED,
    )
    html = home()
    item = task(html, "Outcomes framework coaching")
    assert f'href="/support-requests/{waiting.pk}/rate/"' in item
    assert "Not started" in item
    assert "Rated already" not in html
    assert "Still in progress" not in html
    assert "Bravo&#x27;s support" not in html and "Bravo's support" not in html


@pytest.mark.django_db
def test_the_members_own_open_actions_with_overdue_flagged(home, member_a, vanguard_a, rm):
    late = ActionFactory(
        vanguard=vanguard_a,
        owner=member_a,
        description="Send the referral figures",
        due_date=TODAY - datetime.timedelta(days=2),
    )
    upcoming = ActionFactory(
        vanguard=vanguard_a,
        owner=member_a,
        description="Book the board slot",
        due_date=TODAY + datetime.timedelta(days=9),
    )
    ActionFactory(vanguard=vanguard_a, owner=rm, description="RM sends the toolkit")
    ActionFactory(
        vanguard=vanguard_a,
        owner=member_a,
        description="Done already",
        status=Action.Status.DONE,
        closed_at=timezone.now(),
        closed_by=member_a,
    )
    html = home()
    assert f'href="/actions/{late.pk}/"' in task(html, "Send the referral figures")
    assert "Overdue" in task(html, "Send the referral figures")
    assert "Not started" in task(html, "Book the board slot")
    assert f'href="/actions/{upcoming.pk}/"' in task(html, "Book the board slot")
    # The NST's own follow-ups are theirs to do, not the member's.
    assert "RM sends the toolkit" not in html
    assert "Done already" not in html
    assert "You have 2 things to do." in html


@pytest.mark.django_db
def test_nothing_to_do_says_so(home):
    html = home()
    assert "govuk-task-list" not in html
    assert "You have nothing to do right now." in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["rm", "programme_lead", "admin_user"])
def test_other_roles_get_no_task_list(client, cast, role):
    client.force_login(cast[role])
    assert "Your to-do list" not in client.get("/").content.decode()


def add_work(vanguard, member, n: int):
    cycle = AssessmentCycleFactory(
        framework=make_framework(2), opens_on=TODAY - datetime.timedelta(days=n)
    )
    make_assessment(vanguard, cycle, [None, None], status="draft")
    for _ in range(n):
        SupportRequestFactory(
            vanguard=vanguard, offer=SupportOfferFactory(), status=SupportRequest.Status.DELIVERED
        )
        ActionFactory(vanguard=vanguard, owner=member)


def returns_due(quarters: int) -> None:
    """The latest ended quarter's return due in 30 days and `quarters` - 1 earlier quarters'
    overdue: one outstanding return each (the vanguard delivers from April 2025)."""
    quarter = Quarter.containing(timezone.localdate()).previous()
    for _ in range(quarters):
        if not ReturnPeriod.objects.filter(year=quarter.year, number=quarter.number).exists():
            ReturnPeriod.objects.create(
                year=quarter.year,
                number=quarter.number,
                due_on=quarter.end + datetime.timedelta(days=30),
            )
        quarter = quarter.previous()


@pytest.mark.django_db
def test_member_home_query_budget_does_not_grow_with_tasks(
    client, member_a, vanguard_a, django_assert_max_num_queries
):
    client.force_login(member_a)
    add_work(vanguard_a, member_a, 2)
    returns_due(1)
    # session, user, the member's vanguard link (with the vanguard, for the navigation's
    # link to it; its returns are asked about that vanguard), the vanguard (joined; the status
    # tiles count it), the chased quarters' periods, its returns' statuses in those quarters,
    # the delivery plan's activities (overdue or at risk), and in one statement the
    # self-assessments with their cycles, delivered support to rate with offers, the member's
    # open actions, the open pulse survey with their answer and their open concerns. (Inside
    # a test's transaction nothing is kept: tests/reporting/test_home_kept.py.)
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200
    add_work(vanguard_a, member_a, 6)
    returns_due(5)  # four more quarters, each with an overdue return
    with django_assert_max_num_queries(8):
        html = client.get("/").content.decode()
    assert html.count('<li class="govuk-task-list__item') == 5 + 1 + 8 + 8

"""The staff homes' blocks kept until the tables they read change (workwell/kept.py): an RM's
vanguards with their contact cadence, the outstanding returns and the delivery plans needing
attention are shared between requests (fewer queries once kept), and each is worked out
again as soon as something it shows is written. These run outside a test transaction, as
requests do: inside one nothing is kept."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from reporting.models import QuarterlyReturn, ReturnPeriod
from reporting.selectors.home import dashboard_headline_figures
from tests.factories import ActionFactory, TouchpointFactory, make_member, make_plan_activity
from workwell import kept, page_cache
from workwell.dates import Quarter

from .dashboard_data import report

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TODAY = timezone.localdate()
ENDED = Quarter.containing(TODAY).previous()


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    """Hold the clock's minute (part of the key), and start with nothing learned or kept."""
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-29 10:00")
    monkeypatch.setattr(kept, "_TABLES_READ", {})
    monkeypatch.setattr(kept, "_IN_PROCESS", kept.OrderedDict())


def _home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.context, len(queries)


@override_settings(PAGE_CACHE=False)
@pytest.mark.parametrize("role", ["rm", "rm_lead", "admin_user"])
def test_the_homes_blocks_are_kept_until_what_they_show_is_written(request, role, vanguard_a, rm):
    user = request.getfixturevalue(role)
    ReturnPeriod.objects.create(
        year=ENDED.year, number=ENDED.number, due_on=TODAY - datetime.timedelta(days=1)
    )
    client = Client()
    client.force_login(user)
    _home(client)  # learns what each block reads
    _, worked_out = _home(client)
    context, shared = _home(client)
    assert shared < worked_out
    assert context["outstanding_returns"].total == 1

    QuarterlyReturn.objects.create(
        vanguard=vanguard_a,
        year=ENDED.year,
        number=ENDED.number,
        status=QuarterlyReturn.Status.SUBMITTED,
    )
    context, _ = _home(client)
    assert context["outstanding_returns"].total == 0
    assert context["outstanding_returns"].received == 1

    if role == "admin_user":
        return  # the admin's home shows neither the cadence nor the delivery plans
    assert context["plan_attention"].total == 0
    make_plan_activity(vanguard_a, target_date=TODAY - datetime.timedelta(days=60))
    context, _ = _home(client)
    assert context["plan_attention"].total == 1

    assert context["overdue_count"] == 1  # never contacted
    TouchpointFactory(vanguards=[vanguard_a], author=rm, date=TODAY)
    context, _ = _home(client)
    assert context["overdue_count"] == 0


@override_settings(PAGE_CACHE=False)
def test_a_partners_newest_lessons_are_kept_until_a_lesson_is_written(network_partner):
    from learning.models import Lesson
    from tests.factories import LessonFactory

    LessonFactory(title="Huddles work", status=Lesson.Status.PUBLISHED)
    client = Client()
    client.force_login(network_partner)
    _home(client)  # learns what the lessons read
    _, worked_out = _home(client)
    context, shared = _home(client)
    assert shared < worked_out
    assert [lesson.title for lesson in context["lessons"]] == ["Huddles work"]

    draft = LessonFactory(title="Not yet")
    context, _ = _home(client)
    assert [lesson.title for lesson in context["lessons"]] == ["Huddles work"]
    draft.status, draft.published_at = Lesson.Status.PUBLISHED, timezone.now()
    draft.save()
    context, _ = _home(client)
    assert [lesson.title for lesson in context["lessons"]] == ["Not yet", "Huddles work"]


def _task_titles(member, heading: str) -> list[str]:
    """The titles of the tasks under `heading` on the member's home."""
    client = Client()
    client.force_login(member)
    context, _ = _home(client)
    sections = {section.heading: section for section in context["task_sections"]}
    found = sections.get(heading)
    return [task.title for task in found.tasks] if found else []


@override_settings(PAGE_CACHE=False)
def test_a_members_plan_tasks_are_kept_for_their_vanguard_until_its_plan_changes(
    member_a, member_b, vanguard_a, vanguard_b
):
    def plan_titles(member):
        return _task_titles(member, "Delivery plan")

    make_plan_activity(vanguard_a, target_date=TODAY - datetime.timedelta(days=60))
    for _ in range(3):  # learnt, then kept
        assert len(plan_titles(member_a)) == 1
    assert plan_titles(member_b) == []  # Bravo's plan: never Alpha's kept tasks

    make_plan_activity(vanguard_a, target_date=TODAY - datetime.timedelta(days=30))
    assert len(plan_titles(member_a)) == 2
    make_plan_activity(vanguard_b, target_date=TODAY - datetime.timedelta(days=30))
    assert len(plan_titles(member_b)) == 1
    assert len(plan_titles(member_a)) == 2


@override_settings(PAGE_CACHE=False)
def test_a_members_returns_are_kept_for_their_vanguard_until_a_return_is_written(
    member_a, member_b, vanguard_a, vanguard_b
):
    """Kept with the plan's tasks (one result for the vanguard and the day); the member's own
    rows (actions, concerns, the survey) are kept apart (test below)."""

    def return_titles(member):
        return _task_titles(member, "Quarterly returns")

    ReturnPeriod.objects.create(
        year=ENDED.year, number=ENDED.number, due_on=TODAY - datetime.timedelta(days=1)
    )
    wanted = [f"Complete your quarterly return: {ENDED}"]
    for _ in range(3):  # learnt, then kept
        assert return_titles(member_a) == wanted
    QuarterlyReturn.objects.create(
        vanguard=vanguard_b, year=ENDED.year, number=ENDED.number, status="submitted"
    )
    assert return_titles(member_b) == []  # Bravo's returns: never Alpha's kept tasks
    assert return_titles(member_a) == wanted
    QuarterlyReturn.objects.create(
        vanguard=vanguard_a, year=ENDED.year, number=ENDED.number, status="submitted"
    )
    assert return_titles(member_a) == []


@override_settings(PAGE_CACHE=False)
def test_a_members_own_rows_are_kept_for_them_until_an_action_is_written(member_a, vanguard_a):
    """The member's own rows (home.member_rows): kept under their statement and parameters,
    which hold the member and their vanguard, so never another's, and read again once an
    action is written."""
    other = make_member(vanguard_a, full_name="Other Member")
    ActionFactory(vanguard=vanguard_a, owner=member_a, description="Send the data")
    for _ in range(3):  # learnt, then kept
        assert _task_titles(member_a, "Your actions") == ["Send the data"]
    assert _task_titles(other, "Your actions") == []
    ActionFactory(vanguard=vanguard_a, owner=member_a, description="Book the workshop")
    assert sorted(_task_titles(member_a, "Your actions")) == ["Book the workshop", "Send the data"]


def test_the_headline_figures_are_kept_until_a_return_changes(vanguard_a, vanguard_b):
    """reporting.selectors.home.dashboard_headline_figures: the national totals the leads'
    and admins' homes open with, summed once and kept until what they read changes."""
    report(vanguard_a, ENDED, starts=40, in_work=30, spend=1000)
    assert dashboard_headline_figures()["totals"]["starts_to_date"] == 40  # learnt
    assert dashboard_headline_figures()["totals"]["starts_to_date"] == 40
    with CaptureQueriesContext(connection) as queries:
        assert dashboard_headline_figures()["totals"]["starts_to_date"] == 40
    assert len(queries) == 1  # the tables' generation
    report(vanguard_b, ENDED, starts=20, in_work=5, spend=500)
    assert dashboard_headline_figures()["totals"]["starts_to_date"] == 60

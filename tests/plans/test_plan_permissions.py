"""Who may open, change and comment on an activity of a vanguard's plan and of the programme
plan (the record routes of tests/vanguards/test_permission_matrix.py)."""

import pytest

from plans.models import Activity, PlanComment
from tests.factories import make_plan_activity
from tests.roles import NOT_FOUND, OK, REDIRECT, each_role_gets

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha_activity(vanguard_a):
    return make_plan_activity(vanguard_a)


@pytest.fixture
def milestone(db):
    return make_plan_activity(None, theme_title="Learning and dissemination")


PAGES = [
    "activities/{activity}/",
    "activities/{activity}/status/",
    "activities/{activity}/remove/",
    "themes/{theme}/",
    "themes/{theme}/remove/",
]


def _page(page, activity):
    return page.format(activity=activity.pk, theme=activity.theme_id)


@each_role_gets({"member_a": OK})
@pytest.mark.parametrize("page", PAGES)
def test_only_the_vanguards_members_change_its_activities_and_themes(
    client, cast, alpha_activity, page, role, expected
):
    client.force_login(cast[role])
    url = f"/plans/vanguards/alpha/{_page(page, alpha_activity)}"
    assert client.get(url).status_code == expected


@each_role_gets({"admin_user": OK, "learning_user": OK})
@pytest.mark.parametrize("page", PAGES)
def test_admins_and_the_learning_team_keep_the_programme_plan(
    client, cast, milestone, page, role, expected
):
    client.force_login(cast[role])
    assert client.get(f"/plans/programme/{_page(page, milestone)}").status_code == expected


@pytest.mark.parametrize("page", PAGES)
def test_a_theme_or_activity_is_not_reached_through_another_vanguards_plan(
    client, member_b, vanguard_b, alpha_activity, page
):
    client.force_login(member_b)
    url = f"/plans/vanguards/bravo/{_page(page, alpha_activity)}"
    assert client.get(url).status_code == NOT_FOUND


@each_role_gets({"member_a": REDIRECT})
def test_a_status_change_is_saved_only_by_the_vanguards_members(
    client, cast, alpha_activity, role, expected
):
    client.force_login(cast[role])
    response = client.post(
        f"/plans/vanguards/alpha/activities/{alpha_activity.pk}/status/", {"status": "at_risk"}
    )
    assert response.status_code == expected
    alpha_activity.refresh_from_db()
    assert (alpha_activity.status == Activity.Status.AT_RISK) is (expected == REDIRECT)


def test_an_activity_is_not_reached_through_another_vanguards_plan(
    client, member_b, vanguard_a, vanguard_b, alpha_activity
):
    client.force_login(member_b)
    url = f"/plans/vanguards/bravo/activities/{alpha_activity.pk}/"
    assert client.get(url).status_code == NOT_FOUND


@each_role_gets({"admin_user": REDIRECT, "rm": REDIRECT, "rm_lead": REDIRECT, "member_a": REDIRECT})
def test_the_vanguards_rm_the_rm_lead_admins_and_its_members_comment(client, cast, role, expected):
    client.force_login(cast[role])
    response = client.post("/plans/vanguards/alpha/comments/", {"text": "Looks good"})
    assert response.status_code == expected
    assert PlanComment.objects.filter(text="Looks good").exists() is (expected == REDIRECT)


def test_an_upload_preview_belongs_to_the_session_that_made_it(client, member_a, vanguard_b):
    client.force_login(member_a)
    assert client.get("/plans/vanguards/alpha/upload/not-a-token/").status_code == NOT_FOUND
    session = client.session
    session["plan_uploads"] = {"tok": {"plan": 999999, "name": "x.xlsx", "data": {}}}
    session.save()
    # A token for another plan is not this plan's preview.
    assert client.get("/plans/vanguards/alpha/upload/tok/").status_code == NOT_FOUND

"""Members put their plan's structure right: rename a theme, remove a mistaken activity or an
empty theme after confirming, each kept in history; what has a past is dropped instead."""

import pytest

from plans.models import Activity, Theme
from tests.factories import make_plan_activity

pytestmark = pytest.mark.django_db
PLAN = "/plans/vanguards/alpha/"
S = Activity.Status


def test_a_member_renames_a_theme_and_the_history_says_so(client, member_a, vanguard_a):
    theme = make_plan_activity(vanguard_a, theme_title="Provder development").theme
    client.force_login(member_a)
    assert f"{PLAN}themes/{theme.pk}/" in client.get(PLAN).content.decode()
    response = client.post(f"{PLAN}themes/{theme.pk}/", {"title": "Provider development"})
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.title == "Provider development"
    history = client.get(f"{PLAN}history/").content.decode()
    assert "title: “Provder development” → “Provider development”" in history
    assert theme.history.first().history_user == member_a


def test_a_blank_title_is_refused(client, member_a, vanguard_a):
    theme = make_plan_activity(vanguard_a).theme
    client.force_login(member_a)
    response = client.post(f"{PLAN}themes/{theme.pk}/", {"title": " "})
    assert "Enter the theme’s title" in response.content.decode()


def test_a_mistaken_activity_is_removed_after_confirming_and_kept_in_history(
    client, member_a, vanguard_a
):
    activity = make_plan_activity(vanguard_a, description="Typed by mistake")
    client.force_login(member_a)
    url = f"{PLAN}activities/{activity.pk}/remove/"
    page = client.get(url).content.decode()
    assert "Remove activity 1.1?" in page and "Yes, remove it" in page
    assert Activity.objects.filter(pk=activity.pk).exists()  # nothing happens on GET
    assert client.post(url).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    history = client.get(f"{PLAN}history/").content.decode()
    row = history.split("Removed activity 1.1")[1].split("</tr>")[0]
    assert "Typed by mistake" in row
    assert Activity.history.filter(id=activity.pk, history_type="-").get().history_user == member_a


@pytest.mark.parametrize("past", ["started", "commented"])
def test_an_activity_with_a_past_is_dropped_not_removed(client, member_a, rm, vanguard_a, past):
    activity = make_plan_activity(vanguard_a)
    if past == "started":
        client.force_login(member_a)
        url = f"{PLAN}activities/{activity.pk}/status/"
        client.post(url, {"status": S.IN_PROGRESS})
        client.post(url, {"status": S.NOT_STARTED})  # back, but it was started once
    else:
        client.force_login(rm)
        client.post(f"{PLAN}comments/", {"text": "Why this?", "activity": activity.pk})
    client.force_login(member_a)
    url = f"{PLAN}activities/{activity.pk}/remove/"
    page = client.get(url).content.decode()
    assert "drop it instead" in page and "Yes, remove it" not in page
    response = client.post(url)  # a forged confirmation
    assert "drop it instead" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_only_an_empty_theme_is_removed(client, member_a, vanguard_a):
    activity = make_plan_activity(vanguard_a)
    empty = Theme.objects.create(plan=activity.theme.plan, position=2, title="Spare")
    client.force_login(member_a)
    plan_page = client.get(PLAN).content.decode()
    assert f"{PLAN}themes/{empty.pk}/remove/" in plan_page
    assert f"{PLAN}themes/{activity.theme_id}/remove/" not in plan_page
    response = client.post(f"{PLAN}themes/{activity.theme_id}/remove/")
    assert "Remove or move this theme’s activities" in response.content.decode()
    assert client.post(f"{PLAN}themes/{empty.pk}/remove/").status_code == 302
    assert list(Theme.objects.values_list("title", flat=True)) == ["Provider development"]
    assert "Removed theme 2" in client.get(f"{PLAN}history/").content.decode()


def test_theme_titles_are_told_apart_whatever_their_case(client, member_a, vanguard_a):
    theme = make_plan_activity(vanguard_a, theme_title="Provider development").theme
    other = Theme.objects.create(plan=theme.plan, position=2, title="Learning")
    client.force_login(member_a)
    response = client.post(f"{PLAN}themes/new/", {"title": "provider development"})
    assert "The plan already has a theme called “provider development”" in response.content.decode()
    response = client.post(f"{PLAN}themes/{other.pk}/", {"title": "PROVIDER DEVELOPMENT"})
    assert "The plan already has a theme called" in response.content.decode()
    assert list(Theme.objects.values_list("title", flat=True)) == [
        "Provider development",
        "Learning",
    ]

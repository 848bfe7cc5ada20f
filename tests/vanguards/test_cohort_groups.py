"""Admins keep cohort groups in the portal: the list with each group's current vanguards, and
adding and editing a group (name, short name, theme, focus and its relationship manager), with
who changed what kept in the group's history."""

import csv
import io

import pytest

from tests.factories import CohortGroupFactory, UserFactory, VanguardFactory, join_group
from tests.pages import page_text, rows_of
from tests.roles import OK, REDIRECT, each_role_gets, everyone
from vanguards.models import CohortGroup
from vanguards.services.organisations import cohort_group_save
from vanguards.services.registry import RegistryError
from workwell.models import ProgrammeTheme, Role


@pytest.fixture
def theme(db):
    return ProgrammeTheme.objects.order_by("order").last()


@pytest.fixture
def valid_form(rm, theme):
    return {
        "name": "Young people",
        "slug": "",
        "theme": theme.pk,
        "focus": "Young people in seasonal work",
        "relationship_manager": rm.pk,
    }


# --- Adding and editing -------------------------------------------------------------------


def test_admin_adds_a_group_with_history(admin_client, admin_user, valid_form, rm, theme):
    response = admin_client.post("/vanguards/groups/new/", valid_form)
    assert response.status_code == 302
    assert response["Location"] == "/vanguards/groups/"
    group = CohortGroup.objects.get(slug="young-people")  # made from the name
    assert (group.name, group.theme, group.relationship_manager) == ("Young people", theme, rm)
    assert group.focus == "Young people in seasonal work"
    assert group.history.get().history_user == admin_user
    assert "Young people has been added." in page_text(admin_client.get(response["Location"]))


def test_edit_form_is_prefilled(admin_client, vanguard_a, rm):
    html = page_text(admin_client.get("/vanguards/groups/alpha-group/edit/"))
    assert "Edit Alpha group" in html
    assert 'value="Alpha group"' in html
    assert f'<option value="{rm.pk}" selected>Rita Manager (Relationship manager)</option>' in html


def test_edit_changes_the_relationship_manager_keeping_history(
    admin_client, admin_user, vanguard_a, valid_form, rm_lead
):
    data = {
        **valid_form,
        "name": "Alpha group",
        "slug": "alpha",
        "relationship_manager": rm_lead.pk,
    }
    response = admin_client.post("/vanguards/groups/alpha-group/edit/", data)
    assert response.status_code == 302
    group = CohortGroup.objects.get(name="Alpha group")
    assert (group.slug, group.relationship_manager) == ("alpha", rm_lead)
    history = list(group.history.order_by("history_date"))
    assert [record.relationship_manager.full_name for record in history] == [
        "Rita Manager",
        "Raj Lead",
    ]
    assert history[-1].history_user == admin_user
    # The group's vanguards stay in it.
    assert group.memberships.filter(ended_on__isnull=True).get().vanguard == vanguard_a
    assert "Alpha group has been saved." in page_text(admin_client.get(response["Location"]))


def test_unknown_group_is_a_404(admin_client, db):
    assert admin_client.get("/vanguards/groups/no-such-group/edit/").status_code == 404


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the group's name"),
        ({"theme": ""}, "Select the group's programme theme"),
        ({"relationship_manager": ""}, "Select the group's relationship manager"),
        ({"slug": "young people!"}, "Enter a short name using only letters, numbers and hyphens"),
        ({"theme": "999999"}, "Select a programme theme from the list"),
    ],
)
def test_bad_input_is_explained_and_keeps_what_was_typed(
    admin_client, valid_form, changes, message
):
    response = admin_client.post("/vanguards/groups/new/", {**valid_form, **changes})
    html = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "<title>Error: " in html
    assert message in html
    assert "Young people in seasonal work</textarea>" in html  # the focus typed is still there
    assert not CohortGroup.objects.exists()


# Whom a new group may be given to: the RMs (the RM lead is one); anyone else is refused.
@each_role_gets({**everyone(OK), "rm": REDIRECT, "rm_lead": REDIRECT})
def test_only_relationship_managers_may_look_after_a_group(
    admin_client, cast, valid_form, role, expected
):
    data = {**valid_form, "relationship_manager": cast[role].pk}
    response = admin_client.post("/vanguards/groups/new/", data)
    assert response.status_code == expected
    refused = "Select a relationship manager from the list" in page_text(response)
    assert refused is (expected == OK)
    assert CohortGroup.objects.filter(name="Young people").exists() is (expected == REDIRECT)


def test_choices_offer_only_active_relationship_managers(admin_client, rm, rm_lead):
    UserFactory(role=Role.RM, full_name="Former Manager", is_active=False)
    UserFactory(role=Role.LEARNING, full_name="Lee Learning")
    html = page_text(admin_client.get("/vanguards/groups/new/"))
    assert "Rita Manager (Relationship manager)" in html
    assert "Raj Lead (Relationship manager lead)" in html
    assert "Former Manager" not in html
    assert "Lee Learning" not in html


def test_service_refuses_a_relationship_manager_of_another_role(admin_user, theme):
    data = {"name": "Group", "slug": "", "theme": theme, "focus": "", "relationship_manager": None}
    with pytest.raises(RegistryError) as refused:
        cohort_group_save(actor=admin_user, data={**data, "relationship_manager": admin_user})
    assert refused.value.field == "relationship_manager"
    assert not CohortGroup.objects.exists()


def test_duplicate_name_is_refused_whatever_its_case(admin_client, valid_form, vanguard_a):
    response = admin_client.post("/vanguards/groups/new/", {**valid_form, "name": "ALPHA GROUP"})
    html = page_text(response)
    assert "A cohort group called ALPHA GROUP already exists. Enter a different name." in html
    assert 'value="ALPHA GROUP"' in html
    assert CohortGroup.objects.count() == 1  # only Alpha group


def test_duplicate_slug_is_refused(admin_client, valid_form, vanguard_a):
    response = admin_client.post("/vanguards/groups/new/", {**valid_form, "slug": "alpha-group"})
    html = page_text(response)
    assert "The short name alpha-group is already used by another cohort group." in html
    assert 'value="alpha-group"' in html


def test_failed_edit_keeps_the_saved_name_in_the_heading_and_links(
    admin_client, valid_form, vanguard_a, vanguard_b
):
    data = {**valid_form, "name": "Bravo group", "slug": "alpha-group"}
    html = page_text(admin_client.post("/vanguards/groups/alpha-group/edit/", data))
    assert "already exists" in html
    assert "Edit Alpha group" in html
    assert 'value="Bravo group"' in html
    assert CohortGroup.objects.get(slug="alpha-group").name == "Alpha group"


# --- The list -----------------------------------------------------------------------------


@pytest.fixture
def groups(rm, rm_lead):
    busy = CohortGroupFactory(name="Busy group", slug="busy", relationship_manager=rm)
    quiet = CohortGroupFactory(name="Quiet group", slug="quiet", relationship_manager=rm_lead)
    for _ in range(3):
        join_group(VanguardFactory(), busy)
    # A vanguard that has moved on from the quiet group is no longer counted in it.
    moved = join_group(VanguardFactory(), quiet)
    moved.ended_on = moved.started_on
    moved.save()
    join_group(moved.vanguard, busy, started_on=moved.started_on)
    return {"busy": busy, "quiet": quiet}


def test_list_shows_theme_manager_and_current_vanguards(admin_client, groups, rm):
    response = admin_client.get("/vanguards/groups/?_export=csv")
    rows = {row["Cohort group"]: row for row in rows_of(response)}
    assert rows["Busy group"]["Current vanguards"] == "4"
    assert rows["Quiet group"]["Current vanguards"] == "0"
    assert rows["Busy group"]["Relationship manager"] == "Rita Manager"
    assert rows["Busy group"]["Theme"] == groups["busy"].theme.name
    html = page_text(admin_client.get("/vanguards/groups/"))
    assert 'href="/vanguards/groups/busy/edit/"' in html


def test_list_sorts_by_number_of_current_vanguards(admin_client, groups):
    response = admin_client.get("/vanguards/groups/?sort=-current_vanguard_count&_export=csv")
    assert [row["Cohort group"] for row in rows_of(response)] == ["Busy group", "Quiet group"]
    response = admin_client.get("/vanguards/groups/?sort=current_vanguard_count&_export=csv")
    assert [row["Cohort group"] for row in rows_of(response)] == ["Quiet group", "Busy group"]


def test_export_has_stable_columns(admin_client, groups):
    response = admin_client.get("/vanguards/groups/?_export=csv")
    assert 'filename="cohort-groups.csv"' in response["Content-Disposition"]
    assert next(csv.reader(io.StringIO(response.content.decode()))) == [
        "Cohort group",
        "Theme",
        "Focus",
        "Relationship manager",
        "Current vanguards",
    ]


def test_empty_list_invites_the_first_group(admin_client, db):
    assert "There are no cohort groups yet" in page_text(admin_client.get("/vanguards/groups/"))


def test_list_is_paginated(admin_client, rm):
    for number in range(30):
        CohortGroupFactory(name=f"Group {number:02d}", relationship_manager=rm)
    first = page_text(admin_client.get("/vanguards/groups/"))
    second = page_text(admin_client.get("/vanguards/groups/?page=2"))
    assert "govuk-pagination" in first
    assert "30 cohort groups" in first
    assert "Group 00" in first and "Group 29" not in first
    assert "Group 29" in second and "Group 00" not in second


def test_list_query_budget_does_not_grow_with_groups_or_vanguards(
    admin_client, django_assert_max_num_queries
):
    for more in (2, 10):
        for _ in range(more):
            group = CohortGroupFactory()
            for _ in range(2):
                join_group(VanguardFactory(), group)
        # 1 session, 2 user, 3 the paginator's count, 4 one page of rows (theme and relationship
        # manager joined, current vanguards counted).
        with django_assert_max_num_queries(4):
            assert admin_client.get("/vanguards/groups/").status_code == 200


# --- Who may use these pages --------------------------------------------------------------

ADMINS_ONLY = {"admin_user": OK}


@each_role_gets(
    {
        "/vanguards/groups/": ADMINS_ONLY,
        "/vanguards/groups/?_export=csv": ADMINS_ONLY,
        "/vanguards/groups/new/": ADMINS_ONLY,
        "/vanguards/groups/alpha-group/edit/": ADMINS_ONLY,
        "/vanguards/groups/bravo-group/edit/": ADMINS_ONLY,
    }
)
def test_only_admins_may_use_the_pages(client, cast, url, role, expected):
    client.force_login(cast[role])
    assert client.get(url).status_code == expected


@each_role_gets(
    {
        "/vanguards/groups/alpha-group/edit/": {"admin_user": REDIRECT},
        "/vanguards/groups/new/": {"admin_user": REDIRECT},
    }
)
def test_only_admins_may_post_changes(client, cast, valid_form, url, role, expected):
    # Even the group's own relationship manager cannot hand it to someone else.
    client.force_login(cast[role])
    data = {**valid_form, "name": "Taken over", "relationship_manager": cast["rm_lead"].pk}
    assert client.post(url, data).status_code == expected
    assert CohortGroup.objects.filter(name="Taken over").exists() is (expected == REDIRECT)


@pytest.mark.parametrize("url", ["/vanguards/groups/", "/vanguards/groups/new/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

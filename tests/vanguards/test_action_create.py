"""/actions/new/: a standalone follow-up action, for a vanguard the user may log for, owned by
NST staff or a member of that vanguard, due today or later."""

import datetime

import pytest

from tests.factories import VanguardFactory, join_group, make_member
from vanguards.models import Action
from vanguards.services.actions import ActionError, action_create

TODAY = datetime.date.today()


def form_data(vanguard, owner, due: datetime.date, description="Send the dashboard template"):
    return {
        "vanguard": vanguard.pk,
        "owner": owner.pk,
        "description": description,
        "due_date_0": due.day,
        "due_date_1": due.month,
        "due_date_2": due.year,
    }


def test_rm_adds_an_action_for_a_vanguard_in_their_group(rm_client, rm, vanguard_a, member_a):
    due = TODAY + datetime.timedelta(days=7)
    response = rm_client.post("/actions/new/", form_data(vanguard_a, member_a, due))
    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/actions/{action.pk}/"
    assert (action.vanguard, action.owner, action.due_date) == (vanguard_a, member_a, due)
    assert action.created_by == rm
    assert action.status == Action.Status.OPEN
    assert action.history.get().history_user == rm
    page = rm_client.get(response["Location"]).content.decode()
    assert "The action for Alpha Vanguard has been added." in page


def test_due_today_is_allowed(rm_client, vanguard_a, rm):
    response = rm_client.post("/actions/new/", form_data(vanguard_a, rm, TODAY))
    assert response.status_code == 302


def test_a_past_due_date_is_refused_and_nothing_typed_is_lost(rm_client, vanguard_a, rm):
    past = TODAY - datetime.timedelta(days=1)
    response = rm_client.post(
        "/actions/new/", form_data(vanguard_a, rm, past, description="Book the site visit")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Add an action" in html
    assert "The due date must be today or in the future, for example" in html
    assert "Book the site visit" in html
    assert f'value="{past.year}"' in html
    assert not Action.objects.exists()


def test_the_owner_must_be_nst_or_from_that_vanguard(rm_client, vanguard_a, member_a):
    # Both vanguards are in the RM's group, so both vanguards' members are offered as owners.
    vanguard_c = VanguardFactory(name="Charlie Vanguard", slug="charlie")
    join_group(vanguard_c, vanguard_a.group_memberships.get().cohort_group)
    due = TODAY + datetime.timedelta(days=3)
    response = rm_client.post("/actions/new/", form_data(vanguard_c, member_a, due))
    html = response.content.decode()
    assert "Mem Alpha is not a member of Charlie Vanguard. Choose someone from the National" in html
    assert not Action.objects.exists()


# Admins and the RM lead may act for every vanguard (215 at national scale, a thousand
# members): the owners offered are the NST and the chosen vanguard's members, not everyone.


def test_an_admin_is_offered_the_nst_until_a_vanguard_is_chosen(
    client, admin_user, rm, member_a, member_b
):
    client.force_login(admin_user)
    html = client.get("/actions/new/").content.decode()
    assert f'<option value="{rm.pk}">' in html
    assert "Mem Alpha" not in html and "Mem Bravo" not in html
    assert 'name="choose_people"' in html


def test_the_rm_lead_is_offered_the_prefilled_vanguards_members(
    client, rm_lead, vanguard_a, member_a, member_b
):
    client.force_login(rm_lead)
    html = client.get("/actions/new/?vanguard=alpha").content.decode()
    assert "Mem Alpha (Alpha Vanguard)" in html
    assert "Mem Bravo" not in html


def test_show_their_people_lists_the_chosen_vanguards_members_keeping_what_was_typed(
    client, admin_user, vanguard_b, member_a, member_b
):
    client.force_login(admin_user)
    data = {"vanguard": vanguard_b.pk, "description": "Book the site visit", "choose_people": "1"}
    response = client.post("/actions/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mem Bravo (Bravo Vanguard)" in html
    assert "Mem Alpha" not in html
    assert "Book the site visit" in html
    assert "There is a problem" not in html  # no errors while still typing
    assert not Action.objects.exists()


def test_an_admin_adds_an_action_owned_by_the_chosen_vanguards_member(
    client, admin_user, vanguard_b, member_a, member_b
):
    client.force_login(admin_user)
    due = TODAY + datetime.timedelta(days=3)
    assert client.post("/actions/new/", form_data(vanguard_b, member_b, due)).status_code == 302
    assert Action.objects.get().owner == member_b
    refused = client.post("/actions/new/", form_data(vanguard_b, member_a, due))
    assert "Select a valid choice" in refused.content.decode()
    assert Action.objects.count() == 1


def test_an_rm_is_not_offered_members_of_vanguards_outside_their_groups(
    rm_client, vanguard_a, member_b
):
    due = TODAY + datetime.timedelta(days=3)
    response = rm_client.post("/actions/new/", form_data(vanguard_a, member_b, due))
    assert "Select a valid choice" in response.content.decode()
    assert not Action.objects.exists()


def test_owners_who_cannot_own_actions_are_not_offered(rm_client, vanguard_a, programme_lead):
    due = TODAY + datetime.timedelta(days=3)
    response = rm_client.post("/actions/new/", form_data(vanguard_a, programme_lead, due))
    assert "Select a valid choice" in response.content.decode()
    assert not Action.objects.exists()


def test_an_rm_cannot_add_actions_for_vanguards_outside_their_groups(rm_client, vanguard_b, rm):
    due = TODAY + datetime.timedelta(days=3)
    response = rm_client.post("/actions/new/", form_data(vanguard_b, rm, due))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Action.objects.exists()


def test_the_form_offers_only_loggable_vanguards_and_their_people(
    rm_client, vanguard_a, vanguard_b, member_a, member_b, rm_lead
):
    html = rm_client.get("/actions/new/").content.decode()
    assert "Alpha Vanguard" in html and "Bravo Vanguard" not in html
    assert "Mem Alpha (Alpha Vanguard)" in html
    assert "Mem Bravo" not in html
    assert "Raj Lead (National Support Team)" in html


def test_empty_form_says_what_to_enter(rm_client, vanguard_a):
    html = rm_client.post("/actions/new/", {}).content.decode()
    for message in (
        "Select the vanguard the action is for",
        "Enter what needs to be done",
        "Select who owns the action",
        "Enter the due date",
    ):
        assert message in html


def test_vanguard_can_be_prefilled_from_a_profile(rm_client, vanguard_a):
    html = rm_client.get("/actions/new/?vanguard=alpha").content.decode()
    assert f'<option value="{vanguard_a.pk}" selected>' in html


def test_the_service_refuses_a_member_of_another_vanguard(rm, vanguard_a, vanguard_b):
    outsider = make_member(vanguard_b)
    with pytest.raises(ActionError) as error:
        action_create(
            created_by=rm,
            vanguard=vanguard_a,
            owner=outsider,
            description="Share the plan",
            due_date=TODAY,
        )
    assert error.value.field == "owner"

"""/actions/new/: a standalone follow-up action, for a vanguard the user may log for, owned by
NST staff or a member of that vanguard, due today or later."""

import datetime

import pytest

from tests.factories import make_member
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


def test_the_owner_must_be_nst_or_from_that_vanguard(client, admin_user, vanguard_a, member_b):
    # Admins may log for every vanguard, so every vanguard's members are offered as owners.
    client.force_login(admin_user)
    due = TODAY + datetime.timedelta(days=3)
    response = client.post("/actions/new/", form_data(vanguard_a, member_b, due))
    html = response.content.decode()
    assert "Mem Bravo is not a member of Alpha Vanguard. Choose someone from the National" in html
    assert not Action.objects.exists()


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

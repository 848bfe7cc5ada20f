"""Who may see and change follow-up actions (DESIGN.md §3): every action view, every role.

Action A belongs to vanguard A (the RM's group, the regional lead's region), owned and created
by the RM; action B belongs to vanguard B (the RM lead's group), owned by the RM lead."""

import pytest

from tests.factories import ActionFactory
from tests.roles import OK, REDIRECT, each_role_gets, in_the_programme
from vanguards.models import Action


@pytest.fixture
def actions(cast, vanguard_a, vanguard_b):
    return {
        "a": ActionFactory(vanguard=vanguard_a, owner=cast["rm"]),
        "b": ActionFactory(vanguard=vanguard_b, owner=cast["rm_lead"]),
    }


PAGES = {
    "/actions/": in_the_programme(OK),
    "/actions/?_export=csv": in_the_programme(OK),
    "/actions/?_export=xlsx": in_the_programme(OK),
    "/actions/new/": {"admin_user": OK, "rm": OK, "rm_lead": OK},
    "/actions/{a}/": in_the_programme(OK, "member_b"),
    "/actions/{b}/": in_the_programme(OK, "regional_lead", "member_a"),
    "/actions/999999/": {},
}


@pytest.mark.django_db
@each_role_gets(PAGES)
def test_pages_answer_each_role(client, cast, actions, url, role, expected):
    client.force_login(cast[role])
    response = client.get(url.format(a=actions["a"].pk, b=actions["b"].pk))
    assert response.status_code == expected


# Who may close action A: its owner and creator (the RM), and staff who may log for vanguard A.
UPDATES_A = {"admin_user": REDIRECT, "rm": REDIRECT, "rm_lead": REDIRECT}


@pytest.mark.django_db
@each_role_gets(UPDATES_A)
@pytest.mark.parametrize(
    ("step", "data", "status"),
    [("done", {}, Action.Status.DONE), ("cancel", {"cancel_reason": "Superseded"}, "cancelled")],
)
def test_only_owner_creator_and_loggers_close_an_action(
    client, cast, actions, role, expected, step, data, status
):
    client.force_login(cast[role])
    action = actions["a"]
    response = client.post(f"/actions/{action.pk}/{step}/", data)
    assert response.status_code == expected
    action.refresh_from_db()
    assert action.status == (status if expected == REDIRECT else Action.Status.OPEN)


@pytest.mark.django_db
def test_a_vanguard_member_who_owns_an_action_may_close_it(client, member_a, vanguard_a, rm):
    action = ActionFactory(vanguard=vanguard_a, owner=member_a, created_by=rm)
    client.force_login(member_a)
    assert client.post(f"/actions/{action.pk}/done/").status_code == REDIRECT
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/actions/"),
        ("get", "/actions/new/"),
        ("get", "/actions/{a}/"),
        ("post", "/actions/{a}/done/"),
        ("post", "/actions/{a}/cancel/"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, actions, method, url):
    response = getattr(client, method)(url.format(a=actions["a"].pk))
    assert response.status_code == REDIRECT
    assert response["Location"].startswith("/accounts/login/")
    actions["a"].refresh_from_db()
    assert actions["a"].status == Action.Status.OPEN

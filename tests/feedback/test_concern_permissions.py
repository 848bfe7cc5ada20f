"""What each role gets on a concern's page and each of its actions (DESIGN.md §3: concerns are
seen by the leadership, the vanguard's RM, the region's lead and the vanguard's members; a
complaint about an RM never by that RM). Every role not named gets 404."""

import pytest

from feedback.models import Concern
from tests.roles import OK, REDIRECT, each_role_gets

pytestmark = pytest.mark.django_db

SEE_A = {
    "admin_user": OK,
    "programme_lead": OK,
    "rm": OK,
    "rm_lead": OK,
    "regional_lead": OK,
    "member_a": OK,
}
HANDLE_A = {"admin_user": REDIRECT, "rm": REDIRECT, "rm_lead": REDIRECT}
# Anyone who sees it reaches the raiser's steps; the service refuses all but the raiser
# with a message on the concern's page (tests/feedback/test_concern_pages.py).
SEEN_STEP = {role: REDIRECT for role in SEE_A}


@each_role_gets(SEE_A)
def test_a_concerns_page(client, cast, concern_a, role, expected):
    client.force_login(cast[role])
    assert client.get(f"/feedback/concerns/{concern_a.pk}/").status_code == expected


@each_role_gets({role: status for role, status in SEE_A.items() if role != "rm"})
def test_a_complaint_about_the_rm_is_hidden_from_that_rm(
    client, cast, complaint_about_rm, role, expected
):
    client.force_login(cast[role])
    assert client.get(f"/feedback/concerns/{complaint_about_rm.pk}/").status_code == expected


@pytest.mark.parametrize("step", ["acknowledge", "investigate", "escalate", "respond"])
@each_role_gets(HANDLE_A)
def test_handlers_steps(client, cast, concern_a, step, role, expected):
    client.force_login(cast[role])
    response = client.post(f"/feedback/concerns/{concern_a.pk}/{step}/", {})
    # A handler's empty form is shown again (200) or the step runs (302); nobody else gets in.
    assert response.status_code in ((OK, REDIRECT) if expected == REDIRECT else (expected,))


@pytest.mark.parametrize("step", ["acknowledge", "respond"])
@each_role_gets({"admin_user": REDIRECT, "rm_lead": REDIRECT})
def test_only_the_rm_lead_and_admins_handle_a_complaint_about_an_rm(
    client, cast, complaint_about_rm, step, role, expected
):
    client.force_login(cast[role])
    response = client.post(
        f"/feedback/concerns/{complaint_about_rm.pk}/{step}/",
        {"acknowledge-note": "", "respond-response": "Answer"},
    )
    assert response.status_code == expected


@pytest.mark.parametrize("step", ["close", "reopen", "message"])
@each_role_gets(SEEN_STEP)
def test_raisers_steps(client, cast, concern_a, step, role, expected):
    client.force_login(cast[role])
    response = client.post(
        f"/feedback/concerns/{concern_a.pk}/{step}/",
        {"reopen-reason": "Why", "message-text": "Hello"},
    )
    assert response.status_code == expected


def test_an_unknown_step_is_not_found(client, concern_a, admin_user):
    client.force_login(admin_user)
    assert client.post(f"/feedback/concerns/{concern_a.pk}/delete/").status_code == 404
    assert Concern.objects.filter(pk=concern_a.pk).exists()

"""The right to act follows today's cohort groups, not the author (issue 7, item 3): an RM whose
vanguard moved to another group can no longer edit, complete or archive their touchpoints for
it, add or close its actions, or triage its requests; the RM lead and admins keep theirs."""

import datetime

import pytest

from tests.factories import (
    ActionFactory,
    CohortGroupFactory,
    SupportRequestFactory,
    TouchpointFactory,
    VanguardFactory,
    join_group,
)
from tests.roles import OK, REDIRECT, each_role_gets
from vanguards import permissions
from vanguards.models import Action, SupportRequest, Touchpoint
from vanguards.services.actions import ActionError, action_create
from vanguards.services.registry import cohort_group_assign
from vanguards.services.support import (
    SupportError,
    support_request_accept,
    support_request_decline,
)
from vanguards.services.touchpoints import TouchpointError, touchpoint_archive, touchpoint_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(cast, vanguard_a):
    """Vanguard A, moved out of the RM's group into another RM's."""
    cohort_group_assign(
        vanguard=vanguard_a, cohort_group=CohortGroupFactory(), actor=cast["admin_user"]
    )
    return vanguard_a


@pytest.fixture
def their_touchpoint(rm, vanguard_a):
    """Completed yesterday by the RM for vanguard A, well inside the author's edit window."""
    return TouchpointFactory(author=rm, vanguards=[vanguard_a])


@pytest.fixture
def their_draft(rm, vanguard_a):
    return TouchpointFactory(
        author=rm, vanguards=[vanguard_a], status=Touchpoint.Status.DRAFT, completed_at=None
    )


@each_role_gets({"admin_user": OK, "rm_lead": OK})
def test_after_the_move_only_the_rm_lead_and_admins_may_edit(
    client, cast, their_touchpoint, moved, role, expected
):
    client.force_login(cast[role])
    assert client.get(f"/touchpoints/{their_touchpoint.pk}/edit/").status_code == expected


def test_before_the_move_the_author_may_edit(client, rm, their_touchpoint):
    client.force_login(rm)
    assert client.get(f"/touchpoints/{their_touchpoint.pk}/edit/").status_code == OK


@each_role_gets({"admin_user": REDIRECT, "rm_lead": REDIRECT})
def test_after_the_move_only_the_rm_lead_and_admins_may_complete(
    client, cast, their_draft, moved, role, expected
):
    client.force_login(cast[role])
    response = client.post(f"/touchpoints/{their_draft.pk}/complete/")
    assert response.status_code == expected
    their_draft.refresh_from_db()
    completed = their_draft.status == Touchpoint.Status.COMPLETE
    assert completed is (expected == REDIRECT)


def test_after_the_move_the_author_cannot_archive(client, rm, their_touchpoint, moved):
    client.force_login(rm)
    response = client.post(f"/touchpoints/{their_touchpoint.pk}/archive/", {"reason": "Mine"})
    assert response.status_code == 404
    their_touchpoint.refresh_from_db()
    assert not their_touchpoint.is_archived
    with pytest.raises(TouchpointError):
        touchpoint_archive(touchpoint=their_touchpoint, by=rm, reason="Mine")


def test_after_the_move_the_services_refuse_the_author_too(rm, their_touchpoint, moved):
    with pytest.raises(TouchpointError, match="no longer edit"):
        touchpoint_update(touchpoint=their_touchpoint, by=rm, vanguards=[moved], summary="Late")


def test_the_page_does_not_blame_the_edit_window(client, rm, their_touchpoint, moved):
    client.force_login(rm)
    html = client.get(f"/touchpoints/{their_touchpoint.pk}/").content.decode()
    assert "more than 14 days have passed" not in html
    assert f"/touchpoints/{their_touchpoint.pk}/edit/" not in html


# --- Cohort sessions -----------------------------------------------------------------------
# The author may act while *every* vanguard on the session is in their groups (the rule and
# why: permissions._touchpoint_change_rule).


@pytest.fixture
def vanguard_c(rm, vanguard_a):
    """A second vanguard in the RM's group (vanguard A's)."""
    vanguard = VanguardFactory(name="Charlie Vanguard", slug="charlie")
    join_group(vanguard, vanguard_a.group_memberships.get().cohort_group)
    return vanguard


def test_a_cohort_session_within_the_group_stays_the_authors(rm, vanguard_a, vanguard_c):
    session = TouchpointFactory(author=rm, vanguards=[vanguard_a, vanguard_c])
    assert permissions.can_edit_touchpoint(rm, session)
    assert permissions.can_archive_touchpoint(rm, session)


def test_a_cohort_session_is_the_rm_leads_once_one_vanguard_moves(
    rm, rm_lead, vanguard_a, vanguard_c, moved
):
    session = TouchpointFactory(author=rm, vanguards=[vanguard_a, vanguard_c])
    assert not permissions.can_edit_touchpoint(rm, session)
    assert not permissions.can_archive_touchpoint(rm, session)
    assert permissions.can_edit_touchpoint(rm_lead, session)


# --- Actions and support requests ----------------------------------------------------------


def test_after_the_move_the_rm_cannot_add_actions(rm, moved):
    with pytest.raises(ActionError) as refused:
        action_create(
            created_by=rm,
            vanguard=moved,
            owner=rm,
            description="Send the notes",
            due_date=datetime.date.today() + datetime.timedelta(days=7),
        )
    assert refused.value.field == "vanguard"
    assert not Action.objects.exists()


@each_role_gets({"admin_user": REDIRECT, "rm_lead": REDIRECT})
def test_after_the_move_the_rm_cannot_close_actions_they_created_and_own(
    client, cast, rm, vanguard_a, moved, role, expected
):
    action = ActionFactory(vanguard=vanguard_a, owner=rm, created_by=rm)
    client.force_login(cast[role])
    assert client.post(f"/actions/{action.pk}/done/").status_code == expected
    action.refresh_from_db()
    assert (action.status == Action.Status.DONE) is (expected == REDIRECT)


def test_owners_outside_the_groups_still_close_their_own_actions(
    learning_user, member_a, vanguard_a, moved
):
    for owner in (learning_user, member_a):
        action = ActionFactory(vanguard=vanguard_a, owner=owner)
        assert permissions.can_update_action(owner, action)


def test_after_the_move_the_rm_cannot_triage(client, rm, member_a, vanguard_a, moved):
    request = SupportRequestFactory(vanguard=vanguard_a, raised_by=member_a)
    client.force_login(rm)
    response = client.post(
        f"/support-requests/{request.pk}/triage/",
        {"triage-decision": "decline", "triage-note": "Not ours"},
    )
    assert response.status_code == 404
    new_rm = moved.group_memberships.get(ended_on__isnull=True).cohort_group.relationship_manager
    assert permissions.can_triage_support_request(new_rm, request)


def test_after_the_move_the_support_services_refuse_the_rm_too(rm, rm_lead, member_a, moved):
    """The services check the right themselves, so a task or a stale form cannot act either."""
    request = SupportRequestFactory(vanguard=moved, raised_by=member_a)
    with pytest.raises(SupportError, match="cannot act on support requests"):
        support_request_decline(support_request=request, by=rm, reason="Not ours")
    with pytest.raises(SupportError, match="cannot act on support requests"):
        support_request_accept(support_request=request, by=rm)
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW
    support_request_accept(support_request=request, by=rm_lead)
    assert request.status == SupportRequest.Status.TRIAGED

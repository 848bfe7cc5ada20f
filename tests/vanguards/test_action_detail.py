"""/actions/<id>/: the action, "Mark as done" and "Cancel action" stamping who and when, and its
history."""

import datetime

import pytest

from tests.factories import ActionFactory, TouchpointFactory
from vanguards.models import Action, Touchpoint
from vanguards.services.actions import ActionError, action_cancel, action_complete


@pytest.fixture
def action(rm, vanguard_a):
    return ActionFactory(description="Share the outcomes framework", vanguard=vanguard_a, owner=rm)


def test_page_shows_the_action_and_offers_both_updates(rm_client, action):
    html = rm_client.get(f"/actions/{action.pk}/").content.decode()
    assert "Share the outcomes framework" in html
    assert "Mark as done" in html and "Cancel action" in html
    assert "History" in html and "Created" in html


def test_mark_as_done_stamps_who_and_when(rm_client, rm, action):
    response = rm_client.post(f"/actions/{action.pk}/done/", follow=True)
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.closed_by == rm and action.closed_at is not None
    html = response.content.decode()
    assert "The action has been marked as done." in html
    assert "Done by" in html and "Rita Manager on" in html
    assert "Changed the status from Open to Done" in html
    assert "Mark as done" not in html  # closed actions cannot be changed again


def test_history_and_summary_show_times_the_govuk_way(rm_client, rm, action):
    action_complete(action=action, by=rm)
    # 18:39 UTC on 22 November is 6:39pm in London; pages never say "18:39" or "p.m.".
    evening = datetime.datetime(2026, 11, 22, 18, 39, tzinfo=datetime.UTC)
    Action.objects.filter(pk=action.pk).update(created_at=evening, closed_at=evening)
    action.history.update(history_date=evening)
    html = rm_client.get(f"/actions/{action.pk}/").content.decode()
    assert "Rita Manager on 22 November 2026 at 6:39pm" in html  # Created by, Done by
    assert "<strong>22 November 2026 at 6:39pm</strong>" in html  # the history
    assert "18:39" not in html and "p.m." not in html


def test_marking_done_twice_is_harmless(rm_client, rm, action):
    rm_client.post(f"/actions/{action.pk}/done/")
    first = Action.objects.get(pk=action.pk).closed_at
    response = rm_client.post(f"/actions/{action.pk}/done/", follow=True)
    assert "This action has already been closed." in response.content.decode()
    assert Action.objects.get(pk=action.pk).closed_at == first
    assert action.history.count() == 2


def test_cancel_needs_a_reason_and_keeps_the_page(rm_client, action):
    response = rm_client.post(f"/actions/{action.pk}/cancel/", {"cancel_reason": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Enter why the action is being cancelled" in html
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_cancel_with_a_reason_stamps_who_when_and_why(rm_client, rm, action):
    response = rm_client.post(
        f"/actions/{action.pk}/cancel/",
        {"cancel_reason": "Covered at the cohort session"},
        follow=True,
    )
    action.refresh_from_db()
    assert action.status == Action.Status.CANCELLED
    assert action.cancel_reason == "Covered at the cohort session"
    assert action.closed_by == rm
    html = response.content.decode()
    assert "Cancelled by" in html and "Covered at the cohort session" in html


def test_cancelling_a_done_action_is_refused(rm, action):
    action_complete(action=action, by=rm)
    with pytest.raises(ActionError):
        action_cancel(action=action, by=rm, reason="Too late")
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


def test_readers_who_may_not_update_see_no_forms(client, programme_lead, action):
    client.force_login(programme_lead)
    html = client.get(f"/actions/{action.pk}/").content.decode()
    assert "Share the outcomes framework" in html
    assert "Mark as done" not in html and "Cancel action" not in html


def test_a_draft_touchpoint_is_not_linked_for_the_vanguard(client, rm, member_a, vanguard_a):
    draft = TouchpointFactory(vanguards=[vanguard_a], author=rm, status=Touchpoint.Status.DRAFT)
    action = ActionFactory(vanguard=vanguard_a, owner=rm, touchpoint=draft)
    client.force_login(member_a)
    assert f"/touchpoints/{draft.pk}/" not in client.get(f"/actions/{action.pk}/").content.decode()
    client.force_login(rm)
    assert f"/touchpoints/{draft.pk}/" in client.get(f"/actions/{action.pk}/").content.decode()

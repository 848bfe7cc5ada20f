"""Editing, completing and archiving touchpoints: the 14-day author window, history of every
change shown on the page, and archiving (never deleting) with a reason."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    CohortGroupFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
    join_group,
    touchpoint_form_data,
)
from vanguards.models import Action, Touchpoint
from vanguards.services.registry import cohort_group_assign
from vanguards.services.touchpoints import (
    TouchpointError,
    touchpoint_archive,
    touchpoint_complete,
    touchpoint_update,
)
from workwell.models import Role

TODAY = datetime.date.today()


def days_ago(days) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def touchpoint(rm, vanguard_a):
    return TouchpointFactory(
        author=rm, vanguards=[vanguard_a], completed_at=days_ago(3), summary="First summary"
    )


@pytest.fixture
def draft(rm, vanguard_a):
    return TouchpointFactory(
        author=rm, vanguards=[vanguard_a], status=Touchpoint.Status.DRAFT, completed_at=None
    )


def edit_data(touchpoint, vanguards, **fields):
    return touchpoint_form_data(vanguards, day=touchpoint.date, rows=1, **fields)


# --- Who may edit, and when ---------------------------------------------------------------


def test_author_edits_a_completed_touchpoint_within_14_days(client, rm, touchpoint, vanguard_a):
    client.force_login(rm)
    assert client.get(f"/touchpoints/{touchpoint.pk}/edit/").status_code == 200
    response = client.post(
        f"/touchpoints/{touchpoint.pk}/edit/",
        edit_data(touchpoint, [vanguard_a], summary="Better summary", duration_minutes="60"),
    )
    assert response.status_code == 302
    touchpoint.refresh_from_db()
    assert (touchpoint.summary, touchpoint.duration_minutes) == ("Better summary", 60)
    assert touchpoint.status == Touchpoint.Status.COMPLETE


def test_author_edits_on_the_14th_day_but_not_the_15th(client, rm, vanguard_a):
    on_14th = TouchpointFactory(author=rm, vanguards=[vanguard_a], completed_at=days_ago(14))
    on_15th = TouchpointFactory(author=rm, vanguards=[vanguard_a], completed_at=days_ago(15))
    client.force_login(rm)
    assert client.get(f"/touchpoints/{on_14th.pk}/edit/").status_code == 200
    assert client.get(f"/touchpoints/{on_15th.pk}/edit/").status_code == 404
    response = client.post(f"/touchpoints/{on_15th.pk}/edit/", edit_data(on_15th, [vanguard_a]))
    assert response.status_code == 404
    html = client.get(f"/touchpoints/{on_15th.pk}/").content.decode()
    assert "You can no longer edit this touchpoint" in html
    assert f"/touchpoints/{on_15th.pk}/edit/" not in html


@pytest.mark.parametrize("editor", ["rm_lead", "admin_user"])
def test_rm_lead_and_admins_edit_after_the_14_days(request, client, rm, vanguard_a, editor):
    old = TouchpointFactory(author=rm, vanguards=[vanguard_a], completed_at=days_ago(60))
    user = request.getfixturevalue(editor)
    client.force_login(user)
    assert f"/touchpoints/{old.pk}/edit/" in client.get(f"/touchpoints/{old.pk}/").content.decode()
    response = client.post(
        f"/touchpoints/{old.pk}/edit/", edit_data(old, [vanguard_a], summary="Corrected")
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.summary == "Corrected"
    assert old.history.first().history_user == user


def test_another_rm_may_not_edit(client, touchpoint, vanguard_a):
    other_rm = UserFactory(role=Role.RM)
    join_group(VanguardFactory(), CohortGroupFactory(relationship_manager=other_rm))
    client.force_login(other_rm)
    assert client.get(f"/touchpoints/{touchpoint.pk}/").status_code == 200  # RMs see all
    assert client.get(f"/touchpoints/{touchpoint.pk}/edit/").status_code == 404
    with pytest.raises(TouchpointError):
        touchpoint_update(touchpoint=touchpoint, by=other_rm, vanguards=[vanguard_a])


def test_a_bad_edit_keeps_what_was_typed(client, rm, touchpoint, vanguard_a):
    client.force_login(rm)
    response = client.post(
        f"/touchpoints/{touchpoint.pk}/edit/",
        edit_data(touchpoint, [vanguard_a], summary="Edited words", duration_minutes="2000"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a duration from 1 to 1,440 minutes" in html
    assert "Edited words" in html
    touchpoint.refresh_from_db()
    assert touchpoint.summary == "First summary"


def test_an_edit_can_add_follow_up_actions(client, rm, touchpoint, vanguard_a):
    client.force_login(rm)
    due = TODAY + datetime.timedelta(days=5)
    data = edit_data(
        touchpoint,
        [vanguard_a],
        actions=[{"description": "Send the notes", "owner": rm, "due": due}],
    )
    client.post(f"/touchpoints/{touchpoint.pk}/edit/", data)
    action = Action.objects.get()
    assert (action.touchpoint, action.vanguard, action.due_date) == (touchpoint, vanguard_a, due)


def test_vanguards_that_left_the_rms_group_stay_on_the_touchpoint(
    client, rm_lead, admin_user, touchpoint, vanguard_a
):
    cohort_group_assign(vanguard=vanguard_a, cohort_group=CohortGroupFactory(), actor=admin_user)
    # The RM lost the right to edit it (test_rights_follow_cohort_groups.py); the lead has it.
    client.force_login(rm_lead)
    response = client.post(
        f"/touchpoints/{touchpoint.pk}/edit/",
        edit_data(touchpoint, [vanguard_a], summary="Still Alpha"),
    )
    assert response.status_code == 302
    assert list(touchpoint.vanguards.all()) == [vanguard_a]


# --- Draft to complete --------------------------------------------------------------------


def test_saving_a_draft_as_complete_completes_it(client, rm, draft, vanguard_a):
    client.force_login(rm)
    html = client.get(f"/touchpoints/{draft.pk}/edit/").content.decode()
    assert "Save as draft" in html
    client.post(f"/touchpoints/{draft.pk}/edit/", edit_data(draft, [vanguard_a]))
    draft.refresh_from_db()
    assert draft.status == Touchpoint.Status.COMPLETE
    assert draft.completed_at is not None


def test_a_completed_touchpoint_cannot_go_back_to_draft(client, rm, touchpoint, vanguard_a):
    client.force_login(rm)
    html = client.get(f"/touchpoints/{touchpoint.pk}/edit/").content.decode()
    assert "Save as draft" not in html
    client.post(f"/touchpoints/{touchpoint.pk}/edit/", edit_data(touchpoint, [vanguard_a]))
    touchpoint.refresh_from_db()
    assert touchpoint.status == Touchpoint.Status.COMPLETE


def test_mark_as_complete_from_the_touchpoint_page(client, rm, draft):
    client.force_login(rm)
    page = client.get(f"/touchpoints/{draft.pk}/").content.decode()
    assert "This is a draft" in page
    assert f'action="/touchpoints/{draft.pk}/complete/"' in page
    assert client.get(f"/touchpoints/{draft.pk}/complete/").status_code == 405
    response = client.post(f"/touchpoints/{draft.pk}/complete/", follow=True)
    assert "The touchpoint is complete." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Touchpoint.Status.COMPLETE
    assert draft.completed_at is not None


def test_completing_twice_stamps_once(rm, draft):
    touchpoint_complete(touchpoint=draft, by=rm)
    first = Touchpoint.objects.get(pk=draft.pk).completed_at
    stale = Touchpoint.objects.get(pk=draft.pk)
    stale.status = Touchpoint.Status.DRAFT  # as another tab still sees it
    with pytest.raises(TouchpointError):
        touchpoint_complete(touchpoint=stale, by=rm)
    assert Touchpoint.objects.get(pk=draft.pk).completed_at == first


# --- History ------------------------------------------------------------------------------


def test_every_change_is_kept_and_shown_with_who_when_and_what(
    client, rm, rm_lead, touchpoint, vanguard_a, programme_lead
):
    charlie = VanguardFactory(name="Charlie Vanguard")
    join_group(charlie, vanguard_a.group_memberships.get().cohort_group)
    records_before = touchpoint.history.count()
    client.force_login(rm)
    client.post(
        f"/touchpoints/{touchpoint.pk}/edit/",
        edit_data(
            touchpoint,
            [vanguard_a, charlie],
            rag="amber",
            rag_reason="Recruitment slow",
            summary="New summary",
            internal_notes="New secret",
            channel=Touchpoint.Channel.PHONE,
            duration_minutes="30",
        ),
    )
    html = client.get(f"/touchpoints/{touchpoint.pk}/").content.decode()
    assert '<h2 class="govuk-heading-m">History</h2>' in html
    history = html[html.index(">History</h2>") :]
    assert "Changed" in history
    assert f"By {rm.full_name} on {timezone.localdate():%-d %B %Y}" in history
    for change in (
        "RAG status: Green to Amber",
        "RAG reason: none to Recruitment slow",
        "Vanguards: Alpha Vanguard, Charlie Vanguard",
        "Summary changed",
        "Internal notes changed",
        "Channel: Video call to Phone",
        "Duration in minutes: 45 to 30",
    ):
        assert change in history
    assert touchpoint.history.count() == records_before + 1  # one record for the whole edit

    client.force_login(programme_lead)
    lead_view = client.get(f"/touchpoints/{touchpoint.pk}/").content.decode()
    assert "Internal notes changed" not in lead_view
    assert "New secret" not in lead_view
    assert "RAG status: Green to Amber" in lead_view


def test_people_changes_are_kept_in_the_history(
    client, rm, learning_user, member_a, touchpoint, vanguard_a
):
    client.force_login(rm)
    client.post(
        f"/touchpoints/{touchpoint.pk}/edit/",
        edit_data(touchpoint, [vanguard_a], nst_participants=[rm.pk, learning_user.pk]),
    )
    html = client.get(f"/touchpoints/{touchpoint.pk}/").content.decode()
    names = ", ".join(sorted([rm.full_name, learning_user.full_name]))
    assert f"NST participants: {names}" in html
    client.force_login(member_a)  # names people of every vanguard, so for the NST only
    assert "NST participants: " not in client.get(f"/touchpoints/{touchpoint.pk}/").content.decode()


# --- Archiving ----------------------------------------------------------------------------


def test_archiving_needs_a_reason(client, rm, touchpoint):
    client.force_login(rm)
    response = client.post(f"/touchpoints/{touchpoint.pk}/archive/", {"reason": "  "})
    assert "Enter why you are archiving this touchpoint" in response.content.decode()
    touchpoint.refresh_from_db()
    assert not touchpoint.is_archived


def test_archiving_keeps_the_touchpoint_and_shows_it_as_archived_to_the_nst(
    client, rm, learning_user, member_a, touchpoint
):
    client.force_login(rm)
    assert client.get(f"/touchpoints/{touchpoint.pk}/archive/").status_code == 200
    response = client.post(
        f"/touchpoints/{touchpoint.pk}/archive/", {"reason": "Logged twice by mistake"}
    )
    assert response["Location"] == f"/touchpoints/{touchpoint.pk}/"
    touchpoint.refresh_from_db()
    assert touchpoint.archived_by == rm
    assert touchpoint.archive_reason == "Logged twice by mistake"
    assert Touchpoint.objects.filter(pk=touchpoint.pk).exists()  # never deleted

    client.force_login(learning_user)
    html = client.get(f"/touchpoints/{touchpoint.pk}/").content.decode()
    assert "This touchpoint is archived" in html
    assert "Archived: Logged twice by mistake" in html  # in the history
    listing = client.get("/touchpoints/?_export=csv").content.decode()
    assert "Archived" in listing

    client.force_login(member_a)
    assert client.get(f"/touchpoints/{touchpoint.pk}/").status_code == 404
    assert "Archived" not in client.get("/touchpoints/?_export=csv").content.decode()


def test_archived_touchpoints_cannot_be_edited_or_archived_again(client, rm, touchpoint):
    touchpoint_archive(touchpoint=touchpoint, by=rm, reason="Duplicate")
    client.force_login(rm)
    assert client.get(f"/touchpoints/{touchpoint.pk}/edit/").status_code == 404
    assert client.get(f"/touchpoints/{touchpoint.pk}/archive/").status_code == 404
    with pytest.raises(TouchpointError):
        touchpoint_archive(touchpoint=touchpoint, by=rm, reason="Again")


def test_only_the_author_the_rm_lead_and_admins_may_archive(client, touchpoint, learning_user):
    client.force_login(learning_user)
    assert client.get(f"/touchpoints/{touchpoint.pk}/archive/").status_code == 404
    with pytest.raises(TouchpointError):
        touchpoint_archive(touchpoint=touchpoint, by=learning_user, reason="No")


def test_there_is_no_way_to_delete_a_touchpoint(client, admin_user, touchpoint):
    client.force_login(admin_user)
    assert client.post(f"/touchpoints/{touchpoint.pk}/delete/").status_code == 404
    assert Touchpoint.objects.filter(pk=touchpoint.pk).exists()

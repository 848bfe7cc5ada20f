"""Moderation: the vanguard's RM agrees or changes each level (a rationale when it differs),
then agrees the assessment, which locks it and turns improvement actions into tracked
actions. Reopening needs the RM lead or an admin and a reason; history keeps every step."""

import datetime

import pytest
from django.utils import timezone

from maturity.models import AssessmentAction, AssessmentCycle, SelfAssessment
from maturity.services.assessments import (
    AssessmentError,
    AssessmentIncomplete,
    assessment_agree,
    assessment_moderate,
    assessment_reopen,
    assessment_save_draft,
    cycle_open,
)
from tests.factories import make_member, moderation_form_data
from vanguards.models import Action, VanguardMember

from .workflow import agree, full_answers, submit

DRAFT = SelfAssessment.Status.DRAFT
SUBMITTED = SelfAssessment.Status.SUBMITTED
AGREED = SelfAssessment.Status.AGREED


def moderate_url(assessment) -> str:
    return f"/maturity/assessments/{assessment.pk}/moderate/"


def level_of(assessment, order):
    return assessment.scores.get(dimension__order=order)


@pytest.fixture
def submitted_a(draft_a, member_a):
    return submit(draft_a, member_a, level=3, actions="- Appoint a deputy SRO\n\nMap partners")


def test_the_rm_sees_the_vanguards_answers_and_level_radios_starting_at_theirs(
    client, rm, submitted_a
):
    client.force_login(rm)
    html = client.get(moderate_url(submitted_a)).content.decode()
    assert "Moderate the self-assessment" in html
    assert "Evidence for Dimension 2." in html
    assert "Appoint a deputy SRO" in html
    first = level_of(submitted_a, 1).dimension_id
    assert (
        f'id="id_d{first}-moderated_level-3" name="d{first}-moderated_level" type="radio" '
        'value="3" checked' in html
    )


def test_the_rm_changes_one_level_with_a_rationale_and_agrees(client, rm, member_a, submitted_a):
    client.force_login(rm)
    data = moderation_form_data(
        submitted_a, {2: (2, "The data-sharing agreement is not signed yet.")}, agree=True
    )
    response = client.post(moderate_url(submitted_a), data, follow=True)
    html = response.content.decode()
    assert "self-assessment is agreed" in html
    submitted_a.refresh_from_db()
    assert submitted_a.status == AGREED
    assert submitted_a.agreed_by == rm
    assert [s.moderated_level for s in submitted_a.scores.order_by("dimension__order")] == [
        3,
        2,
        3,
    ]
    assert level_of(submitted_a, 2).moderation_rationale == (
        "The data-sharing agreement is not signed yet."
    )
    # The vanguard sees the moderated result and the rationale.
    client.force_login(member_a)
    html = client.get(f"/maturity/assessments/{submitted_a.pk}/").content.decode()
    assert "Level 2: Dimension 2 at level 2." in html
    assert "The data-sharing agreement is not signed yet." in html
    assert "Level 3: agreed with the vanguard&#x27;s own level" in html


def test_a_different_level_needs_a_rationale_and_nothing_is_lost(client, rm, submitted_a):
    client.force_login(rm)
    data = moderation_form_data(submitted_a, {1: (2, ""), 3: (3, "Typed but not needed.")})
    response = client.post(moderate_url(submitted_a), data)
    html = response.content.decode()
    assert "Enter why you moved Dimension 1 from level 3 to level 2" in html
    assert "Typed but not needed." in html
    first = level_of(submitted_a, 1)
    assert 'value="2" checked' in html
    assert first.moderated_level is None  # nothing saved
    submitted_a.refresh_from_db()
    assert submitted_a.status == SUBMITTED


def test_saving_moderation_keeps_it_submitted_and_hidden_from_the_vanguard(
    client, rm, member_a, submitted_a
):
    client.force_login(rm)
    data = moderation_form_data(submitted_a, {1: (4, "Stronger than they think.")})
    response = client.post(moderate_url(submitted_a), data, follow=True)
    assert "Your moderation has been saved" in response.content.decode()
    submitted_a.refresh_from_db()
    assert submitted_a.status == SUBMITTED
    assert level_of(submitted_a, 1).moderated_level == 4
    client.force_login(member_a)
    html = client.get(f"/maturity/assessments/{submitted_a.pk}/").content.decode()
    assert "Stronger than they think." not in html
    assert "Moderated level" not in html


def test_moderating_a_draft_is_refused(client, rm, draft_a, member_a):
    assessment_save_draft(
        assessment=draft_a, actor=member_a, revision=0, answers=full_answers(draft_a, 3)
    )
    draft_a.refresh_from_db()
    client.force_login(rm)
    for response in (
        client.get(moderate_url(draft_a)),
        client.post(moderate_url(draft_a), moderation_form_data(draft_a, agree=True)),
    ):
        html = response.content.decode()
        assert response.status_code == 200
        assert "This self-assessment is still a draft, so it cannot be moderated yet" in html
        assert "Agree self-assessment" not in html
    draft_a.refresh_from_db()
    assert draft_a.status == DRAFT
    assert not draft_a.scores.filter(moderated_level__isnull=False).exists()
    with pytest.raises(AssessmentError, match="still a draft"):
        assessment_agree(assessment=draft_a, actor=rm, revision=draft_a.revision, decisions={})


def test_moderating_another_rms_vanguard_is_not_found(client, rm, rm_lead, draft_b, member_b):
    submitted_b = submit(draft_b, member_b)
    client.force_login(rm)
    assert client.get(moderate_url(submitted_b)).status_code == 404
    response = client.post(moderate_url(submitted_b), moderation_form_data(submitted_b, agree=True))
    assert response.status_code == 404
    submitted_b.refresh_from_db()
    assert submitted_b.status == SUBMITTED
    with pytest.raises(AssessmentError, match="relationship manager can moderate"):
        assessment_agree(
            assessment=submitted_b, actor=rm, revision=submitted_b.revision, decisions={}
        )
    # The RM lead moderates any vanguard.
    client.force_login(rm_lead)
    assert client.get(moderate_url(submitted_b)).status_code == 200


def test_agreed_assessments_are_locked(client, rm, submitted_a):
    agreed = agree(submitted_a, rm)
    client.force_login(rm)
    html = client.get(moderate_url(agreed)).content.decode()
    assert "has been agreed, so it is locked" in html
    assert "Agree self-assessment" not in html
    with pytest.raises(AssessmentError, match="locked"):
        assessment_moderate(assessment=agreed, actor=rm, revision=agreed.revision, decisions={})
    with pytest.raises(AssessmentError, match="locked"):
        agree(agreed, rm)


def test_agreeing_turns_each_improvement_action_into_a_tracked_action(rm, member_a, submitted_a):
    agreed = agree(submitted_a, rm)
    actions = Action.objects.filter(vanguard=agreed.vanguard).order_by("description")
    # Two lines ("- " dropped, blank line skipped) on each of three dimensions.
    assert actions.count() == 6
    assert set(actions.values_list("description", flat=True)) == {
        f"Dimension {order}: {line}"
        for order in (1, 2, 3)
        for line in ("Appoint a deputy SRO", "Map partners")
    }
    # Owner: the vanguard's SRO; due 90 days after the cycle closes (no later cycle yet).
    assert {action.owner for action in actions} == {member_a}
    assert {action.created_by for action in actions} == {rm}
    assert {action.due_date for action in actions} == {
        agreed.cycle.closes_on + datetime.timedelta(days=90)
    }
    links = AssessmentAction.objects.filter(score__assessment=agreed)
    assert {link.action for link in links} == set(actions)
    assert all(link.action.description.startswith(link.score.dimension.name) for link in links)


def test_actions_fall_due_when_the_next_cycle_opens_and_the_sro_owns_them(
    admin_user, rm, vanguard_a, member_a, open_cycle, submitted_a, matrix
):
    # A colleague who is not the SRO does not get the actions.
    other = make_member(vanguard_a, full_name="Other Member")
    VanguardMember.objects.filter(user=other).update(title=VanguardMember.Title.PMO_LEAD)
    later = cycle_open(
        actor=admin_user,
        name="Autumn cycle",
        framework=matrix,
        opens_on=open_cycle.closes_on + datetime.timedelta(days=60),
        closes_on=open_cycle.closes_on + datetime.timedelta(days=90),
    )
    agree(submitted_a, rm)
    actions = Action.objects.filter(vanguard=vanguard_a)
    assert {action.due_date for action in actions} == {later.opens_on}
    assert {action.owner for action in actions} == {member_a}


def test_reopening_needs_the_rm_lead_or_an_admin_and_a_reason(client, rm, rm_lead, submitted_a):
    agreed = agree(submitted_a, rm)
    reopen = f"/maturity/assessments/{agreed.pk}/reopen/"
    client.force_login(rm)
    assert client.post(reopen, {"reason": "Wrong level"}).status_code == 404
    client.force_login(rm_lead)
    html = client.get(f"/maturity/assessments/{agreed.pk}/").content.decode()
    assert "Reopen self-assessment" in html
    response = client.post(reopen, {"reason": "  "})
    assert "Enter why the self-assessment is being reopened" in response.content.decode()
    agreed.refresh_from_db()
    assert agreed.status == AGREED
    response = client.post(reopen, {"reason": "The vanguard found new evidence."}, follow=True)
    assert "has been reopened" in response.content.decode()
    agreed.refresh_from_db()
    assert agreed.status == SUBMITTED
    assert agreed.reopen_reason == "The vanguard found new evidence."
    assert agreed.agreed_at is None
    # Its RM can moderate it again.
    client.force_login(rm)
    assert "Agree self-assessment" in client.get(moderate_url(agreed)).content.decode()


def test_reopening_is_refused_unless_agreed_or_without_the_right_role(
    rm, rm_lead, admin_user, submitted_a
):
    with pytest.raises(AssessmentError, match="Only agreed self-assessments can be reopened"):
        assessment_reopen(assessment=submitted_a, actor=rm_lead, reason="Because")
    agreed = agree(submitted_a, rm)
    with pytest.raises(AssessmentError, match="Only the RM lead or an admin"):
        assessment_reopen(assessment=agreed, actor=rm, reason="Because")
    with pytest.raises(AssessmentError, match="Enter why"):
        assessment_reopen(assessment=agreed, actor=admin_user, reason="")
    assessment_reopen(assessment=agreed, actor=admin_user, reason="Because")
    agreed.refresh_from_db()
    assert agreed.status == SUBMITTED


def test_agreeing_again_after_reopening_does_not_duplicate_actions(rm, rm_lead, submitted_a):
    agreed = agree(submitted_a, rm)
    assessment_reopen(assessment=agreed, actor=rm_lead, reason="Recheck dimension 1")
    agree(agreed, rm)
    assert Action.objects.filter(vanguard=agreed.vanguard).count() == 6


def test_every_forbidden_transition_is_refused(rm, member_a, draft_a):
    # draft → agreed, skipping submission
    with pytest.raises(AssessmentError, match="still a draft"):
        agree(draft_a, rm)
    submitted = submit(draft_a, member_a)
    # submitted → submitted, and edits by the vanguard
    with pytest.raises(AssessmentError, match="no longer be changed"):
        submit(submitted, member_a)
    agreed = agree(submitted, rm)
    # agreed → draft edits, agreed → moderated again
    with pytest.raises(AssessmentError, match="locked"):
        assessment_save_draft(
            assessment=agreed,
            actor=member_a,
            revision=agreed.revision,
            answers=full_answers(agreed, 1),
        )
    with pytest.raises(AssessmentError, match="locked"):
        assessment_moderate(assessment=agreed, actor=rm, revision=agreed.revision, decisions={})
    agreed.refresh_from_db()
    assert agreed.status == AGREED


def test_the_service_requires_a_rationale_when_the_level_differs(rm, submitted_a):
    first = level_of(submitted_a, 1).dimension_id
    decisions = {first: {"moderated_level": 1, "moderation_rationale": " "}}
    with pytest.raises(AssessmentIncomplete) as refused:
        assessment_agree(
            assessment=submitted_a, actor=rm, revision=submitted_a.revision, decisions=decisions
        )
    assert refused.value.errors == {
        first: {"moderation_rationale": "Enter why you moved Dimension 1 from level 3 to level 1"}
    }
    submitted_a.refresh_from_db()
    assert submitted_a.status == SUBMITTED


def test_history_keeps_every_step_and_the_page_shows_it(client, rm, rm_lead, member_a, submitted_a):
    first = level_of(submitted_a, 1).dimension_id
    agree(submitted_a, rm, {first: (2, "Not in place yet.")})
    assessment_reopen(assessment=submitted_a, actor=rm_lead, reason="New evidence arrived")
    agree(submitted_a, rm, {first: (3, "")})
    assert submitted_a.history.count() == 5  # opened, submitted, agreed, reopened, agreed
    client.force_login(member_a)
    page = client.get(f"/maturity/assessments/{submitted_a.pk}/").content.decode()
    html = page[page.index('id="history"') :]
    steps = [
        "Agreed",
        "Dimension 1: moderated level changed from 2 to 3",
        "Reopened: New evidence arrived",
        "Dimension 1: moderated level set to 2",
        "Submitted",
        "Dimension 1: current level set to 3",
        "Opened for self-assessment",
    ]
    positions = [html.index(step) for step in steps]
    assert positions == sorted(positions)  # newest first
    assert "Rita Manager" in html and "Raj Lead" in html and "Mem Alpha" in html


def test_a_stale_moderation_save_shows_what_changed(client, rm, submitted_a):
    # The RM has the page open twice (two tabs, or two devices) and saves the first one.
    loaded_at = submitted_a.revision
    first = level_of(submitted_a, 1).dimension_id
    assessment_moderate(
        assessment=submitted_a,
        actor=rm,
        revision=loaded_at,
        decisions={
            first: {"moderated_level": 2, "moderation_rationale": "The first tab thinks so."}
        },
    )
    client.force_login(rm)
    data = moderation_form_data(submitted_a, {1: (4, "My view.")}, revision=loaded_at)
    html = client.post(moderate_url(submitted_a), data).content.decode()
    assert "You saved this assessment in another window on" in html
    assert "The first tab thinks so." in html and "My view." in html
    assert level_of(submitted_a, 1).moderated_level == 2


def test_the_next_cycle_due_date_is_never_in_the_past(admin_user, rm, member_a, vanguard_a, matrix):
    today = timezone.localdate()
    old = cycle_open(
        actor=admin_user,
        name="Long ago",
        framework=matrix,
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=380),
    )
    assessment = old.self_assessments.get(vanguard=vanguard_a)
    agree(submit(assessment, member_a, actions="Late action"), rm)
    due = {action.due_date for action in Action.objects.filter(vanguard=vanguard_a)}
    assert due == {today + datetime.timedelta(days=90)}
    assert AssessmentCycle.objects.count() == 1

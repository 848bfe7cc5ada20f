"""The assessment page's History obeys the same rule as its answers: moderation is the NST's
until the assessment is agreed (permissions.can_see_moderation), then everyone who sees the
assessment sees it, and a reopened assessment hides it again."""

import pytest

from maturity.models import SelfAssessment
from maturity.services.assessments import assessment_moderate, assessment_reopen
from tests.roles import NOT_FOUND, OK, each_role_gets, in_the_programme

from .workflow import agree, submit

# Everyone but member B (and network partners, outside the programme) reads vanguard A's
# submitted assessment (DESIGN.md §3).
READERS = in_the_programme(OK, "member_b")
# The NST: the only roles that see moderation before it is agreed.
NST = {"admin_user", "rm", "rm_lead", "learning_user"}

RATIONALE = "The data-sharing agreement is not signed yet."
MODERATION_TRACES = (
    "moderated level set to 2",
    "moderation rationale updated",
    "Saved moderation",
    "agreed at the vanguard",
)


@pytest.fixture
def moderated_a(draft_a, member_a, rm):
    """Vanguard A's assessment, submitted at level 3, its RM halfway through moderating."""
    assessment = submit(draft_a, member_a, level=3)
    first, second = assessment.scores.order_by("dimension__order")[:2]
    return assessment_moderate(
        assessment=assessment,
        actor=rm,
        revision=assessment.revision,
        decisions={
            first.dimension_id: {"moderated_level": 3, "moderation_rationale": ""},
            second.dimension_id: {"moderated_level": 2, "moderation_rationale": RATIONALE},
        },
    )


def _history(client, user, assessment, expected) -> str | None:
    """The page's History section as `user` sees it, or None where they get a 404."""
    client.force_login(user)
    response = client.get(f"/maturity/assessments/{assessment.pk}/")
    assert response.status_code == expected
    if expected == NOT_FOUND:
        return None
    html = response.content.decode()
    return html[html.find('id="history"') :]


def _traces(history: str) -> list[str]:
    return [trace for trace in MODERATION_TRACES if trace in history]


@each_role_gets(READERS)
def test_moderation_in_progress_is_in_the_history_for_the_nst_only(
    client, cast, role, expected, moderated_a
):
    assert moderated_a.status == SelfAssessment.Status.SUBMITTED
    history = _history(client, cast[role], moderated_a, expected)
    if history is None:
        return
    assert "Submitted" in history  # the vanguard's own steps are there for everyone
    assert "Dimension 1: current level set to 3" in history
    if role in NST:
        assert _traces(history) == list(MODERATION_TRACES)
    else:
        assert _traces(history) == []


@each_role_gets(READERS)
def test_once_agreed_everyone_who_reads_it_sees_the_moderation_history(
    client, cast, role, expected, moderated_a, rm
):
    agreed = agree(moderated_a, rm)
    history = _history(client, cast[role], agreed, expected)
    if history is None:
        return
    assert "Dimension 2: moderated level set to 2" in history
    assert "Dimension 2: moderation rationale updated" in history
    assert "Dimension 3: agreed at the vanguard&#x27;s level (3)" in history


@each_role_gets(READERS)
def test_reopening_hides_the_moderation_history_again_from_all_but_the_nst(
    client, cast, role, expected, moderated_a, rm, rm_lead
):
    reopened = assessment_reopen(
        assessment=agree(moderated_a, rm), actor=rm_lead, reason="New evidence arrived."
    )
    history = _history(client, cast[role], reopened, expected)
    if history is None:
        return
    assert "Reopened: New evidence arrived." in history
    assert "Agreed" in history
    assert bool(_traces(history)) == (role in NST)

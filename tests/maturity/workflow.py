"""Move a self-assessment along its workflow through the services, for tests that start later."""

from maturity.models import SelfAssessment
from maturity.services.assessments import assessment_agree, assessment_submit


def full_answers(assessment, level: int = 3, actions: str = "") -> dict[int, dict]:
    """Answers for every dimension: `level`, evidence, and a target one level up."""
    return {
        score.dimension_id: {
            "self_level": level,
            "evidence": f"Evidence for {score.dimension.name}.",
            "evidence_links": "",
            "target_level": min(5, level + 1),
            "improvement_actions": actions,
        }
        for score in assessment.scores.select_related("dimension")
    }


def submit(assessment, member, level: int = 3, actions: str = "") -> SelfAssessment:
    return assessment_submit(
        assessment=assessment,
        actor=member,
        revision=assessment.revision,
        answers=full_answers(assessment, level, actions),
    )


def agree(assessment, moderator, levels: dict[int, tuple[int, str]] | None = None):
    """Agree a submitted assessment; `levels` maps dimension id to (level, rationale)."""
    levels = levels or {}
    decisions = {
        dimension_id: {"moderated_level": level, "moderation_rationale": rationale}
        for dimension_id, (level, rationale) in levels.items()
    }
    assessment.refresh_from_db()
    return assessment_agree(
        assessment=assessment, actor=moderator, revision=assessment.revision, decisions=decisions
    )

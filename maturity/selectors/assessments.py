"""Reads for self-assessments: lists, the assessment page, its band and its history."""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from vanguards import permissions

from ..models import (
    DimensionScore,
    EvidenceFile,
    LevelDescriptor,
    SelfAssessment,
)

# Which levels a band or result is worked out from: the moderated ones once agreed, the
# vanguard's own before. results.py follows the same rule in SQL (see _with_level_totals).
MODERATED = "moderated"
SELF_ASSESSED = "self"


def level_basis(assessment: SelfAssessment) -> str:
    return MODERATED if assessment.status == SelfAssessment.Status.AGREED else SELF_ASSESSED


def counted_level(score: DimensionScore, assessment: SelfAssessment) -> int | None:
    """The level a score counts at: the agreed one once agreed, the self level before."""
    return score.agreed_level if level_basis(assessment) == MODERATED else score.self_level


class AssessmentBand(NamedTuple):
    band: str | None  # a workwell.models.MaturityBand value, or None with no levels yet
    mean: Decimal | None
    basis: str  # MODERATED once agreed, otherwise SELF_ASSESSED


def assessment_band(assessment: SelfAssessment) -> AssessmentBand:
    """The band for the mean level: moderated levels when agreed, the vanguard's own otherwise.

    Uses `assessment.scores.all()`, so prefetch the scores when banding many assessments.
    """
    basis = level_basis(assessment)
    levels = [counted_level(score, assessment) for score in assessment.scores.all()]
    levels = [level for level in levels if level is not None]
    if not levels:
        return AssessmentBand(None, None, basis)
    # Decimal, not float: a mean of exactly 2.5 must land on the threshold, not just under it.
    mean = Decimal(sum(levels)) / Decimal(len(levels))
    return AssessmentBand(assessment.cycle.framework.band_for(mean), mean, basis)


def assessments_for_list(*, user) -> QuerySet[SelfAssessment]:
    """Assessments the user may see, newest cycle first, with what the list shows joined in."""
    scores = DimensionScore.objects.only(
        "assessment_id", "self_level", "moderated_level"
    ).order_by()
    return permissions.assessments_visible_to(
        user,
        SelfAssessment.objects.select_related("vanguard", "cycle__framework").prefetch_related(
            Prefetch("scores", queryset=scores)
        ),
    ).order_by("-cycle__opens_on", "vanguard__name")


def get_assessment_or_404(user, pk: int) -> SelfAssessment:
    """The assessment with its vanguard, cycle and framework, if the user may see it."""
    assessment = (
        permissions.assessments_visible_to(
            user,
            SelfAssessment.objects.select_related(
                "vanguard", "cycle__framework", "submitted_by", "agreed_by", "updated_by"
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404("No self-assessment matches that address.")
    return assessment


def assessment_scores(*, assessment: SelfAssessment) -> list[DimensionScore]:
    """Scores in dimension order, each with its dimension and level descriptors."""
    return list(
        assessment.scores.select_related("dimension__theme").prefetch_related(
            Prefetch(
                "dimension__levels",
                queryset=LevelDescriptor.objects.order_by("level"),
                to_attr="level_list",
            )
        )
    )


def evidence_files_by_dimension(*, assessment: SelfAssessment) -> dict[int, list[EvidenceFile]]:
    """Uploaded evidence, per dimension id, oldest first. Read after any save, in one query."""
    files = defaultdict(list)
    for evidence in (
        EvidenceFile.objects.filter(score__assessment=assessment)
        .select_related("score")
        .order_by("uploaded_at", "pk")
    ):
        files[evidence.score.dimension_id].append(evidence)
    return dict(files)


def get_evidence_file_or_404(assessment: SelfAssessment, pk: int):
    evidence = EvidenceFile.objects.filter(pk=pk, score__assessment=assessment).first()
    if evidence is None:
        raise Http404("No file matches that address.")
    return evidence


# --- History -----------------------------------------------------------------------------

LEVEL_FIELDS = {
    "self_level": "current level",
    "target_level": "target level",
    "moderated_level": "moderated level",
}
TEXT_FIELDS = {
    "evidence": "evidence",
    "evidence_links": "evidence links",
    "improvement_actions": "improvement actions",
    "moderation_rationale": "moderation rationale",
}
# The RM's side of a score: in the history only for those who may see moderation, as on the page.
MODERATION_FIELDS = frozenset({"moderated_level", "moderation_rationale"})


@dataclass
class HistoryEntry:
    when: object
    who: object
    what: str
    details: list[str] = field(default_factory=list)


def _is_moderation_save(record, previous) -> bool:
    """The RM saving moderation: the one step that leaves a submitted assessment submitted."""
    return (
        previous is not None and record.status == previous.status == SelfAssessment.Status.SUBMITTED
    )


def _assessment_step(record, previous) -> str:
    if previous is None:
        return "Opened for self-assessment"
    if record.status == previous.status:
        if record.status == SelfAssessment.Status.DRAFT:
            return "Saved the draft"
        return "Saved moderation" if _is_moderation_save(record, previous) else "Saved"
    if (
        record.status == SelfAssessment.Status.SUBMITTED
        and previous.status == SelfAssessment.Status.AGREED
    ):
        return f"Reopened: {record.reopen_reason}"
    return {"submitted": "Submitted", "agreed": "Agreed", "draft": "Returned to draft"}.get(
        record.status, record.get_status_display()
    )


def _score_changes(record, previous, dimension_name, hidden) -> list[str]:
    changes = []
    for name, label in LEVEL_FIELDS.items():
        old, new = getattr(previous, name), getattr(record, name)
        if old == new or name in hidden:
            continue
        if new is None:
            changes.append(f"{dimension_name}: {label} cleared")
        elif name == "moderated_level" and old is None and new == record.self_level:
            changes.append(f"{dimension_name}: agreed at the vanguard's level ({new})")
        elif old is None:
            changes.append(f"{dimension_name}: {label} set to {new}")
        else:
            changes.append(f"{dimension_name}: {label} changed from {old} to {new}")
    for name, label in TEXT_FIELDS.items():
        if name not in hidden and getattr(previous, name) != getattr(record, name):
            changes.append(f"{dimension_name}: {label} updated")
    return changes


def assessment_history(*, assessment: SelfAssessment, user) -> list[HistoryEntry]:
    """Every step `user` may see, newest first: who did what, when, which answers changed.

    Moderation follows the page's rule (permissions.can_see_moderation): until the assessment
    is agreed, only the NST sees moderation saves and moderated levels and rationales.
    Services save the scores and then the assessment in one transaction, so each score change
    belongs to the first assessment record at or after it. Three queries, whatever the length.
    """
    show_moderation = permissions.can_see_moderation(user, assessment.vanguard, assessment.status)
    hidden = frozenset() if show_moderation else MODERATION_FIELDS
    steps = list(
        assessment.history.select_related("history_user").order_by("history_date", "history_id")
    )
    step_dates = [step.history_date for step in steps]
    names = dict(assessment.scores.values_list("pk", "dimension__name"))
    score_records = DimensionScore.history.filter(assessment_id=assessment.pk).order_by(
        "history_date", "history_id"
    )
    changes_by_step = defaultdict(list)
    previous_by_score = {}
    for record in score_records:
        previous = previous_by_score.get(record.id)
        previous_by_score[record.id] = record
        if previous is None:
            continue  # created with the cycle: nothing answered yet
        index = bisect_left(step_dates, record.history_date)
        key = steps[index].history_id if index < len(steps) else None
        name = names.get(record.id, "")
        changes_by_step[key].extend(_score_changes(record, previous, name, hidden))
    entries = []
    for index, record in enumerate(steps):
        previous = steps[index - 1] if index else None
        if not show_moderation and _is_moderation_save(record, previous):
            continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                what=_assessment_step(record, previous),
                details=changes_by_step.get(record.history_id, []),
            )
        )
    return list(reversed(entries))

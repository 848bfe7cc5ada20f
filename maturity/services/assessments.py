"""Self-assessments, from cycle to agreement.

An admin opens a cycle, which gives every live vanguard a draft. The vanguard's members save
it as often as they like and submit it once every dimension has a level and evidence. Their
RM moderates it and marks it agreed, which turns the vanguard's improvement actions into
tracked actions. Agreed assessments are locked; the RM lead or an admin can reopen one.

Every write claims the assessment with a conditional update on its status (and, for edits,
its revision), so two people acting at once can never both succeed or overwrite each other.
"""

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from vanguards import permissions
from vanguards.models import Vanguard, VanguardMember
from vanguards.services.actions import action_create
from workwell.dates import govuk_date, govuk_datetime
from workwell.errors import ServiceError
from workwell.models import User
from workwell.uploads import display_name

from ..models import (
    LEVELS,
    AssessmentAction,
    AssessmentCycle,
    DimensionScore,
    EvidenceFile,
    FrameworkVersion,
    SelfAssessment,
)

Status = SelfAssessment.Status

# What the vanguard fills in, and what its RM adds when moderating.
ANSWER_FIELDS = ("self_level", "evidence", "evidence_links", "target_level", "improvement_actions")
MODERATION_FIELDS = ("moderated_level", "moderation_rationale")
# Actions from an agreed assessment fall due this long after the cycle closes when no later
# cycle is planned yet.
ACTIONS_DUE_AFTER_CLOSE = datetime.timedelta(days=90)


class AssessmentError(ServiceError):
    """A rule of self-assessment was broken; the message is safe to show to the user."""


class AssessmentIncomplete(AssessmentError):
    """Some dimensions are not ready. `errors` maps dimension id to {field: message}."""

    def __init__(self, errors: dict[int, dict[str, str]], assessment: SelfAssessment):
        count = len(errors)
        super().__init__(
            f"{count} dimension{'s' if count != 1 else ''} need{'s' if count == 1 else ''} "
            "more information."
        )
        self.errors = errors
        self.assessment = assessment


class StaleRevision(AssessmentError):
    """Someone saved the assessment since this person loaded it; `current` is the saved one."""

    def __init__(self, current: SelfAssessment, actor: User, noun: str):
        who = "You" if current.updated_by_id == actor.pk else "Someone else"
        where = " in another window" if who == "You" else ""
        super().__init__(
            f"{who} saved this {noun}{where} on {govuk_datetime(current.updated_at)}. Their "
            "changes are shown; your answers are below — check and save again."
        )
        self.current = current


# --- Cycles ------------------------------------------------------------------------------


def cycle_validate(
    *,
    name: str,
    framework: FrameworkVersion,
    opens_on: datetime.date,
    closes_on: datetime.date,
    cycle_id: int | None = None,
) -> None:
    """The rules a cycle's name, framework and dates must meet; raises AssessmentError."""
    if not framework.is_published:
        raise AssessmentError(
            f"{framework.name} is still a draft. Choose a published framework version.",
            "framework",
        )
    if closes_on <= opens_on:
        raise AssessmentError("The closing date must be after the opening date", "closes_on")
    others = AssessmentCycle.objects.exclude(pk=cycle_id)
    if others.filter(name__iexact=name.strip()).exists():
        raise AssessmentError(
            f"A cycle called {name.strip()} already exists. Enter a different name.", "name"
        )
    overlap = others.filter(opens_on__lt=closes_on, closes_on__gt=opens_on).first()
    if overlap:
        raise AssessmentError(
            f"{overlap.name} runs from {govuk_date(overlap.opens_on)} to "
            f"{govuk_date(overlap.closes_on)}. Choose dates that do not overlap it.",
            "opens_on",
        )


def cycle_open(
    *,
    actor: User,
    name: str,
    framework: FrameworkVersion,
    opens_on: datetime.date,
    closes_on: datetime.date,
) -> AssessmentCycle:
    """Open a cycle, with a draft for every live vanguard. The first is the discovery baseline."""
    cycle_validate(name=name, framework=framework, opens_on=opens_on, closes_on=closes_on)
    cycle = AssessmentCycle(
        name=name.strip(),
        framework=framework,
        opens_on=opens_on,
        closes_on=closes_on,
        is_baseline=not AssessmentCycle.objects.exists(),
    )
    cycle._history_user = actor
    try:
        with transaction.atomic():
            cycle.save()
            cycle_create_assessments(cycle=cycle, actor=actor)
    except IntegrityError as error:  # a concurrent cycle took the name (or the baseline)
        raise AssessmentError(
            "Another cycle was opened at the same moment. Check the list of cycles and try again."
        ) from error
    return cycle


def cycle_create_assessments(*, cycle: AssessmentCycle, actor: User) -> int:
    """A draft, with a score per dimension, for every live vanguard without one. Safe to rerun."""
    with transaction.atomic():
        missing = Vanguard.objects.filter(status=Vanguard.Status.LIVE).exclude(
            self_assessments__cycle=cycle
        )
        created = bulk_create_with_history(
            [SelfAssessment(vanguard=vanguard, cycle=cycle) for vanguard in missing],
            SelfAssessment,
            default_user=actor,
        )
        dimensions = list(cycle.framework.dimensions.values_list("pk", flat=True))
        have = set(
            DimensionScore.objects.filter(assessment__cycle=cycle).values_list(
                "assessment_id", "dimension_id"
            )
        )
        bulk_create_with_history(
            [
                DimensionScore(assessment_id=assessment_id, dimension_id=dimension_id)
                for assessment_id in cycle.self_assessments.values_list("pk", flat=True)
                for dimension_id in dimensions
                if (assessment_id, dimension_id) not in have
            ],
            DimensionScore,
            default_user=actor,
        )
    return len(created)


# --- The vanguard's answers --------------------------------------------------------------


def _refuse(assessment: SelfAssessment, actor: User, *, expected: str, noun: str):
    """Explain why a conditional update claimed nothing: the status moved on, or a newer save."""
    current = SelfAssessment.objects.select_related("updated_by").get(pk=assessment.pk)
    if current.status != expected:
        raise AssessmentError(status_refusal(current.status, expected))
    raise StaleRevision(current, actor, noun)


def status_refusal(status: str, wanted: str) -> str:
    if status == Status.DRAFT:
        return (
            "This self-assessment is still a draft, so it cannot be moderated yet. The vanguard "
            "needs to submit it first."
        )
    if status == Status.AGREED:
        return (
            "This self-assessment has been agreed, so it is locked. The RM lead or an admin can "
            "reopen it, giving a reason."
        )
    if wanted == Status.DRAFT:
        return (
            "This self-assessment has been submitted, so it can no longer be changed. Ask your "
            "relationship manager if something needs correcting."
        )
    return f"This self-assessment is {status}, so that cannot be done."


def _claim(assessment, actor, *, expected, revision=None, noun="draft", **changes) -> None:
    filters = {"pk": assessment.pk, "status": expected}
    if revision is not None:
        filters["revision"] = revision
    claimed = SelfAssessment.objects.filter(**filters).update(
        revision=F("revision") + 1, updated_by=actor, updated_at=timezone.now(), **changes
    )
    if not claimed:
        _refuse(assessment, actor, expected=expected, noun=noun)


def _record(assessment: SelfAssessment, actor: User) -> SelfAssessment:
    """Reload after a conditional update and save once more, so history records who did it."""
    assessment.refresh_from_db()
    assessment._history_user = actor
    assessment.save()
    return assessment


def _write_scores(assessment, actor, values: dict[int, dict], fields) -> None:
    """Save each score whose values changed (unchanged ones add nothing to history)."""
    # Read the scores afresh: the caller's copies may predate our claim on the assessment.
    for score in DimensionScore.objects.filter(assessment=assessment):
        new = values.get(score.dimension_id)
        if new is None:
            continue
        changed = [
            field for field in fields if field in new and getattr(score, field) != new[field]
        ]
        if not changed:
            continue
        for field in changed:
            setattr(score, field, new[field])
        score._history_user = actor
        score.save(update_fields=changed)


def _check_levels(assessment, values: dict[int, dict], fields) -> None:
    errors = {}
    for dimension_id, answer in values.items():
        for field in fields:
            level = answer.get(field)
            if level is not None and level not in LEVELS:
                errors.setdefault(dimension_id, {})[field] = "Select a level from 1 to 5"
    if errors:
        raise AssessmentIncomplete(errors, assessment)


def _write_answers(assessment, actor, revision, answers, files) -> None:
    """Inside a transaction: claim the draft at `revision`, then write the answers and files."""
    # The conditional update both detects a newer save and locks the row, so a second save
    # from the same revision waits for this one and then claims nothing.
    _claim(assessment, actor, expected=Status.DRAFT, revision=revision)
    _write_scores(assessment, actor, answers, ANSWER_FIELDS)
    scores = {
        score.dimension_id: score for score in DimensionScore.objects.filter(assessment=assessment)
    }
    for dimension_id, uploaded in (files or {}).items():
        evidence = EvidenceFile(
            score=scores[dimension_id], name=display_name(uploaded.name), uploaded_by=actor
        )
        evidence.file.save(uploaded.name, uploaded, save=False)
        evidence.save()


def assessment_save_draft(
    *,
    assessment: SelfAssessment,
    actor: User,
    revision: int,
    answers: dict[int, dict],
    files: dict[int, UploadedFile] | None = None,
) -> SelfAssessment:
    """Save the vanguard's answers as far as they go, unless someone saved since `revision`."""
    _check_levels(assessment, answers, ("self_level", "target_level"))
    with transaction.atomic():
        _write_answers(assessment, actor, revision, answers, files)
        return _record(assessment, actor)


def missing_answers(assessment: SelfAssessment) -> dict[int, dict[str, str]]:
    """Per dimension, what must be filled in before the assessment can be submitted."""
    errors = {}
    for score in assessment.scores.select_related("dimension"):
        name = score.dimension.name
        if score.self_level is None:
            errors.setdefault(score.dimension_id, {})["self_level"] = (
                f"Select the current level for {name}"
            )
        if not score.evidence.strip():
            errors.setdefault(score.dimension_id, {})["evidence"] = (
                f"Enter the evidence for your level in {name}"
            )
    return errors


def assessment_submit(
    *,
    assessment: SelfAssessment,
    actor: User,
    revision: int,
    answers: dict[int, dict],
    files: dict[int, UploadedFile] | None = None,
) -> SelfAssessment:
    """Save the answers, then submit if every dimension has a level and evidence.

    When something is missing the answers are still saved (nothing typed is lost) and
    AssessmentIncomplete says what is missing, per dimension.
    """
    _check_levels(assessment, answers, ("self_level", "target_level"))
    with transaction.atomic():
        _write_answers(assessment, actor, revision, answers, files)
        errors = missing_answers(assessment)
        if not errors:
            # The row is ours since the claim above, so a plain update is safe.
            SelfAssessment.objects.filter(pk=assessment.pk).update(
                status=Status.SUBMITTED, submitted_at=timezone.now(), submitted_by=actor
            )
        assessment = _record(assessment, actor)
    if errors:
        raise AssessmentIncomplete(errors, assessment)
    return assessment


# --- Moderation --------------------------------------------------------------------------


def _check_rationales(assessment, decisions: dict[int, dict]) -> None:
    """A moderated level that differs from the vanguard's own needs a rationale."""
    _check_levels(assessment, decisions, ("moderated_level",))
    errors = {}
    for score in assessment.scores.select_related("dimension"):
        decision = decisions.get(score.dimension_id, {})
        level = decision.get("moderated_level", score.moderated_level)
        rationale = decision.get("moderation_rationale", score.moderation_rationale)
        if level is not None and level != score.self_level and not rationale.strip():
            errors[score.dimension_id] = {
                "moderation_rationale": f"Enter why you moved {score.dimension.name} from level "
                f"{score.self_level} to level {level}"
            }
    if errors:
        raise AssessmentIncomplete(errors, assessment)


def _write_moderation(assessment, actor, revision, decisions, **changes) -> None:
    """Inside a transaction: claim the submitted assessment at `revision`, write the decisions."""
    _refuse_unless_moderator(assessment, actor)
    _check_rationales(assessment, decisions)
    _claim(
        assessment,
        actor,
        expected=Status.SUBMITTED,
        revision=revision,
        noun="assessment",
        **changes,
    )
    _write_scores(assessment, actor, decisions, MODERATION_FIELDS)


def assessment_moderate(
    *, assessment: SelfAssessment, actor: User, revision: int, decisions: dict[int, dict]
) -> SelfAssessment:
    """Record the RM's moderated level and rationale per dimension; it stays submitted."""
    with transaction.atomic():
        _write_moderation(assessment, actor, revision, decisions)
        return _record(assessment, actor)


def _refuse_unless_moderator(assessment: SelfAssessment, actor: User) -> None:
    if not permissions.moderates_vanguard(actor, assessment.vanguard):
        raise AssessmentError(
            f"Only {assessment.vanguard}'s relationship manager can moderate this self-assessment."
        )
    if assessment.status != Status.SUBMITTED:
        raise AssessmentError(status_refusal(assessment.status, Status.SUBMITTED))


def assessment_agree(
    *, assessment: SelfAssessment, actor: User, revision: int, decisions: dict[int, dict]
) -> SelfAssessment:
    """Save the moderation, lock the assessment as agreed and track its improvement actions."""
    with transaction.atomic():
        _write_moderation(
            assessment,
            actor,
            revision,
            decisions,
            status=Status.AGREED,
            agreed_at=timezone.now(),
            agreed_by=actor,
        )
        # A dimension the RM left alone is agreed at the vanguard's own level.
        for score in assessment.scores.filter(moderated_level__isnull=True):
            score.moderated_level = score.self_level
            score._history_user = actor
            score.save(update_fields=["moderated_level"])
        _track_improvement_actions(assessment, actor)
        return _record(assessment, actor)


def improvement_lines(text: str) -> list[str]:
    """One action per line; list markers people type ("- ", "* ", "• ") are dropped."""
    lines = (line.strip().lstrip("-*•").strip() for line in text.splitlines())
    return [line for line in lines if line]


def _action_due_date(cycle: AssessmentCycle, today: datetime.date) -> datetime.date:
    """When the next cycle opens, or 90 days after this one closes; never already overdue."""
    later = (
        AssessmentCycle.objects.filter(opens_on__gte=cycle.closes_on).order_by("opens_on").first()
    )
    due = later.opens_on if later else cycle.closes_on + ACTIONS_DUE_AFTER_CLOSE
    return due if due > today else today + ACTIONS_DUE_AFTER_CLOSE


def _action_owner(vanguard: Vanguard, fallback: User) -> User:
    """The vanguard's SRO; failing that any active member; failing that the RM who agreed."""
    members = VanguardMember.objects.filter(vanguard=vanguard, user__is_active=True)
    member = (
        members.filter(title=VanguardMember.Title.SRO).select_related("user").first()
        or members.select_related("user").order_by("pk").first()
    )
    return member.user if member else fallback


def _track_improvement_actions(assessment: SelfAssessment, actor: User) -> None:
    """Each line of "actions that would get us there" becomes a tracked action, once."""
    owner = _action_owner(assessment.vanguard, actor)
    due = _action_due_date(assessment.cycle, timezone.localdate())
    already = set(
        AssessmentAction.objects.filter(score__assessment=assessment).values_list(
            "score_id", "action__description"
        )
    )
    for score in assessment.scores.select_related("dimension"):
        for line in improvement_lines(score.improvement_actions):
            description = f"{score.dimension.name}: {line}"
            if len(description) > 500:
                description = description[:499] + "…"
            if (score.pk, description) in already:  # agreed before, then reopened
                continue
            action = action_create(
                created_by=actor,
                vanguard=assessment.vanguard,
                owner=owner,
                description=description,
                due_date=due,
            )
            AssessmentAction.objects.create(score=score, action=action)


def assessment_reopen(*, assessment: SelfAssessment, actor: User, reason: str) -> SelfAssessment:
    """Unlock an agreed assessment for moderation again; the RM lead or an admin, with a reason."""
    if not permissions.can_reopen_assessment(actor):
        raise AssessmentError("Only the RM lead or an admin can reopen an agreed self-assessment.")
    reason = reason.strip()
    if not reason:
        raise AssessmentError("Enter why the self-assessment is being reopened", "reason")
    if len(reason) > 500:
        raise AssessmentError("The reason must be 500 characters or fewer", "reason")
    with transaction.atomic():
        claimed = SelfAssessment.objects.filter(pk=assessment.pk, status=Status.AGREED).update(
            status=Status.SUBMITTED,
            agreed_at=None,
            agreed_by=None,
            reopen_reason=reason,
            revision=F("revision") + 1,
            updated_by=actor,
            updated_at=timezone.now(),
        )
        if not claimed:
            raise AssessmentError(
                "Only agreed self-assessments can be reopened, and this one is not agreed."
            )
        return _record(assessment, actor)

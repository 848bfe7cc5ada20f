"""Demo self-assessments: a discovery baseline about nine months ago, mostly agreed, and a
current cycle closing in two weeks with a mix of agreed, submitted and draft assessments.

Everything goes through the real services (so history, moderation and tracked actions are
as the portal makes them), then timestamps, and the history records beside them, are moved
back to when it would have happened.
"""

import datetime
import random
from bisect import bisect_left
from collections import defaultdict

from django.utils import timezone

from vanguards.models import Action, Vanguard
from workwell.models import User

from ..models import AssessmentAction, AssessmentCycle, DimensionScore, SelfAssessment
from ..selectors.framework import framework_current
from ..services.assessments import (
    assessment_agree,
    assessment_save_draft,
    assessment_submit,
    cycle_open,
)

BASELINE_NAME = "Discovery baseline"
CURRENT_NAME = "Second assessment cycle"

# Where each vanguard started, in registry order: a spread of bands across the programme.
STARTING_POINTS = [3.2, 2.0, 2.6, 3.4, 1.7, 2.3, 3.9, 2.8, 1.9, 3.0, 2.2, 4.1, 2.5, 1.6, 3.5]
# What each vanguard's current assessment has reached, in registry order.
CURRENT_STATUS = [
    "draft",
    "agreed",
    "submitted",
    "agreed",
    "draft",
    "agreed",
    "submitted",
    "submitted",
    "agreed",
    "draft",
    "submitted",
    "agreed",
    "submitted",
    "submitted",
    "agreed",
]

# Per dimension, in framework order: evidence a vanguard might give, and a next step.
EVIDENCE = [
    (
        "The SRO chairs a monthly partnership board with agreed terms of reference.",
        "Agree a deputy SRO and write down who decides what",
    ),
    (
        "The ICB, council, Jobcentre Plus and two VCSE partners sit on the delivery group.",
        "Bring employer networks into the delivery group",
    ),
    (
        "All strands are live; most participants get a work and health plan within 10 days.",
        "Map drop-out points in the participant journey and fix the biggest",
    ),
    (
        "Quarterly returns are on time; a data-sharing agreement is signed with the council.",
        "Agree outcome measures for job retention with the evaluation partner",
    ),
    (
        "The PMO keeps a plan, a risk log and spend against budget for the board.",
        "Move board reporting onto the shared dashboard template",
    ),
    (
        "Eight work and health coaches are in post with an induction programme.",
        "Set up monthly group supervision for coaches across partners",
    ),
    (
        "The Learning and Change Manager attends the network and runs quarterly reviews.",
        "Write up two lessons for the next toolkit version",
    ),
    (
        "A lived experience panel of six people reviewed the referral letters.",
        "Recruit panel members from racially minoritised communities",
    ),
    (
        "GP practices and the MSK service refer in; Jobcentre Plus referrals are starting.",
        "Pilot a fit note prompt with three GP practices",
    ),
    (
        "The board has discussed what to keep after the pilot funding ends.",
        "Draft the sustainability plan with costs for the ICB's planning round",
    ),
]


def _level(rng: random.Random, around: float) -> int:
    return max(1, min(5, round(around + rng.uniform(-0.9, 0.9))))


def _answers(scores, levels: dict[int, int]) -> dict[int, dict]:
    """Full answers at the given levels, with next steps for the two weakest dimensions."""
    weakest = sorted(levels, key=lambda dimension_id: levels[dimension_id])[:2]
    answers = {}
    for score in scores:
        level = levels[score.dimension_id]
        evidence, action = EVIDENCE[(score.dimension.order - 1) % len(EVIDENCE)]
        answers[score.dimension_id] = {
            "self_level": level,
            "evidence": evidence,
            "evidence_links": "",
            "target_level": min(5, level + 1),
            "improvement_actions": action if score.dimension_id in weakest else "",
        }
    return answers


def _moderation(rng: random.Random, scores, levels: dict[int, int]) -> dict[int, dict]:
    """RMs mostly agree; now and then they calibrate a level, with their reason."""
    decisions = {}
    for score in scores:
        level = levels[score.dimension_id]
        roll = rng.random()
        if roll < 0.15 and level > 1:
            decisions[score.dimension_id] = {
                "moderated_level": level - 1,
                "moderation_rationale": "The evidence shows this is planned rather than in "
                "place yet; we agreed the lower level in our check-in.",
            }
        elif roll > 0.95 and level < 5:
            decisions[score.dimension_id] = {
                "moderated_level": level + 1,
                "moderation_rationale": "The vanguard undersold itself: partners confirmed this "
                "is working across the whole footprint.",
            }
        else:
            decisions[score.dimension_id] = {"moderated_level": level, "moderation_rationale": ""}
    return decisions


def _step_times(start: datetime.datetime, end: datetime.datetime, count: int) -> list:
    """`count` moments from `start` to `end`: the first and last on them, the others spread
    between, at 11:30am on their day, as people fill in assessments in working hours."""
    if count == 1:
        return [start]
    times = [start]
    for index in range(1, count - 1):
        moment = start + (end - start) * index / (count - 1)
        working = _at(timezone.localdate(moment), 11) + datetime.timedelta(minutes=30)
        times.append(working if times[-1] < working < end else moment)
    return [*times, end]


def _backdate(assessment: SelfAssessment, start: datetime.datetime, end: datetime.datetime):
    """Date the assessment's steps from `start` (opened) to `end` (its latest step), and give
    the stamps its summary shows (submitted, agreed, last saved) the times of those steps, so
    the summary and the history tell the same story. Score records move with the step they
    were saved in; the actions that agreeing created, with the agreement."""
    steps = list(assessment.history.order_by("history_date", "history_id"))
    times = _step_times(start, end, len(steps))
    _move_score_records(assessment, [step.history_date for step in steps], times)
    stamps, previous = {"updated_at": times[-1]}, None
    for step, when in zip(steps, times, strict=True):
        if step.status != previous and step.status != SelfAssessment.Status.DRAFT:
            stamps[f"{step.status}_at"] = when  # submitted_at or agreed_at
        previous = step.status
    for step, when in zip(steps, times, strict=True):
        type(step).objects.filter(pk=step.pk).update(
            history_date=when,
            updated_at=when,
            submitted_at=step.submitted_at and stamps.get("submitted_at"),
            agreed_at=step.agreed_at and stamps.get("agreed_at"),
        )
    SelfAssessment.objects.filter(pk=assessment.pk).update(**stamps)
    if "agreed_at" in stamps:
        agreed = stamps["agreed_at"]
        actions = AssessmentAction.objects.filter(score__assessment=assessment).values("action")
        Action.objects.filter(pk__in=actions).update(created_at=agreed)
        Action.history.filter(id__in=actions).update(history_date=agreed, created_at=agreed)


def _move_score_records(assessment, step_dates: list, times: list) -> None:
    """Services save the scores, then the assessment, in one transaction: each score record
    belongs to the first step at or after it, and is dated just before that step's new time."""
    records = DimensionScore.history.filter(assessment_id=assessment.pk).order_by(
        "history_date", "history_id"
    )
    by_step = defaultdict(list)
    for record in records:
        by_step[min(bisect_left(step_dates, record.history_date), len(step_dates) - 1)].append(
            record
        )
    for index, in_step in by_step.items():
        for offset, record in enumerate(in_step):
            before = datetime.timedelta(microseconds=len(in_step) - offset)
            type(record).objects.filter(pk=record.pk).update(history_date=times[index] - before)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _fill(assessment, *, sro, rm, levels, status, rng, partial=False):
    """Take one assessment as far as `status`, through the services."""
    scores = list(assessment.scores.select_related("dimension"))
    answers = _answers(scores, levels)
    if partial:  # a draft part-way through
        answers = dict(list(answers.items())[: len(answers) // 2])
    if status == "draft":
        return assessment_save_draft(
            assessment=assessment, actor=sro, revision=assessment.revision, answers=answers
        )
    assessment = assessment_submit(
        assessment=assessment, actor=sro, revision=assessment.revision, answers=answers
    )
    if status == "agreed":
        assessment = assessment_agree(
            assessment=assessment,
            actor=rm,
            revision=assessment.revision,
            decisions=_moderation(rng, scores, levels),
        )
    return assessment


def _people(vanguard: Vanguard) -> tuple[User, User]:
    sro = User.objects.get(email=f"sro.{vanguard.slug}@example.com")
    membership = vanguard.group_memberships.select_related(
        "cohort_group__relationship_manager"
    ).get(ended_on__isnull=True)
    return sro, membership.cohort_group.relationship_manager


def _open(name, opens_on, closes_on, admin) -> AssessmentCycle | None:
    if AssessmentCycle.objects.filter(name=name).exists():
        return None  # seeded before: leave it as it is
    return cycle_open(
        actor=admin,
        name=name,
        framework=framework_current(),
        opens_on=opens_on,
        closes_on=closes_on,
    )


def seed_maturity(registry: dict) -> dict:
    """Seed the baseline and current cycles once; running it again creates nothing new."""
    admin = registry["users"]["admin@example.com"]
    vanguards = registry["vanguards"]
    today = timezone.localdate()
    baseline_opens = today - datetime.timedelta(days=270)
    baseline = _open(
        BASELINE_NAME, baseline_opens, baseline_opens + datetime.timedelta(days=42), admin
    )
    current = _open(
        CURRENT_NAME,
        today - datetime.timedelta(days=21),
        today + datetime.timedelta(days=14),
        admin,
    )
    for index, vanguard in enumerate(vanguards):
        rng = random.Random(f"maturity-{vanguard.slug}")  # the same levels on every machine
        sro, rm = _people(vanguard)
        start = STARTING_POINTS[index % len(STARTING_POINTS)]
        baseline_levels = {}
        if baseline is not None:
            assessment = baseline.self_assessments.get(vanguard=vanguard)
            dimension_ids = list(assessment.scores.values_list("dimension_id", flat=True))
            baseline_levels = {pk: _level(rng, start) for pk in dimension_ids}
            status = "submitted" if index in (4, 13) else "agreed"
            assessment = _fill(
                assessment, sro=sro, rm=rm, levels=baseline_levels, status=status, rng=rng
            )
            _backdate(assessment, _at(baseline.opens_on, 9), _at(baseline.closes_on, 16))
        if current is not None:
            assessment = current.self_assessments.get(vanguard=vanguard)
            dimension_ids = list(assessment.scores.values_list("dimension_id", flat=True))
            # Most dimensions hold steady or improve by a level since the baseline.
            levels = {
                pk: min(5, baseline_levels.get(pk, _level(rng, start)) + rng.choice([0, 0, 1]))
                for pk in dimension_ids
            }
            status = CURRENT_STATUS[index % len(CURRENT_STATUS)]
            assessment = _fill(
                assessment,
                sro=sro,
                rm=rm,
                levels=levels,
                status=status,
                rng=rng,
                partial=status == "draft" and index % 2 == 0,
            )
            _backdate(assessment, _at(current.opens_on, 9), timezone.now())
    return {"cycles": [cycle for cycle in (baseline, current) if cycle is not None]}

"""seed_scale's activity: touchpoints by each vanguard's RM at the time, quarterly returns that
keep the validation rules, a self-assessment per quarter, and pulse survey invitations and
answers counted by the groups of their quarter. Bulk inserts in batches; no simple-history rows."""

import datetime

from django.db.models import F
from django.utils import timezone

from feedback.models import PulseInvitation, PulseResponse, PulseSurvey
from feedback.models.pulse import survey_dates
from feedback.services.pulse import REMINDER_AFTER
from maturity.models import AssessmentCycle, DimensionScore, SelfAssessment
from maturity.selectors.framework import framework_current
from vanguards.management.demo_touchpoints import (
    AMBER_REASONS,
    CHECK_IN_SUMMARIES,
    COACHING_SUMMARIES,
    COHORT_SUMMARIES,
    SITE_VISIT_SUMMARIES,
)
from vanguards.models import RAG, Touchpoint
from workwell.dates import Quarter, add_working_days

from ..funding import quarters_from
from ..models import QuarterlyReturn, ReturnPeriod, StrandReturn
from ..rules import figure_problems
from .demo_returns import _figures, _strands
from .scale_registry import BATCH, ScaleRegistry

TOUCHPOINTS_PER_VANGUARD_YEAR = 100
KINDS = [
    (Touchpoint.Kind.CHECK_IN, Touchpoint.Channel.VIDEO, CHECK_IN_SUMMARIES),
    (Touchpoint.Kind.CHECK_IN, Touchpoint.Channel.PHONE, CHECK_IN_SUMMARIES),
    (Touchpoint.Kind.COACHING, Touchpoint.Channel.VIDEO, COACHING_SUMMARIES),
    (Touchpoint.Kind.COHORT_SESSION, Touchpoint.Channel.VIDEO, COHORT_SUMMARIES),
    (Touchpoint.Kind.SITE_VISIT, Touchpoint.Channel.IN_PERSON, SITE_VISIT_SUMMARIES),
]


def _at(day: datetime.date, hour: int = 16) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed_scale_touchpoints(registry: ScaleRegistry, *, years: int, today, rng) -> int:
    """About 100 touchpoints per vanguard a year, each logged by the RM of its group that day."""
    span = (today - registry.start).days
    Through = Touchpoint.vanguards.through
    ThemeThrough = Touchpoint.themes.through
    count = 0
    for offset in range(0, len(registry.vanguards), 20):  # 20 vanguards' touchpoints a batch
        chunk = registry.vanguards[offset : offset + 20]
        pending = []
        for vanguard in chunk:
            for _ in range(TOUCHPOINTS_PER_VANGUARD_YEAR * years):
                day = registry.start + datetime.timedelta(days=rng.randrange(span))
                kind, channel, summaries = rng.choice(KINDS)
                amber = rng.random() < 0.12
                pending.append(
                    (
                        vanguard,
                        Touchpoint(
                            date=day,
                            kind=kind,
                            channel=channel,
                            duration_minutes=rng.choice([30, 45, 60]),
                            author=registry.group_on(vanguard.pk, day).relationship_manager,
                            summary=rng.choice(summaries).replace("{name}", vanguard.name),
                            rag=RAG.AMBER if amber else RAG.GREEN,
                            rag_reason=rng.choice(AMBER_REASONS) if amber else "",
                            status=Touchpoint.Status.COMPLETE,
                            completed_at=_at(day),
                            created_at=_at(day),
                        ),
                    )
                )
        touchpoints = Touchpoint.objects.bulk_create([t for _, t in pending], batch_size=BATCH)
        Through.objects.bulk_create(
            [
                Through(touchpoint=t, vanguard=v)
                for (v, _), t in zip(pending, touchpoints, strict=True)
            ],
            batch_size=BATCH * 5,
        )
        ThemeThrough.objects.bulk_create(
            [
                ThemeThrough(touchpoint=t, programmetheme=rng.choice(registry.themes))
                for t in touchpoints
            ],
            batch_size=BATCH * 5,
        )
        # created_at is auto_now_add, which bulk_create stamps with now: logged on the day.
        Touchpoint.objects.filter(pk__in=[t.pk for t in touchpoints]).update(
            created_at=F("completed_at")
        )
        count += len(touchpoints)
    return count


def closed_quarters(registry: ScaleRegistry, today) -> list[Quarter]:
    return quarters_from(Quarter.containing(registry.start), Quarter.containing(today).previous())


def seed_scale_returns(registry: ScaleRegistry, *, today, rng) -> int:
    """A return per vanguard per closed quarter, accepted, each strand's figures checked by the
    same rules the return form uses; the last closed quarter has some still with the RM."""
    quarters = closed_quarters(registry, today)
    for quarter in quarters + [Quarter.containing(today)]:
        ReturnPeriod.objects.get_or_create(
            year=quarter.year,
            number=quarter.number,
            defaults={"due_on": add_working_days(quarter.end, 15)},
        )
    delivery = len(
        quarters_from(Quarter.containing(registry.start), Quarter.containing(registry.end))
    )
    reports, strand_rows = [], []
    for position, vanguard in enumerate(registry.vanguards):
        strands = [s for s in _strands(vanguard) if s.has_participants]
        sro = registry.members[vanguard.pk][0]
        running = {strand.pk: (0, 0) for strand in strands}
        for index, quarter in enumerate(quarters):
            submitted_only = quarter == quarters[-1] and position % 4 == 1
            signed = _at(add_working_days(quarter.end, 10), 11)
            report = QuarterlyReturn(
                vanguard=vanguard,
                year=quarter.year,
                number=quarter.number,
                status=QuarterlyReturn.Status.SUBMITTED
                if submitted_only
                else QuarterlyReturn.Status.ACCEPTED,
                progress="Referrals grew as the service reached more GP practices.",
                risks="Recruitment of one work and health coach is delayed.",
                what_helped="Co-location with the MSK physiotherapy team.",
                narrative_complete=True,
                signed_off_by=sro,
                signed_off_at=signed,
                decided_by=None if submitted_only else registry.admin,
                decided_at=None if submitted_only else _at(add_working_days(quarter.end, 15), 11),
            )
            reports.append(report)
            for strand in strands:
                earlier = running[strand.pk]
                figures = _figures(rng, strand, index, delivery, earlier)
                problems = figure_problems(
                    figures,
                    earlier_in_work_starts=earlier[0],
                    earlier_out_of_work_starts=earlier[1],
                    require_all=True,
                )
                assert not problems, (vanguard, quarter, problems)
                running[strand.pk] = (
                    earlier[0] + figures["starts_in_work"],
                    earlier[1] + figures["starts_out_of_work"],
                )
                strand_rows.append((report, strand, figures))
    QuarterlyReturn.objects.bulk_create(reports, batch_size=BATCH)
    StrandReturn.objects.bulk_create(
        [
            StrandReturn(quarterly_return=report, strand=strand, complete=True, **figures)
            for report, strand, figures in strand_rows
        ],
        batch_size=BATCH,
    )
    return len(reports)


def seed_scale_assessments(registry: ScaleRegistry, *, today, rng) -> int:
    """A self-assessment cycle each quarter (the first is the baseline), every vanguard agreed
    against the current framework, levels drifting upwards over the years."""
    framework = framework_current()
    dimensions = list(framework.dimensions.order_by("order"))
    has_baseline = AssessmentCycle.objects.filter(is_baseline=True).exists()
    cycles = []
    for index, quarter in enumerate(closed_quarters(registry, today)):
        name = f"{quarter} self-assessment"
        if AssessmentCycle.objects.filter(name=name).exists():
            continue
        cycles.append(
            AssessmentCycle(
                name=name,
                framework=framework,
                opens_on=quarter.start,
                closes_on=quarter.end,
                is_baseline=index == 0 and not has_baseline,
            )
        )
    cycles = AssessmentCycle.objects.bulk_create(cycles)
    assessments, score_rows = [], []
    for vanguard in registry.vanguards:
        base = rng.uniform(1.4, 3.2)
        sro = registry.members[vanguard.pk][0]
        for index, cycle in enumerate(cycles):
            level = base + index * 0.08
            assessment = SelfAssessment(
                vanguard=vanguard,
                cycle=cycle,
                status=SelfAssessment.Status.AGREED,
                updated_by=sro,
                submitted_by=sro,
                submitted_at=_at(cycle.closes_on - datetime.timedelta(days=7)),
                agreed_by=registry.group_on(vanguard.pk, cycle.closes_on).relationship_manager,
                agreed_at=_at(cycle.closes_on),
            )
            assessments.append(assessment)
            for dimension in dimensions:
                mine = max(1, min(5, round(level + rng.uniform(-0.8, 0.8))))
                score_rows.append(
                    DimensionScore(
                        assessment=assessment,
                        dimension=dimension,
                        self_level=mine,
                        target_level=min(5, mine + 1),
                        evidence="Evidence reviewed with the RM at the quarterly check-in.",
                        moderated_level=mine if rng.random() < 0.8 else max(1, mine - 1),
                    )
                )
    SelfAssessment.objects.bulk_create(assessments, batch_size=BATCH)
    DimensionScore.objects.bulk_create(score_rows, batch_size=BATCH)
    return len(assessments)


# Each quarter three of a vanguard's five members answer the pulse survey and a fourth does
# with a chance that depends on the vanguard (some are keener than others) and drifts by the
# quarter, so response rates run from 60% to 80% a vanguard, about 70% nationally, and every
# vanguard's results clear the disclosure threshold (3).
ALWAYS_ANSWER = 3
FOURTH_ANSWERS = (0.1, 0.9)  # the range of each vanguard's chance
QUARTER_DRIFT = 0.15


def _pulse_answers(survey, person, recorded: dict, answered, rng) -> PulseResponse:
    return PulseResponse(
        survey=survey,
        person=person,
        **recorded,
        satisfaction=rng.choice([3, 4, 4, 5, 5]),
        rm_support=rng.choice([3, 4, 5, 5]),
        learning_usefulness=rng.choice([2, 3, 4, 4, 5]),
        went_well="Quick answers from our RM and useful peer sessions.",
        submitted_at=answered,
        updated_at=answered,
    )


def seed_scale_pulse(registry: ScaleRegistry, *, today, rng, own_rng) -> tuple[int, int]:
    """Closed pulse surveys for every closed quarter: every member of every vanguard asked (an
    invitation, emailed the day the survey opened and reminded a week later unless they had
    answered by then) and three or four of the five answering, asked and answering with the
    group, RM and region of that quarter. `own_rng` draws who answers beyond the first three
    and their answers, so the rest of the data is what `rng` drew before invitations were
    seeded. Returns (responses, invitations)."""
    keenness = {vanguard.pk: own_rng.uniform(*FOURTH_ANSWERS) for vanguard in registry.vanguards}
    responses, invitations = [], []
    for quarter in closed_quarters(registry, today):
        opens, closes = survey_dates(quarter)
        survey, _ = PulseSurvey.objects.get_or_create(
            year=quarter.year,
            number=quarter.number,
            defaults={
                "opens_on": opens,
                "closes_on": closes,
                "status": PulseSurvey.Status.CLOSED,
                "opened_at": _at(opens, 9),
                "closed_at": _at(closes, 23),
            },
        )
        invited = _at(opens, 9)
        reminder = invited + REMINDER_AFTER
        drift = own_rng.uniform(-QUARTER_DRIFT, QUARTER_DRIFT)
        for vanguard in registry.vanguards:
            group = registry.group_on(vanguard.pk, closes)
            recorded = {
                "vanguard": vanguard,
                "cohort_group": group,
                "relationship_manager": group.relationship_manager,
                "region_id": vanguard.region_id,
            }
            answering = ALWAYS_ANSWER + (own_rng.random() < keenness[vanguard.pk] + drift)
            for position, person in enumerate(registry.members[vanguard.pk]):
                answered = None
                if position < answering:
                    draws = rng if position < ALWAYS_ANSWER else own_rng
                    answered = _at(opens + datetime.timedelta(days=draws.randrange(20)), 10)
                    responses.append(_pulse_answers(survey, person, recorded, answered, draws))
                invitations.append(
                    PulseInvitation(
                        survey=survey,
                        person=person,
                        **recorded,
                        invited_at=invited,
                        reminded_at=None if answered and answered < reminder else reminder,
                    )
                )
    PulseInvitation.objects.bulk_create(invitations, batch_size=BATCH)
    PulseResponse.objects.bulk_create(responses, batch_size=BATCH)
    return len(responses), len(invitations)

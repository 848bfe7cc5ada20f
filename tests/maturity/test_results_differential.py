"""The national results read only the few assessments a vanguard's row shows. Checked here
against a reference that reads every assessment and score the plain way, on a programme with
several cycles across two framework versions, drafts, submitted-only vanguards, moderation,
vanguards that joined after the baseline and one with nothing at all: the heatmap, bands,
movement, calibration and counts must be the same, for each viewer and for the anonymised
member's view."""

import datetime
import random
from collections import Counter
from decimal import Decimal

import pytest

from maturity.models import AssessmentCycle, Dimension, SelfAssessment
from maturity.selectors import results as selectors
from tests.factories import (
    AssessmentCycleFactory,
    DimensionFactory,
    FrameworkVersionFactory,
    VanguardFactory,
    make_assessment,
)
from vanguards import permissions
from vanguards.models import Vanguard
from workwell.models import MaturityBand

AGREED = SelfAssessment.Status.AGREED
SUBMITTED = SelfAssessment.Status.SUBMITTED
DRAFT = SelfAssessment.Status.DRAFT


def _mean(levels):
    levels = [level for level in levels if level is not None]
    return Decimal(sum(levels)) / Decimal(len(levels)) if levels else None


def reference(vanguards, assessments):
    """Every vanguard's row from all its submitted and agreed assessments, newest first: the
    band from the latest, the levels from the latest agreed, movement from the agreed one in
    the baseline cycle (or the earliest agreed), calibration over the latest agreed."""
    history = {}
    for assessment in (
        assessments.filter(vanguard__in=vanguards)
        .exclude(status=DRAFT)
        .select_related("cycle__framework")
        .prefetch_related("scores__dimension")
        .order_by("-cycle__opens_on", "-pk")
    ):
        history.setdefault(assessment.vanguard_id, []).append(assessment)

    def agreed_levels(assessment):
        return {s.dimension.name: s.agreed_level for s in assessment.scores.all()}

    def counted_mean(assessment):
        scores = assessment.scores.all()
        if assessment.status == AGREED:
            return _mean([s.agreed_level for s in scores])
        return _mean([s.self_level for s in scores])

    latest_agreed = {
        pk: next((a for a in found if a.status == AGREED), None) for pk, found in history.items()
    }
    agreed_ones = [a for a in latest_agreed.values() if a]
    dimensions = []
    if agreed_ones:
        newest = max(agreed_ones, key=lambda a: a.cycle.opens_on)
        dimensions = list(Dimension.objects.filter(framework=newest.cycle.framework))
        dimensions.sort(key=lambda d: d.order)
    rows = []
    for vanguard in vanguards:
        found = history.get(vanguard.pk, [])
        agreed = [a for a in found if a.status == AGREED]
        latest = latest_agreed.get(vanguard.pk)
        levels = agreed_levels(latest) if latest else {}
        band = None
        if found and counted_mean(found[0]) is not None:
            mean = counted_mean(found[0])
            band = (found[0].cycle, found[0].cycle.framework.band_for(mean), mean, found[0].status)
        baseline = next((a for a in agreed if a.cycle.is_baseline), agreed[-1] if agreed else None)
        movement = None
        if latest and baseline and latest.pk != baseline.pk:
            movement = (baseline.cycle, counted_mean(baseline), counted_mean(latest))
            if None in movement:  # a mean from no levels: nothing to compare
                movement = None
        rows.append(
            (
                vanguard.pk,
                latest.cycle if latest else None,
                [levels.get(d.name) for d in dimensions],
                counted_mean(latest) if latest else None,
                band,
                movement,
            )
        )
    calibration = []
    for dimension in dimensions:
        pairs = [
            (s.self_level, s.agreed_level)
            for a in agreed_ones
            for s in a.scores.all()
            if s.dimension.name == dimension.name
            and s.self_level is not None
            and s.agreed_level is not None
        ]
        calibration.append(
            (
                dimension.pk,
                _mean([p[0] for p in pairs]),
                _mean([p[1] for p in pairs]),
                len(pairs),
            )
        )
    counts = Counter(band[1] for *_, band, _ in rows if band)
    return {
        "dimensions": [d.pk for d in dimensions],
        "rows": rows,
        "calibration": calibration,
        "band_counts": {band: counts.get(band, 0) for band in MaturityBand.values},
        "unbanded": sum(1 for *_, band, _ in rows if band is None),
    }


def as_compared(national):
    """The selector's results in the reference's shape."""
    rows = [
        (
            row.vanguard.pk,
            row.cycle,
            row.levels,
            row.mean,
            (
                row.band.cycle,
                row.band.band,
                row.band.mean,
                AGREED if row.band.is_moderated else SUBMITTED,
            )
            if row.band
            else None,
            (row.movement.since, row.movement.before, row.movement.now) if row.movement else None,
        )
        for row in national.rows
    ]
    return {
        "dimensions": [d.pk for d in national.dimensions],
        "rows": rows,
        "calibration": [
            (c.dimension.pk, c.mean_self, c.mean_moderated, c.count) for c in national.calibration
        ],
        "band_counts": national.band_counts,
        "unbanded": national.unbanded,
    }


def programme_cycle(number):
    return AssessmentCycle.objects.get(name=f"Cycle {number}")


def _framework(name, dimension_names):
    framework = FrameworkVersionFactory(name=name)
    for order, dimension_name in enumerate(dimension_names, start=1):
        DimensionFactory(framework=framework, order=order, name=dimension_name)
    return framework


@pytest.fixture
def programme(db, vanguard_a, vanguard_b):
    """Seven cycles (the baseline third, a second framework version from the sixth, which
    drops one dimension and adds another) and a dozen vanguards with random histories: gaps,
    drafts, submitted ones after agreed ones, moderation both ways, some joining late."""
    names = ["Leadership", "Partnership", "Data", "Workforce"]
    first = _framework("Matrix v1", names)
    second = _framework("Matrix v2", ["Leadership", "Data", "Workforce", "Inclusion", "Funding"])
    cycles = [
        AssessmentCycleFactory(
            name=f"Cycle {number}",
            framework=first if number < 5 else second,
            opens_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=91 * number),
            is_baseline=number == 2,
        )
        for number in range(7)
    ]
    chance = random.Random(13)
    vanguards = [vanguard_a, vanguard_b] + [
        VanguardFactory(name=f"Vanguard {number:02}") for number in range(10)
    ]
    for index, vanguard in enumerate(vanguards):
        if index == 3:
            continue  # nothing at all
        joined = chance.choice([0, 0, 1, 3, 4])
        for cycle in cycles[joined:]:
            newest = cycle == cycles[-1]
            if chance.random() < 0.2 and not (index == 6 and newest):
                continue  # skipped a cycle
            count = cycle.framework.dimensions.count()
            status = chance.choices([AGREED, SUBMITTED, DRAFT], weights=[6, 2, 1])[0]
            if index == 4:
                status = chance.choice([SUBMITTED, DRAFT])  # never agreed
            if index == 6 and newest:
                status = SUBMITTED  # banded on self levels after agreed ones
            levels = [chance.randint(1, 5) for _ in range(count)]
            moderated = [chance.choice([None, None, chance.randint(1, 5)]) for _ in range(count)]
            make_assessment(vanguard, cycle, levels, moderated=moderated, status=status)
    # One agreed in the baseline cycle after agreed ones before it (moved since the baseline,
    # not its earliest); one whose newest agreed assessment has no scores at all.
    moved = VanguardFactory(name="Vanguard 10")
    for cycle, levels in zip(cycles[:4], ([1] * 4, [2] * 4, [3] * 4, [4] * 4), strict=True):
        make_assessment(moved, cycle, levels)
    empty = VanguardFactory(name="Vanguard 11")
    make_assessment(empty, cycles[0], [2] * 4)
    SelfAssessment.objects.create(vanguard=empty, cycle=cycles[-1], status=AGREED)
    return vanguards + [moved, empty]


@pytest.mark.parametrize("as_queryset", [True, False], ids=["queryset", "instances"])
@pytest.mark.parametrize(
    "viewer", ["rm", "rm_lead", "programme_lead", "admin_user", "learning_user"]
)
def test_national_results_match_reading_everything(cast, programme, viewer, as_queryset):
    user = cast[viewer]
    vanguards = list(selectors.vanguards_for_results(user=user))
    assert len(vanguards) >= 13
    visible = permissions.assessments_visible_to(user, SelfAssessment.objects.all())
    expected = reference(vanguards, visible)
    # The page passes its filter's queryset (read as a subquery), other callers instances.
    chosen = selectors.vanguards_for_results(user=user) if as_queryset else vanguards
    national = selectors.national_results(user=user, vanguards=chosen, sort="name")
    assert as_compared(national) == expected
    # The data exercises what it must: movement, calibration gaps, unbanded and self-assessed.
    assert any(row[5] for row in expected["rows"]) and expected["unbanded"] >= 1
    assert any(row[4] and row[4][3] == SUBMITTED for row in expected["rows"])
    assert any(gap[3] for gap in expected["calibration"])
    # Moved since the baseline with agreed ones before it; agreed with no levels to show.
    rows = {row[0]: row for row in expected["rows"]}
    assert rows[programme[-2].pk][5] == (programme_cycle(2), 3, 4)
    assert rows[programme[-1].pk][1:] == (programme_cycle(6), [None] * 5, None, None, None)


def test_a_regional_lead_sees_their_regions_results_as_reading_everything(programme, regional_lead):
    vanguards = list(selectors.vanguards_for_results(user=regional_lead))
    visible = permissions.assessments_visible_to(regional_lead, SelfAssessment.objects.all())
    national = selectors.national_results(
        user=regional_lead, vanguards=selectors.vanguards_for_results(user=regional_lead)
    )
    national.rows.sort(key=lambda row: [v.pk for v in vanguards].index(row.vanguard.pk))
    assert as_compared(national) == reference(vanguards, visible)


def test_a_filtered_few_match_reading_everything(cast, programme):
    user = cast["rm"]
    few = sorted([programme[3], programme[4], programme[7], programme[0]], key=lambda v: v.name)
    expected = reference(few, permissions.assessments_visible_to(user, SelfAssessment.objects))
    national = selectors.national_results(user=user, vanguards=few, sort="name")
    assert as_compared(national) == expected


def test_anonymised_results_match_reading_everything(programme):
    everyone = list(Vanguard.objects.order_by("pk"))
    expected = reference(everyone, SelfAssessment.objects.all())
    own = programme[5]
    anonymised = selectors.anonymised_results(vanguard=own)
    own_row = next(row for row in expected["rows"] if row[0] == own.pk)
    assert anonymised.own.levels == own_row[2]
    assert anonymised.vanguards_assessed == sum(1 for row in expected["rows"] if row[1])
    assert anonymised.band_counts == expected["band_counts"]
    for index, distribution in enumerate(anonymised.distributions):
        levels = Counter(row[2][index] for row in expected["rows"])
        assert distribution.counts == [levels.get(level, 0) for level in range(1, 6)]

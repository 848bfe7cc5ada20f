"""The dashboards' bands and movement (results.bands_and_previous) read only the two
assessments each vanguard's band comes from, picked in SQL (now the latest two as one array):
the same bands as the rule they replaced (every submitted or agreed assessment read as a
model, written here), on generated programmes with drafts, submitted ones after agreed ones,
assessments with no level that counts (no scores, self levels left blank, an agreed one whose
levels are all blank), two cycles opening on the same day, vanguards with nothing and closed
vanguards, on days around the cycles' opening days, for vanguards given as ids, instances or a
queryset."""

import datetime
import random

import pytest

from maturity.models import SelfAssessment
from maturity.selectors import results
from tests.factories import AssessmentCycleFactory, VanguardFactory, make_assessment, make_framework
from vanguards.models import Vanguard

pytestmark = pytest.mark.django_db

AGREED = SelfAssessment.Status.AGREED
SUBMITTED = SelfAssessment.Status.SUBMITTED
DRAFT = SelfAssessment.Status.DRAFT


def _old_bands_and_previous(vanguards, on):
    """The rule as it was: every submitted or agreed assessment opened by `on` as a model with
    its level totals, newest first; the first two with a band."""
    ids = [getattr(vanguard, "pk", vanguard) for vanguard in vanguards]
    queryset = SelfAssessment.objects.filter(
        vanguard_id__in=ids, status__in=results.NOT_DRAFT, cycle__opens_on__lte=on
    )
    grouped = {}
    for assessment in results._with_level_totals(queryset):
        grouped.setdefault(assessment.vanguard_id, []).append(assessment)
    bands = {}
    for vanguard_id, assessments in grouped.items():
        found = [band for band in map(results._band, assessments) if band]
        if found:
            bands[vanguard_id] = (found[0], found[1] if len(found) > 1 else None)
    return bands


def _programme(seed: int):
    rng = random.Random(seed)
    frameworks = [make_framework(dimensions=3), make_framework(dimensions=4)]
    start = datetime.date(2024, 1, 1)
    cycles = [
        AssessmentCycleFactory(
            framework=frameworks[number >= 4],
            opens_on=start + datetime.timedelta(days=91 * number),
            is_baseline=number == 1,
        )
        for number in range(7)
    ]
    # Two cycles opening on the same day: the newer row (higher id) counts as the later.
    cycles.append(AssessmentCycleFactory(framework=frameworks[1], opens_on=cycles[5].opens_on))
    vanguards = []
    for number in range(12):
        vanguard = VanguardFactory(
            status=rng.choice([Vanguard.Status.LIVE, Vanguard.Status.CLOSED])
        )
        vanguards.append(vanguard)
        if number == 0:
            continue  # nothing at all
        for cycle in rng.sample(cycles, rng.randint(1, len(cycles))):
            count = cycle.framework.dimensions.count()
            status = rng.choices([AGREED, SUBMITTED, DRAFT], weights=[5, 3, 1])[0]
            shape = rng.choices(["levels", "blank", "none", "moderated"], weights=[6, 1, 1, 1])[0]
            if shape == "none":  # no scores at all
                SelfAssessment.objects.create(vanguard=vanguard, cycle=cycle, status=status)
                continue
            levels = [rng.choice([None, 1, 2, 3, 4, 5]) for _ in range(count)]
            moderated = [rng.choice([None, None, rng.randint(1, 5)]) for _ in range(count)]
            if shape == "blank":  # no self levels (and, when agreed, no moderated ones)
                levels, moderated = [None] * count, [None] * count
            if shape == "moderated":  # only moderated levels: counted once agreed, not before
                levels = [None] * count
                moderated = [rng.randint(1, 5) for _ in range(count)]
            make_assessment(vanguard, cycle, levels, moderated=moderated, status=status)
    days = {
        cycle.opens_on + datetime.timedelta(days=shift) for cycle in cycles for shift in (-1, 0)
    }
    return vanguards, sorted(days) + [datetime.date(2030, 1, 1)]


@pytest.mark.parametrize("seed", range(4))
def test_the_same_bands_as_reading_every_assessment(seed, django_assert_num_queries):
    vanguards, days = _programme(seed)
    ids = [vanguard.pk for vanguard in vanguards]
    compared = 0
    for on in days:
        expected = _old_bands_and_previous(ids, on)
        compared += sum(1 for _, previous in expected.values() if previous)
        # The two assessments of each vanguard, those as rows, their levels, their cycles.
        with django_assert_num_queries(4 if expected else 1):
            found = results.bands_and_previous(vanguards=ids, on=on)
        assert found == expected, on
    assert compared  # some vanguards moved from one band to another
    on = days[-1]
    expected = _old_bands_and_previous(ids, on)
    assert results.bands_and_previous(vanguards=vanguards, on=on) == expected
    queryset = Vanguard.objects.filter(pk__in=ids[::2])
    assert results.bands_and_previous(vanguards=queryset, on=on) == {
        pk: bands for pk, bands in expected.items() if pk in ids[::2]
    }

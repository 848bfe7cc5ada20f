"""Banding: the mean level against the framework's thresholds, at and around every threshold,
from moderated levels once agreed and the vanguard's own levels before then."""

from decimal import Decimal

import pytest

from maturity.models import SelfAssessment
from maturity.selectors.assessments import assessment_band
from maturity.selectors.results import bands_and_previous
from tests.factories import AssessmentCycleFactory, make_assessment, make_framework
from workwell.models import MaturityBand

EMERGING, MATURING, LEADING = MaturityBand.EMERGING, MaturityBand.MATURING, MaturityBand.LEADING
DRAFT = SelfAssessment.Status.DRAFT
SUBMITTED = SelfAssessment.Status.SUBMITTED
AGREED = SelfAssessment.Status.AGREED


@pytest.mark.parametrize(
    ("mean", "band"),
    [
        ("1", EMERGING),
        ("2.49", EMERGING),
        ("2.5", MATURING),
        ("2.51", MATURING),
        ("3.74", MATURING),
        ("3.75", LEADING),
        ("3.76", LEADING),
        ("5", LEADING),
    ],
)
def test_default_thresholds_at_and_around_each_boundary(db, mean, band):
    framework = make_framework(1)  # 2.5 and 3.75 unless told otherwise
    assert framework.band_for(Decimal(mean)) == band
    assert framework.band_for(float(mean)) == band  # a float mean lands the same side


@pytest.mark.parametrize(
    ("mean", "band"),
    [
        ("1.99", EMERGING),
        ("2", MATURING),
        ("2.01", MATURING),
        ("3.49", MATURING),
        ("3.5", LEADING),
        ("3.51", LEADING),
    ],
)
def test_custom_thresholds_belong_to_the_framework(db, mean, band):
    framework = make_framework(1, emerging_below=Decimal("2"), maturing_below=Decimal("3.5"))
    assert framework.band_for(Decimal(mean)) == band


def test_nothing_to_band_gives_no_band(db):
    assert make_framework(1).band_for(None) is None


@pytest.fixture
def four_dimensions(db, vanguard_a):
    return AssessmentCycleFactory(framework=make_framework(4))


@pytest.mark.parametrize(
    ("levels", "band", "mean"),
    [
        ([2, 2, 2, 3], EMERGING, "2.25"),
        ([2, 2, 3, 3], MATURING, "2.5"),  # exactly on the threshold: the band above
        ([3, 3, 3, 4], MATURING, "3.25"),
        ([3, 4, 4, 4], LEADING, "3.75"),  # exactly on the threshold again
        ([1, 1, 1, 1], EMERGING, "1"),
        ([5, 5, 5, 5], LEADING, "5"),
    ],
)
def test_an_assessments_band_comes_from_its_mean_level(
    four_dimensions, vanguard_a, levels, band, mean
):
    assessment = make_assessment(vanguard_a, four_dimensions, levels, status=SUBMITTED)
    assert assessment_band(assessment) == (band, Decimal(mean), "self")


def test_a_mean_just_under_a_threshold_is_not_rounded_up(db, vanguard_a):
    # 3 dimensions at 4, 4, 3 give 3.666…: maturing, though it prints as 3.7.
    cycle = AssessmentCycleFactory(framework=make_framework(3))
    assessment = make_assessment(vanguard_a, cycle, [4, 4, 3], status=SUBMITTED)
    band, mean, _ = assessment_band(assessment)
    assert band == MATURING
    assert Decimal("3.66") < mean < Decimal("3.67")


def test_agreed_assessments_band_on_moderated_levels(four_dimensions, vanguard_a):
    # The vanguard said leading (mean 4); moderation brought it to maturing (mean 3).
    assessment = make_assessment(
        vanguard_a, four_dimensions, [4, 4, 4, 4], moderated=[3, 3, 3, 3], status=AGREED
    )
    assert assessment_band(assessment) == (MATURING, Decimal(3), "moderated")


def test_a_dimension_agreed_without_a_moderated_level_counts_at_the_vanguards_level(
    four_dimensions, vanguard_a
):
    assessment = make_assessment(
        vanguard_a, four_dimensions, [2, 2, 3, 3], moderated=[None, None, 2, 2], status=AGREED
    )
    assert assessment_band(assessment) == (EMERGING, Decimal("2"), "moderated")


def test_submitted_assessments_band_on_self_levels_even_when_moderation_is_under_way(
    four_dimensions, vanguard_a
):
    assessment = make_assessment(
        vanguard_a, four_dimensions, [4, 4, 4, 4], moderated=[1, 1, 1, 1], status=SUBMITTED
    )
    assert assessment_band(assessment) == (LEADING, Decimal(4), "self")


def test_a_draft_bands_on_the_levels_given_so_far(four_dimensions, vanguard_a):
    assessment = make_assessment(vanguard_a, four_dimensions, [3, 3, 3, 3], status=DRAFT)
    assessment.scores.filter(dimension__order__gt=2).update(self_level=None)
    assert assessment_band(assessment) == (MATURING, Decimal(3), "self")
    assessment.scores.update(self_level=None)
    assert assessment_band(assessment) == (None, None, "self")


def test_custom_thresholds_apply_to_assessments(db, vanguard_a):
    framework = make_framework(4, emerging_below=Decimal("2.25"), maturing_below=Decimal("3.25"))
    cycle = AssessmentCycleFactory(framework=framework)
    assert assessment_band(make_assessment(vanguard_a, cycle, [2, 2, 2, 3]))[0] == MATURING
    second = AssessmentCycleFactory(framework=framework)
    assert assessment_band(make_assessment(vanguard_a, second, [3, 3, 3, 4]))[0] == LEADING


def test_the_list_shows_each_band_and_its_basis(client, rm, four_dimensions, vanguard_a):
    make_assessment(vanguard_a, four_dimensions, [2, 2, 3, 3], status=SUBMITTED)
    client.force_login(rm)
    html = client.get("/maturity/assessments/").content.decode()
    assert "Maturing (mean 2.50, self)" in html


def test_the_list_never_rounds_a_mean_up_onto_a_threshold(client, rm, vanguard_a):
    # 27 / 11 = 2.4545…: emerging, so it must not show as "mean 2.5" beside "Emerging".
    cycle = AssessmentCycleFactory(framework=make_framework(11))
    make_assessment(vanguard_a, cycle, [2] * 6 + [3] * 5, status=SUBMITTED)
    client.force_login(rm)
    html = client.get("/maturity/assessments/").content.decode()
    assert "Emerging (mean 2.45, self)" in html


@pytest.mark.parametrize(
    ("levels", "moderated", "status"),
    [
        ([2, 2, 2, 3], None, SUBMITTED),  # 2.25
        ([2, 2, 3, 3], None, SUBMITTED),  # 2.5, on the threshold
        ([3, 4, 4, 4], None, SUBMITTED),  # 3.75, on the threshold
        ([4, 4, 4, 4], [1, 1, 1, 1], SUBMITTED),  # moderation under way does not count yet
        ([2, 2, 3, 3], [None, None, 2, 2], AGREED),  # 2: unmoderated dimensions at self level
        ([4, 4, 4, 4], [3, 4, 4, 4], AGREED),  # 3.75 from moderated levels
    ],
)
def test_results_band_every_assessment_as_its_own_page_does(
    four_dimensions, vanguard_a, levels, moderated, status
):
    # Results add levels up in SQL, the assessment pages in Python: they must never disagree.
    assessment = make_assessment(vanguard_a, four_dimensions, levels, moderated, status=status)
    on_its_page = assessment_band(assessment)
    on = assessment.cycle.opens_on
    in_results, _previous = bands_and_previous(vanguards=[vanguard_a], on=on)[vanguard_a.pk]
    assert (in_results.band, in_results.mean, in_results.source) == on_its_page

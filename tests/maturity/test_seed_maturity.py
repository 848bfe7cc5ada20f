"""The demo self-assessments: a mostly agreed baseline nine months ago with a spread of
bands, a current cycle with a mix of states, and nothing new on a second run."""

import datetime

import pytest
from django.utils import timezone

from maturity.management.demo import seed_maturity
from maturity.models import AssessmentAction, AssessmentCycle, DimensionScore, SelfAssessment
from maturity.selectors.assessments import assessment_band
from vanguards.management.demo import seed_registry
from vanguards.models import Action

AGREED = SelfAssessment.Status.AGREED


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (AssessmentCycle, SelfAssessment, DimensionScore, Action, AssessmentAction)
    } | {"history": SelfAssessment.history.count()}


@pytest.mark.django_db
def test_seed_maturity_builds_a_believable_programme_once():
    registry = seed_registry()
    seed_maturity(registry)
    today = timezone.localdate()
    baseline = AssessmentCycle.objects.get(is_baseline=True)
    current = AssessmentCycle.objects.exclude(pk=baseline.pk).get()
    assert 240 <= (today - baseline.opens_on).days <= 300
    assert current.opens_on < today < current.closes_on
    # Most of the baseline is agreed with moderated levels, across every band.
    agreed = baseline.self_assessments.filter(status=AGREED).prefetch_related("scores")
    assert agreed.count() >= 12
    assert not DimensionScore.objects.filter(
        assessment__in=agreed, moderated_level__isnull=True
    ).exists()
    assert {assessment_band(a).band for a in agreed} == {"emerging", "maturing", "leading"}
    assert agreed.first().agreed_at.date() <= baseline.closes_on
    # The current cycle has some of each state.
    statuses = list(current.self_assessments.values_list("status", flat=True))
    assert {statuses.count(s) >= 2 for s in ("draft", "submitted", "agreed")} == {True}
    # Agreeing created tracked actions for the SROs.
    assert AssessmentAction.objects.exists()
    assert Action.objects.filter(owner__email__startswith="sro.").exists()
    first = _counts()
    seed_maturity(seed_registry())
    assert _counts() == first
    assert current.closes_on - today == datetime.timedelta(days=14)

"""The demo self-assessments: a mostly agreed baseline nine months ago with a spread of
bands, a current cycle with a mix of states, and nothing new on a second run."""

import datetime

import pytest
from django.utils import timezone

from maturity.management.demo import seed_maturity
from maturity.models import AssessmentAction, AssessmentCycle, DimensionScore, SelfAssessment
from maturity.selectors.assessments import assessment_band, assessment_history
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


@pytest.mark.django_db
def test_the_history_of_each_demo_assessment_agrees_with_its_summary(admin_user):
    seed_maturity(seed_registry())
    now = timezone.now()
    for assessment in SelfAssessment.objects.select_related("cycle"):
        history = assessment_history(assessment=assessment, user=admin_user)  # newest first
        when = {entry.what: entry.when for entry in history}
        assert history[0].when == assessment.updated_at
        assert history[-1].what == "Opened for self-assessment"
        assert timezone.localdate(history[-1].when) == assessment.cycle.opens_on
        assert all(entry.when <= now for entry in history)
        if assessment.status != "draft":
            assert when["Submitted"] == assessment.submitted_at
        if assessment.status == AGREED:
            assert when["Agreed"] == assessment.agreed_at
            # The SRO's tracked actions were created when the assessment was agreed.
            actions = Action.objects.filter(
                pk__in=AssessmentAction.objects.filter(score__assessment=assessment).values(
                    "action"
                )
            )
            for action in actions:
                assert action.created_at == assessment.agreed_at
                assert action.history.get().history_date == assessment.agreed_at
        # Each step's answers are listed with it: the first step is the only one without.
        assert all(entry.details for entry in history[:-1] if entry.what != "Agreed")

"""The quality plan's indicators on known data (tests/feedback/quality.py): values, targets
(set and default), met or not, the change since the previous quarter, per cohort group and RM,
and the small-numbers rule on the satisfaction and event figures."""

import pytest

from feedback.models import QualityTarget
from feedback.models.quality import DEFAULT_TARGETS, Indicator
from feedback.selectors.quality import quality_indicators, targets_for
from workwell.dates import Quarter

from .quality import Q1, Q2, TODAY, build_known_data, pulse, survey


@pytest.fixture
def known(cast, vanguard_a, vanguard_b):
    build_known_data(vanguard_a, vanguard_b)
    QualityTarget.objects.create(indicator=Indicator.SATISFIED, year=2025, number=1, target=70)
    QualityTarget.objects.create(
        indicator=Indicator.RESPONSE_RATE, year=2025, number=2, onwards=False, target=90
    )
    return cast


def _values(scope):
    return {value.indicator: value for value in scope.values}


def _section(result, breakdown):
    return {
        row.label: _values(row)
        for kind, rows in result.sections
        if kind == breakdown
        for row in rows
    }


def test_national_values_targets_met_and_change(known):
    result = quality_indicators(user=known["admin_user"], quarter=Q2, today=TODAY)
    national = _values(result.national)
    expected = {  # (value %, change in points or None)
        Indicator.SATISFIED: (75, -25),
        Indicator.RESPONSE_RATE: (80, -20),
        Indicator.CONCERNS_ACKNOWLEDGED: (50, None),  # none raised in Q1
        Indicator.CONCERNS_RESPONDED: (50, None),
        Indicator.SUPPORT_TRIAGED: (50, 50),  # Q1: 0 of 1
        Indicator.CONTACT_CADENCE: (50, 50),  # Q1: no contact before 30 June
        Indicator.EVENTS_USEFUL: (50, None),
    }
    for indicator, (value, change) in expected.items():
        assert national[indicator].value == pytest.approx(value), indicator
        assert national[indicator].change == (None if change is None else pytest.approx(change))
    assert national[Indicator.SATISFIED].target == 70 and national[Indicator.SATISFIED].met is True
    assert (
        national[Indicator.RESPONSE_RATE].target == 90
        and national[Indicator.RESPONSE_RATE].met is False
    )
    assert (
        national[Indicator.CONCERNS_ACKNOWLEDGED].target
        == DEFAULT_TARGETS[Indicator.CONCERNS_ACKNOWLEDGED]
    )
    assert national[Indicator.CONCERNS_ACKNOWLEDGED].met is False


def test_per_cohort_group_and_rm(known):
    result = quality_indicators(user=known["admin_user"], quarter=Q2, today=TODAY)
    alpha = _section(result, "cohort_group")["Alpha group"]
    assert alpha[Indicator.SATISFIED].value == pytest.approx(200 / 3)
    assert alpha[Indicator.SATISFIED].met is False  # under 70
    assert alpha[Indicator.RESPONSE_RATE].value == pytest.approx(75)
    assert alpha[Indicator.CONCERNS_ACKNOWLEDGED].value == pytest.approx(100 / 3)
    assert alpha[Indicator.CONCERNS_RESPONDED].value == pytest.approx(50)
    assert alpha[Indicator.SUPPORT_TRIAGED].value == pytest.approx(100 / 3)
    assert alpha[Indicator.CONTACT_CADENCE].value == pytest.approx(100)
    assert alpha[Indicator.EVENTS_USEFUL].value == pytest.approx(200 / 3)
    by_rm = _section(result, "relationship_manager")
    rm_lead = by_rm[known["rm_lead"].full_name]
    assert rm_lead[Indicator.SUPPORT_TRIAGED].value == pytest.approx(100)  # across the bank holiday
    assert rm_lead[Indicator.CONTACT_CADENCE].value == pytest.approx(0)
    assert rm_lead[Indicator.SATISFIED].value == pytest.approx(100)  # admins see small numbers


@pytest.mark.parametrize("role", ["programme_lead", "rm_lead"])
def test_small_groups_withheld_for_all_but_admins(known, role):
    result = quality_indicators(user=known[role], quarter=Q2, today=TODAY)
    bravo = _section(result, "cohort_group")["Bravo group"]
    for indicator in (Indicator.SATISFIED, Indicator.RESPONSE_RATE, Indicator.EVENTS_USEFUL):
        assert bravo[indicator].withheld and bravo[indicator].value is None
        assert bravo[indicator].met is None and bravo[indicator].change is None
    assert bravo[Indicator.SUPPORT_TRIAGED].value == pytest.approx(100)  # not a response count
    alpha = _section(result, "cohort_group")["Alpha group"]
    assert alpha[Indicator.SATISFIED].value == pytest.approx(200 / 3)  # three answers: shown


def test_change_hidden_when_previous_quarter_withheld(known, vanguard_b):
    # Q3: Bravo has three answers (shown), but its Q2 figure (one answer) was withheld, so a
    # change would give it away to everyone but admins.
    pulse(survey(Q2.next()), vanguard_b, [4, 4, 4])
    shown = quality_indicators(user=known["programme_lead"], quarter=Q2.next(), today=TODAY)
    bravo = _section(shown, "cohort_group")["Bravo group"][Indicator.SATISFIED]
    assert bravo.value == pytest.approx(100) and bravo.change is None
    admin = quality_indicators(user=known["admin_user"], quarter=Q2.next(), today=TODAY)
    assert _section(admin, "cohort_group")["Bravo group"][
        Indicator.SATISFIED
    ].change == pytest.approx(0)


def test_targets_set_for_a_quarter_or_onwards_else_default(db):
    QualityTarget.objects.create(indicator=Indicator.SATISFIED, year=2025, number=1, target=70)
    QualityTarget.objects.create(indicator=Indicator.SATISFIED, year=2026, number=1, target=85)
    QualityTarget.objects.create(
        indicator=Indicator.RESPONSE_RATE, year=2025, number=2, onwards=False, target=90
    )
    assert (
        targets_for(Quarter(2024, 4))[Indicator.SATISFIED] == DEFAULT_TARGETS[Indicator.SATISFIED]
    )
    assert targets_for(Q1)[Indicator.SATISFIED] == 70
    assert targets_for(Quarter(2025, 4))[Indicator.SATISFIED] == 70
    assert targets_for(Quarter(2026, 2))[Indicator.SATISFIED] == 85
    assert targets_for(Q2)[Indicator.RESPONSE_RATE] == 90
    assert (
        targets_for(Q2.next())[Indicator.RESPONSE_RATE] == DEFAULT_TARGETS[Indicator.RESPONSE_RATE]
    )

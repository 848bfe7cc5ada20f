"""counterfactual_for on known numbers: the baseline is the vanguard area's figure in its start
quarter (or the latest before it), the change runs to its latest figure up to the chosen
quarter, and the comparators (matched network partners and linked areas) count only with
figures for both quarters."""

from decimal import Decimal

import pytest

from reporting.models import Area, ComparatorLink, Indicator, IndicatorValue
from reporting.selectors.counterfactual import (
    FEW_COMPARATORS,
    counterfactual_for,
    counterfactuals_for,
)
from tests.factories import OrganisationFactory
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db

BEFORE, START, Q2, Q3, Q4 = (
    Quarter(2024, 4),
    Quarter(2025, 1),  # vanguard A starts on 1 April 2025
    Quarter(2025, 2),
    Quarter(2025, 3),
    Quarter(2025, 4),
)


@pytest.fixture
def inactivity():
    return Indicator.objects.create(name="Economically inactive due to long-term sickness (%)")


def values(area, indicator, series: dict):
    for quarter, value in series.items():
        IndicatorValue.objects.create(
            area=area,
            indicator=indicator,
            year=quarter.year,
            number=quarter.number,
            value=Decimal(value),
        )


@pytest.fixture
def areas(vanguard_a, vanguard_b, inactivity):
    alpha = Area.objects.create(name="Alpha area", vanguard=vanguard_a)
    values(alpha, inactivity, {BEFORE: "7.0", START: "6.0", Q2: "5.8", Q3: "5.5", Q4: "1.0"})
    # Linked by an admin: 4.0 -> 3.9, down 0.1.
    linked = Area.objects.create(name="Linked area")
    ComparatorLink.objects.create(area=linked, vanguard=vanguard_a)
    values(linked, inactivity, {START: "4.0", Q3: "3.9"})
    # A network partner sharing Alpha's cohort group: 8.0 -> 7.7, down 0.3.
    partner = OrganisationFactory(is_network_partner=True)
    partner.partner_cohort_groups.set([vanguard_a.group_memberships.get().cohort_group])
    matched = Area.objects.create(name="Partner area", organisation=partner)
    values(matched, inactivity, {START: "8.0", Q3: "7.7"})
    # Linked, but with no figure for the latest quarter: left out.
    gappy = Area.objects.create(name="Gappy area")
    ComparatorLink.objects.create(area=gappy, vanguard=vanguard_a)
    values(gappy, inactivity, {START: "5.0", Q2: "1.0"})
    # Neither linked nor matched; and Bravo's own area: never Alpha's comparators.
    values(Area.objects.create(name="Elsewhere"), inactivity, {START: "9.0", Q3: "1.0"})
    bravo = Area.objects.create(name="Bravo area", vanguard=vanguard_b)
    values(bravo, inactivity, {START: "3.0", Q3: "2.0"})
    return alpha


def test_change_since_the_start_quarter_beside_the_comparators_mean(vanguard_a, areas):
    [row] = counterfactual_for(vanguard_a, Q3).indicators
    # Baseline: 2025/26 Q1 (6.0), not the earlier 7.0; latest 5.5 (Q4's 1.0 is after Q3).
    assert (row.baseline_quarter, row.baseline) == (START, Decimal("6.0"))
    assert (row.latest_quarter, row.latest) == (Q3, Decimal("5.5"))
    assert row.change == Decimal("-0.5")
    # Linked (-0.1) and partner (-0.3); gappy has no Q3, elsewhere and Bravo do not count.
    assert row.comparators == 2
    assert row.comparator_change == Decimal("-0.20")
    assert row.difference == Decimal("-0.30")


def test_fewer_than_three_comparators_says_so(vanguard_a, areas):
    [row] = counterfactual_for(vanguard_a, Q3).indicators
    assert FEW_COMPARATORS == 3
    assert "Only 2 comparator areas" in row.caveat
    assert "not a randomised control group" in row.caveat


def test_three_comparators_carry_only_the_general_caveat(vanguard_a, areas, inactivity):
    third = Area.objects.create(name="Third area")
    ComparatorLink.objects.create(area=third, vanguard=vanguard_a)
    values(third, inactivity, {START: "6.0", Q3: "6.6"})  # up 0.6
    [row] = counterfactual_for(vanguard_a, Q3).indicators
    # (-0.1 - 0.3 + 0.6) / 3 = 0.0666… -> 0.07
    assert (row.comparators, row.comparator_change) == (3, Decimal("0.07"))
    assert "Only" not in row.caveat
    assert "not a randomised control group" in row.caveat


def test_the_baseline_is_the_latest_figure_before_the_start_when_the_start_has_none(
    vanguard_a, inactivity
):
    alpha = Area.objects.create(name="Alpha area", vanguard=vanguard_a)
    values(alpha, inactivity, {Quarter(2024, 3): "6.5", Q2: "6.1", Q3: "6.0"})
    [row] = counterfactual_for(vanguard_a, Q3).indicators
    assert (row.baseline_quarter, row.baseline) == (Quarter(2024, 3), Decimal("6.5"))
    assert row.change == Decimal("-0.5")


def test_no_figure_before_the_start_means_no_baseline(vanguard_a, inactivity):
    alpha = Area.objects.create(name="Alpha area", vanguard=vanguard_a)
    values(alpha, inactivity, {Q2: "6.1", Q3: "6.0"})
    [row] = counterfactual_for(vanguard_a, Q3).indicators
    assert row.baseline is None and row.change is None and row.comparators == 0


def test_a_missing_latest_quarter_uses_the_latest_figure_and_the_same_quarters(
    vanguard_a, areas, inactivity
):
    # Nothing for Alpha in 2025/26 Q4 (the value set there is removed): the change runs to
    # Q3, and comparators are measured to Q3 too.
    IndicatorValue.objects.filter(area=areas, year=Q4.year, number=Q4.number).delete()
    [row] = counterfactual_for(vanguard_a, Q4).indicators
    assert row.latest_quarter == Q3
    assert (row.comparators, row.comparator_change) == (2, Decimal("-0.20"))


def test_no_comparators(vanguard_b, areas):
    [row] = counterfactual_for(vanguard_b, Q3).indicators
    assert row.change == Decimal("-1.0")
    assert (row.comparators, row.comparator_change, row.difference) == (0, None, None)
    assert "No comparator area" in row.caveat


def test_a_vanguard_with_no_area(vanguard_a, inactivity):
    result = counterfactual_for(vanguard_a, Q3)
    assert result.area is None
    assert result.indicators[0].baseline is None


def test_four_queries_however_many_comparators(
    vanguard_a, areas, inactivity, django_assert_num_queries
):
    for index in range(5):
        area = Area.objects.create(name=f"Extra {index}")
        ComparatorLink.objects.create(area=area, vanguard=vanguard_a)
        values(area, inactivity, {START: "5.0", Q2: "5.0", Q3: "5.1"})
    Indicator.objects.create(name="Employment rate of disabled people (%)")
    # The (vanguard, area) pairs, the areas, indicators, values.
    with django_assert_num_queries(4):
        result = counterfactual_for(vanguard_a, Q3)
    assert result.indicators[0].comparators == 7


def test_every_vanguard_at_once_in_four_queries_as_one_at_a_time(
    vanguard_a, vanguard_b, areas, django_assert_num_queries
):
    """What the dashboard figures (and so a snapshot) store: every vanguard's comparison in
    one go, each the same as its own; one vanguard's comparators never leak to another."""
    # Every vanguard's (vanguard, area) pairs (one UNION), the areas, indicators, values.
    with django_assert_num_queries(4):
        both = counterfactuals_for([vanguard_a, vanguard_b], Q3)
    assert both[vanguard_a.pk] == counterfactual_for(vanguard_a, Q3)
    assert both[vanguard_b.pk] == counterfactual_for(vanguard_b, Q3)
    assert [area.name for area in both[vanguard_a.pk].comparator_areas] == [
        "Gappy area",
        "Linked area",
        "Partner area",
    ]
    assert both[vanguard_b.pk].area.name == "Bravo area"
    assert "Linked area" not in {area.name for area in both[vanguard_b.pk].comparator_areas}

"""The funding and counterfactual demo data: two indicators with a value for every vanguard's
area and every network partner's for every quarter since the programme started, comparators
linked, and a second run adds nothing."""

import datetime

import pytest

from reporting.funding import quarters_from
from reporting.management.demo_funding import seed_funding
from reporting.models import Area, ComparatorLink, FundingRule, Indicator, IndicatorValue
from reporting.selectors.counterfactual import counterfactual_for
from vanguards.management.demo import seed_registry
from vanguards.models import Organisation, Vanguard
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)


def test_demo_funding_and_counterfactual():
    registry = seed_registry()
    manchester = Vanguard.objects.get(slug="greater-manchester")
    partner = Organisation.objects.create(
        name="NHS Lincolnshire Integrated Care Board", kind="icb", ods_code="QJM"
    )
    Organisation.objects.filter(pk=partner.pk).update(is_network_partner=True)
    partner.partner_cohort_groups.set([manchester.group_memberships.first().cohort_group])
    seed_funding(registry, today=TODAY)
    partners = Organisation.objects.filter(is_network_partner=True).count()
    assert Area.objects.get(organisation=partner).name == "Lincolnshire"
    start = min(v.start_date for v in Vanguard.objects.all())
    quarters = quarters_from(Quarter.containing(start), Quarter.containing(TODAY).previous())

    assert Indicator.objects.count() == 2
    assert FundingRule.objects.get().guaranteed_percent == 60
    covered = Area.objects.filter(vanguard__isnull=False) | Area.objects.filter(
        organisation__isnull=False
    )
    assert covered.count() == Vanguard.objects.count() + partners
    for area in covered:
        assert area.values.count() == 2 * len(quarters), area
    assert ComparatorLink.objects.exists()

    values = IndicatorValue.objects.count()
    seed_funding(registry, today=TODAY)
    assert IndicatorValue.objects.count() == values

    # Two linked areas and the matched partner (Devon's latest figure is not out yet).
    comparison = counterfactual_for(manchester, Quarter.containing(TODAY).previous())
    assert "Lincolnshire" in {area.name for area in comparison.comparator_areas}
    assert all(row.comparators >= 3 for row in comparison.indicators)

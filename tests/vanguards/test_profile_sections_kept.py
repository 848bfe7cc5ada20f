"""The vanguard profile's matched network partners and delivery strands, kept until the tables
they read change (workwell/kept.py): what is written shows up on the page, and each group and
vanguard has its own. These run outside a test transaction (`transaction=True`), as requests
do: inside one nothing is kept."""

from decimal import Decimal

import pytest
from django.test import Client
from django.test.utils import override_settings

from reporting.models import DeliveryStrand
from tests.factories import OrganisationFactory
from tests.reporting.upload import strand
from vanguards.models import CohortGroup, Organisation

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("kept_afresh"),
]


def profile(user, vanguard) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/vanguards/{vanguard.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def partner(name, group) -> Organisation:
    organisation = OrganisationFactory(name=name, is_network_partner=True)
    organisation.partner_cohort_groups.set([group])
    return organisation


@override_settings(PAGE_CACHE=False)
def test_a_new_partner_link_or_name_shows_up(vanguard_a, vanguard_b, admin_user):
    alpha_group = CohortGroup.objects.get(name="Alpha group")
    partner("Cohort ICB", alpha_group)
    for _ in range(2):  # learned, then kept
        alpha, bravo = profile(admin_user, vanguard_a), profile(admin_user, vanguard_b)
    assert "Cohort ICB: shares the target cohort of Alpha group" in alpha
    assert "Cohort ICB" not in bravo  # another group's partners are its own

    late = partner("Late ICB", alpha_group)
    assert "Late ICB: shares the target cohort of Alpha group" in profile(admin_user, vanguard_a)
    Organisation.objects.filter(pk=late.pk).update(name="Renamed ICB")
    assert "Renamed ICB: shares" in profile(admin_user, vanguard_a)
    late.partner_cohort_groups.clear()
    assert "Renamed ICB" not in profile(admin_user, vanguard_a)
    CohortGroup.objects.filter(pk=alpha_group.pk).update(name="Alpha cohort")
    assert "Cohort ICB: shares the target cohort of Alpha cohort" in profile(admin_user, vanguard_a)


@override_settings(PAGE_CACHE=False)
def test_a_new_or_changed_strand_shows_up(vanguard_a, vanguard_b, admin_user):
    first = strand(vanguard_a, "Employer outreach")
    for _ in range(2):  # learned, then kept
        alpha, bravo = profile(admin_user, vanguard_a), profile(admin_user, vanguard_b)
    assert "Employer outreach" in alpha and "£200,000" in alpha
    assert "Employer outreach" not in bravo

    strand(vanguard_a, "GP referrals")
    assert "GP referrals" in profile(admin_user, vanguard_a)
    DeliveryStrand.objects.filter(pk=first.pk).update(funding_allocation=Decimal("312000"))
    assert "£312,000" in profile(admin_user, vanguard_a)

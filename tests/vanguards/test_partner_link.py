"""permissions.partner_organisation(_id): a network partner's link, read with its organisation
once a request (a statement compiled once per process), and nothing for anyone else."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory, UserFactory, make_network_partner
from vanguards import permissions
from workwell.models import Role, User


def test_a_partner_is_given_their_organisation_in_one_query_a_request(network_partner):
    user = User.objects.get(pk=network_partner.pk)  # as a request reads it: nothing cached
    with CaptureQueriesContext(connection) as queries:
        organisation = permissions.partner_organisation(user)
        assert permissions.partner_organisation_id(user) == organisation.pk
        assert permissions.partner_organisation(user) is organisation
    assert len(queries) == 1
    assert organisation.name == "Network Partner ICB"


def test_each_partner_is_given_their_own(network_partner):
    other = make_network_partner(OrganisationFactory(name="Other ICB", is_network_partner=True))
    assert permissions.partner_organisation(User.objects.get(pk=other.pk)).name == "Other ICB"
    mine = permissions.partner_organisation(User.objects.get(pk=network_partner.pk))
    assert mine.name == "Network Partner ICB"


def test_a_partner_without_a_link_and_everyone_else_have_none(db, rm):
    unlinked = UserFactory(role=Role.NETWORK_PARTNER)
    assert permissions.partner_organisation(unlinked) is None
    assert permissions.partner_organisation_id(unlinked) is None
    with CaptureQueriesContext(connection) as queries:
        assert permissions.partner_organisation(rm) is None
    assert len(queries) == 0  # not a partner: nothing to read


def test_the_partner_home_names_their_organisation(client, network_partner):
    client.force_login(network_partner)
    html = client.get("/").content.decode()
    assert '<span class="govuk-caption-l">Network Partner ICB</span>' in html

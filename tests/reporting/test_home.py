"""The role-aware home page at /."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CohortGroupFactory, VanguardFactory, join_group


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "heading", "shows", "hides"),
    [
        ("rm", "Your vanguards", {"Alpha Vanguard"}, {"Bravo Vanguard"}),
        ("rm_lead", "Vanguards", {"Alpha Vanguard", "Bravo Vanguard"}, set()),
        ("regional_lead", "Vanguards in your region", {"Alpha Vanguard"}, {"Bravo Vanguard"}),
        ("member_a", "Your vanguard", {"Alpha Vanguard"}, {"Bravo Vanguard"}),
        ("member_b", "Your vanguard", {"Bravo Vanguard"}, {"Alpha Vanguard"}),
        ("programme_lead", "Vanguards", {"Alpha Vanguard", "Bravo Vanguard"}, set()),
    ],
)
def test_home_shows_the_vanguards_that_matter_to_the_role(
    client, cast, role, heading, shows, hides
):
    client.force_login(cast[role])
    html = client.get("/").content.decode()
    assert f'<h2 class="govuk-heading-l">{heading}</h2>' in html
    assert all(name in html for name in shows)
    assert not any(name in html for name in hides)


@pytest.mark.django_db
def test_admin_home_offers_invitations_and_new_vanguards(client, cast):
    client.force_login(cast["admin_user"])
    html = client.get("/").content.decode()
    assert 'href="/vanguards/invite/"' in html
    assert 'href="/vanguards/new/"' in html


@pytest.mark.django_db
def test_members_see_only_their_sections_in_the_navigation(client, cast):
    client.force_login(cast["member_a"])
    html = client.get("/").content.decode()
    assert 'href="/vanguards/alpha/"' in html  # "Our vanguard"
    assert 'href="/admin/"' not in html
    assert ">Vanguards<" not in html


@pytest.mark.django_db
def test_rm_with_no_groups_gets_an_explanation(client, rm):
    client.force_login(rm)
    assert "No vanguards are in your cohort groups yet" in client.get("/").content.decode()


@pytest.mark.django_db
def test_home_query_budget_does_not_grow_with_vanguards(client, rm):
    client.force_login(rm)
    group = CohortGroupFactory(relationship_manager=rm)
    join_group(VanguardFactory(), group)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return len(queries)

    few = count()
    for _ in range(10):
        join_group(VanguardFactory(), group)
    # session, user, the RM's vanguard ids, the vanguards (joined), status counts, session refresh
    assert count() == few

"""The role-aware home page at /."""

import re

import pytest

from tests.factories import UserFactory, VanguardFactory
from vanguards.models import Vanguard
from workwell.models import Role


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


def navigation_links(html: str) -> list[str]:
    navigation = html.split('<ul class="govuk-service-navigation__list"', 1)[1].split("</ul>")[0]
    return re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', navigation)


@pytest.mark.django_db
def test_admins_reach_the_django_admin_from_home_not_the_navigation(client, cast):
    """Another navigation item put "Sign out" on a row of its own at 1280px."""
    client.force_login(cast["admin_user"])
    html = client.get("/").content.decode()
    assert navigation_links(html) == [
        "/vanguards/",
        "/touchpoints/",
        "/actions/",
        "/support-requests/",
        "/maturity/",
        "/learning/",
        "/feedback/",
        "/reporting/dashboard/",
    ]
    assert '<a class="govuk-link" href="/admin/">Django admin</a>' in html
    # Other pages do not link it at all.
    assert 'href="/admin/"' not in client.get("/vanguards/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["rm_lead", "programme_lead", "learning_user", "member_a"])
def test_only_admins_are_offered_the_django_admin(client, cast, role):
    client.force_login(cast[role])
    html = client.get("/").content.decode()
    assert 'href="/admin/"' not in html
    assert len(navigation_links(html)) <= 8


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


def status_count(html: str, label: str) -> str:
    found = re.search(
        rf'<span class="app-stats__value">(\d+)</span> <span class="app-stats__label">{label}<',
        html,
    )
    return found.group(1) if found else None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "live", "closing"), [("programme_lead", "1", "1"), ("regional_lead", "1", "0")]
)
def test_status_counts_cover_the_vanguards_the_role_sees(
    client, cast, vanguard_b, role, live, closing
):
    vanguard_b.status = Vanguard.Status.CLOSING  # in London: outside the regional lead's region
    vanguard_b.save()
    client.force_login(cast[role])
    html = client.get("/").content.decode()
    assert status_count(html, "Live") == live
    assert status_count(html, "Closing") == closing
    assert status_count(html, "Closed") == "0"


@pytest.mark.django_db
def test_members_get_no_programme_counts(client, cast):
    client.force_login(cast["member_a"])
    html = client.get("/").content.decode()
    assert "app-stats" not in html
    assert "Alpha Vanguard" in html


@pytest.mark.django_db
def test_member_not_linked_to_a_vanguard_is_told_who_can_link_them(client, db):
    client.force_login(UserFactory(role=Role.MEMBER))
    html = client.get("/").content.decode()
    assert "Your account is not linked to a vanguard yet. Ask the NST PMO to link it." in html
    assert "app-stats" not in html


@pytest.mark.django_db
def test_card_homes_list_the_vanguards_25_a_page_and_count_them_all(client, cast):
    # The cast's two vanguards (Alpha, Bravo) and 26 more: 28, by name.
    for number in range(26):
        VanguardFactory(name=f"Zulu {number:02}")
    client.force_login(cast["programme_lead"])
    first = client.get("/").content.decode()
    names = re.findall(r'<a class="govuk-link" href="/vanguards/[^"]+/">([^<]+)</a>', first)
    assert names == ["Alpha Vanguard", "Bravo Vanguard"] + [f"Zulu {n:02}" for n in range(23)]
    assert status_count(first, "Live") == "28"
    assert 'class="govuk-pagination"' in first and 'href="?page=2"' in first
    second = client.get("/?page=2").content.decode()
    names = re.findall(r'<a class="govuk-link" href="/vanguards/[^"]+/">([^<]+)</a>', second)
    assert names == ["Zulu 23", "Zulu 24", "Zulu 25"]

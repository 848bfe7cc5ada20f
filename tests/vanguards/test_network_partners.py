"""Network partners (issue 9): non-vanguard ICBs an admin marks on the organisation, invites
people from with the network partner role, and the NST matches with the vanguards whose target
cohort (cohort group) or theme they share. Their home and navigation lead to published
material only (their rows in every route's matrix: test_permission_matrix.py)."""

import pytest

from learning.models import Lesson
from tests.factories import (
    CohortGroupFactory,
    LessonFactory,
    OrganisationFactory,
    SupportOfferFactory,
    VanguardFactory,
    join_group,
    make_network_partner,
)
from tests.reporting.test_home import navigation_links
from tests.roles import OK, each_role_gets
from vanguards import permissions
from vanguards.models import CohortGroup, NetworkPartnerContact, Organisation, Vanguard
from vanguards.selectors.partners import partner_matches
from workwell.models import ProgrammeTheme, Role, User


def theme(slug) -> ProgrammeTheme:
    return ProgrammeTheme.objects.get(slug=slug)


@pytest.fixture
def partners(cast, vanguard_a, vanguard_b):
    """Known data: Alpha's group works on pathways, Bravo's on workforce. One partner shares
    Alpha's target cohort, one Bravo's theme, one both, one nothing."""
    alpha_group = CohortGroup.objects.get(name="Alpha group")
    bravo_group = CohortGroup.objects.get(name="Bravo group")
    alpha_group.theme = theme("health-and-employment-pathways")
    alpha_group.save()
    bravo_group.theme = theme("workforce-and-skills")
    bravo_group.save()
    # A vanguard that has left Alpha's group no longer matches through it.
    former = VanguardFactory(name="Former member")
    join_group(former, alpha_group).delete()

    def partner(name, groups=(), themes=()):
        organisation = OrganisationFactory(name=name, is_network_partner=True)
        organisation.partner_cohort_groups.set(groups)
        organisation.partner_themes.set([theme(slug) for slug in themes])
        return organisation

    return {
        "cohort": partner("Cohort ICB", groups=[alpha_group]),
        "theme": partner("Theme ICB", themes=["workforce-and-skills"]),
        "both": partner(
            "Both ICB", groups=[alpha_group], themes=["health-and-employment-pathways"]
        ),
        "none": partner("Lonely ICB", themes=["sustainability-and-spread"]),
    }


def described(user) -> dict:
    return {
        item.partner.name: {
            match.vanguard.name: (match.shared_cohorts, match.shared_themes)
            for match in item.matches
        }
        for item in partner_matches(user=user)
    }


@pytest.mark.django_db
def test_partners_are_matched_on_shared_cohort_groups_or_themes(cast, partners):
    assert described(cast["learning_user"]) == {
        "Both ICB": {"Alpha Vanguard": (["Alpha group"], ["Health and employment pathways"])},
        "Cohort ICB": {"Alpha Vanguard": (["Alpha group"], [])},
        "Lonely ICB": {},
        "Network Partner ICB": {},  # the cast's partner, with no cohorts or themes recorded
        "Theme ICB": {"Bravo Vanguard": ([], ["Workforce and skills"])},
    }


@pytest.mark.django_db
def test_an_rm_sees_the_matches_of_their_own_groups_vanguards_only(cast, partners):
    assert described(cast["rm"]) == {
        "Both ICB": {"Alpha Vanguard": (["Alpha group"], ["Health and employment pathways"])},
        "Cohort ICB": {"Alpha Vanguard": (["Alpha group"], [])},
        "Lonely ICB": {},
        "Network Partner ICB": {},
        "Theme ICB": {},
    }
    assert all(not matches for matches in described(cast["member_a"]).values())


@each_role_gets({"admin_user": OK, "rm": OK, "learning_user": OK})
def test_the_matches_are_on_the_vanguard_profile_for_its_rm_and_the_learning_team(
    client, cast, partners, role, expected
):
    client.force_login(cast[role])
    html = client.get("/vanguards/alpha/").content.decode()
    assert ("Matched network partners" in html) is (expected == OK)
    assert ("Cohort ICB" in html) is (expected == OK)
    assert "Theme ICB" not in html  # matched with Bravo only


@pytest.mark.django_db
def test_the_learning_teams_list_shows_every_partner_with_its_matches(client, cast, partners):
    client.force_login(cast["learning_user"])
    html = client.get("/learning/partners/").content.decode()
    for name in ("Cohort ICB", "Theme ICB", "Both ICB", "Lonely ICB"):
        assert name in html
    assert "shares the target cohort of Alpha group" in html
    assert "works on Workforce and skills" in html
    assert "No vanguard shares its target cohorts or themes yet." in html


@pytest.mark.django_db
def test_the_partner_list_query_budget_does_not_grow_with_partners(
    client, cast, partners, django_assert_max_num_queries
):
    client.force_login(cast["learning_user"])
    for _ in range(5):
        organisation = OrganisationFactory(is_network_partner=True)
        organisation.partner_themes.set([theme("workforce-and-skills")])
    # 1 session, 2 user, 3 current cohort group memberships with vanguards and themes,
    # 4 the partners, 5 their cohort groups, 6 their themes.
    with django_assert_max_num_queries(6):
        assert client.get("/learning/partners/").status_code == 200


# --- Marking and inviting ----------------------------------------------------------------


def organisation_data(**fields) -> dict:
    data = {"name": "Partner ICB", "kind": "icb", "ods_code": "QZZ", "is_network_partner": "on"}
    return {**data, **fields}


@pytest.mark.django_db
def test_an_admin_marks_an_icb_as_a_network_partner_with_its_cohorts_and_themes(admin_client):
    group = CohortGroupFactory(name="MSK group")
    pathways = theme("health-and-employment-pathways")
    response = admin_client.post(
        "/vanguards/organisations/new/",
        organisation_data(partner_cohort_groups=[group.pk], partner_themes=[pathways.pk]),
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Partner ICB")
    assert organisation.is_network_partner
    assert list(organisation.partner_cohort_groups.all()) == [group]
    assert list(organisation.partner_themes.all()) == [pathways]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"kind": "council", "ods_code": ""},
            "Only an Integrated Care Board can be a network partner",
        ),
        ({"name": "Leads a vanguard", "ods_code": "QLV"}, "leads a vanguard"),
    ],
)
def test_only_icbs_that_lead_no_vanguard_are_partners(admin_client, fields, message):
    lead = OrganisationFactory(name="Leads a vanguard", ods_code="QLV")
    VanguardFactory(lead_organisation=lead)
    url = (
        f"/vanguards/organisations/{lead.pk}/edit/"
        if fields.get("name") == lead.name
        else "/vanguards/organisations/new/"
    )
    response = admin_client.post(url, organisation_data(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.filter(is_network_partner=True).exists()


@pytest.mark.django_db
def test_inviting_a_network_partner_links_them_to_their_organisation(
    admin_client, django_capture_on_commit_callbacks
):
    partner = OrganisationFactory(name="Partner ICB", is_network_partner=True)
    data = {"full_name": "Nia Partner", "email": "nia@example.com", "role": Role.NETWORK_PARTNER}
    response = admin_client.post("/vanguards/invite/", data)
    assert "Select the network partner this person works for" in response.content.decode()
    assert not User.objects.filter(email="nia@example.com").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/vanguards/invite/", {**data, "organisation": partner.pk})
    assert response.status_code == 302
    contact = NetworkPartnerContact.objects.get(user__email="nia@example.com")
    assert (contact.user.role, contact.organisation) == (Role.NETWORK_PARTNER, partner)


@pytest.mark.django_db
def test_an_organisation_not_marked_as_a_partner_cannot_be_chosen(admin_client):
    other = OrganisationFactory(name="Not a partner")
    data = {"full_name": "Nia", "email": "nia@example.com", "role": Role.NETWORK_PARTNER}
    response = admin_client.post("/vanguards/invite/", {**data, "organisation": other.pk})
    assert response.status_code == 200
    assert not User.objects.filter(email="nia@example.com").exists()


# --- What a partner sees -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_partners_home_and_navigation_lead_to_published_material_only(client, cast):
    client.force_login(cast["network_partner"])
    html = client.get("/").content.decode()
    assert navigation_links(html) == [
        "/learning/",  # the network's home: its events open to all, its pages
        "/learning/toolkit/",
        "/learning/lessons/",
        "/learning/offers/",
    ]
    assert cast["network_partner"].network_partner.organisation.name in html
    assert "Alpha Vanguard" not in html and "Bravo Vanguard" not in html


@pytest.mark.django_db
def test_a_partner_sees_the_support_menu_without_request_this_support(client, cast):
    offer = SupportOfferFactory(title="Employer engagement masterclass")
    client.force_login(cast["network_partner"])
    for url in ("/learning/offers/", f"/learning/offers/{offer.pk}/"):
        html = client.get(url).content.decode()
        assert "Employer engagement masterclass" in html
        assert "Request this support" not in html
        assert "/support-requests/new/" not in html


@pytest.mark.django_db
def test_a_partner_with_no_organisation_link_still_sees_only_published_material(client, db):
    partner = make_network_partner()
    partner.network_partner.delete()
    client.force_login(User.objects.get(pk=partner.pk))
    assert client.get("/").status_code == 200
    assert client.get("/vanguards/").status_code == 404


@pytest.mark.django_db
def test_the_profiles_matches_cost_the_same_however_many_partners_match(
    client, cast, partners, django_assert_max_num_queries
):
    client.force_login(cast["rm"])
    for more in (0, 6):
        for _ in range(more):
            OrganisationFactory(is_network_partner=True).partner_cohort_groups.set(
                [CohortGroup.objects.get(name="Alpha group")]
            )
        # The profile's queries (tests/vanguards/test_vanguard_profile.py), the matched
        # partners among them: one UNION of the cohort group's and the theme's links, with the
        # partners' names, however many match.
        with django_assert_max_num_queries(12):
            assert client.get("/vanguards/alpha/").status_code == 200


@pytest.mark.django_db
def test_a_partners_home_costs_the_same_however_many_lessons(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast["network_partner"])
    for more in (0, 8):
        for _ in range(more):
            LessonFactory(status=Lesson.Status.PUBLISHED)
        # 1 session, 2 user, 3 their partner organisation link, 4 the organisation, 5 the
        # newest published lessons (vanguard and author joined), 6 their themes.
        with django_assert_max_num_queries(6):
            html = client.get("/").content.decode()
        # Up to five lessons, besides the navigation's and the card's links to the list.
        assert html.count('href="/learning/lessons/') - 2 == min(more, 5)


@pytest.mark.django_db
def test_the_profiles_two_questions_in_one_agree_with_the_rules_asked_alone(cast):
    """`permissions.profile_rights` (one query for both answers) gives what the rules give
    asked one at a time, for every role and both vanguards."""
    vanguards = Vanguard.objects.filter(slug__in=["alpha", "bravo"])
    for role, user in cast.items():
        for vanguard in vanguards:
            alone = (
                permissions.can_log_touchpoint_for(user, vanguard),
                permissions.partner_match_vanguards(user).filter(pk=vanguard.pk).exists(),
            )
            assert permissions.profile_rights(user, vanguard) == alone, (role, vanguard.slug)

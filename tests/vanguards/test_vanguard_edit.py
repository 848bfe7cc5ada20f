"""Admins add and edit vanguards in the portal; bad input is refused and nothing typed is lost."""

import pytest

from tests.factories import CohortGroupFactory, OrganisationFactory, region
from vanguards.models import CohortGroupMembership, Organisation, Partnership, Vanguard
from vanguards.services.registry import VANGUARD_FIELDS, vanguard_save


@pytest.fixture
def valid_form(db):
    lead = OrganisationFactory(name="NHS Dorset ICB", ods_code="QVV")
    return {
        "name": "Dorset",
        "slug": "",
        "region": region("south-west").pk,
        "lead_organisation": lead.pk,
        "target_cohorts": "Young people in seasonal work",
        "funding_allocation": "1310012",
        "participant_target": "2500",
        "in_work_share_target": "65",
        "start_date_0": "1",
        "start_date_1": "4",
        "start_date_2": "2025",
        "end_date_0": "31",
        "end_date_1": "3",
        "end_date_2": "2027",
        "status": "live",
    }


def test_admin_adds_a_vanguard_with_partners_and_group(admin_client, admin_user, valid_form):
    council = OrganisationFactory(
        name="Dorset Council", kind=Organisation.Kind.COUNCIL, ods_code=""
    )
    group = CohortGroupFactory(name="Young people")
    response = admin_client.post(
        "/vanguards/new/", {**valid_form, "partners": [council.pk], "cohort_group": group.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == "/vanguards/dorset/"
    vanguard = Vanguard.objects.get(slug="dorset")
    assert list(vanguard.partners.all()) == [council]
    assert CohortGroupMembership.objects.get(vanguard=vanguard, ended_on=None).cohort_group == group
    assert vanguard.history.first().history_user == admin_user
    page = admin_client.get(response["Location"]).content.decode()
    assert "Dorset has been added." in page


def test_duplicate_name_is_refused_with_a_clear_message(admin_client, valid_form, vanguard_a):
    response = admin_client.post("/vanguards/new/", {**valid_form, "name": "alpha vanguard"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "A vanguard called alpha vanguard already exists. Enter a different name." in html
    assert 'value="Young people in seasonal work"' not in html  # textarea, checked below
    assert "Young people in seasonal work</textarea>" in html
    assert Vanguard.objects.count() == 1


def test_duplicate_slug_is_refused_with_a_clear_message(admin_client, valid_form, vanguard_a):
    response = admin_client.post("/vanguards/new/", {**valid_form, "slug": "alpha"})
    assert "The web address /vanguards/alpha/ is already used" in response.content.decode()


def test_reserved_slug_is_refused(admin_client, valid_form):
    response = admin_client.post("/vanguards/new/", {**valid_form, "slug": "new"})
    assert "is used by the portal" in response.content.decode()
    assert not Vanguard.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the vanguard name"),
        ({"funding_allocation": "lots"}, "Enter the funding allocation as a number"),
        (
            {"in_work_share_target": "140"},
            "Enter the in-work share target as a number from 0 to 100",
        ),
        ({"end_date_2": "2024"}, "The end date must be after the start date"),
        ({"start_date_1": "13"}, "Enter a real date"),
        ({"start_date_0": ""}, "Enter a day, a month and a year"),
    ],
)
def test_bad_input_is_explained_and_keeps_what_was_typed(
    admin_client, valid_form, changes, message
):
    response = admin_client.post("/vanguards/new/", {**valid_form, **changes})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "<title>Error: " in html
    assert message in html
    assert 'value="2500"' in html  # the participant target typed is still there
    assert not Vanguard.objects.exists()


def test_selects_say_what_to_choose(admin_client, vanguard_a):
    for url in ("/vanguards/new/", "/vanguards/alpha/edit/"):
        html = admin_client.get(url).content.decode()
        assert "---------" not in html
        assert '<option value="">Choose a region</option>' in html
        assert '<option value="">Choose the lead organisation</option>' in html


def test_an_unknown_region_says_how_to_fix_it(admin_client, valid_form):
    html = admin_client.post("/vanguards/new/", {**valid_form, "region": "999999"}).content
    assert "Select a region from the list" in html.decode()


def test_edit_moves_the_vanguard_to_another_group_keeping_history(
    admin_client, vanguard_a, valid_form
):
    new_group = CohortGroupFactory(name="Other group")
    data = {
        **valid_form,
        "name": "Alpha Vanguard",
        "slug": "alpha",
        "lead_organisation": vanguard_a.lead_organisation_id,
        "cohort_group": new_group.pk,
    }
    response = admin_client.post("/vanguards/alpha/edit/", data)
    assert response.status_code == 302
    memberships = CohortGroupMembership.objects.filter(vanguard=vanguard_a).order_by("started_on")
    assert [m.cohort_group.name for m in memberships] == ["Alpha group", "Other group"]
    assert memberships[0].ended_on is not None
    assert memberships[1].ended_on is None


def test_edit_form_is_prefilled(admin_client, vanguard_a):
    html = admin_client.get("/vanguards/alpha/edit/").content.decode()
    assert 'value="Alpha Vanguard"' in html
    assert 'value="2025"' in html  # start year in the date input


def test_partner_changes_are_kept_in_history_with_who_made_them(admin_user, vanguard_a):
    council = OrganisationFactory(name="Alpha Council", kind=Organisation.Kind.COUNCIL, ods_code="")
    charity = OrganisationFactory(name="Alpha Charity", kind=Organisation.Kind.VCSE, ods_code="")
    data = {field: getattr(vanguard_a, field) for field in VANGUARD_FIELDS}

    def save_with(partners):
        vanguard_save(actor=admin_user, vanguard=vanguard_a, data=data, partners=partners)

    save_with([council])
    save_with([charity])  # the council leaves, the charity joins
    changes = {
        (record.organisation_id, record.history_type, record.history_user)
        for record in Partnership.history.filter(vanguard_id=vanguard_a.pk)
    }
    assert changes == {
        (council.pk, "+", admin_user),
        (council.pk, "-", admin_user),
        (charity.pk, "+", admin_user),
    }

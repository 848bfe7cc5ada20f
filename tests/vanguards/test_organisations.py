"""Admins keep organisations in the portal: list (filter, sort, page, export), add and edit, with
ODS codes required for ICBs and duplicates refused with a message that says how to fix them."""

import csv
import io

import openpyxl
import pytest
from django.db import IntegrityError, transaction

from tests.factories import OrganisationFactory, VanguardFactory
from tests.pages import page_text, rows_of
from tests.roles import OK, REDIRECT, each_role_gets
from vanguards.forms.registry import VanguardForm
from vanguards.models import Organisation, Partnership
from vanguards.services.organisations import organisation_save
from vanguards.services.registry import RegistryError

ICB, COUNCIL, VCSE = Organisation.Kind.ICB, Organisation.Kind.COUNCIL, Organisation.Kind.VCSE


@pytest.fixture
def icb(db):
    return OrganisationFactory(name="NHS Greater Manchester ICB", kind=ICB, ods_code="QOP")


@pytest.fixture
def council(db):
    return OrganisationFactory(name="Dorset Council", kind=COUNCIL, ods_code="")


# --- Adding and editing -------------------------------------------------------------------


def test_admin_adds_an_icb_and_returns_to_the_list(admin_client):
    response = admin_client.post(
        "/vanguards/organisations/new/",
        {"name": "NHS Dorset ICB", "kind": "icb", "ods_code": " qvv "},
    )
    assert response.status_code == 302
    assert response["Location"] == "/vanguards/organisations/"
    organisation = Organisation.objects.get(name="NHS Dorset ICB")
    assert (organisation.kind, organisation.ods_code) == (ICB, "QVV")  # typed in lower case
    page = page_text(admin_client.get(response["Location"]))
    assert "NHS Dorset ICB has been added." in page


def test_a_council_needs_no_ods_code(admin_client):
    response = admin_client.post(
        "/vanguards/organisations/new/", {"name": "Bolton Council", "kind": "council"}
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Bolton Council").ods_code == ""


def test_edit_form_is_prefilled_and_saves_changes(admin_client, council):
    url = f"/vanguards/organisations/{council.pk}/edit/"
    html = page_text(admin_client.get(url))
    assert "Edit Dorset Council" in html
    assert 'value="Dorset Council"' in html
    assert 'value="council" checked' in html

    response = admin_client.post(url, {"name": "BCP Council", "kind": "council", "ods_code": ""})
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.name == "BCP Council"
    assert "BCP Council has been saved." in page_text(admin_client.get(response["Location"]))


def test_edits_are_kept_in_history_with_who_made_them(admin_client, admin_user, council):
    admin_client.post(
        f"/vanguards/organisations/{council.pk}/edit/",
        {"name": "BCP Council", "kind": "council", "ods_code": ""},
    )
    latest = council.history.order_by("-history_date").first()
    assert latest.name == "BCP Council"
    assert latest.history_user == admin_user
    assert latest.prev_record is not None and latest.prev_record.name == "Dorset Council"


def test_saving_an_organisation_unchanged_is_not_a_duplicate_of_itself(admin_client, icb):
    response = admin_client.post(
        f"/vanguards/organisations/{icb.pk}/edit/",
        {"name": icb.name, "kind": "icb", "ods_code": "QOP"},
    )
    assert response.status_code == 302


def test_unknown_organisation_is_a_404(admin_client, db):
    assert admin_client.get("/vanguards/organisations/999999/edit/").status_code == 404


# --- The ODS rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "ods_code", "message"),
    [
        ("icb", "", "Enter the ICB's ODS code, for example QOP"),
        ("icb", "QO", "Enter the ICB's ODS code as 3 letters or numbers, for example QOP"),
        ("icb", "QOPX", "Enter the ICB's ODS code as 3 letters or numbers, for example QOP"),
        ("icb", "Q-P", "Enter the ICB's ODS code as 3 letters or numbers, for example QOP"),
        ("vcse", "8J", "Enter an ODS code of 3 to 10 letters or numbers, for example 8JF32"),
        ("council", "ABCDEFGHIJK", "Enter an ODS code of 3 to 10 letters or numbers"),
    ],
)
def test_ods_code_rule_is_explained_and_keeps_what_was_typed(admin_client, kind, ods_code, message):
    response = admin_client.post(
        "/vanguards/organisations/new/",
        {"name": "Somewhere Health", "kind": kind, "ods_code": ods_code},
    )
    html = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "<title>Error: " in html
    assert message in html
    assert 'value="Somewhere Health"' in html
    assert f'value="{kind}" checked' in html
    assert not Organisation.objects.exists()


def test_a_vcse_body_may_have_a_longer_ods_code(admin_client):
    data = {"name": "Citizens Advice Dorset", "kind": "vcse", "ods_code": "8jf32"}
    assert admin_client.post("/vanguards/organisations/new/", data).status_code == 302
    assert Organisation.objects.get(name="Citizens Advice Dorset").ods_code == "8JF32"


def test_changing_a_council_into_an_icb_asks_for_its_ods_code(admin_client, council):
    response = admin_client.post(
        f"/vanguards/organisations/{council.pk}/edit/", {"name": "Dorset Council", "kind": "icb"}
    )
    assert "Enter the ICB's ODS code" in page_text(response)
    council.refresh_from_db()
    assert council.kind == COUNCIL


def test_every_problem_is_listed_at_once(admin_client):
    response = admin_client.post(
        "/vanguards/organisations/new/", {"name": "", "kind": "icb", "ods_code": "??"}
    )
    html = page_text(response)
    assert "Enter the organisation's name" in html
    assert "as 3 letters or numbers" in html


def test_missing_type_is_explained(admin_client):
    response = admin_client.post("/vanguards/organisations/new/", {"name": "Somewhere"})
    assert "Select the type of organisation" in page_text(response)


# --- Duplicates ---------------------------------------------------------------------------


def test_duplicate_name_is_refused_whatever_its_case(admin_client, council):
    response = admin_client.post(
        "/vanguards/organisations/new/", {"name": "dorset council", "kind": "council"}
    )
    html = page_text(response)
    assert response.status_code == 200
    assert "An organisation called dorset council already exists. Enter a different name." in html
    assert 'value="dorset council"' in html
    assert Organisation.objects.count() == 1


def test_duplicate_ods_code_is_refused_naming_its_holder(admin_client, icb):
    response = admin_client.post(
        "/vanguards/organisations/new/",
        {"name": "NHS Somewhere ICB", "kind": "icb", "ods_code": "qop"},
    )
    html = page_text(response)
    assert "The ODS code QOP is already used by NHS Greater Manchester ICB." in html
    assert 'value="NHS Somewhere ICB"' in html
    assert Organisation.objects.count() == 1


def test_renaming_onto_another_organisation_is_refused(admin_client, icb, council):
    response = admin_client.post(
        f"/vanguards/organisations/{council.pk}/edit/",
        {"name": "NHS Greater Manchester ICB", "kind": "council"},
    )
    html = page_text(response)
    assert "already exists" in html
    assert "Edit Dorset Council" in html  # the heading keeps the saved name
    council.refresh_from_db()
    assert council.name == "Dorset Council"


def test_service_refuses_duplicates_and_bad_ods_codes_for_every_caller(admin_user, icb):
    with pytest.raises(RegistryError) as duplicate:
        organisation_save(
            actor=admin_user, data={"name": "Other ICB", "kind": "icb", "ods_code": "QOP"}
        )
    assert duplicate.value.field == "ods_code"
    with pytest.raises(RegistryError) as missing:
        organisation_save(actor=admin_user, data={"name": "Other ICB", "kind": "icb"})
    assert missing.value.message == "Enter the ICB's ODS code, for example QOP"


def test_database_constraints_back_up_the_service(icb):
    # The last guard when two admins save at once.
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Another", kind=ICB, ods_code="QOP")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="No code", kind=ICB, ods_code="")


# --- The list -----------------------------------------------------------------------------


@pytest.fixture
def organisations(icb, council):
    vcse = OrganisationFactory(name="Citizens Advice", kind=VCSE, ods_code="")
    vanguard = VanguardFactory(lead_organisation=icb)
    Partnership.objects.create(vanguard=vanguard, organisation=council)
    Partnership.objects.create(
        vanguard=VanguardFactory(lead_organisation=icb), organisation=council
    )
    return {"icb": icb, "council": council, "vcse": vcse}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"NHS Greater Manchester ICB", "Dorset Council", "Citizens Advice"}),
        ("kind=icb", {"NHS Greater Manchester ICB"}),
        ("kind=vcse", {"Citizens Advice"}),
        ("search=council", {"Dorset Council"}),
        ("search=qop", {"NHS Greater Manchester ICB"}),
        ("kind=council&search=citizens", set()),
    ],
)
def test_filters_narrow_the_list_and_the_export(admin_client, organisations, query, expected):
    response = admin_client.get(f"/vanguards/organisations/?{query}&_export=csv")
    assert {row["Organisation"] for row in rows_of(response)} == expected


def test_filter_keeps_the_choice_and_says_when_nothing_matches(admin_client, organisations):
    html = admin_client.get("/vanguards/organisations/?kind=combined_authority").content.decode()
    assert "No organisations match these filters" in html
    assert '<option value="combined_authority" selected>' in html


def test_empty_register_invites_the_first_organisation(admin_client, db):
    html = admin_client.get("/vanguards/organisations/").content.decode()
    assert "There are no organisations yet" in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Citizens Advice", "Dorset Council", "NHS Greater Manchester ICB"]),
        ("-name", ["NHS Greater Manchester ICB", "Dorset Council", "Citizens Advice"]),
        ("-led_count", ["NHS Greater Manchester ICB"]),
        ("-partner_count", ["Dorset Council"]),
    ],
)
def test_sorting_orders_the_list(admin_client, organisations, sort, expected):
    names = [
        row["Organisation"]
        for row in rows_of(admin_client.get(f"/vanguards/organisations/?sort={sort}&_export=csv"))
    ]
    assert names[: len(expected)] == expected


def test_list_links_each_organisation_to_its_edit_page(admin_client, organisations):
    html = admin_client.get("/vanguards/organisations/").content.decode()
    assert f'href="/vanguards/organisations/{organisations["icb"].pk}/edit/"' in html
    assert '<td class="govuk-table__cell">Integrated Care Board</td>' in html  # in words


def test_list_is_paginated(admin_client, db):
    for number in range(30):
        OrganisationFactory(name=f"Organisation {number:02d}")
    first = admin_client.get("/vanguards/organisations/").content.decode()
    second = admin_client.get("/vanguards/organisations/?page=2").content.decode()
    assert "govuk-pagination" in first
    assert "30 organisations" in first
    assert "Organisation 00" in first and "Organisation 29" not in first
    assert "Organisation 29" in second and "Organisation 00" not in second


EXPORT_COLUMNS = ["Organisation", "Type", "ODS code", "Leads (vanguards)", "Partner in (vanguards)"]


def test_csv_export_has_stable_columns_and_counts(admin_client, organisations):
    response = admin_client.get("/vanguards/organisations/?_export=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="organisations.csv"' in response["Content-Disposition"]
    assert next(csv.reader(io.StringIO(response.content.decode()))) == EXPORT_COLUMNS
    rows = {row["Organisation"]: row for row in rows_of(response)}
    assert rows["NHS Greater Manchester ICB"]["Type"] == "Integrated Care Board"
    assert rows["NHS Greater Manchester ICB"]["ODS code"] == "QOP"
    assert rows["NHS Greater Manchester ICB"]["Leads (vanguards)"] == "2"
    assert rows["Dorset Council"]["Partner in (vanguards)"] == "2"
    assert rows["Dorset Council"]["Leads (vanguards)"] == "0"


def test_xlsx_export_matches_the_csv(admin_client, organisations):
    response = admin_client.get("/vanguards/organisations/?kind=icb&_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_COLUMNS
    assert [row[0] for row in rows[1:]] == ["NHS Greater Manchester ICB"]


def test_export_escapes_spreadsheet_formulas(admin_client, db):
    OrganisationFactory(name='=HYPERLINK("http://evil")', kind=COUNCIL, ods_code="")
    row = rows_of(admin_client.get("/vanguards/organisations/?_export=csv"))[0]
    assert row["Organisation"] == '\'=HYPERLINK("http://evil")'


def test_list_query_budget_does_not_grow_with_organisations(
    admin_client, django_assert_max_num_queries
):
    for more in (3, 20):
        for _ in range(more):
            organisation = OrganisationFactory()
            Partnership.objects.create(vanguard=VanguardFactory(), organisation=organisation)
        # 1 session, 2 user, 3 the paginator's count, 4 one page of rows (both vanguard counts
        # annotated). The filter's choices are fixed, so they cost nothing.
        with django_assert_max_num_queries(4):
            assert admin_client.get("/vanguards/organisations/").status_code == 200


# --- Links to these pages -----------------------------------------------------------------


def test_admins_find_the_pages_from_the_vanguard_list_and_home(admin_client, db):
    for url in ("/vanguards/", "/"):
        html = admin_client.get(url).content.decode()
        assert 'href="/vanguards/organisations/"' in html
        assert 'href="/vanguards/groups/"' in html


def test_others_are_not_shown_the_links(client, rm):
    client.force_login(rm)
    for url in ("/vanguards/", "/"):
        assert 'href="/vanguards/organisations/"' not in client.get(url).content.decode()


# --- Who may use these pages --------------------------------------------------------------


@each_role_gets(
    {
        "/vanguards/organisations/": {"admin_user": OK},
        "/vanguards/organisations/new/": {"admin_user": OK},
        "/vanguards/organisations/{pk}/edit/": {"admin_user": OK},
        "/vanguards/organisations/?_export=csv": {"admin_user": OK},
    }
)
def test_only_admins_may_use_the_pages(client, cast, icb, url, role, expected):
    client.force_login(cast[role])
    assert client.get(url.format(pk=icb.pk)).status_code == expected


@each_role_gets(
    {
        "/vanguards/organisations/{pk}/edit/": {"admin_user": REDIRECT},
        "/vanguards/organisations/new/": {"admin_user": REDIRECT},
    }
)
def test_only_admins_may_post_changes(client, cast, icb, url, role, expected):
    client.force_login(cast[role])
    data = {"name": "Renamed", "kind": "icb", "ods_code": "QOP" if "{pk}" in url else "ABC"}
    assert client.post(url.format(pk=icb.pk), data).status_code == expected
    # Neither the ICB renamed nor a new organisation added, unless by an admin.
    assert Organisation.objects.filter(name="Renamed").exists() is (expected == REDIRECT)


@pytest.mark.parametrize("page", ["", "new/", "1/edit/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, page):
    response = client.get("/vanguards/organisations/" + page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("slug", ["organisations", "groups"])
def test_vanguards_cannot_take_the_addresses_of_these_pages(db, slug):
    form = VanguardForm({"name": "Somewhere", "slug": slug})
    assert not form.is_valid()
    assert form.errors["slug"] == [f"“{slug}” is used by the portal. Enter a different short name."]

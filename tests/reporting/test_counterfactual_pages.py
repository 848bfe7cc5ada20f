"""The counterfactual's pages: admins keep indicators and areas and upload values (a preview
lists every problem by row and column and saves nothing; a valid file is saved on confirming);
the NST opens a vanguard's comparison."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting.models import Area, ComparatorLink, Indicator, IndicatorValue
from tests.factories import OrganisationFactory
from tests.roles import OK, each_role_gets

pytestmark = pytest.mark.django_db

ADMINS = {"admin_user": OK}
NST = {"admin_user": OK, "rm": OK, "rm_lead": OK, "learning_user": OK}
INACTIVE = "Economically inactive due to long-term sickness (%)"
HEADINGS = "Area,ONS code,Indicator,Quarter,Value"


@pytest.fixture
def kept(vanguard_a):
    indicator = Indicator.objects.create(name=INACTIVE)
    Indicator.objects.create(name="Claimants", is_percentage=False)
    alpha = Area.objects.create(name="Alpha area", vanguard=vanguard_a, ons_code="E54000001")
    other = Area.objects.create(name="Kent")
    IndicatorValue.objects.create(area=other, indicator=indicator, year=2025, number=1, value=5)
    return alpha, other, indicator


@each_role_gets(
    {
        "/reporting/counterfactual/": ADMINS,
        "/reporting/counterfactual/upload/": ADMINS,
        "/reporting/counterfactual/template/?format=csv": ADMINS,
        "/reporting/counterfactual/template/?format=xlsx": ADMINS,
        "/reporting/counterfactual/areas/new/": ADMINS,
        "/reporting/counterfactual/indicators/new/": ADMINS,
        "/reporting/counterfactual/alpha/": NST,
        "/reporting/counterfactual/bravo/?quarter=2025-26-q2": NST,
    }
)
def test_pages_per_role(client, cast, kept, url, role, expected):
    client.force_login(cast[role])
    assert client.get(url).status_code == expected


@each_role_gets(ADMINS)
def test_an_areas_page_per_role(client, cast, kept, role, expected):
    client.force_login(cast[role])
    assert client.get(f"/reporting/counterfactual/areas/{kept[1].pk}/").status_code == expected


def _upload(client, text: str, name="values.csv"):
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post("/reporting/counterfactual/upload/", {"file": upload})


def test_the_preview_lists_every_problem_and_saves_nothing(client, admin_user, kept):
    client.force_login(admin_user)
    rows = [
        HEADINGS,
        f"Alpha area,,{INACTIVE},2025/26 Q1,5.5",  # row 2: valid
        f"Nowhere,,{INACTIVE},2025/26 Q1,5.5",  # row 3: unknown area
        "Alpha area,,Happiness,2025/26 Q1,5.5",  # row 4: unknown indicator
        f"Alpha area,,{INACTIVE},2025 Q1,5.5",  # row 5: quarter not written as asked
        f"Alpha area,,{INACTIVE},2025/26 Q2,lots",  # row 6: not a number
        f"Alpha area,,{INACTIVE},2025/26 Q3,120",  # row 7: a percentage over 100
        f"Alpha area,,{INACTIVE},2025/26 Q1,5.6",  # row 8: repeats row 2
        f",E54000001,{INACTIVE},2099/00 Q1,5.5",  # row 9: a quarter to come (area by code)
        f"Kent,E54000001,{INACTIVE},2025/26 Q4,5.5",  # row 10: the code is another area's
    ]
    response = _upload(client, "\n".join(rows))
    problems = {(p.row, p.column) for p in response.context["plan"].problems}
    assert problems == {
        (3, "Area"),
        (4, "Indicator"),
        (5, "Quarter"),
        (6, "Value"),
        (7, "Value"),
        (8, "Quarter"),
        (9, "Quarter"),
        (10, "Area"),
    }
    page = response.content.decode()
    assert "There is no area called Nowhere" in page
    assert "Row 2 already gives" in page
    assert "Enter the value as a percentage from 0 to 100" in page
    assert "The file was not saved" in page
    assert "Save these values" not in page
    assert IndicatorValue.objects.count() == 1


def test_missing_columns_are_problems_on_the_heading_row(client, admin_user, kept):
    client.force_login(admin_user)
    response = _upload(client, "Area,Value\nAlpha area,5")
    problems = {(p.row, p.column) for p in response.context["plan"].problems}
    assert problems == {(1, "Indicator"), (1, "Quarter")}


def test_a_valid_file_is_previewed_then_saved_on_confirming(client, admin_user, kept):
    alpha, other, indicator = kept
    client.force_login(admin_user)
    text = "\n".join(
        [
            HEADINGS,
            f"Alpha area,,{INACTIVE},2025/26 Q1,5.5",  # create
            f"kent,,{INACTIVE},2025/26 Q1,4.5",  # change 5 -> 4.5 (names match in any case)
            'Kent,,Claimants,2025/26 Q1,"1,234"',  # create, not a percentage
        ]
    )
    response = _upload(client, text)
    plan = response.context["plan"]
    assert (plan.problems, plan.creates, plan.changes) == ([], 2, 1)
    assert "Saving will create 2 values and change 1" in response.content.decode()
    # Kent's row: 4.5 in the file, 5 kept now (not 4.50 and 5.00).
    kent = response.context["plan_table"]["rows"][1]
    assert [kent[4]["text"], kent[5]["text"], kent[6]["text"]] == ["4.5", "5", "Change"]
    assert IndicatorValue.objects.count() == 1  # nothing saved yet
    signed = response.context["confirm"].initial["plan"]
    response = client.post("/reporting/counterfactual/upload/confirm/", {"plan": signed})
    assert response.status_code == 302
    saved = {(v.area.name, v.indicator.name): v.value for v in IndicatorValue.objects.all()}
    assert saved == {
        ("Alpha area", INACTIVE): Decimal("5.50"),
        ("Kent", INACTIVE): Decimal("4.50"),
        ("Kent", "Claimants"): Decimal("1234.00"),
    }


def test_an_altered_plan_saves_nothing(client, admin_user, kept):
    client.force_login(admin_user)
    response = client.post("/reporting/counterfactual/upload/confirm/", {"plan": "[[1,1,2025,1]]"})
    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 1


def test_an_xlsx_upload(client, admin_user, kept):
    client.force_login(admin_user)
    template = client.get("/reporting/counterfactual/template/?format=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    assert book.sheetnames == ["Values", "Notes"]
    sheet = book["Values"]
    assert [cell.value for cell in sheet[1]] == HEADINGS.split(",")
    # The template has a row per area and indicator: fill them in.
    for row in sheet.iter_rows(min_row=2):
        row[4].value = 12.5
    filled = io.BytesIO()
    book.save(filled)
    upload = SimpleUploadedFile("values.xlsx", filled.getvalue())
    response = client.post("/reporting/counterfactual/upload/", {"file": upload})
    plan = response.context["plan"]
    assert plan.problems == [] and len(plan.values) == 4  # 2 areas x 2 indicators


def test_the_csv_template(client, admin_user, kept):
    client.force_login(admin_user)
    response = client.get("/reporting/counterfactual/template/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADINGS.split(",")
    assert {(row[0], row[2]) for row in rows[1:]} == {
        ("Alpha area", INACTIVE),
        ("Alpha area", "Claimants"),
        ("Kent", INACTIVE),
        ("Kent", "Claimants"),
    }


def test_not_a_csv_or_xlsx(client, admin_user, kept):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("values.pdf", b"%PDF-1.4")
    response = client.post("/reporting/counterfactual/upload/", {"file": upload})
    assert "must be a CSV or XLSX file" in response.content.decode()


def test_admins_add_a_comparator_area_linked_to_vanguards(
    client, admin_user, vanguard_a, vanguard_b
):
    client.force_login(admin_user)
    response = client.post(
        "/reporting/counterfactual/areas/new/",
        {
            "name": "Cumbria",
            "ons_code": "e10000006",
            "compared_with": [vanguard_a.pk, vanguard_b.pk],
        },
    )
    assert response.status_code == 302
    area = Area.objects.get(name="Cumbria")
    assert area.ons_code == "E10000006"
    assert set(area.compared_with.all()) == {vanguard_a, vanguard_b}
    # Unlinking one keeps the other.
    client.post(
        f"/reporting/counterfactual/areas/{area.pk}/",
        {"name": "Cumbria", "ons_code": "E10000006", "compared_with": [vanguard_b.pk]},
    )
    assert list(ComparatorLink.objects.values_list("vanguard", flat=True)) == [vanguard_b.pk]


def test_an_area_is_a_vanguards_or_a_partners_not_both(client, admin_user, vanguard_a):
    partner = OrganisationFactory(is_network_partner=True)
    client.force_login(admin_user)
    response = client.post(
        "/reporting/counterfactual/areas/new/",
        {"name": "Both", "vanguard": vanguard_a.pk, "organisation": partner.pk, "ons_code": "X1"},
    )
    page = response.content.decode()
    assert "Choose a vanguard or a network partner, not both" in page
    assert "Enter the ONS code as a letter and 8 digits" in page
    assert not Area.objects.exists()


def test_admins_add_an_indicator(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/reporting/counterfactual/indicators/new/",
        {"name": "Employment rate of disabled people (%)", "is_percentage": "on"},
    )
    assert response.status_code == 302
    assert Indicator.objects.get().is_percentage


def test_the_comparison_page(client, rm, kept, vanguard_a):
    alpha, other, indicator = kept
    IndicatorValue.objects.create(area=alpha, indicator=indicator, year=2025, number=1, value=6)
    IndicatorValue.objects.create(area=alpha, indicator=indicator, year=2025, number=2, value=5.5)
    IndicatorValue.objects.create(area=other, indicator=indicator, year=2025, number=2, value=4.8)
    ComparatorLink.objects.create(area=other, vanguard=vanguard_a)
    client.force_login(rm)
    page = client.get("/reporting/counterfactual/alpha/?quarter=2025-26-q2").content.decode()
    assert f"{INACTIVE}: down 0.5 points since 2025/26 Q1" in page
    assert "the 1 comparator area moved down 0.2 points on average" in page
    assert "Only 1 comparator area has figures" in page
    assert "Comparator areas: Kent" in page


def test_the_admin_page_lists_areas_and_indicators(
    client, admin_user, kept, django_assert_max_num_queries
):
    client.force_login(admin_user)
    # Session and user (2), indicators (1), areas with value counts (1), their links (1),
    # the vanguards for the comparison links (1).
    with django_assert_max_num_queries(6):
        page = client.get("/reporting/counterfactual/").content.decode()
    assert "Alpha area" in page and "Kent" in page and INACTIVE in page


@pytest.mark.parametrize("comparators", [1, 6])
def test_the_comparison_page_query_budget(
    client, rm, kept, vanguard_a, comparators, django_assert_max_num_queries
):
    alpha, other, indicator = kept
    for index in range(comparators):
        area = Area.objects.create(name=f"Comparator {index}")
        ComparatorLink.objects.create(area=area, vanguard=vanguard_a)
        for number in (1, 2, 3):
            IndicatorValue.objects.create(
                area=area, indicator=indicator, year=2025, number=number, value=5
            )
    client.force_login(rm)
    # Session and user (2), the vanguard (1), the programme's first quarter (1), then the
    # comparison: cohort groups, areas, indicators, values (4).
    with django_assert_max_num_queries(8):
        response = client.get("/reporting/counterfactual/alpha/?quarter=2025-26-q3")
    assert response.status_code == 200

"""Bulk upload of quarterly returns (admins): the template (XLSX with a sheet per quarter and
notes; CSV with a quarter column); a preview listing every problem with its sheet, row, column
and message, grouped by rule; nothing saved unless the whole file is valid; a valid file's
creations and changes (old → new) shown, then saved in one transaction on confirm, after
checking again."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from reporting.models import QuarterlyReturn, ReturnPeriod, StrandReturn
from reporting.rules import RULES
from reporting.services.upload import (
    CSV_COLUMNS,
    XLSX_COLUMNS,
    quarter_label,
    upload_check,
    upload_rows,
)
from tests.roles import OK, each_role_gets

from .upload import EARLIER, ENDED, SHEET, VALID, csv_file, row, strand, xlsx_file

URL = "/reporting/returns/upload/"
Status = QuarterlyReturn.Status


@pytest.fixture
def strands(vanguard_a, vanguard_b):
    return {
        "alpha": strand(vanguard_a, "Employment support"),
        "alpha2": strand(vanguard_a, "Community outreach", position=1),
        "bravo": strand(vanguard_b, "Employment support"),
    }


def preview(client, upload):
    response = client.post(URL, {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"], client.get(response["Location"])


def problems_of(upload) -> list[tuple]:
    check = upload_check(upload_rows(upload), today=timezone.localdate())
    return [(p.rule, p.sheet, p.row, p.column) for p in check.problems]


# --- Who may use it --------------------------------------------------------------------------


@pytest.mark.django_db
@each_role_gets({"admin_user": OK})
def test_only_admins_upload(client, cast, role, expected):
    client.force_login(cast[role])
    for url in (URL, f"{URL}template.xlsx", f"{URL}template.csv"):
        assert client.get(url).status_code == expected
    response = client.post(URL, {"file": csv_file([])})
    assert response.status_code == (302 if expected == OK else 404)


@pytest.mark.django_db
def test_a_preview_is_only_for_the_session_that_uploaded_it(client, admin_user, strands):
    client.force_login(admin_user)
    location, _ = preview(client, csv_file([[str(ENDED), *row("alpha", "Employment support")]]))
    client.logout()
    client.force_login(admin_user)  # a new session
    assert client.get(location).status_code == 404
    assert client.post(location).status_code == 404
    assert not QuarterlyReturn.objects.exists()


@pytest.mark.django_db
def test_an_unknown_template_format_is_404(admin_client):
    assert admin_client.get(f"{URL}template.pdf").status_code == 404


# --- The template ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_xlsx_template_has_a_sheet_per_quarter_and_notes(admin_client, strands, vanguard_b):
    # Bravo's earlier return is accepted: the template leaves its rows out.
    QuarterlyReturn.objects.create(
        vanguard=vanguard_b, year=EARLIER.year, number=EARLIER.number, status=Status.ACCEPTED
    )
    for quarter in (EARLIER, ENDED):
        ReturnPeriod.objects.create(year=quarter.year, number=quarter.number, due_on=quarter.end)
    response = admin_client.get(f"{URL}template.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [quarter_label(EARLIER), quarter_label(ENDED), "Notes"]
    sheet = workbook[quarter_label(ENDED)]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == XLSX_COLUMNS
    assert [r[:2] for r in rows[1:]] == [
        ("alpha", "Employment support"),
        ("alpha", "Community outreach"),
        ("bravo", "Employment support"),
    ]
    assert all(cell is None for r in rows[1:] for cell in r[2:])  # figures to fill in
    earlier = list(workbook[quarter_label(EARLIER)].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in earlier] == ["alpha", "alpha"]
    notes = " ".join(
        str(cell) for r in workbook["Notes"].iter_rows(values_only=True) for cell in r if cell
    )
    for column in XLSX_COLUMNS:
        assert column in notes
    for says in RULES.values():
        assert says in notes


@pytest.mark.django_db
def test_the_csv_template_has_a_quarter_column(admin_client, strands):
    response = admin_client.get(f"{URL}template.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == CSV_COLUMNS
    assert {tuple(r[:3]) for r in rows[1:]} == {
        (str(ENDED), "alpha", "Employment support"),
        (str(ENDED), "alpha", "Community outreach"),
        (str(ENDED), "bravo", "Employment support"),
    }


@pytest.mark.django_db
def test_the_template_filled_in_uploads_cleanly(admin_client, strands):
    workbook = load_workbook(io.BytesIO(admin_client.get(f"{URL}template.xlsx").content))
    sheet = workbook[SHEET]
    for cells in sheet.iter_rows(min_row=2):
        for cell, name in zip(cells[2:], XLSX_COLUMNS[2:], strict=True):
            cell.value = float(VALID[name]) if name == "spend" else VALID[name]
    content = io.BytesIO()
    workbook.save(content)
    _, page = preview(admin_client, SimpleUploadedFile("filled.xlsx", content.getvalue()))
    html = page.content.decode()
    assert "Check what the upload will save" in html
    assert "It will create 3 strand returns and change 0" in html


# --- Problems ---------------------------------------------------------------------------------


def bad_xlsx():
    return xlsx_file(
        {
            SHEET: [
                row("alpha", "Employment support", referrals=5),  # 2: starts above referrals
                row("alpha", "Community outreach", referrals="ten"),  # 3: not a number
                row("charlie", "Employment support"),  # 4: no such vanguard
                row("bravo", "Outreach"),  # 5: no such strand
                row("bravo", "Employment support", starts_in_work=7),  # 6: 7 + 4 is not 10
                row("alpha", "Employment support"),  # 7: the strand again
            ],
            "Sheet1": [row("alpha", "Employment support")],  # not a quarter
        }
    )


@pytest.mark.django_db
def test_every_problem_has_its_sheet_row_column_and_rule(strands):
    assert problems_of(bad_xlsx()) == [
        ("starts_within_referrals", SHEET, 2, "starts"),
        ("not_a_number", SHEET, 3, "referrals"),
        ("unknown_vanguard", SHEET, 4, "vanguard_slug"),
        ("unknown_strand", SHEET, 5, "strand_name"),
        ("work_status_adds_up", SHEET, 6, "starts_in_work"),
        ("duplicate", SHEET, 7, ""),
        ("unknown_quarter", "Sheet1", 1, ""),
    ]


@pytest.mark.django_db
def test_the_preview_groups_problems_by_rule_and_saves_nothing(admin_client, strands):
    location, page = preview(admin_client, bad_xlsx())
    html = page.content.decode()
    assert "The file has problems" in html and "govuk-error-summary" in html
    assert "The file has 7 problems. Nothing has been saved." in html
    headings = re.findall(r'<h2 class="govuk-heading-m" id="rule-([a-z-]+)">', html)
    assert headings == [
        "unknown-quarter",
        "unknown-vanguard",
        "unknown-strand",
        "duplicate",
        "not-a-number",
        "starts-within-referrals",
        "work-status-adds-up",
    ]
    section = html.split('id="rule-starts-within-referrals"')[1].split("</table>")[0]
    assert RULES["starts_within_referrals"] in html
    assert SHEET in section and ">2<" in section and ">starts<" in section
    assert "Starts (10) must be no more than referrals (5)" in section
    not_a_number = html.split('id="rule-not-a-number"')[1].split("</table>")[0]
    assert "Enter a whole number, such as 12, not “ten”" in not_a_number
    assert "Save these returns" not in html
    # Posting the confirmation anyway saves nothing.
    admin_client.post(location)
    assert not QuarterlyReturn.objects.exists() and not StrandReturn.objects.exists()


@pytest.mark.django_db
def test_the_cumulative_rules_count_earlier_quarters_in_the_file_and_stored(strands, vanguard_a):
    # Remained in work (9) is more than in-work starts to date: 0 stored + 6 in the earlier
    # quarter in the file + 6 this quarter = 12, so 9 is fine; 13 is not.
    ok = xlsx_file(
        {
            quarter_label(EARLIER): [row("alpha", "Employment support")],
            SHEET: [row("alpha", "Employment support", remained_in_work=9)],
        }
    )
    assert problems_of(ok) == []
    too_many = xlsx_file(
        {
            quarter_label(EARLIER): [row("alpha", "Employment support")],
            SHEET: [row("alpha", "Employment support", remained_in_work=13)],
        }
    )
    assert problems_of(too_many) == [
        ("remained_within_in_work_starts", SHEET, 2, "remained_in_work")
    ]


@pytest.mark.django_db
def test_a_missing_figure_and_wrong_columns_are_problems(strands):
    missing = csv_file([[str(ENDED), *row("alpha", "Employment support", satisfied="")]])
    assert problems_of(missing) == [("required", "CSV file", 2, "satisfied")]
    wrong_columns = csv_file(
        [[str(ENDED), *row("alpha", "Employment support")[:-1], "x"]],
        header=[*CSV_COLUMNS[:-1], "spend_pounds"],
    )
    assert problems_of(wrong_columns) == [
        ("columns", "CSV file", 1, "spend"),
        ("columns", "CSV file", 1, "spend_pounds"),
    ]


@pytest.mark.django_db
def test_csv_quarters_must_be_real_and_ended(strands):
    upload = csv_file(
        [
            ["2026 Q5", *row("alpha", "Employment support")],
            [str(ENDED.next()), *row("alpha", "Community outreach")],
        ]
    )
    assert problems_of(upload) == [
        ("unknown_quarter", "CSV file", 2, "quarter"),
        ("unknown_quarter", "CSV file", 3, "quarter"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.SUBMITTED])
def test_a_locked_return_is_a_problem_not_overwritten(admin_client, strands, vanguard_a, status):
    locked = QuarterlyReturn.objects.create(
        vanguard=vanguard_a, year=ENDED.year, number=ENDED.number, status=status
    )
    StrandReturn.objects.create(quarterly_return=locked, strand=strands["alpha"], referrals=1)
    location, page = preview(admin_client, xlsx_file({SHEET: [row("alpha", "Employment support")]}))
    html = page.content.decode()
    assert "Submitted and accepted returns are not changed by an upload" in html
    state = locked.get_status_display().lower()
    assert f"Alpha Vanguard’s {ENDED} return is {state}, so an upload cannot change it" in html
    admin_client.post(location)
    assert StrandReturn.objects.get().referrals == 1


# --- A valid file: what it will do, then saving it ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_valid_file_shows_its_changes_then_saves_them(
    admin_client, admin_user, strands, vanguard_a, vanguard_b, kind
):
    existing = QuarterlyReturn.objects.create(
        vanguard=vanguard_a, year=ENDED.year, number=ENDED.number, status=Status.IN_PROGRESS
    )
    StrandReturn.objects.create(
        quarterly_return=existing, strand=strands["alpha"], **{**VALID, "referrals": 15}
    )
    rows = [
        row("alpha", "Employment support"),  # referrals 15 → 20
        row("alpha", "Community outreach"),  # a new strand return in the existing return
        row("bravo", "Employment support", spend=Decimal("99.99")),  # a new return
    ]
    if kind == "xlsx":
        upload = xlsx_file({SHEET: rows})
    else:
        upload = csv_file([[str(ENDED), *r] for r in rows])
    location, page = preview(admin_client, upload)
    html = page.content.decode()
    assert "It will create 2 strand returns and change 1" in html
    created = html.split("What will be created</caption>")[1].split("</table>")[0]
    assert "Community outreach" in created and "Added to the return" in created
    assert "Bravo Vanguard" in created and "New return, in progress" in created
    changed = html.split("What will change</h2>")[1].split("</form>")[0]
    assert "Alpha Vanguard: Employment support, " in changed
    rows = re.findall(
        r'<dt class="govuk-summary-list__key">\s*(.*?)\s*</dt>\s*'
        r'<dd class="govuk-summary-list__value">\s*(.*?)\s*</dd>',
        changed,
    )
    assert rows == [("Referrals", "15 → 20")]  # the other figures are as stored
    assert not QuarterlyReturn.objects.filter(vanguard=vanguard_b).exists()  # not yet

    response = admin_client.post(location)
    assert response.status_code == 302 and response["Location"] == URL
    bravo = QuarterlyReturn.objects.get(vanguard=vanguard_b)
    assert bravo.status == Status.IN_PROGRESS
    assert bravo.strand_returns.get().spend == Decimal("99.99")
    assert StrandReturn.objects.get(strand=strands["alpha"]).referrals == 20
    assert StrandReturn.objects.count() == 3
    assert all(sr.complete for sr in StrandReturn.objects.all())
    assert (
        StrandReturn.objects.get(strand=strands["alpha"]).history.first().history_user == admin_user
    )
    assert "2 strand returns created and 1 changed" in admin_client.get(URL).content.decode()
    # The preview is used up.
    assert admin_client.get(location).status_code == 404


@pytest.mark.django_db
def test_confirming_checks_again(admin_client, strands, vanguard_a):
    location, _ = preview(admin_client, xlsx_file({SHEET: [row("alpha", "Employment support")]}))
    # The return is accepted between the preview and the confirmation.
    QuarterlyReturn.objects.create(
        vanguard=vanguard_a, year=ENDED.year, number=ENDED.number, status=Status.ACCEPTED
    )
    response = admin_client.post(location)
    assert response.status_code == 200
    html = response.content.decode()
    assert "problems now that it did not have at the preview" in html
    assert "Submitted and accepted returns are not changed by an upload" in html
    assert not StrandReturn.objects.exists()


@pytest.mark.django_db
def test_empty_rows_are_left_out(admin_client, strands):
    blank = ["alpha", "Community outreach", *[None] * 20]
    location, page = preview(
        admin_client, xlsx_file({SHEET: [row("alpha", "Employment support"), blank]})
    )
    assert "1 empty row is left out" in page.content.decode()
    admin_client.post(location)
    assert StrandReturn.objects.get().strand == strands["alpha"]


# --- Files that are not returns ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("returns.pdf", b"%PDF-1.4 a pdf"), "must be an XLSX or CSV file"),
        (SimpleUploadedFile("returns.exe", b"MZ\x00\x01"), "must be an XLSX or CSV file"),
        (SimpleUploadedFile("returns.xlsx", b"vanguard_slug,strand_name"), "must be a PDF, DOCX"),
        (SimpleUploadedFile("returns.csv", b"\x00\x01\x02binary"), "must be a PDF, DOCX"),
        (SimpleUploadedFile("returns.csv", b""), "The selected file is empty"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused(admin_client, upload, message):
    response = admin_client.post(URL, {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "govuk-error-summary" in html
    assert html.count("The selected file") == 2  # one message, in the summary and the field
    assert admin_client.session.get("returns_uploads") is None


@pytest.mark.django_db
def test_no_file_is_refused(admin_client):
    response = admin_client.post(URL, {})
    assert "Select a file to upload" in response.content.decode()


@pytest.mark.django_db
def test_a_row_may_not_break_a_later_received_return(strands, vanguard_a):
    # The later quarter, accepted, counts 10 remained in work against 6 + 6 in-work starts.
    for quarter, status, figures in (
        (EARLIER, Status.IN_PROGRESS, VALID),
        (ENDED, Status.ACCEPTED, {**VALID, "remained_in_work": 10}),
    ):
        report = QuarterlyReturn.objects.create(
            vanguard=vanguard_a, year=quarter.year, number=quarter.number, status=status
        )
        StrandReturn.objects.create(quarterly_return=report, strand=strands["alpha"], **figures)
    fewer = row(
        "alpha", "Employment support", starts_in_work=1, starts_out_of_work=9, remained_in_work=1
    )
    upload = xlsx_file({quarter_label(EARLIER): [fewer]})
    check = upload_check(upload_rows(upload), today=timezone.localdate())
    assert [(p.rule, p.sheet, p.row) for p in check.problems] == [
        ("remained_within_in_work_starts", quarter_label(EARLIER), 2)
    ]
    assert f"return for {ENDED}, already received, would break a rule" in check.problems[0].message
    assert not check.plans
    # Keeping enough in-work starts passes.
    enough = row(
        "alpha", "Employment support", starts_in_work=4, starts_out_of_work=6, remained_in_work=1
    )
    upload = xlsx_file({quarter_label(EARLIER): [enough]})
    assert not upload_check(upload_rows(upload), today=timezone.localdate()).problems

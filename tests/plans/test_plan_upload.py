"""The plan's XLSX download and upload in the shape of the Thurrock table: a round trip that
changes nothing, a preview of what a file will create and change before anything is saved,
and a bad file's problems listed by sheet, row and column with nothing saved."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from plans.models import Activity, Theme
from tests.factories import ToolkitVersionFactory, make_plan_activity, publish_toolkit_version

pytestmark = pytest.mark.django_db
PLAN = "/plans/vanguards/alpha/"
S, T, P = Activity.Status, Activity.Timeline, Activity.Precision
COLUMNS = ["Theme", "No.", "Action", "Timeline", "Lead", "Status", "Dependencies"]


@pytest.fixture
def thurrock_like(vanguard_a):
    make_plan_activity(vanguard_a, description="Initial engagement", lead="Commissioning")
    make_plan_activity(
        vanguard_a,
        description="Rural outliers",
        timeline=T.CONDITION,
        target_date=None,
        condition="When post is recruited to.",
        lead="Micro Enterprise Officer",
    )
    make_plan_activity(
        vanguard_a,
        theme_title="Post award implementation",
        description="Contract commencement",
        timeline=T.RANGE,
        target_date=None,
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2026, 3, 1),
        timeline_note="timeframes variable",
        status=S.IN_PROGRESS,
        dependencies="The tender outcome",
    )
    make_plan_activity(
        vanguard_a,
        theme_title="Post award implementation",
        description="Quarterly review",
        timeline=T.QUARTER,
        target_date=None,
        quarter_year=2025,
        quarter_number=3,
        precision=P.DAY,
    )


def _xlsx(rows, headers=COLUMNS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("plan.xlsx", buffer.getvalue())


def _snapshot():
    return sorted(
        (a.theme.title, a.number, a.description, a.timeline_words, a.lead, a.status, a.dependencies)
        for a in Activity.objects.select_related("theme")
    )


def _upload(client, upload):
    return _upload_to(client, PLAN, upload)


def _upload_to(client, plan_url, upload):
    response = client.post(f"{plan_url}upload/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_the_download_is_the_thurrock_table(client, member_a, thurrock_like):
    client.force_login(member_a)
    response = client.get(f"{PLAN}export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert rows[2][:5] == (
        "Provider development",
        2,
        "Rural outliers",
        "When post is recruited to.",
        "Micro Enterprise Officer",
    )
    assert rows[3][3] == "April 2025 to March 2026 – timeframes variable"
    assert rows[4][3] == "2025/26 Q3"


def test_a_round_trip_changes_nothing(client, member_a, thurrock_like):
    client.force_login(member_a)
    before = _snapshot()
    exported = client.get(f"{PLAN}export.xlsx").content
    preview = _upload(client, SimpleUploadedFile("plan.xlsx", exported))
    html = client.get(preview).content.decode()
    assert "The file matches the plan: nothing would change." in html
    client.post(preview)
    assert _snapshot() == before


def test_a_preview_shows_what_will_be_created_and_changed_before_saving(
    client, member_a, thurrock_like
):
    client.force_login(member_a)
    upload = _xlsx(
        [
            ["Provider development", 1, "Initial engagement", "October 2023", "Commissioning"],
            [
                "Learning and its application",
                1,
                "Wellbeing pilot evaluation",
                "September 2024 onwards",
                "Public Health",
            ],
        ]
    )
    preview = _upload(client, upload)
    html = client.get(preview).content.decode()
    assert "1 activities to add" in html
    assert "1 activities to change" in html
    assert "Learning and its application" in html  # a theme to add
    assert "September 2024 onwards (read as a date range)" in html
    assert not Theme.objects.filter(title="Learning and its application").exists()  # not yet
    assert client.post(preview).status_code == 302
    changed = Activity.objects.get(theme__title="Provider development", number=1)
    assert changed.timeline_words == "October 2023"
    assert changed.history.first().history_user == member_a
    added = Activity.objects.get(theme__title="Learning and its application")
    assert (added.timeline, added.starts_on, added.ends_on) == (
        T.RANGE,
        datetime.date(2024, 9, 1),
        None,
    )


def test_a_bad_file_lists_every_problem_and_saves_nothing(client, member_a, thurrock_like):
    client.force_login(member_a)
    before = _snapshot()
    upload = _xlsx(
        [
            ["Provider development", "one", "Initial engagement", "June 2023", "Commissioning"],
            ["Provider development", 5, "", "June 2023", ""],
            ["Provider development", 6, "New thing", "June 2023", "Someone", "Finished"],
            ["Provider development", 7, "New thing", "June 2023", "Someone"],
            ["Provider development", 7, "Again", "June 2023", "Someone"],
        ]
    )
    preview = _upload(client, upload)
    html = client.get(preview).content.decode()
    assert "There is a problem with the file" in html
    assert "Sheet Plan, row 2, column No.: The number must be a whole number" in html
    assert "Sheet Plan, row 3, column Action: Enter the action" in html
    assert "Sheet Plan, row 3, column Lead: Enter the lead" in html
    assert "Sheet Plan, row 4, column Status: The status must be one of" in html
    assert (
        "Sheet Plan, row 6, column No.: Activity 7 of “Provider development” appears twice" in html
    )
    assert "Save these changes" not in html
    # Confirming anyway (a forged post) still saves nothing.
    client.post(preview)
    assert _snapshot() == before


def test_a_file_without_the_columns_is_refused(client, member_a, thurrock_like):
    client.force_login(member_a)
    preview = _upload(client, _xlsx([["a", "b"]], headers=["Something", "Else"]))
    html = client.get(preview).content.decode()
    assert "The first row must name the columns: Theme, No., Action, Timeline, Lead" in html


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, member_a, vanguard_a):
    client.force_login(member_a)
    response = client.post(f"{PLAN}upload/", {"file": SimpleUploadedFile("plan.xlsx", b"nope")})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_text_that_looks_like_a_formula_downloads_as_text(client, member_a, vanguard_a):
    make_plan_activity(vanguard_a, description='=HYPERLINK("http://evil","Click")', lead="=1+1")
    client.force_login(member_a)
    sheet = load_workbook(io.BytesIO(client.get(f"{PLAN}export.xlsx").content)).active
    description, lead = sheet.cell(row=2, column=3), sheet.cell(row=2, column=5)
    assert (description.data_type, lead.data_type) == ("s", "s")
    assert lead.value == "=1+1"  # no apostrophe: the upload reads it back unchanged


def test_a_condition_with_a_latest_date_and_a_note_survives_another_change(
    client, member_a, vanguard_a
):
    make_plan_activity(
        vanguard_a,
        timeline=T.CONDITION,
        target_date=None,
        condition="When post is recruited to",
        latest_date=datetime.date(2023, 6, 1),
        timeline_note="subject to funding",
    )
    client.force_login(member_a)
    sheet_bytes = client.get(f"{PLAN}export.xlsx").content
    workbook = load_workbook(io.BytesIO(sheet_bytes))
    workbook.active.cell(row=2, column=5).value = "Public Health"  # another cell changes
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.post(_upload(client, SimpleUploadedFile("plan.xlsx", buffer.getvalue())))
    activity = Activity.objects.get()
    assert activity.lead == "Public Health"
    assert (activity.condition, activity.latest_date, activity.timeline_note) == (
        "When post is recruited to",
        datetime.date(2023, 6, 1),
        "subject to funding",
    )
    assert activity.is_overdue(datetime.date(2023, 7, 1))


def test_excel_date_cells_are_read_as_the_month_or_day_they_show(client, member_a, vanguard_a):
    client.force_login(member_a)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append(["Provider development", 1, "A month", datetime.datetime(2023, 6, 1), "Team"])
    sheet.append(["Provider development", 2, "A day", datetime.datetime(2023, 6, 14), "Team"])
    sheet["D2"].number_format = "mmmm yyyy"  # what Excel shows for a typed "June 2023"
    sheet["D3"].number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.post(_upload(client, SimpleUploadedFile("plan.xlsx", buffer.getvalue())))
    month, day = Activity.objects.order_by("number")
    assert (month.timeline, month.target_date, month.precision) == (
        T.DATE,
        datetime.date(2023, 6, 1),
        P.MONTH,
    )
    assert (day.timeline, day.target_date, day.precision) == (
        T.DATE,
        datetime.date(2023, 6, 14),
        P.DAY,
    )


def test_an_over_long_timeline_is_a_problem_not_cut_short(client, member_a, vanguard_a):
    client.force_login(member_a)
    upload = _xlsx([["Provider development", 1, "Thing", "When " + "x" * 400, "Team"]])
    html = client.get(_upload(client, upload)).content.decode()
    assert (
        "Sheet Plan, row 2, column Timeline: The timeline’s condition must be 300 characters"
        in html
    )
    assert "Save these changes" not in html


def test_the_upload_cannot_mark_an_unpublished_milestone_done(client, admin_user):
    version = ToolkitVersionFactory(number="7.0")
    make_plan_activity(None, theme_title="Learning and dissemination", toolkit_version=version)
    client.force_login(admin_user)
    upload = _xlsx(
        [["Learning and dissemination", 1, "Toolkit 7.0", "June 2023", "Learning team", "Done"]]
    )
    preview = _upload_to(client, "/plans/programme/", upload)
    html = client.get(preview).content.decode()
    assert "column Status: This milestone is done when" in html
    client.post(preview)
    assert Activity.objects.get().status == S.NOT_STARTED


def test_the_download_shows_a_delivered_milestone_as_done_and_reads_back_unchanged(
    client, admin_user
):
    version = ToolkitVersionFactory(number="7.0")
    make_plan_activity(None, theme_title="Learning and dissemination", toolkit_version=version)
    publish_toolkit_version(version)
    client.force_login(admin_user)
    exported = client.get("/plans/programme/export.xlsx").content
    sheet = load_workbook(io.BytesIO(exported)).active
    assert [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Done"]
    preview = _upload_to(client, "/plans/programme/", SimpleUploadedFile("p.xlsx", exported))
    assert "nothing would change" in client.get(preview).content.decode()


def test_confirming_an_upload_twice_says_it_was_saved(client, member_a, thurrock_like):
    client.force_login(member_a)
    upload = _xlsx([["New theme", 1, "A new activity", "June 2023", "Team"]])
    preview = _upload(client, upload)
    assert client.post(preview).status_code == 302
    again = client.post(preview, follow=True)  # the back button, then confirm again
    assert again.redirect_chain[-1][0] == PLAN
    assert "This upload has already been saved" in again.content.decode()
    assert Activity.objects.filter(description="A new activity").count() == 1


def test_new_theme_titles_differing_only_in_case_make_one_theme(client, member_a, vanguard_a):
    client.force_login(member_a)
    upload = _xlsx(
        [
            ["Learning", 1, "First", "June 2023", "Team"],
            ["learning", 2, "Second", "June 2023", "Team"],
        ]
    )
    client.post(_upload(client, upload))
    assert list(Theme.objects.values_list("title", flat=True)) == ["Learning"]
    assert Activity.objects.count() == 2

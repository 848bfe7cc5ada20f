"""Quarterly reports: requested by admins from the quarter's snapshot, every revision in the
archive with who asked, when and from which snapshot; the national report for the NST and the
programme lead, a vanguard's report for those who see the vanguard (members: their own only);
failures say why and can be retried; a build whose worker died is built again, and the archive
never offers a file that is not finished. The PDF's content: test_report_pdf.py."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook

from feedback.selectors.disclosure import TOO_FEW
from reporting import documents as report_documents
from reporting.models import QuarterlyReport, SnapshotBuild
from reporting.services.reports import ReportError, report_request
from reporting.services.snapshots import snapshot_build
from tests.reporting.snapshot_data import LATER, QUARTER, make_return
from tests.roles import OK, each_role_gets, in_the_programme
from workwell.models import GeneratedDocument
from workwell.tasks import build_document

Status = GeneratedDocument.Status
SLUG = "2025-26-q1"


@pytest.fixture
def snapshot(vanguard_a, vanguard_b):
    make_return(vanguard_a, starts=40, in_work=24)
    make_return(vanguard_b, starts=30, in_work=15)
    build = SnapshotBuild.objects.create(year=QUARTER.year, number=QUARTER.number)
    return snapshot_build(build.pk)


def _ready(document: GeneratedDocument, content=b"%PDF-1.7 finished") -> None:
    """Stand in for a finished build (the build itself: test_report_pdf.py)."""
    name = document.file.storage.save(f"documents/{document.pk}.pdf", ContentFile(content))
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.READY, file=name, filename=f"report-{document.pk}.pdf", progress=100
    )


@pytest.fixture
def reports(snapshot, vanguard_a, admin_user, django_capture_on_commit_callbacks):
    """The national report and Alpha's, both finished."""
    with django_capture_on_commit_callbacks():  # not built here
        national = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
        alpha = report_request(quarter=QUARTER, vanguard=vanguard_a, by=admin_user)
    for report in (national, alpha):
        _ready(report.document)
        _ready(report.spreadsheet)
    return {"national": national, "alpha": alpha}


# --- Requests and the archive ------------------------------------------------------------


@pytest.mark.django_db
def test_a_report_needs_the_quarters_snapshot(vanguard_a, admin_user):
    with pytest.raises(ReportError, match="has no snapshot yet"):
        report_request(quarter=LATER, vanguard=None, by=admin_user)
    assert not QuarterlyReport.objects.exists()


@pytest.mark.django_db
def test_each_request_is_a_new_revision_from_the_latest_snapshot(
    snapshot, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        first = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
        second = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    assert (first.revision, second.revision) == (1, 2)
    assert first.snapshot == second.snapshot == snapshot
    assert first.document != second.document and first.document.status == Status.QUEUED
    assert {first.document.kind, first.spreadsheet.kind} == {
        report_documents.PDF_KIND,
        report_documents.XLSX_KIND,
    }
    assert len(queued) == 4  # a PDF and an XLSX pack each


@pytest.mark.django_db
def test_an_admin_asks_for_a_vanguards_report_from_the_archive(
    admin_client, snapshot, vanguard_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        response = admin_client.post("/reporting/reports/", {"quarter": SLUG, "vanguard": "alpha"})
    report = QuarterlyReport.objects.get()
    assert response.url == f"/reporting/reports/{report.pk}/"
    assert report.vanguard == vanguard_a and report.requested_by.role == "admin"
    page = admin_client.get(response.url).content.decode()
    assert "We are making the report" in page


@pytest.mark.django_db
def test_the_archive_lists_every_revision_with_who_asked_and_from_which_snapshot(
    admin_client, reports, admin_user
):
    page = admin_client.get("/reporting/reports/").content.decode()
    assert "WorkWell national quarterly report 2025/26 Q1" in page
    assert "Alpha Vanguard quarterly report 2025/26 Q1" in page
    assert page.count("Revision 1") >= 2  # each from snapshot revision 1
    assert admin_user.full_name in page
    assert f"/reporting/reports/{reports['national'].pk}/download/" in page
    assert f"/reporting/reports/{reports['national'].pk}/tables.xlsx" in page


@pytest.mark.django_db
def test_the_archive_costs_the_same_however_many_reports(
    admin_client, reports, admin_user, django_assert_max_num_queries
):
    for _ in range(5):
        report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    # session, user, the quarters with a snapshot and the vanguards (the request form), and
    # the reports with their vanguard, asker, both files and snapshot (one query)
    with django_assert_max_num_queries(5):
        assert admin_client.get("/reporting/reports/").status_code == 200


# --- Who reads which report ---------------------------------------------------------------

NATIONAL_READERS = {
    role: OK for role in ("admin_user", "programme_lead", "rm", "rm_lead", "learning_user")
}
ALPHA_READERS = in_the_programme(OK, "member_b")  # the regional lead's region is Alpha's


@pytest.mark.django_db
@each_role_gets(in_the_programme(OK))
def test_the_archive_opens_to_the_programme(client, cast, role, expected):
    client.force_login(cast[role])
    assert client.get("/reporting/reports/").status_code == expected


# The national report is for the NST and the programme lead; a vanguard's for those who see
# the vanguard (members: their own; the regional lead: their region's).
@pytest.mark.django_db
@each_role_gets({"national": NATIONAL_READERS, "alpha": ALPHA_READERS})
def test_each_report_is_read_by_those_it_is_for(client, cast, url, role, expected, reports):
    client.force_login(cast[role])
    pk = reports[url].pk
    for page in (
        f"/reporting/reports/{pk}/",
        f"/reporting/reports/{pk}/download/",
        f"/reporting/reports/{pk}/tables.xlsx",
    ):
        assert client.get(page).status_code == expected
    archive = client.get("/reporting/reports/").content.decode()
    assert (f"/reporting/reports/{pk}/download/" in archive) is (expected == OK)


@pytest.mark.django_db
@each_role_gets({"admin_user": OK})
def test_only_admins_ask_for_reports(client, cast, role, expected, snapshot):
    client.force_login(cast[role])
    response = client.post("/reporting/reports/", {"quarter": SLUG, "vanguard": "national"})
    assert response.status_code == (302 if expected == OK else 404)
    assert QuarterlyReport.objects.exists() is (expected == OK)


@pytest.mark.django_db
def test_a_retry_is_refused_to_those_who_cannot_see_the_report(client, member_b, reports):
    client.force_login(member_b)
    assert client.post(f"/reporting/reports/{reports['alpha'].pk}/retry/").status_code == 404


# --- Failures, retries and dead workers --------------------------------------------------


@pytest.mark.django_db
def test_a_failed_report_says_why_and_can_be_retried(
    admin_client, snapshot, admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    real_workbook = report_documents.report_workbook

    def disk_full(report):
        raise OSError("No space left on device")

    monkeypatch.setattr(report_documents, "report_workbook", disk_full)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    report.spreadsheet.refresh_from_db()
    assert report.spreadsheet.status == Status.FAILED
    archive = admin_client.get("/reporting/reports/").content.decode()
    assert f"/reporting/reports/{report.pk}/tables.xlsx" not in archive
    assert response_text(admin_client, report) and "Try again" in response_text(
        admin_client, report
    )

    monkeypatch.setattr(report_documents, "report_workbook", real_workbook)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/reporting/reports/{report.pk}/retry/")
    assert response.url == f"/reporting/reports/{report.pk}/"
    report.spreadsheet.refresh_from_db()
    assert report.spreadsheet.is_ready and report.spreadsheet.attempts == 2
    assert (
        f"/reporting/reports/{report.pk}/tables.xlsx"
        in admin_client.get("/reporting/reports/").content.decode()
    )


def response_text(client, report) -> str:
    return client.get(f"/reporting/reports/{report.pk}/").content.decode()


@pytest.mark.django_db
def test_the_status_page_shows_why_a_report_failed(admin_client, reports):
    report = reports["national"]
    GeneratedDocument.objects.filter(pk=report.document.pk).update(
        status=Status.FAILED, error="OSError: No space left on device"
    )
    page = response_text(admin_client, report)
    assert "The file could not be made" in page and "No space left on device" in page
    assert "Try again" in page
    assert admin_client.get(f"/reporting/reports/{report.pk}/download/").status_code == 404


@pytest.mark.django_db
def test_a_report_whose_worker_died_is_built_again_and_never_offered_half_made(
    admin_client, snapshot, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        report = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    # The worker claimed the spreadsheet and died part-way: the row says building, no file.
    died = timezone.now() - timedelta(hours=1)
    GeneratedDocument.objects.filter(pk=report.spreadsheet.pk).update(
        status=Status.BUILDING, started_at=died, attempts=1, progress=30
    )
    archive = admin_client.get("/reporting/reports/").content.decode()
    assert f"/reporting/reports/{report.pk}/tables.xlsx" not in archive
    assert admin_client.get(f"/reporting/reports/{report.pk}/tables.xlsx").status_code == 404
    # The broker hands the task to a worker again (acks late): it claims the stale build.
    assert build_document.delay(report.spreadsheet.pk).get() is True
    report.spreadsheet.refresh_from_db()
    assert report.spreadsheet.is_ready and report.spreadsheet.attempts == 2
    assert admin_client.get(f"/reporting/reports/{report.pk}/tables.xlsx").status_code == 200


# --- The XLSX pack ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_xlsx_pack_holds_the_reports_tables(snapshot, admin_user, vanguard_a):
    with_report = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    workbook = load_workbook(io.BytesIO(report_documents.report_workbook(with_report)))
    assert workbook.sheetnames[:3] == ["participants", "outcomes", "funding"]
    assert "quality-indicators" in workbook.sheetnames
    assert {"vanguard-alpha", "vanguard-bravo", "all-figures", "returns-read"} <= set(
        workbook.sheetnames
    )
    participants = list(workbook["participants"].values)
    assert participants[1][:3] == (
        "Vanguard",
        "Participants started this quarter",
        "Participants started to date",
    )
    rows = {row[0]: row for row in participants[2:]}
    assert rows["Alpha Vanguard"][1] == 40 and rows["Bravo Vanguard"][1] == 30
    assert rows["England"][1] == 70


@pytest.mark.django_db
def test_a_vanguard_missing_from_the_snapshot_needs_a_new_snapshot(snapshot, admin_user):
    from tests.factories import VanguardFactory

    newcomer = VanguardFactory(name="Charlie Vanguard", slug="charlie")
    with pytest.raises(ReportError, match="has no figures for Charlie Vanguard"):
        report_request(quarter=QUARTER, vanguard=newcomer, by=admin_user)


@pytest.mark.django_db
def test_satisfaction_from_too_few_answers_is_withheld_in_the_pack(
    vanguard_a, vanguard_b, admin_user
):
    # Alpha: 2 answers (under the threshold of 3); Bravo: 10. Admins see small numbers on the
    # pages, but a report is read beyond admins, so the rule applies whoever asked for it.
    make_return(vanguard_a, starts=40, in_work=24, satisfaction_responses=2, satisfied=2)
    make_return(vanguard_b, starts=30, in_work=15, satisfaction_responses=10, satisfied=8)
    snapshot_build(SnapshotBuild.objects.create(year=QUARTER.year, number=QUARTER.number).pk)
    report = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    workbook = load_workbook(io.BytesIO(report_documents.report_workbook(report)))
    outcomes = list(workbook["outcomes"].values)
    column = outcomes[1].index("Participants satisfied (share)")
    rows = {row[0]: row for row in outcomes[2:]}
    assert rows["Alpha Vanguard"][column] == TOO_FEW
    assert rows["Bravo Vanguard"][column] == 80
    assert rows["England"][column] == round(100 * 10 / 12, 1)

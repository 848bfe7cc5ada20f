"""An SRO fills in the quarterly return in a real browser: each strand's figures (one saved
first with a rule broken, then fixed) and the narrative, checks the answers and signs off;
the relationship manager accepts it; an admin builds the quarter's snapshot, asks for the
national report, watches the real Celery worker make it and downloads the PDF. Every page
passes axe (WCAG 2.2 AA) and reflows at 320px, with no script errors."""

import datetime
import re
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reporting.models import DeliveryStrand, QuarterlyReport, QuarterlyReturn, ReturnPeriod
from reporting.models.returns import FIGURES
from tests.worker import celery_worker, through_the_worker, worker_storage  # noqa: F401
from vanguards.management.demo import seed_registry
from vanguards.models import Vanguard
from workwell.celery import app
from workwell.dates import Quarter

from .test_pages_accessibility import check_reflow
from .test_sro_complaint_journey import sign_out
from .test_sro_self_assessment_journey import sign_in

pytestmark = [pytest.mark.browser]

SRO = "sro.greater-manchester@example.com"
RM = "rm1@example.com"  # Greater Manchester's relationship manager
ADMIN = "admin@example.com"
# Milliseconds for the worker to build the snapshot, then the report: WeasyPrint's first layout
# in a fresh worker is slow and the machine is shared. The pages poll by themselves meanwhile.
BUILD_TIMEOUT = 240_000
STRANDS = ["Employment support in MFT MSK service", "Enhancement to Be Well Service"]
# One strand's quarter that keeps every rule.
FIGURES_TYPED = {
    "Referrals": "40",
    "Starts (participants with an agreed WorkWell plan)": "20",
    "Starts in work": "12",
    "Starts out of work": "8",
    "Starts with a musculoskeletal condition": "10",
    "Starts with a mental health condition": "6",
    "Starts with both": "3",
    "Starts with another condition": "1",
    "Starts: White": "12",
    "Starts: Mixed or multiple ethnic groups": "1",
    "Starts: Asian or Asian British": "4",
    "Starts: Black, Black British, Caribbean or African": "2",
    "Starts: Other ethnic group": "0",
    "Starts: ethnic group not known": "1",
    "Completions": "5",
    "Remained in work": "9",
    "Entered work": "3",
    "Participant satisfaction responses": "15",
    "Participants satisfied": "13",
    "Spend (£)": "18250.50",
}
assert len(FIGURES_TYPED) == len(FIGURES)


def _plan() -> Quarter:
    vanguard = Vanguard.objects.get(slug="greater-manchester")
    quarter = Quarter.containing(timezone.localdate()).previous()
    for position, name in enumerate([*STRANDS, "Contingency and management"]):
        DeliveryStrand.objects.create(
            vanguard=vanguard,
            name=name,
            participant_target=600 if position < 2 else None,
            funding_allocation=Decimal("400000"),
            start_date=vanguard.start_date,
            end_date=vanguard.end_date,
            position=position,
        )
    ReturnPeriod.objects.create(
        year=quarter.year, number=quarter.number, due_on=quarter.end + datetime.timedelta(days=21)
    )
    return quarter


@through_the_worker
def test_sro_signs_off_the_return_the_rm_accepts_it_and_an_admin_downloads_the_report(
    celery_worker,  # noqa: F811
    worker_storage,  # noqa: F811
    live_server,
    page,
    axe,
    console_errors,
    monkeypatch,
    tmp_path,
):
    def check():
        axe()
        check_reflow(page, page.url)

    seed_registry()
    quarter = _plan()

    sign_in(page, live_server, SRO)
    page.goto(f"{live_server.url}/vanguards/greater-manchester/")
    expect(page.get_by_role("heading", name="Delivery strands")).to_be_visible()
    page.get_by_role("link", name="Quarterly returns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly returns")
    check()
    page.get_by_role("link", name=f"{quarter} return for Greater Manchester").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Quarterly return for {quarter}")
    check()
    page.get_by_role("button", name="Start this return").click()
    expect(page.get_by_text("You have completed 0 of 3 sections.")).to_be_visible()
    check()

    for index, strand in enumerate(STRANDS):
        page.get_by_role("link", name=strand).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(strand)
        check()
        for label, value in FIGURES_TYPED.items():
            page.get_by_label(label, exact=True).fill(value)
        if index == 0:
            # Starts in and out of work that do not add up: saved as a draft, shown, and the
            # section cannot be completed; nothing typed is lost.
            page.get_by_label("Starts out of work", exact=True).fill("9")
            page.get_by_label("Yes", exact=True).check()
            page.get_by_role("button", name="Save and continue").click()
            summary = page.locator(".govuk-error-summary")
            expect(summary).to_contain_text("must add up to starts")
            expect(summary).to_contain_text("Fix the problems before you mark this section")
            expect(page.get_by_label("Referrals", exact=True)).to_have_value("40")
            check()
            page.get_by_label("Starts out of work", exact=True).fill("8")
        page.get_by_label("Yes", exact=True).check()
        page.get_by_role("button", name="Save and continue").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("have been saved")

    page.get_by_role("link", name="Narrative").click()
    check()
    page.get_by_label("Progress this quarter").fill("Referrals grew through GP practices.")
    page.get_by_label("Risks and issues").fill("One coach post is vacant.")
    page.get_by_label("What helped").fill("Co-location with physiotherapy.")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("You have completed 3 of 3 sections.")).to_be_visible()
    check()

    page.get_by_role("link", name="Check your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before signing off"
    )
    check()
    page.get_by_role("button", name="Sign off and submit").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Confirm that these figures are accurate"
    )
    check()
    page.get_by_label("I confirm these figures are accurate").check()
    page.get_by_role("button", name="Sign off and submit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed off")
    report = QuarterlyReturn.objects.get(vanguard__slug="greater-manchester")
    assert report.status == QuarterlyReturn.Status.SUBMITTED

    sign_out(page)
    sign_in(page, live_server, RM)
    page.goto(f"{live_server.url}/reporting/returns/?status=submitted")
    check()
    page.get_by_role("link", name=f"{quarter} return for Greater Manchester").click()
    check()
    page.get_by_role("button", name="Check the return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the return")
    check()
    page.get_by_role("button", name="Accept return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been accepted")
    check()
    report.refresh_from_db()
    assert report.status == QuarterlyReturn.Status.ACCEPTED
    page.get_by_role("link", name="History of this return").click()
    expect(page.get_by_text("Changed status from Submitted to Accepted")).to_be_visible()
    check()

    # The admin's part: the live server queues the snapshot and the report as in production,
    # through Redis to the real worker, instead of running them inline.
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    sign_out(page)
    sign_in(page, live_server, ADMIN)
    page.goto(f"{live_server.url}/reporting/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly reports")
    check()
    # The report is read from the quarter's snapshot: there is none yet, so build it first.
    page.get_by_role("link", name="Build a quarterly snapshot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly snapshots")
    check()
    page.get_by_label("Quarter", exact=True).select_option(label=str(quarter))
    page.get_by_role("button", name="Build a snapshot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Building the snapshot")
    check()
    see_snapshot = page.get_by_role("button", name="See the snapshot")
    expect(see_snapshot).to_be_visible(timeout=BUILD_TIMEOUT)
    check()

    page.goto(f"{live_server.url}/reporting/reports/")
    check()
    page.get_by_label("Quarter", exact=True).select_option(label=str(quarter))
    page.get_by_label("Report", exact=True).select_option(label="National quarterly report")
    page.get_by_role("button", name="Make the report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Making the")
    check()
    # The page reloads its status region until both files are made.
    download = page.get_by_role("button", name=re.compile(r"^Download .+\.pdf$"))
    expect(download).to_be_visible(timeout=BUILD_TIMEOUT)
    expect(page.get_by_role("button", name=re.compile(r"^Download .+\.xlsx$"))).to_be_visible(
        timeout=BUILD_TIMEOUT
    )
    check()
    # The PDF is served inline, which headless Chromium shows rather than saves: fetch the
    # button's link with the admin's session instead.
    response = page.request.get(f"{live_server.url}{download.get_attribute('href')}")
    assert response.ok, response.status
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout.split()
    )
    assert "Greater Manchester" in text
    # The two strands' 20 starts each, as the SRO typed them.
    assert f"In {quarter}, 40 participants started WorkWell support" in text
    assert QuarterlyReport.objects.get().requested_by.email == ADMIN

    page.get_by_role("link", name="Back to reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly reports")
    check()
    assert console_errors == []

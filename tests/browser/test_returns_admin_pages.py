"""The returns' operations in a real browser: an admin sets a due date (and sees the date
input's errors), uploads a file with problems and a valid one; the admin's, an RM's and an
SRO's homes show the returns. Every page passes axe (WCAG 2.2 AA) and reflows at 320px."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reporting.models import QuarterlyReturn, ReturnPeriod, StrandReturn
from tests.browser.test_pages_accessibility import ADMIN, RM, SRO, check_page
from tests.browser.test_sro_self_assessment_journey import sign_in
from tests.reporting.upload import ENDED, SHEET, row, strand, xlsx_file
from vanguards.management.demo import seed_registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def seed():
    """The registry, a strand for Greater Manchester, and the ended quarter's returns due in
    3 days (so Greater Manchester's not started return is on the RM's and admin's homes)."""
    registry = seed_registry()
    vanguard = next(v for v in registry["vanguards"] if v.slug == "greater-manchester")
    strand(vanguard, "Employment support")
    ReturnPeriod.objects.create(
        year=ENDED.year,
        number=ENDED.number,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )


def upload(page, live_server, tmp_path, name, sheets):
    path = tmp_path / name
    path.write_bytes(xlsx_file(sheets).read())
    page.goto(f"{live_server.url}/reporting/returns/upload/")
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()


def test_the_admin_sets_a_due_date_and_uploads_returns(
    live_server, page, axe, console_errors, tmp_path
):
    seed()
    sign_in(page, live_server, ADMIN)
    expect(page.get_by_role("heading", name=f"Quarterly returns for {ENDED}")).to_be_visible()
    check_page(page, axe, f"{live_server.url}/")
    check_page(page, axe, f"{live_server.url}/reporting/returns/due-dates/")
    edit = f"{live_server.url}/reporting/returns/due-dates/{ENDED.year}/{ENDED.number}/"
    check_page(page, axe, edit)
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill(str(ENDED.year + 1))
    page.get_by_role("button", name="Save due date").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real date")
    axe()
    check_page(page, axe, f"{live_server.url}/reporting/returns/upload/", "Upload and check")

    upload(
        page,
        live_server,
        tmp_path,
        "bad.xlsx",
        {SHEET: [row("greater-manchester", "Employment support", referrals=5), row("x", "y")]},
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("The file has problems")
    axe()
    check_page(page, axe, page.url)
    assert not QuarterlyReturn.objects.exists()

    upload(
        page,
        live_server,
        tmp_path,
        "good.xlsx",
        {SHEET: [row("greater-manchester", "Employment support")]},
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what the upload will save")
    check_page(page, axe, page.url)
    page.get_by_role("button", name="Save these returns").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 strand return created")
    assert StrandReturn.objects.get().quarterly_return.status == "in_progress"
    assert console_errors == []


@pytest.mark.parametrize("email", [RM, SRO])
def test_the_rm_and_sro_homes_show_the_return(live_server, page, axe, console_errors, email):
    seed()
    sign_in(page, live_server, email)
    if email == RM:
        expect(page.get_by_role("heading", name=f"Quarterly returns for {ENDED}")).to_be_visible()
    else:
        expect(page.get_by_text(f"Complete your quarterly return: {ENDED}")).to_be_visible()
    check_page(page, axe, f"{live_server.url}/")
    assert console_errors == []


def test_the_admins_home_shows_the_most_urgent_returns_and_links_to_them_all(
    live_server, page, axe, console_errors
):
    """Every demo vanguard (15) owes the ended quarter's return: the home lists 10 and links
    to the returns list filtered to all 15."""
    seed_registry()
    ReturnPeriod.objects.create(
        year=ENDED.year,
        number=ENDED.number,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    sign_in(page, live_server, ADMIN)
    table = page.get_by_role("table", name="Returns not yet signed off, or returned with a query")
    expect(table.locator("tbody tr")).to_have_count(10)
    expect(
        page.get_by_text("The 10 most urgent of 15 outstanding returns are shown.")
    ).to_be_visible()
    check_page(page, axe, f"{live_server.url}/")
    page.get_by_role("link", name="See all 15 outstanding returns").click()
    expect(page.get_by_text("15 returns.")).to_be_visible()
    expect(page.get_by_label("Show")).to_have_value("outstanding")
    check_page(page, axe, page.url)
    assert console_errors == []

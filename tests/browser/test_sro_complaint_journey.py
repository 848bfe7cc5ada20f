"""An SRO raises a complaint about their relationship manager; it goes straight to the RM lead,
who acknowledges it, investigates and responds; the RM it is about cannot open it; the SRO
reads the response and agrees. In a real browser: every page passes axe (WCAG 2.2 AA) and no
script errors."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vanguards.management.demo import seed_registry

from .test_pages_accessibility import check_reflow
from .test_sro_self_assessment_journey import sign_in

# serialized_rollback: the live server needs a transactional database, whose flush would
# otherwise also remove the regions and themes that data migrations seed.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRO = "sro.greater-manchester@example.com"
RM = "rm1@example.com"  # Priya Shah, Greater Manchester's RM, whom the complaint is about
RM_LEAD = "rm.lead@example.com"
WHAT = "Our relationship manager cancelled three check-ins in a row."


def sign_out(page):
    page.context.clear_cookies()


def test_sro_complains_about_their_rm_and_the_rm_lead_responds(
    live_server, page, axe, console_errors
):
    def check():
        """axe (WCAG 2.2 AA), and no sideways scrolling at 320px."""
        axe()
        check_reflow(page, page.url)

    seed_registry()
    happened = timezone.localdate() - datetime.timedelta(days=10)

    sign_in(page, live_server, SRO)
    page.goto(f"{live_server.url}/feedback/concerns/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Concerns and complaints")
    check()
    page.get_by_role("button", name="Raise a concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a concern")
    check()

    # Sent empty: each question says what to do, and the error summary links to it.
    page.get_by_label("What happened?").fill(WHAT)
    page.get_by_role("button", name="Send concern").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select what kind of concern it is")
    expect(summary).to_contain_text("Enter the date it happened")
    expect(page.get_by_label("What happened?")).to_have_value(WHAT)  # nothing typed is lost
    check()

    page.get_by_label("Complaint", exact=True).check()
    page.get_by_label("Day", exact=True).fill(str(happened.day))
    page.get_by_label("Month", exact=True).fill(str(happened.month))
    page.get_by_label("Year", exact=True).fill(str(happened.year))
    page.get_by_label("What would you like to happen?").fill("An apology and a new contact.")
    page.get_by_label("Is it about a relationship manager? (optional)").select_option(
        label="Priya Shah"
    )
    page.get_by_role("button", name="Send concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Concern #\d+"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been sent")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "Investigation by the relationship manager lead"
    )
    check()
    concern_url = page.url

    # The RM it is about cannot open it, nor see it in the list.
    sign_out(page)
    sign_in(page, live_server, RM)
    assert page.goto(concern_url).status == 404
    assert [error for error in console_errors if "404" in error]  # the browser logs the 404
    console_errors.clear()
    page.goto(f"{live_server.url}/feedback/concerns/")
    expect(page.get_by_text(WHAT)).to_have_count(0)

    # The RM lead acknowledges, investigates and responds.
    sign_out(page)
    sign_in(page, live_server, RM_LEAD)
    page.goto(f"{live_server.url}/feedback/concerns/")
    check()
    page.locator(".app-table-wrapper tbody tr").first.get_by_role("link").first.click()
    expect(page.get_by_text("Acknowledge by")).to_have_count(2)  # the clock and its row
    check()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("acknowledged")
    check()
    page.get_by_role("button", name="Start investigation").click()
    page.get_by_role("button", name="Send response").click()  # empty: refused, kept on page
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your response")
    check()
    page.get_by_label("Your response").fill("We are sorry. Sam Okafor is now your contact.")
    page.get_by_role("button", name="Send response").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Responded")
    check()

    # The SRO reads every step, how to escalate further, and agrees.
    sign_out(page)
    sign_in(page, live_server, SRO)
    page.goto(concern_url)
    thread = page.locator(".app-concern-thread")
    expect(thread).to_contain_text("would like to talk with you about how it will be handled")
    expect(thread).to_contain_text("Sam Okafor is now your contact.")
    expect(thread).to_contain_text("programme director will review it")
    check()
    page.get_by_role("button", name="Agree and close").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Closed")
    check()
    assert console_errors == []

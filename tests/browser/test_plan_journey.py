"""A vanguard's SRO keeps its delivery plan: adds a theme and an activity (the timeline chosen
with conditional radios, a clear error first), then marks it at risk; the vanguard's RM sees it
on their home and comments; the SRO reads the comment. In a real browser: every page passes
axe (WCAG 2.2 AA), does not scroll sideways at 320px, and has no script errors."""

import pytest
from playwright.sync_api import expect

from vanguards.management.demo import seed_registry

from .conftest import AXE_TAGS, AXE_URL_PATH, format_violations
from .test_pages_accessibility import check_reflow
from .test_sro_complaint_journey import sign_out
from .test_sro_self_assessment_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRO = "sro.greater-manchester@example.com"
RM = "rm1@example.com"  # Greater Manchester's relationship manager
ACTION = "Recruit the employment advisers and health coaches."


def _is_conditional_reveal(violation) -> bool:
    """GOV.UK Frontend's conditional radios set aria-expanded on the radio, which ARIA 1.2 does
    not list for that role: a known, documented issue the Design System keeps on purpose
    (screen readers announce it; alphagov/govuk-frontend#979). Only that is let through."""
    return violation["id"] == "aria-allowed-attr" and all(
        "govuk-radios__input" in node["html"] and "aria-expanded" in node["html"]
        for node in violation["nodes"]
    )


def axe_with_conditional_radios(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL_PATH)
    violations = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
            .then(results => results.violations)""",
        AXE_TAGS,
    )
    left = [violation for violation in violations if not _is_conditional_reveal(violation)]
    assert not left, format_violations(left, page.url)


def test_sro_adds_an_activity_marks_it_at_risk_and_the_rm_comments(
    live_server, page, axe, console_errors
):
    def check():
        axe()
        check_reflow(page, page.url)

    seed_registry()
    sign_in(page, live_server, SRO)
    page.goto(f"{live_server.url}/vanguards/greater-manchester/")
    page.get_by_role("link", name="See Greater Manchester's delivery plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery plan")
    check()

    page.get_by_role("link", name="Add a theme").click()
    page.get_by_label("Theme").fill("Service design and mobilisation")
    page.get_by_role("button", name="Add theme").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Theme 1 added")

    page.get_by_role("link", name="Add an activity", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an activity")
    page.get_by_label("Action").fill(ACTION)
    page.get_by_label("Lead").fill("Workforce lead")
    # The range's own questions appear only once "A date range" is chosen.
    expect(page.get_by_role("group", name="Starts")).to_be_hidden()
    page.get_by_label("A date range").check()
    expect(page.get_by_role("group", name="Starts")).to_be_visible()
    page.get_by_role("button", name="Save activity").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter when the activity starts")
    expect(page.get_by_label("Action")).to_have_value(ACTION)  # nothing typed is lost
    axe_with_conditional_radios(page)
    check_reflow(page, page.url)

    starts = page.get_by_role("group", name="Starts")
    starts.get_by_label("Month").fill("9")
    starts.get_by_label("Year").fill("2024")
    ends = page.get_by_role("group", name="Ends (optional)")
    ends.get_by_label("Month").fill("3")
    ends.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Save activity").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Activity 1.1 added")
    expect(page.locator("#activity-1, .govuk-summary-card").first).to_contain_text(
        "September 2024 to March 2025"
    )
    expect(page.locator("svg[role=img]")).to_be_visible()
    check()

    page.get_by_role("link", name="Update status of activity 1.1").click()
    page.get_by_label("At risk").check()
    page.get_by_role("button", name="Save status").click()
    expect(page.locator(".govuk-summary-card").first).to_contain_text("At risk")
    check()
    # Five columns of changes: at 320px the table scrolls in its wrapper, not the page.
    page.goto(f"{live_server.url}/plans/vanguards/greater-manchester/history/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Every change to the plan")
    check()
    sign_out(page)

    sign_in(page, live_server, RM)
    plans = page.get_by_role("heading", name="Delivery plans").locator("xpath=following-sibling::*")
    expect(plans.first).to_contain_text("activities overdue or at risk")
    check()
    page.get_by_role("link", name="Greater Manchester").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery plan")
    page.get_by_label("Comment").fill("Can the ICB workforce team help with recruitment?")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Comment added")
    check()
    sign_out(page)

    sign_in(page, live_server, SRO)
    page.goto(f"{live_server.url}/plans/vanguards/greater-manchester/")
    expect(page.locator("#comments ~ .app-comment").first).to_contain_text(
        "Can the ICB workforce team help with recruitment?"
    )
    assert console_errors == []

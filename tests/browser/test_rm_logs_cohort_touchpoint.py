"""A relationship manager signs in, logs a cohort session for two vanguards of their group
with one follow-up action, and finds it on both vanguards' profiles, in a real browser. Every
page visited passes axe (WCAG 2.2 AA) and the strict CSP blocks none of our scripts."""

import datetime
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from vanguards.management.demo import seed_registry
from vanguards.models import Action, Touchpoint

# serialized_rollback: the live server needs a transactional database, whose flush would
# otherwise also remove the regions and themes that data migrations seed.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUMMARY = "Cohort session on employer engagement: both vanguards shared what has worked."


def sign_in_as_rm1(live_server, page, axe):
    """Priya Shah, the RM of the musculoskeletal group (Greater Manchester, Humber …)."""
    page.goto(f"{live_server.url}/accounts/login/")
    axe()
    page.get_by_label("Email").fill("rm1@example.com")
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya")


def fill_date(group, day: datetime.date):
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_rm_logs_a_cohort_touchpoint_and_finds_it_on_both_profiles(
    live_server, page, axe, console_errors
):
    seed_registry()
    held = datetime.date.today() - datetime.timedelta(days=1)
    due = held + datetime.timedelta(days=14)

    sign_in_as_rm1(live_server, page, axe)
    axe()

    page.goto(f"{live_server.url}/vanguards/greater-manchester/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Greater Manchester")
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    axe()
    page.get_by_role("link", name="Log a touchpoint with Greater Manchester").click()

    expect(page).to_have_url(f"{live_server.url}/touchpoints/new/?vanguard=greater-manchester")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a touchpoint")
    vanguards = page.get_by_role("group", name="Vanguards")
    expect(vanguards.get_by_label("Greater Manchester", exact=True)).to_be_checked()
    expect(
        page.get_by_role("group", name="NST participants").get_by_label("Priya Shah")
    ).to_be_checked()
    axe()

    fill_date(page.get_by_role("group", name="Date of the touchpoint"), held)
    page.get_by_label("Cohort or peer session").check()
    page.get_by_label("Video call").check()
    page.get_by_label("Duration in minutes").fill("90")
    vanguards.get_by_label("Humber and North Yorkshire", exact=True).check()
    page.get_by_label("Summary").fill(SUMMARY)
    page.get_by_label("Internal notes (optional)").fill("Humber needs a nudge on recruitment.")
    page.get_by_label("Green").check()
    action = page.get_by_role("group", name="Action 1")
    action.get_by_label("What needs to be done").fill("Share the employer engagement toolkit")
    action.get_by_label("Owner").select_option(label="Priya Shah (NST)")
    fill_date(action.get_by_role("group", name="Due date"), due)
    page.get_by_role("button", name="Save as complete").click()

    touchpoint = Touchpoint.objects.get()
    expect(page).to_have_url(f"{live_server.url}/touchpoints/{touchpoint.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Cohort or peer session on {long_date(held)}"
    )
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been saved.")
    expect(page.locator("main")).to_contain_text("Greater Manchester, Humber and North Yorkshire")
    actions = page.get_by_role("table", name="Follow-up actions from this touchpoint")
    expect(actions).to_contain_text("Share the employer engagement toolkit")
    axe()

    for slug, name in [
        ("greater-manchester", "Greater Manchester"),
        ("humber-and-north-yorkshire", "Humber and North Yorkshire"),
    ]:
        page.goto(f"{live_server.url}/vanguards/{slug}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        timeline = page.locator(".app-timeline")
        entry = timeline.locator("li", has_text=SUMMARY)
        expect(entry).to_contain_text("Cohort or peer session")
        expect(entry).to_contain_text("with 1 other vanguard")
        expect(entry.get_by_role("link")).to_have_attribute(
            "href", f"/touchpoints/{touchpoint.pk}/"
        )
        if slug == "greater-manchester":  # the action's vanguard, the first chosen
            expect(timeline).to_contain_text("Share the employer engagement toolkit")
        expect(page.locator("main")).not_to_contain_text("needs a nudge")  # internal notes
        axe()

    assert Action.objects.get().vanguard.slug == "greater-manchester"
    assert console_errors == []


def test_a_bad_action_row_keeps_everything_typed(live_server, page, axe, console_errors):
    seed_registry()
    sign_in_as_rm1(live_server, page, axe)

    page.goto(f"{live_server.url}/touchpoints/new/?vanguard=north-east-london")
    page.get_by_label("Check-in").check()
    page.get_by_label("Phone").check()
    page.get_by_label("Duration in minutes").fill("30")
    page.get_by_label("Summary").fill("Typed summary that must survive")
    action = page.get_by_role("group", name="Action 1")
    action.get_by_label("What needs to be done").fill("Half a row")
    page.get_by_role("button", name="Add another action").click()

    expect(page.get_by_role("group", name="Action 4")).to_be_visible()
    expect(page.get_by_label("Summary")).to_have_value("Typed summary that must survive")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    page.get_by_role("button", name="Save as complete").click()

    expect(page).to_have_title(re.compile(r"^Error: Log a touchpoint"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date of the touchpoint")
    expect(summary).to_contain_text("Action 1: Select who owns the action")
    expect(summary).to_contain_text("Action 1: Enter the due date")
    expect(page.get_by_label("Summary")).to_have_value("Typed summary that must survive")
    expect(action.get_by_label("What needs to be done")).to_have_value("Half a row")
    expect(page.get_by_label("Phone")).to_be_checked()
    axe()
    summary.get_by_role("link", name="Action 1: Select who owns the action").click()
    expect(action.get_by_label("Owner")).to_be_focused()
    assert not Touchpoint.objects.exists()
    assert console_errors == []

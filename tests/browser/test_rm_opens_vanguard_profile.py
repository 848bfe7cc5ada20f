"""A relationship manager signs in, opens a vanguard in their cohort group and filters the
vanguard list, in a real browser: every page passes axe (WCAG 2.2 AA), and the strict CSP
blocks none of our scripts."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from vanguards.management.demo import seed_registry

# serialized_rollback: the live server needs a transactional database, whose flush would
# otherwise also remove the regions and themes that data migrations seed.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The "Musculoskeletal conditions" cohort group, which rm1 looks after.
MSK_VANGUARDS = [
    "Greater Manchester",
    "Humber and North Yorkshire",
    "Cambridgeshire and Peterborough",
    "North East London",
]
NORTH_WEST_VANGUARDS = [
    "Cheshire and Merseyside",
    "Greater Manchester",
    "Lancashire and South Cumbria",
]


def assert_our_scripts_ran(page):
    # supported.js adds the class; init.js (an ES module) marks each component it starts.
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    expect(page.locator('[data-module="govuk-skip-link"]')).to_have_attribute(
        "data-govuk-skip-link-init", ""
    )


def test_rm_signs_in_and_opens_a_vanguard_profile(live_server, page, axe, console_errors):
    seed_registry()

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign in to the WorkWell National Support Portal"
    )
    assert_our_scripts_ran(page)
    axe()

    page.get_by_label("Email").fill("rm1@example.com")
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya")
    expect(page.get_by_role("heading", name="Your vanguards")).to_be_visible()
    # Links to the profiles of rm1's vanguards, and no others, whatever the layout.
    profile_links = page.locator("main a[href^='/vanguards/']")
    expect(profile_links.first).to_be_visible()
    assert sorted(profile_links.all_inner_texts()) == sorted(MSK_VANGUARDS)
    assert_our_scripts_ran(page)
    axe()

    page.get_by_role("link", name="Greater Manchester", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/vanguards/greater-manchester/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Greater Manchester")
    expect(page.locator("main")).to_contain_text("North West")
    partners = page.locator("h2:has-text('Partners') + ul li")
    expect(partners).to_have_text(
        [
            re.compile(r"^Greater Manchester Centre for Voluntary Organisation \(.+\)"),
            re.compile(r"^Greater Manchester Combined Authority \(Combined authority\)"),
        ]
    )
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
    people = page.get_by_role("table", name="People in Greater Manchester")
    expect(people.get_by_role("row").nth(1)).to_contain_text("Helen Carter")
    expect(people).to_contain_text("sro.greater-manchester@example.com")
    summary = page.locator(".govuk-summary-list")
    expect(summary.locator(".govuk-summary-list__row", has_text="Cohort group")).to_contain_text(
        "Musculoskeletal conditions"
    )
    expect(
        summary.locator(".govuk-summary-list__row", has_text="Relationship manager")
    ).to_contain_text("Priya Shah")
    assert_our_scripts_ran(page)
    axe()
    if screenshots := os.environ.get("BROWSER_SCREENSHOTS"):  # a directory, to look at by eye
        page.screenshot(path=Path(screenshots) / "browser-profile.png", full_page=True)

    assert console_errors == []


def test_rm_filters_the_vanguard_list_by_region(live_server, page, axe, console_errors):
    seed_registry()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("rm1@example.com")
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya")

    page.goto(f"{live_server.url}/vanguards/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vanguards")
    rows = page.locator(".app-table-wrapper tbody tr")
    expect(rows).to_have_count(15)
    assert_our_scripts_ran(page)
    axe()

    page.get_by_label("Region").select_option(label="North West")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"[?&]region=north-west(&|$)"))
    expect(page.get_by_label("Region")).to_have_value("north-west")
    expect(page.locator("main")).to_contain_text("3 vanguards.")
    expect(rows).to_have_count(3)
    expect(rows.locator(":scope > :first-child")).to_have_text(NORTH_WEST_VANGUARDS)
    for row in rows.all():
        expect(row).to_contain_text("North West")
    axe()

    assert console_errors == []

"""An SRO completes and submits their vanguard's self-assessment, saving a draft on the way;
then their relationship manager moderates it, changing one level with a rationale, and
agrees it. In a real browser: every page passes axe (WCAG 2.2 AA) and no script errors."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from maturity.selectors.framework import framework_current
from maturity.services.assessments import cycle_open
from vanguards.management.demo import seed_registry

# serialized_rollback: the live server needs a transactional database, whose flush would
# otherwise also remove the regions, themes and framework that data migrations seed.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRO = "sro.greater-manchester@example.com"  # Helen Carter
RM = "rm1@example.com"  # Priya Shah, whose cohort group Greater Manchester is in
MODERATED = "Partnership and system working"  # the SRO said level 3


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def answer(page, dimension: str, level: int):
    page.get_by_role("group", name=f"Your current level for {dimension}").get_by_label(
        f"Level {level}", exact=True
    ).check()
    page.get_by_label(f"Evidence for {dimension}", exact=True).fill(
        f"Our board papers show we are at level {level} for {dimension.lower()}."
    )
    page.get_by_role(
        "group", name=f"Level you aim for by the next cycle (optional) for {dimension}"
    ).get_by_label(f"Level {min(5, level + 1)}", exact=True).check()
    page.get_by_label(f"Actions that would get you there (optional) for {dimension}").fill(
        f"Agree a plan for {dimension.lower()}"
    )


def test_sro_submits_and_rm_moderates(live_server, page, axe, console_errors):
    registry = seed_registry()
    today = timezone.localdate()
    cycle = cycle_open(
        actor=registry["users"]["admin@example.com"],
        name="Spring cycle",
        framework=framework_current(),
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=25),
    )
    dimensions = list(cycle.framework.dimensions.values_list("name", flat=True))
    assert len(dimensions) == 10

    # The SRO finds the draft in the list of assessments.
    sign_in(page, live_server, SRO)
    page.goto(f"{live_server.url}/maturity/assessments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-assessments")
    rows = page.locator(".app-table-wrapper tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Draft")
    axe()
    rows.first.get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your self-assessment")
    expect(
        page.get_by_role("heading", level=2, name="1. Leadership and governance")
    ).to_be_visible()
    axe()

    # Half the dimensions, then save the draft.
    for index, dimension in enumerate(dimensions[:5]):
        answer(page, dimension, 2 + index % 3)
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your draft has been saved"
    )
    expect(
        page.get_by_role("group", name=f"Your current level for {dimensions[0]}").get_by_label(
            "Level 2", exact=True
        )
    ).to_be_checked()
    axe()

    # Submitting with half missing says what is missing, per dimension, and keeps the rest.
    page.get_by_role("button", name="Submit self-assessment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"Select the current level for {dimensions[5]}")
    expect(summary).to_contain_text(f"Enter the evidence for your level in {dimensions[9]}")
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe()

    for index, dimension in enumerate(dimensions[5:], start=5):
        answer(page, dimension, 2 + index % 3)
    page.get_by_role("button", name="Submit self-assessment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your self-assessment has been submitted"
    )
    expect(page.get_by_role("button", name="Save as draft")).to_have_count(0)
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Submitted")
    axe()

    page.get_by_role("button", name=re.compile("Sign out")).click()

    # The RM moderates: one level down, with a rationale, then agrees.
    sign_in(page, live_server, RM)
    page.goto(f"{live_server.url}/maturity/assessments/?status=submitted")
    axe()
    page.get_by_role("link", name=re.compile("Greater Manchester")).click()
    page.get_by_role("button", name="Moderate this self-assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderate the self-assessment")
    axe()

    group = page.get_by_role("group", name=f"Moderated level for {MODERATED}")
    expect(group.get_by_label("Level 3", exact=True)).to_be_checked()  # the vanguard's own
    group.get_by_label("Level 2", exact=True).check()
    page.get_by_role("button", name="Agree self-assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"Enter why you moved {MODERATED} from level 3 to level 2"
    )
    axe()
    page.get_by_label(f"Rationale for {MODERATED}").fill(
        "The outcomes framework is drafted but not yet agreed by partners."
    )
    page.get_by_role("button", name="Agree self-assessment").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Greater Manchester's self-assessment is agreed"
    )
    expect(page.locator("main")).to_contain_text(
        "The outcomes framework is drafted but not yet agreed by partners."
    )
    expect(page.locator("#history ~ .app-table-wrapper")).to_contain_text("Priya Shah")
    axe()

    assert console_errors == []

"""Choosing among many on the touchpoint form, without JavaScript. The RM lead, who may log for
every vanguard, logs a touchpoint for two vanguards of two cohort groups when there are too
many vanguards to list at once: the form lists one cohort group's, a cohort group select draws
it again with another's, and the vanguard ticked first stays ticked. An RM, when the National
Support Team is too large to list at once, is listed themselves and the people they work with;
"List everyone in the National Support Team" draws the page again with everyone. Every state
of the page passes axe (WCAG 2.2 AA) and fits 320 px without scrolling sideways."""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.factories import CohortGroupFactory, UserFactory, VanguardFactory, join_group
from vanguards.forms.choosing import MANY_PEOPLE
from vanguards.management.demo import seed_registry
from vanguards.models import CohortGroup, Touchpoint
from workwell.models import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}


def _more_vanguards():
    """Beside the demo's 15 vanguards, 24 more in two groups of 12: 39, past thirty."""
    for name in ("Coastal towns", "Rural communities"):
        group = CohortGroupFactory(name=name)
        for number in range(1, 13):
            vanguard = VanguardFactory(name=f"{name} {number:02}", slug=f"{group.slug}-{number}")
            join_group(vanguard, group)


def _look(page, name: str):
    """At 320 px the page must not scroll sideways; screenshots at both widths when asked."""
    screenshots = os.environ.get("BROWSER_SCREENSHOTS")  # a directory, to look at by eye
    for label, size in (("1280", DESKTOP), ("320", NARROW)):
        page.set_viewport_size(size)
        if size is NARROW:
            assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
        if screenshots:
            path = Path(screenshots) / f"touchpoint-{name}-{label}.png"
            page.screenshot(path=path, full_page=True)
    page.set_viewport_size(DESKTOP)


def _sign_in(page, live_server, email: str):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _fill_the_rest(page, held: datetime.date):
    """The kind, channel, duration and date of the touchpoint."""
    page.get_by_label("Check-in").check()
    page.get_by_label("Video call").check()
    page.get_by_label("Duration in minutes").fill("60")
    date = page.get_by_role("group", name="Date of the touchpoint")
    date.get_by_label("Day").fill(str(held.day))
    date.get_by_label("Month").fill(str(held.month))
    date.get_by_label("Year").fill(str(held.year))


def test_rm_lead_logs_a_touchpoint_for_vanguards_of_two_groups(
    live_server, page, axe, console_errors
):
    seed_registry()
    _more_vanguards()
    held = datetime.date.today() - datetime.timedelta(days=1)

    _sign_in(page, live_server, "rm.lead@example.com")

    page.goto(f"{live_server.url}/touchpoints/new/")
    groups = page.get_by_label("Cohort group")
    # The RM lead's own group first, and only its vanguards.
    expect(groups.locator("option:checked")).to_have_text("Long-term and multiple conditions")
    own = CohortGroup.objects.get(slug="long-term").memberships.filter(ended_on__isnull=True)
    vanguards = page.get_by_role("group", name="Vanguards")
    expect(vanguards.get_by_role("checkbox")).to_have_count(own.count())
    axe()
    _look(page, "many-first")

    page.get_by_label("Summary").fill("Joint session on employer offers.")
    groups.select_option(label="Coastal towns")
    page.get_by_role("button", name="Show vanguards in this cohort group").click()
    expect(vanguards.get_by_role("checkbox")).to_have_count(12)
    vanguards.get_by_label("Coastal towns 03").check()
    groups.select_option(label="Rural communities")
    page.get_by_role("button", name="Show vanguards in this cohort group").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)  # still filling it in
    expect(vanguards.get_by_label("Coastal towns 03")).to_be_checked()
    expect(vanguards.get_by_role("checkbox")).to_have_count(13)
    expect(page.get_by_label("Summary")).to_have_value("Joint session on employer offers.")
    vanguards.get_by_label("Rural communities 11").check()
    axe()
    _look(page, "many-second")

    # Sent without a date: the error keeps both vanguards ticked.
    page.get_by_label("Check-in").check()
    page.get_by_label("Video call").check()
    page.get_by_label("Duration in minutes").fill("60")
    page.get_by_role("button", name="Save as complete").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date")
    expect(vanguards.get_by_label("Coastal towns 03")).to_be_checked()
    expect(vanguards.get_by_label("Rural communities 11")).to_be_checked()
    axe()
    _look(page, "many-error")

    date = page.get_by_role("group", name="Date of the touchpoint")
    date.get_by_label("Day").fill(str(held.day))
    date.get_by_label("Month").fill(str(held.month))
    date.get_by_label("Year").fill(str(held.year))
    page.get_by_role("button", name="Save as complete").click()

    touchpoint = Touchpoint.objects.get()
    expect(page).to_have_url(f"{live_server.url}/touchpoints/{touchpoint.pk}/")
    names = sorted(touchpoint.vanguards.values_list("name", flat=True))
    assert names == ["Coastal towns 03", "Rural communities 11"]
    assert not console_errors


def test_rm_lists_everyone_and_adds_someone_they_have_not_worked_with(
    live_server, page, axe, console_errors
):
    seed_registry()
    for number in range(MANY_PEOPLE):
        UserFactory(role=Role.RM, full_name=f"Zara Newcomer {number:02}")
    held = datetime.date.today() - datetime.timedelta(days=1)

    _sign_in(page, live_server, "rm1@example.com")

    page.goto(f"{live_server.url}/touchpoints/new/")
    people = page.get_by_role("group", name="NST participants")
    expect(people.get_by_label("Zara Newcomer 07")).to_have_count(0)
    me = people.get_by_role("checkbox", checked=True)
    expect(me).to_have_count(1)  # the RM, ticked as the form starts
    axe()
    _look(page, "nst-first")

    page.get_by_role("group", name="Vanguards").get_by_role("checkbox").first.check()
    page.get_by_label("Summary").fill("Employer offer review.")
    page.get_by_role("button", name="List everyone in the National Support Team").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)  # still filling it in
    expect(page.get_by_label("Summary")).to_have_value("Employer offer review.")
    expect(people.get_by_role("checkbox", checked=True)).to_have_count(1)
    people.get_by_label("Zara Newcomer 07").check()
    axe()
    _look(page, "nst-everyone")

    _fill_the_rest(page, held)
    page.get_by_role("button", name="Save as complete").click()

    touchpoint = Touchpoint.objects.get()
    expect(page).to_have_url(f"{live_server.url}/touchpoints/{touchpoint.pk}/")
    names = sorted(touchpoint.nst_participants.values_list("full_name", flat=True))
    assert "Zara Newcomer 07" in names and len(names) == 2
    assert not console_errors

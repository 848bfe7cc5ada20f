"""A relationship manager drafts Greater Manchester's logic model in a real browser (one item
first saved empty, then fixed; an outcome linked to a return measure), the SRO refines it and
comments, and the RM agrees it with the SRO. Every page passes axe (WCAG 2.2 AA) and reflows
at 320px, where the diagram's five columns stack in order, with no script errors."""

import pytest
from playwright.sync_api import expect

from reporting.models import LogicComment, LogicModelVersion
from vanguards.management.demo import seed_registry

from .test_pages_accessibility import check_reflow
from .test_sro_complaint_journey import sign_out
from .test_sro_self_assessment_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Each column's top on the page (not the viewport), read at once so a scroll cannot come
# between two readings.
TOPS = """ids => ids.map(id => document.getElementById(id).getBoundingClientRect().top
                         + window.scrollY)"""


def _tops(page) -> list[float]:
    return page.evaluate(TOPS, [f"column-{column}" for column, *_ in ITEMS])


SRO = "sro.greater-manchester@example.com"
RM = "rm1@example.com"  # Greater Manchester's relationship manager
ITEMS = [
    ("inputs", "£1.3m of WorkWell funding", None),
    ("activities", "Employment support in the MSK pathway", None),
    ("outputs", "Residents receiving support", "Participants started to date"),
    ("outcomes", "Participants remain in work", "Remained in work to date"),
    ("impact", "Fewer people leave work through ill health", None),
]


def test_the_rm_drafts_the_sro_comments_and_the_rm_agrees(live_server, page, axe, console_errors):
    def check():
        axe()
        check_reflow(page, page.url)

    seed_registry()
    sign_in(page, live_server, RM)
    page.goto(f"{live_server.url}/vanguards/greater-manchester/")
    page.get_by_role("link", name="Logic model of Greater Manchester").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logic model")
    check()
    page.get_by_role("button", name="Start a draft logic model").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Version 1 has been started")
    check()

    for column, text, measure in ITEMS:
        page.get_by_role("link", name=f"Add an item to {column}").click()
        if column == "inputs":  # first with nothing typed: the error says what to do
            page.get_by_role("button", name="Save item").click()
            expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what this item is")
            assert page.title().startswith("Error: ")
            check()
        page.get_by_label(f"Describe the item in {column}").fill(text)
        if measure:
            page.get_by_label("Measured by (optional)").select_option(label=measure)
        page.get_by_role("button", name="Save item").click()
        expect(page.locator(f"#column-{column}")).to_contain_text(text)
    expect(page.locator("#column-outcomes")).to_contain_text(
        "Measured by: Remained in work to date"
    )
    check()
    sign_out(page)

    sign_in(page, live_server, SRO)
    page.goto(f"{live_server.url}/vanguards/greater-manchester/")
    page.get_by_role("link", name="View the logic model of Greater Manchester").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Logic model")
    # Members refine and comment; agreeing is the RM's, with them.
    expect(page.get_by_role("button", name="Agree this version")).to_have_count(0)
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your comment")
    check()
    page.get_by_label("Add a comment").fill("Add the VCSE referral route as an activity.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator("#comments ~ div, .app-comment").first).to_contain_text("VCSE referral")
    page.get_by_role("link", name="Add an item to activities").click()
    page.get_by_label("Describe the item in activities").fill("VCSE referrals into Be Well")
    page.get_by_role("button", name="Save item").click()
    expect(page.locator("#column-activities")).to_contain_text("VCSE referrals into Be Well")
    # A second thought: an item added twice is taken out again.
    page.get_by_role("link", name="Add an item to activities").click()
    page.get_by_label("Describe the item in activities").fill("VCSE referrals (again)")
    page.get_by_role("button", name="Save item").click()
    page.get_by_role("link", name="Remove “VCSE referrals (again)”").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remove “VCSE referrals")
    check()
    page.get_by_role("button", name="Remove item").click()
    expect(page.locator("#column-activities")).not_to_contain_text("(again)")
    # On a phone the columns stack in order, inputs first.
    page.set_viewport_size({"width": 320, "height": 800})
    tops = _tops(page)
    assert tops == sorted(tops) and len(set(tops)) == 5
    page.set_viewport_size({"width": 1280, "height": 900})
    assert len(set(_tops(page))) == 1  # side by side on a desktop
    sign_out(page)

    sign_in(page, live_server, RM)
    page.goto(f"{live_server.url}/reporting/vanguards/greater-manchester/logic-model/")
    page.get_by_role("button", name="Agree this version").click()
    page.get_by_role("button", name="Agree this version").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm you have agreed")
    check()
    page.get_by_label("I have agreed this version").check()
    page.get_by_role("button", name="Agree this version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Version 1 has been agreed")
    check()
    page.get_by_role("link", name="History of version 1").click()
    expect(page.locator(".app-history")).to_contain_text("Agreed this version")
    expect(page.locator(".app-history")).to_contain_text("Removed “VCSE referrals (again)”")
    check()
    page.get_by_role("link", name="Back to the logic model").click()
    page.get_by_role("link", name="All versions").click()
    expect(page.get_by_role("link", name="Version 1")).to_be_visible()
    check()

    version = LogicModelVersion.objects.get(vanguard__slug="greater-manchester")
    assert version.status == "agreed"
    assert version.items.count() == 6
    assert LogicComment.objects.get().author.email == SRO
    assert console_errors == []

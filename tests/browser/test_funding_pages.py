"""The funding and counterfactual pages in a real browser: each passes axe (WCAG 2.2 AA) at
1280px and reflows at 320px (only data tables scroll, inside their wrapper); the admin's forms
also with their errors showing."""

import re

import pytest
from playwright.sync_api import expect

from reporting.management.demo_funding import seed_funding
from reporting.management.demo_returns import seed_returns
from tests.browser.test_pages_accessibility import ADMIN, RM, SRO, check_page, scan_pages
from tests.browser.test_sro_self_assessment_journey import sign_in
from tests.factories import VanguardFactory
from vanguards.management.demo import seed_registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = {
    ADMIN: [
        ("/reporting/funding/", None),
        ("/reporting/funding/rule/", None),
        ("/reporting/counterfactual/", None),
        ("/reporting/counterfactual/upload/", "Check the file"),
        ("/reporting/counterfactual/areas/new/", "Save area"),
        ("/reporting/counterfactual/indicators/new/", "Add indicator"),
        ("/reporting/counterfactual/greater-manchester/", None),
    ],
    RM: [
        ("/reporting/funding/", None),
        ("/reporting/funding/greater-manchester/", None),
        ("/reporting/counterfactual/greater-manchester/", None),
    ],
    SRO: [("/reporting/funding/greater-manchester/", None)],
}


@pytest.mark.parametrize("email", [ADMIN, RM, SRO])
def test_funding_and_counterfactual_pages_pass_axe_and_reflow(
    live_server, page, axe, console_errors, email
):
    registry = seed_registry()
    seed_returns(registry)
    seed_funding(registry)
    sign_in(page, live_server, email)
    scan_pages(page, live_server, axe, PAGES[email], email)
    assert console_errors == []


def test_the_funding_table_pages_its_vanguards(live_server, page, axe, console_errors):
    """With 30 vanguards the national table shows 25 a page, with labelled pagination that
    keeps the quarter, and the England row on each page."""
    registry = seed_registry()
    seed_returns(registry)
    seed_funding(registry)
    for index in range(15):
        VanguardFactory(name=f"Vanguard {index:02}", slug=f"vanguard-{index:02}")
    sign_in(page, live_server, ADMIN)
    page.goto(f"{live_server.url}/reporting/funding/")
    page.get_by_role("button", name="Show quarter").click()  # the quarter in the address
    expect(page.get_by_text("30 vanguards.")).to_be_visible()
    pages = page.get_by_role("navigation", name="Pages of funding by vanguard")
    expect(pages).to_be_visible()
    pages.get_by_role("link", name="Next").click()
    table = page.get_by_role("table", name=re.compile("Funding by vanguard"))
    expect(table.locator("tbody tr")).to_have_count(5 + 1)  # and the England row
    expect(table.get_by_text("England")).to_be_visible()
    assert "page=2" in page.url and "quarter=" in page.url
    check_page(page, axe, page.url)
    assert console_errors == []

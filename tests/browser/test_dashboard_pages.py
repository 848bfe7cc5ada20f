"""The dashboards in a real browser with the demo registry and returns: the programme lead's
national dashboard and an SRO's vanguard dashboard pass axe (WCAG 2.2 AA), reflow at 320px
(only data tables scroll sideways, inside their wrappers), and draw their charts full width at
1280px with the table beside each chart."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reporting.management.demo_returns import seed_returns
from tests.browser.test_pages_accessibility import DESKTOP, check_page
from tests.browser.test_sro_self_assessment_journey import sign_in
from tests.factories import VanguardFactory
from tests.reporting.dashboard_data import report
from vanguards.management.demo import seed_registry
from workwell.dates import Quarter

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_national_dashboard_is_accessible_and_uses_the_full_width(
    live_server, page, axe, console_errors
):
    seed_returns(seed_registry())
    sign_in(page, live_server, "lead@example.com")
    check_page(page, axe, f"{live_server.url}/reporting/dashboard/")
    page.set_viewport_size(DESKTOP)
    main = page.locator("main").bounding_box()
    assert main["width"] > 1100  # wider than GOV.UK's 960px reading column
    chart = page.locator("#chart-starts").bounding_box()
    table = page.get_by_role("region", name="Participants started by quarter").bounding_box()
    assert table["x"] > chart["x"] + chart["width"] - 1  # beside it, not below
    check_page(page, axe, f"{live_server.url}/reporting/dashboard/?region=north-west&region=x")
    assert not console_errors


def test_the_national_dashboards_pages_of_vanguards_are_accessible(
    live_server, page, axe, console_errors
):
    """Past 25 vanguards the per-vanguard chart and tables are paged (GOV.UK pagination under
    the vanguards table, reached from the note above the figures)."""
    seed_returns(seed_registry())
    quarter = Quarter.containing(timezone.localdate()).previous()
    for number in range(15):
        report(VanguardFactory(name=f"Extra {number:02d}"), quarter, starts=3, in_work=1, spend=50)
    sign_in(page, live_server, "lead@example.com")
    check_page(page, axe, f"{live_server.url}/reporting/dashboard/")
    page.get_by_role("link", name="Go to another page of vanguards").click()
    page.get_by_role("navigation", name="Vanguards pages").get_by_role("link", name="Next").click()
    expect(page.get_by_text("these are 26 to 30 of 30.")).to_be_visible()
    check_page(page, axe, page.url)
    assert not console_errors


def test_a_members_vanguard_dashboard_is_accessible(live_server, page, axe, console_errors):
    seed_returns(seed_registry())
    sign_in(page, live_server, "sro.greater-manchester@example.com")
    check_page(page, axe, f"{live_server.url}/reporting/vanguards/greater-manchester/")
    assert page.get_by_text("Greater Manchester (this vanguard)").count() >= 1
    assert not console_errors

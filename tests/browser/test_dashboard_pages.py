"""The dashboards in a real browser with the demo registry and returns: the programme lead's
national dashboard and an SRO's vanguard dashboard pass axe (WCAG 2.2 AA), reflow at 320px
(only data tables scroll sideways, inside their wrappers), and draw their charts full width at
1280px with the table beside each chart."""

import pytest

from reporting.management.demo_returns import seed_returns
from tests.browser.test_pages_accessibility import DESKTOP, check_page
from tests.browser.test_sro_self_assessment_journey import sign_in
from vanguards.management.demo import seed_registry

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


def test_a_members_vanguard_dashboard_is_accessible(live_server, page, axe, console_errors):
    seed_returns(seed_registry())
    sign_in(page, live_server, "sro.greater-manchester@example.com")
    check_page(page, axe, f"{live_server.url}/reporting/vanguards/greater-manchester/")
    assert page.get_by_text("Greater Manchester (this vanguard)").count() >= 1
    assert not console_errors

"""The registry, touchpoint and support-request lists at 1280px: their filters sit above the
table, which has the page's width and shows every column without scrolling sideways (beside
a filter panel, the last columns were hidden: "Participant target", "Follow-up actions")."""

import pytest

from tests.browser.test_pages_accessibility import DESKTOP, RM, check_reflow, seed
from tests.browser.test_sro_self_assessment_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("path", ["/vanguards/", "/touchpoints/", "/support-requests/"])
def test_the_list_shows_every_column_at_1280px(live_server, page, path):
    seed()
    sign_in(page, live_server, RM)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}{path}")

    wrapper = page.locator(".app-table-wrapper").first
    scroll, visible = wrapper.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll <= visible, f"{path} scrolls sideways at 1280px: {scroll}px in {visible}px"
    filters = page.locator("form.app-filter-bar").bounding_box()
    table = page.locator(".app-table-wrapper").first.bounding_box()
    assert filters["y"] + filters["height"] <= table["y"]  # above, not beside
    check_reflow(page, path)

"""The maturity heatmap at 1280px: ten dimensions fit without scrolling sideways, the filters
sit above it, and the text on every level's fill meets WCAG AA contrast."""

import pytest

from tests.browser.test_pages_accessibility import DESKTOP, RM, seed
from tests.browser.test_sro_self_assessment_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONTRASTS = """() => {
  const channel = (value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (colour) => {
    const [r, g, b] = colour.match(/\\d+(\\.\\d+)?/g).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  return [...document.querySelectorAll("[class*='app-heatmap__cell--']")].map(
    (cell) => {
      const style = getComputedStyle(cell);
      const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort(
        (a, b) => b - a
      );
      return [cell.textContent.trim(), (light + 0.05) / (dark + 0.05)];
    }
  );
}"""


def test_the_heatmap_fits_ten_dimensions_at_1280px(live_server, page):
    seed()
    sign_in(page, live_server, RM)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/maturity/")

    headers = page.locator(".app-heatmap thead th")
    assert headers.count() == 1 + 10 + 3  # vanguard, ten dimensions, band, mean, agreed in
    wrapper = page.locator(".app-table-wrapper:has(.app-heatmap)")
    scroll, visible = wrapper.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll <= visible, f"the heatmap scrolls sideways: {scroll}px in {visible}px"

    filters = page.locator("form[aria-label='Filter results']").bounding_box()
    heatmap = page.locator(".app-heatmap").bounding_box()
    assert filters["y"] + filters["height"] <= heatmap["y"]  # above, not beside
    assert filters["width"] >= heatmap["width"] * 0.9  # the full width, not a sidebar

    contrasts = page.evaluate(CONTRASTS)
    # The heatmap's cells and the legend's swatches: every level's fill.
    assert {level for level, _ in contrasts} == {"1", "2", "3", "4", "5"}
    assert all(ratio >= 4.5 for _, ratio in contrasts), contrasts

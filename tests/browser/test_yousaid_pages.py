"""The regional feedback and "you said, we did" pages in a real browser, with the demo data:
the regional lead's form (and its errors), the leadership's list, the feedback home and the
NST's form each pass axe (WCAG 2.2 AA) at desktop width and reflow at 320 CSS pixels."""

import os

import pytest

from feedback.management.demo_concerns import seed_concerns
from feedback.management.demo_yousaid import seed_you_said_we_did
from tests.browser.test_pages_accessibility import scan_pages
from tests.browser.test_sro_self_assessment_journey import sign_in
from vanguards.management.demo import seed_registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = {
    "regional.northwest@example.com": [
        ("/feedback/", None),
        ("/feedback/regional/new/", None),
    ],
    "rm.lead@example.com": [
        ("/feedback/", None),
        ("/feedback/regional/", None),
        ("/feedback/you-said-we-did/new/", "Save"),
    ],
    "sro.greater-manchester@example.com": [("/feedback/", None)],
}
# Set SCREENSHOTS to a folder to keep a picture of each page at 1280 and 320 pixels.
SCREENSHOTS = os.environ.get("SCREENSHOTS")


@pytest.mark.parametrize("email", list(PAGES))
def test_feedback_pages_pass_axe_and_reflow(live_server, page, axe, console_errors, email):
    registry = seed_registry()
    seed_concerns(registry)
    seed_you_said_we_did(registry)
    sign_in(page, live_server, email)
    scan_pages(page, live_server, axe, PAGES[email], email)
    if SCREENSHOTS:
        for url, _ in PAGES[email]:
            for width in (1280, 320):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(f"{live_server.url}{url}")
                name = f"{email.split('@')[0]}{url.replace('/', '_')}{width}.png"
                page.screenshot(path=os.path.join(SCREENSHOTS, name), full_page=True)
    assert console_errors == []

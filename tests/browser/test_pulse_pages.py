"""The pulse survey's pages in a real browser, as an SRO (the form, with its errors, and the
confirmation) and as the programme lead and an admin (the results): each passes axe (WCAG 2.2
AA) at desktop width and reflows at 320 CSS pixels."""

import pytest

from feedback.management.demo_pulse import seed_pulse
from feedback.selectors.pulse import open_pulse_survey
from tests.browser.test_pages_accessibility import scan_pages
from tests.browser.test_sro_self_assessment_journey import sign_in
from tests.feedback.pulse import open_survey
from vanguards.management.demo import seed_registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRO = "sro.greater-manchester@example.com"
PAGES = {
    SRO: [("/feedback/pulse/", "Send your answers"), ("/feedback/pulse/done/", None)],
    "lead@example.com": [],
    "admin@example.com": [],
}


def seed() -> None:
    seed_pulse(seed_registry())
    open_pulse_survey() or open_survey()


@pytest.mark.parametrize("email", list(PAGES))
def test_pulse_pages_pass_axe_and_reflow(live_server, page, axe, console_errors, email):
    seed()
    sign_in(page, live_server, email)
    pages = [
        *PAGES[email],
        ("/feedback/results/", None),
        ("/feedback/results/?quarter=2025-q3", None),
    ]
    scan_pages(page, live_server, axe, pages, email)
    assert console_errors == []

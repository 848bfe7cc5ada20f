"""The funding and counterfactual pages in a real browser: each passes axe (WCAG 2.2 AA) at
1280px and reflows at 320px (only data tables scroll, inside their wrapper); the admin's forms
also with their errors showing."""

import pytest

from reporting.management.demo_funding import seed_funding
from reporting.management.demo_returns import seed_returns
from tests.browser.test_pages_accessibility import ADMIN, RM, SRO, scan_pages
from tests.browser.test_sro_self_assessment_journey import sign_in
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

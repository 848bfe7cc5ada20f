"""The toolkit pages in a real browser, as a vanguard SRO and as the learning team: each passes
axe (WCAG 2.2 AA), including the marked words of "what changed", and reflows at 320 CSS
pixels; the learning team's forms are also scanned with their errors showing."""

import pytest

from learning.management.demo_toolkit import seed_toolkit
from learning.models import ToolkitVersion
from tests.browser.test_pages_accessibility import check_page
from tests.browser.test_sro_self_assessment_journey import sign_in
from vanguards.management.demo import seed_registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRO = "sro.greater-manchester@example.com"
LEARNING = "learning@example.com"


@pytest.mark.parametrize("email", [SRO, LEARNING])
def test_toolkit_pages_pass_axe_and_reflow(live_server, page, axe, console_errors, email):
    registry = seed_registry()
    versions = seed_toolkit(registry)
    consultation = versions[-1]
    published = ToolkitVersion.objects.get(status=ToolkitVersion.Status.PUBLISHED)
    item = published.items.first()
    sign_in(page, live_server, email)
    pages = [
        ("/learning/toolkit/", None),
        ("/learning/toolkit/?q=employers&kind=guide", None),
        ("/learning/toolkit/?q=zebra", None),
        (f"/learning/toolkit/{consultation.number}/", None),
        (f"/learning/toolkit/{published.number}/items/{item.pk}/", None),
        (f"/learning/toolkit/compare/?from=0.1&to={consultation.number}", None),
        ("/learning/toolkit/compare/?from=0.1&to=banana", None),
    ]
    if email == LEARNING:
        pages += [
            (f"/learning/toolkit/{consultation.number}/edit/", None),
            (f"/learning/toolkit/{consultation.number}/move/", None),
            (f"/learning/toolkit/{consultation.number}/items/new/", "Save item"),
        ]
    for url, submit_button in pages:
        check_page(page, axe, f"{live_server.url}{url}", submit_button)
    assert console_errors == []

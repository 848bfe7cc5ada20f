import pytest
from tests.browser.test_pages_accessibility import SRO, RM, seed
from tests.browser.test_sro_self_assessment_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

@pytest.mark.parametrize("email", [SRO, RM])
def test_shots(live_server, page, email):
    seed()
    sign_in(page, live_server, email)
    who = email.split("@")[0]
    for path in ["/touchpoints/", "/actions/", "/support-requests/", "/vanguards/"]:
        for width, height in ((1280, 900), (320, 640)):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{live_server.url}{path}")
            page.screenshot(path=f"/tmp/filters-work/shots/{who}{path.strip('/')}-{width}.png", full_page=True)

"""A vanguard's SRO makes an API token in the browser, reads their touchpoints with it from
an HTTP client (as Power BI or a script would), revokes it, and is refused; the token pages
and the API's documentation page pass axe (WCAG 2.2 AA)."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.test_sro_self_assessment_journey import sign_in
from tests.factories import TouchpointFactory
from vanguards.management.demo import seed_registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRO = "sro.greater-manchester@example.com"


def _read(url: str, secret: str):
    # An http:// address of the live server, built by the test.
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_token_made_in_the_browser_reads_the_touchpoints(live_server, page, axe, console_errors):
    registry = seed_registry()
    vanguards = {vanguard.slug: vanguard for vanguard in registry["vanguards"]}
    rm = registry["users"]["rm1@example.com"]
    ours = TouchpointFactory(author=rm, vanguards=[vanguards["greater-manchester"]])
    other = next(v for slug, v in vanguards.items() if slug != "greater-manchester")
    theirs = TouchpointFactory(author=rm, vanguards=[other])
    sign_in(page, live_server, SRO)

    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    axe()
    page.get_by_role("button", name="Create a token").click()
    axe()
    page.get_by_role("button", name="Create token").click()  # no name: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the token")
    axe()
    page.get_by_label("Name").fill("Power BI returns dashboard")
    page.get_by_label("30 days").check()
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your new API token")
    axe()
    secret = page.get_by_label("Token “Power BI returns dashboard”").input_value()
    assert secret.startswith("wwp_")

    status, body = _read(f"{live_server.url}/api/v1/touchpoints/", secret)
    assert status == 200
    ids = [row["id"] for row in body["results"]]
    assert ours.pk in ids and theirs.pk not in ids
    assert all("internal_notes" not in row for row in body["results"])

    page.get_by_role("link", name="Back to your API tokens").click()
    expect(page.locator("table")).to_contain_text("Power BI returns dashboard")
    expect(page.locator("table")).to_contain_text("Active")
    axe()
    page.get_by_role("link", name="Revoke Power BI returns dashboard").click()
    axe()
    page.get_by_role("button", name="Revoke token").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been revoked")
    expect(page.locator("table")).to_contain_text("Revoked")

    status, body = _read(f"{live_server.url}/api/v1/touchpoints/", secret)
    assert status == 401 and "not valid" in body["detail"]

    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data API")
    axe()
    assert console_errors == []

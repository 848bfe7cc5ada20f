"""Headless Chromium through Playwright, against pytest-django's live server.

The browser is Debian's Chromium (`CHROMIUM_PATH`), because Playwright cannot download its
own here. Each test gets its own Playwright and browser: sync Playwright keeps an asyncio
event loop running in the test thread for as long as it is started, and while it runs Django
(through asgiref) hands this thread a different set of database connections, ones without
the serialized migration data that `serialized_rollback` restores. Kept to the test, the loop
cannot leak into the next test's database set-up, nor into the rest of the suite.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import sync_playwright

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# axe is served from this same-origin path by a Playwright route (it never reaches Django), so
# the page's `script-src 'self'` allows it. `add_script_tag(path=...)` would inline the file,
# and our CSP rightly blocks inline scripts; turning the CSP off (`bypass_csp`) would hide the
# very CSP violations these tests look for.
AXE_URL_PATH = "/__browser-tests__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(live_server, monkeypatch):
    # live_server first: its (autouse) database set-up must run before the loop starts.
    # Django refuses ORM calls from a thread with a running event loop. The test's own ORM
    # calls never race the loop (Playwright's calls block), so allow them while it runs.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()
        # The connections the test opened while the loop ran; the test database cannot be
        # dropped at the end of the session while they stay open.
        connections.close_all()


@pytest.fixture
def console_errors():
    """Console errors and uncaught exceptions seen by `page`; a CSP violation is one of them."""
    return []


@pytest.fixture
def page(browser, console_errors):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and console_errors.append(f"{message.text} ({message.location.get('url', '')})")
        ),
    )
    page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    page.route(f"**{AXE_URL_PATH}", lambda route: route.fulfill(path=AXE_SCRIPT))
    yield page
    context.close()


def format_violations(violations, url) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"    at {'; '.join(targets)}{f' and {more} more' if more > 0 else ''}"
        )
    return "\n".join(lines)


@pytest.fixture
def axe(page):
    """`axe()` scans the current page against WCAG 2.2 AA and fails the test on a violation.

    Returns the (empty) list of violations.
    """

    def scan():
        # After a click that navigates, the new document may not be there yet.
        page.wait_for_load_state("load")
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(url=AXE_URL_PATH)
        violations = page.evaluate(
            """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
                .then(results => results.violations)""",
            AXE_TAGS,
        )
        assert not violations, format_violations(violations, page.url)
        return violations

    return scan

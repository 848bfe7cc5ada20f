"""Consultation, review panels and the toolkit PDF in a real browser: a vanguard SRO comments on
an item in consultation from its page and finds the comment in their vanguard's list; every
page of this part passes axe (WCAG 2.2 AA) and reflows at 320px, forms with their errors too;
and the PDF's status page updates itself when the file is ready."""

import pytest
from playwright.sync_api import expect

from learning.documents import KIND, toolkit_pdf_fingerprint
from learning.management.demo_consultation import seed_consultation
from learning.management.demo_toolkit import seed_toolkit
from learning.models import ConsultationComment, ToolkitVersion
from tests.browser.test_pages_accessibility import check_page
from tests.browser.test_sro_self_assessment_journey import sign_in
from vanguards.management.demo import seed_registry
from workwell.documents import document_build
from workwell.models import GeneratedDocument

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRO = "sro.greater-manchester@example.com"
LEARNING = "learning@example.com"


@pytest.fixture
def demo():
    registry = seed_registry()
    seed_toolkit(registry)
    seed_consultation(registry)
    current = ToolkitVersion.objects.get(status=ToolkitVersion.Status.CONSULTATION)
    return {
        "registry": registry,
        "current": current,
        "previous": ToolkitVersion.objects.get(status=ToolkitVersion.Status.PUBLISHED),
        "item": current.items.order_by("order").first(),
    }


def test_an_sro_comments_on_an_item_and_finds_it_in_their_list(
    live_server, page, axe, console_errors, demo
):
    current, item = demo["current"], demo["item"]
    sign_in(page, live_server, SRO)
    check_page(page, axe, f"{live_server.url}/learning/toolkit/{current.number}/items/{item.pk}/")
    page.get_by_label("Your comment").fill(
        "Please add a version for employers with under 50 staff."
    )
    page.get_by_role("button", name="Send comment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your comment has been sent")
    expect(page.get_by_role("link", name="Please add a version for employers")).to_be_visible()
    axe()
    assert ConsultationComment.objects.filter(text__startswith="Please add a version").exists()

    linked = ConsultationComment.objects.filter(
        version=demo["previous"], led_to__isnull=False, author__email=SRO
    ).first()
    for url in (
        f"/learning/comments/{linked.pk}/",
        f"/learning/toolkit/compare/?from={demo['previous'].number}&to={current.number}",
        f"/learning/toolkit/{current.number}/",
        f"/learning/toolkit/{current.number}/comments/new/",
    ):
        check_page(page, axe, f"{live_server.url}{url}")
    expect(page.get_by_text("led to this change")).to_have_count(0)  # the form page
    assert console_errors == []


def test_the_learning_teams_pages(live_server, page, axe, console_errors, demo):
    open_comment = ConsultationComment.objects.filter(version=demo["current"], status="open")
    sign_in(page, live_server, LEARNING)
    for url, submit in (
        ("/learning/comments/", None),
        (f"/learning/comments/{open_comment.first().pk}/", "Save answer"),
        ("/learning/panels/", None),
        ("/learning/panels/lived-experience/", None),
        ("/learning/panels/expert/members/new/", "Save"),
        (f"/learning/toolkit/{demo['current'].number}/reviews/new/", "Record review"),
    ):
        check_page(page, axe, f"{live_server.url}{url}", submit)
    assert console_errors == []


def test_the_pdf_status_page_updates_itself_when_the_file_is_ready(
    live_server, page, axe, console_errors, demo
):
    previous = demo["previous"]
    # Asked for, but its task not run yet (as when the worker is busy): made directly, since
    # outside a test transaction a request's eager task would build it at once.
    document = GeneratedDocument.objects.create(
        kind=KIND,
        key=str(previous.pk),
        fingerprint=toolkit_pdf_fingerprint(previous),
        title=f"WorkWell toolkit version {previous.number} (PDF)",
    )
    sign_in(page, live_server, SRO)
    check_page(page, axe, f"{live_server.url}/learning/toolkit/{previous.number}/pdf/")
    expect(page.get_by_text("We are making your file")).to_be_visible()

    document_build(document.pk)  # the worker finishes; the page was not reloaded
    expect(
        page.get_by_role("button", name=f"Download workwell-toolkit-{previous.number}.pdf")
    ).to_be_visible(timeout=15_000)
    axe()
    assert console_errors == []

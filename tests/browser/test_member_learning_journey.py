"""A vanguard member's learning journey in a real browser: from the Learning home they find a
toolkit item by searching, comment on the same item in the version in consultation, and take a
place at a network event. Every page on the way passes axe (WCAG 2.2 A and AA)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learning.management.demo_consultation import seed_consultation
from learning.management.demo_toolkit import seed_toolkit
from learning.models import ConsultationComment, Event, Registration, ToolkitVersion
from tests.browser.test_sro_self_assessment_journey import sign_in
from tests.factories import EventFactory
from vanguards.management.demo import seed_registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRO = "sro.greater-manchester@example.com"
COMMENT = "Could the guide say how to involve occupational health providers?"


@pytest.fixture
def learning_demo():
    registry = seed_registry()
    seed_toolkit(registry)
    seed_consultation(registry)
    published = ToolkitVersion.objects.get(status=ToolkitVersion.Status.PUBLISHED)
    item = published.items.order_by("order").first()
    event = EventFactory(
        title="Network webinar: fit notes and early conversations",
        audience=Event.Audience.ALL,
        starts_at=timezone.now() + datetime.timedelta(days=10),
        ends_at=timezone.now() + datetime.timedelta(days=10, hours=1),
        capacity=30,
        created_by=registry["users"]["learning@example.com"],
    )
    return {"item": item, "event": event}


def test_a_member_finds_a_toolkit_item_comments_on_the_draft_and_registers_for_an_event(
    live_server, page, axe, console_errors, learning_demo
):
    item, event = learning_demo["item"], learning_demo["event"]
    consultation = ToolkitVersion.objects.get(status=ToolkitVersion.Status.CONSULTATION)
    draft_item = consultation.items.get(copied_from=item)
    sign_in(page, live_server, SRO)

    # The Learning home, then the toolkit, searched by words from the item's title.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Learning").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe()
    page.goto(f"{live_server.url}/learning/toolkit/")
    axe()
    page.get_by_label("Search the toolkit").fill(" ".join(item.title.split()[:3]))
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name=item.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(item.title)
    axe()

    # The same item in the version in consultation, and a comment on it.
    page.goto(f"{live_server.url}/learning/toolkit/{consultation.number}/items/{draft_item.pk}/")
    axe()
    page.get_by_label("Your comment").fill(COMMENT)
    page.get_by_role("button", name="Send comment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your comment has been sent")
    axe()
    comment = ConsultationComment.objects.get(text=COMMENT)
    assert comment.author.email == SRO
    assert comment.item == draft_item

    # A network event open to everyone: a place.
    page.goto(f"{live_server.url}/learning/events/")
    axe()
    page.get_by_role("link", name=event.title).first.click()
    axe()
    page.get_by_role("button", name="Register for a place").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"You have a place at {event.title}"
    )
    axe()
    registration = Registration.objects.get(event=event, person__email=SRO)
    assert registration.status == Registration.Status.REGISTERED
    assert console_errors == []

"""The peer exchange in a real browser: a vanguard SRO asks a question from the Learning home,
a network partner answers it, and the SRO marks the answer that helped. Every page on the way
passes axe (WCAG 2.2 A and AA)."""

import pytest
from playwright.sync_api import expect

from learning.management.demo_lessons import seed_partners
from learning.models import ExchangeQuestion
from tests.browser.test_sro_self_assessment_journey import sign_in
from vanguards.management.demo import seed_registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRO = "sro.south-yorkshire@example.com"
PARTNER = "partner@example.com"
QUESTION = "Has anyone got GP fit-note referrals working?"
ANSWER = "A coach joins each primary care network's weekly huddle."


@pytest.fixture
def people():
    seed_registry()
    seed_partners()


def test_a_member_asks_a_partner_answers_and_the_member_marks_it_helpful(
    live_server, browser, page, axe, console_errors, people
):
    sign_in(page, live_server, SRO)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Learning").click()
    page.get_by_role("link", name="Peer exchange").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer exchange")
    axe()
    page.get_by_role("button", name="Ask a question").click()
    axe()
    page.get_by_role("button", name="Post your question").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your question")
    axe()
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_label("More detail").fill("GPs have sent us six people in two months.")
    page.get_by_label("Health and employment pathways").check()
    page.get_by_role("button", name="Post your question").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("question has been posted")
    axe()
    question = ExchangeQuestion.objects.get(title=QUESTION)
    assert question.author_organisation == "South Yorkshire"

    # A network partner, from another organisation, finds it and answers.
    partner = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    partner_page = partner.new_page()
    sign_in(partner_page, live_server, PARTNER)
    partner_page.goto(f"{live_server.url}/learning/exchange/?answered=no")
    partner_page.get_by_role("link", name=QUESTION).click()
    partner_page.get_by_label("Your answer").fill(ANSWER)
    partner_page.get_by_role("button", name="Post your answer").click()
    expect(partner_page.locator(".govuk-notification-banner")).to_contain_text("answer has been")
    expect(partner_page.get_by_text(ANSWER)).to_be_visible()
    partner.close()

    # The SRO marks it as the answer that helped.
    page.reload()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    axe()
    page.get_by_role("button", name="This answer helped").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("as the one that helped")
    expect(page.get_by_text("The answer that helped")).to_be_visible()
    axe()
    question.refresh_from_db()
    assert question.helpful_answer.author.email == PARTNER
    assert console_errors == []

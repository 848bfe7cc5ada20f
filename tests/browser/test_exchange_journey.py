"""The peer exchange in a real browser: a vanguard SRO asks a question from the Learning home,
another vanguard's member answers it (seeing the asker's vanguard by name only, never a link
into its records), and the SRO marks the answer that helped. Every page on the way passes axe
(WCAG 2.2 A and AA)."""

import pytest
from playwright.sync_api import expect

from learning.models import ExchangeQuestion
from tests.browser.test_sro_self_assessment_journey import sign_in
from vanguards.management.demo import seed_registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRO = "sro.south-yorkshire@example.com"
OTHER_MEMBER = "sro.greater-manchester@example.com"
QUESTION = "Has anyone got GP fit-note referrals working?"
ANSWER = "A coach joins each primary care network's weekly huddle."


@pytest.fixture
def people():
    seed_registry()


def test_a_member_asks_another_vanguards_member_answers_and_the_asker_marks_it_helpful(
    live_server, page, axe, console_errors, people
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

    # A member of another vanguard finds it and answers, in the same browser signed in anew.
    page.context.clear_cookies()
    sign_in(page, live_server, OTHER_MEMBER)
    page.goto(f"{live_server.url}/learning/exchange/?answered=no")
    axe()
    page.get_by_role("link", name=QUESTION).click()
    # The asker's vanguard by name, with no way into South Yorkshire's records from here.
    expect(page.get_by_text("South Yorkshire", exact=False).first).to_be_visible()
    main = page.get_by_role("main")
    for link in main.get_by_role("link").all():
        href = link.get_attribute("href") or ""
        assert "/vanguards/" not in href and "/reporting/" not in href, href
    axe()
    page.get_by_label("Your answer").fill(ANSWER)
    page.get_by_role("button", name="Post your answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("answer has been")
    expect(page.get_by_text(ANSWER)).to_be_visible()
    axe()

    # The SRO signs back in and marks it as the answer that helped.
    page.context.clear_cookies()
    sign_in(page, live_server, SRO)
    page.goto(f"{live_server.url}/learning/exchange/{question.pk}/")
    expect(page.get_by_text(ANSWER)).to_be_visible()
    axe()
    page.get_by_role("button", name="This answer helped").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("as the one that helped")
    expect(page.get_by_text("The answer that helped")).to_be_visible()
    axe()
    question.refresh_from_db()
    assert question.helpful_answer.author.email == OTHER_MEMBER
    assert question.helpful_answer.author_organisation == "Greater Manchester"
    assert console_errors == []

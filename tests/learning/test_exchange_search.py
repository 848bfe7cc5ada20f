"""Searching the peer exchange with the toolkit's search (search_text): a thread is found by
the words of its question or of an answer still up, with English stemming; the toolkit's
search results offer the same search on the exchange."""

import re

import pytest

from learning.services.exchange import post_hide
from tests.factories import ToolkitItemFactory, ToolkitVersionFactory, publish_toolkit_version

from .exchange_helpers import answer, ask

pytestmark = pytest.mark.django_db


def _threads(response) -> set[str]:
    return set(re.findall(r'href="/learning/exchange/\d+/">([^<]+)<', response.content.decode()))


@pytest.fixture
def threads(cast):
    fit_notes = ask(cast["member_a"], "Has anyone got GP fit-note referrals working?")
    answer(cast["member_b"], fit_notes, "Our employment advisers joined the PCN huddles.")
    starts = ask(cast["network_partner"], "How do you count starts?", body="Per quarter?")
    answer(cast["rm"], starts, "A start is the first appointment attended.")
    hidden = answer(cast["member_b"], starts, "Ring the chamber of commerce directly.")
    post_hide(actor=cast["learning_user"], post=hidden, reason="Off topic")
    return {"fit_notes": fit_notes, "starts": starts}


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("huddle adviser", {"Has anyone got GP fit-note referrals working?"}),  # an answer, stemmed
        ("referrals", {"Has anyone got GP fit-note referrals working?"}),  # the question
        ("quarter", {"How do you count starts?"}),  # the question's text
        ("appointments", {"How do you count starts?"}),
        ("chamber commerce", set()),  # only in a hidden answer
        ("nothing matches this", set()),
    ],
)
def test_a_thread_is_found_by_its_question_or_an_answer(client, cast, threads, words, found):
    client.force_login(cast["network_partner"])
    response = client.get("/learning/exchange/", {"q": words})
    assert response.status_code == 200
    assert _threads(response) == found


def test_the_search_combines_with_the_filters(client, cast, threads):
    client.force_login(cast["member_a"])
    assert _threads(client.get("/learning/exchange/", {"q": "huddle", "answered": "no"})) == set()


def test_toolkit_search_results_offer_the_exchange_and_back(client, member_a):
    version = ToolkitVersionFactory(number="0.1")
    ToolkitItemFactory(version=version, title="Fit note guide")
    publish_toolkit_version(version)
    client.force_login(member_a)
    page = client.get("/learning/toolkit/", {"q": "fit note"}).content.decode()
    assert 'href="/learning/exchange/?q=fit%20note"' in page
    page = client.get("/learning/exchange/", {"q": "fit note"}).content.decode()
    assert 'href="/learning/toolkit/?q=fit%20note"' in page

"""Who may open each peer exchange page, per role: everyone signed in reads the exchange
(network partners included); members, partners and the NST ask and answer; only the author
changes a post, within 30 minutes; anyone but the author reports it; the learning team and
admins moderate and turn threads into drafts."""

import pytest

from learning.models import ExchangeQuestion
from learning.services.exchange import post_hide
from tests.roles import OK, each_role_gets, everyone, everyone_but
from vanguards import permissions

from .exchange_helpers import answer, ask

MODERATORS = {"admin_user": OK, "learning_user": OK}
POSTERS = everyone_but(OK, "programme_lead", "regional_lead")


@pytest.fixture
def thread(cast):
    """Member A's question, answered by the partner; an hour-old one by member B; a hidden one."""
    question = ask(cast["member_a"])
    reply = answer(cast["network_partner"], question)
    old = ask(cast["member_b"], "How do you count starts?", minutes_ago=60)
    hidden = ask(cast["member_b"], "Hidden?")
    post_hide(actor=cast["learning_user"], post=hidden, reason="Named a patient")
    return {"q": question.pk, "a": reply.pk, "old": old.pk, "hidden": hidden.pk}


PAGES = {
    "/learning/exchange/{q}/": everyone(OK),
    "/learning/exchange/{hidden}/": everyone(OK),  # its reason, not its text (test_exchange_pages)
    "/learning/exchange/999999/": {},
    "/learning/exchange/{q}/edit/": {"member_a": OK},
    "/learning/exchange/{old}/edit/": {},  # past the 30 minutes, even for its author
    "/learning/exchange/{hidden}/edit/": {},
    "/learning/exchange/{q}/answers/{a}/edit/": {"network_partner": OK},
    "/learning/exchange/{q}/report/": everyone_but(OK, "member_a"),
    "/learning/exchange/{q}/answers/{a}/report/": everyone_but(OK, "network_partner"),
    "/learning/exchange/{hidden}/report/": {},
    "/learning/exchange/{q}/moderate/": MODERATORS,
    "/learning/exchange/{q}/answers/{a}/moderate/": MODERATORS,
    "/learning/exchange/{hidden}/moderate/": {},
    "/learning/exchange/{q}/convert/": MODERATORS,
    "/learning/exchange/{hidden}/convert/": {},
    # An answer addressed through another thread is not there.
    "/learning/exchange/{old}/answers/{a}/edit/": {},
    "/learning/exchange/{old}/answers/{a}/report/": {},
}


@each_role_gets(PAGES)
def test_exchange_pages_answer_each_role(client, cast, thread, url, role, expected):
    client.force_login(cast[role])
    assert client.get(url.format(**thread)).status_code == expected


@each_role_gets({"member_a": 302})
def test_only_the_asker_marks_an_answer_helpful(client, cast, thread, role, expected):
    client.force_login(cast[role])
    response = client.post(f"/learning/exchange/{thread['q']}/answers/{thread['a']}/helpful/")
    assert response.status_code == expected
    marked = ExchangeQuestion.objects.get(pk=thread["q"]).helpful_answer_id
    assert (marked == thread["a"]) is (expected == 302)


@each_role_gets(POSTERS)
def test_who_may_answer_through_the_page(client, cast, thread, role, expected):
    client.force_login(cast[role])
    response = client.post(f"/learning/exchange/{thread['q']}/", {"body": "Try a huddle."})
    assert response.status_code == (302 if expected == OK else 404)


def test_partners_may_use_the_exchange_namespace(network_partner):
    # /learning/ is open to partners (PARTNER_NAMESPACES); the exchange's pages decide.
    assert permissions.may_use_namespace(network_partner, "learning")
    assert permissions.can_post_to_exchange(network_partner)

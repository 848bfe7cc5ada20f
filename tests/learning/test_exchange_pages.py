"""The peer exchange's pages: the list (filters, empty state, a fixed query budget), a thread
(escaping, hidden posts, the helpful mark), editing within 30 minutes, reporting and moderation
through the pages."""

import datetime
import re

import pytest
from django.utils import timezone

from learning.models import ExchangeAnswer, ExchangeQuestion, ExchangeReport
from learning.services.exchange import helpful_mark, post_hide

from .exchange_helpers import answer, ask, theme

pytestmark = pytest.mark.django_db


def _threads(response) -> set[str]:
    return set(re.findall(r'href="/learning/exchange/\d+/">([^<]+)<', response.content.decode()))


def test_an_empty_exchange_says_so_and_offers_to_ask(client, member_a):
    client.force_login(member_a)
    page = client.get("/learning/exchange/").content.decode()
    assert "Nobody has asked a question yet." in page
    assert 'href="/learning/exchange/ask/"' in page


def test_the_learning_home_links_to_the_exchange(client, network_partner):
    client.force_login(network_partner)
    assert 'href="/learning/exchange/"' in client.get("/learning/").content.decode()


def test_filters_by_theme_and_by_answered(client, cast):
    answered = ask(cast["member_a"], "Answered one?", themes=[theme("workforce-and-skills")])
    answer(cast["member_b"], answered)
    ask(cast["network_partner"], "Open one?")
    hidden_answer_only = ask(cast["member_b"], "Only a hidden answer?")
    post_hide(
        actor=cast["learning_user"],
        post=answer(cast["rm"], hidden_answer_only),
        reason="Off topic",
    )
    client.force_login(cast["rm"])
    assert _threads(client.get("/learning/exchange/?answered=yes")) == {"Answered one?"}
    assert _threads(client.get("/learning/exchange/?answered=no")) == {
        "Open one?",
        "Only a hidden answer?",
    }
    assert _threads(client.get("/learning/exchange/?theme=workforce-and-skills")) == {
        "Answered one?"
    }
    page = client.get("/learning/exchange/?theme=workforce-and-skills&answered=no")
    assert "No questions match your search or filters." in page.content.decode()


def test_hidden_questions_are_listed_only_to_their_author_and_the_learning_team(client, cast):
    hidden = ask(cast["member_a"], "Hidden question?")
    post_hide(actor=cast["learning_user"], post=hidden, reason="Names a patient")
    for role, listed in (("member_a", True), ("learning_user", True), ("member_b", False)):
        client.force_login(cast[role])
        assert ("Hidden question?" in _threads(client.get("/learning/exchange/"))) is listed


def test_the_list_pages_20_threads_at_a_time(client, cast):
    for n in range(21):
        ask(cast["member_a"], f"Question {n}?")
    client.force_login(cast["member_b"])
    assert len(_threads(client.get("/learning/exchange/"))) == 20
    assert len(_threads(client.get("/learning/exchange/?page=2"))) == 1


# session, user, the theme asked for (the filter checks it), the count, the member's vanguard
# link (the navigation's "My vanguard"), the theme filter's choices, the page of questions
# (author joined, answers counted), the page's themes
LIST_BUDGET = 8


@pytest.mark.parametrize("threads", [2, 25])
def test_the_list_has_a_fixed_query_budget(client, cast, django_assert_max_num_queries, threads):
    for n in range(threads):
        question = ask(cast["member_a"], f"Question {n}?")
        answer(cast["network_partner"], question)
    client.force_login(cast["member_b"])
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(
            "/learning/exchange/?answered=yes&theme=health-and-employment-pathways"
        )
    assert len(_threads(response)) == min(threads, 20)


# session, user, the member's vanguard link, the question (author, hider, lesson, toolkit item
# joined), its themes, its answers (authors and hiders joined)
THREAD_BUDGET = 6


@pytest.mark.parametrize("answers", [1, 12])
def test_a_thread_has_a_fixed_query_budget(client, cast, django_assert_max_num_queries, answers):
    question = ask(cast["member_a"])
    for n in range(answers):
        answer(cast["member_b"] if n % 2 else cast["network_partner"], question, f"Answer {n}")
    client.force_login(cast["member_a"])
    with django_assert_max_num_queries(THREAD_BUDGET):
        response = client.get(f"/learning/exchange/{question.pk}/")
    assert response.content.decode().count("This answer helped") == answers


def test_a_script_in_a_post_is_shown_as_text(client, cast):
    question = ask(
        cast["member_a"],
        "<script>alert('title')</script>?",
        body="<script>alert('body')</script> and **bold**",
    )
    answer(cast["member_b"], question, "<img src=x onerror=alert(1)> [link](javascript:alert(2))")
    client.force_login(cast["network_partner"])
    page = client.get(f"/learning/exchange/{question.pk}/").content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;?" in page
    assert "<strong>bold</strong>" in page  # Markdown, through the sanitised renderer
    assert "onerror" not in page
    assert "javascript:alert" not in page
    listed = client.get("/learning/exchange/").content.decode()
    assert "<script>alert(" not in listed


def test_posts_name_the_author_and_organisation_and_link_to_no_vanguard(client, cast):
    question = ask(cast["member_a"])
    answer(cast["member_b"], question)
    client.force_login(cast["network_partner"])
    page = client.get(f"/learning/exchange/{question.pk}/").content.decode()
    assert "Mem Alpha, Alpha Vanguard" in page
    assert "Mem Bravo, Bravo Vanguard" in page
    assert "/vanguards/" not in page.split("<main")[1]
    assert "/reporting/" not in page.split("<main")[1]


def test_a_hidden_post_shows_its_reason_to_others_and_why_to_its_author(client, cast):
    question = ask(cast["member_a"])
    reply = answer(cast["member_b"], question, "Ring Mrs Smith on 0161 000 0000")
    post_hide(actor=cast["learning_user"], post=reply, reason="It named a participant")
    notice = "This post was hidden by the learning team: It named a participant"
    client.force_login(cast["member_a"])
    page = client.get(f"/learning/exchange/{question.pk}/").content.decode()
    assert notice in page and "Mrs Smith" not in page
    client.force_login(cast["member_b"])
    page = client.get(f"/learning/exchange/{question.pk}/").content.decode()
    assert notice in page and "Mrs Smith" in page


def test_the_asker_marks_the_answer_that_helped(client, cast):
    question = ask(cast["member_a"])
    reply = answer(cast["network_partner"], question)
    client.force_login(cast["member_a"])
    response = client.post(f"/learning/exchange/{question.pk}/answers/{reply.pk}/helpful/")
    assert response.status_code == 302
    page = client.get(f"/learning/exchange/{question.pk}/").content.decode()
    assert "The answer that helped" in page
    assert "This answer helped" not in page  # marked: the button has gone


def _age(post, seconds):
    written = timezone.now() - datetime.timedelta(seconds=seconds)
    type(post).objects.filter(pk=post.pk).update(created_at=written)


@pytest.mark.parametrize(("seconds", "saved"), [(29 * 60 + 30, True), (30 * 60 + 30, False)])
def test_editing_through_the_page_either_side_of_30_minutes(client, cast, seconds, saved):
    question = ask(cast["member_a"])
    reply = answer(cast["member_b"], question)
    _age(question, seconds)
    _age(reply, seconds)
    client.force_login(cast["member_a"])
    data = {"title": "Changed?", "body": "Changed", "themes": [theme().pk]}
    response = client.post(f"/learning/exchange/{question.pk}/edit/", data)
    assert response.status_code == (302 if saved else 404)
    client.force_login(cast["member_b"])
    response = client.post(f"/learning/exchange/{question.pk}/answers/{reply.pk}/edit/", data)
    assert response.status_code == (302 if saved else 404)
    assert (ExchangeQuestion.objects.get(pk=question.pk).title == "Changed?") is saved
    assert (ExchangeAnswer.objects.get(pk=reply.pk).body == "Changed") is saved
    page = client.get(f"/learning/exchange/{question.pk}/").content.decode()
    assert ('Change<span class="govuk-visually-hidden"> this answer' in page) is saved


def test_report_then_the_learning_team_hides_through_the_pages(client, cast):
    question = ask(cast["member_a"])
    reply = answer(cast["member_b"], question)
    client.force_login(cast["network_partner"])
    url = f"/learning/exchange/{question.pk}/answers/{reply.pk}/"
    assert client.post(f"{url}report/", {"reason": ""}).status_code == 200  # a reason is needed
    assert client.post(f"{url}report/", {"reason": "Names a patient"}).status_code == 302
    client.force_login(cast["learning_user"])
    reports = client.get("/learning/exchange/reports/").content.decode()
    assert "Names a patient" in reports and f"{url}moderate/" in reports
    missing = client.post(f"{url}moderate/", {"decision": "hide", "reason": ""})
    assert "Enter why the post is hidden" in missing.content.decode()
    response = client.post(f"{url}moderate/", {"decision": "hide", "reason": "Personal data"})
    assert response.status_code == 302
    assert ExchangeAnswer.objects.get(pk=reply.pk).hidden_reason == "Personal data"
    assert not ExchangeReport.objects.filter(resolved_at__isnull=True).exists()
    empty = client.get("/learning/exchange/reports/").content.decode()
    assert "No posts are waiting" in empty


def test_the_helpful_mark_moves_only_within_the_thread(client, cast):
    question = ask(cast["member_a"])
    first = answer(cast["member_b"], question)
    second = answer(cast["network_partner"], question)
    helpful_mark(actor=cast["member_a"], question=question, answer=first)
    client.force_login(cast["member_a"])
    client.post(f"/learning/exchange/{question.pk}/answers/{second.pk}/helpful/")
    assert ExchangeQuestion.objects.get(pk=question.pk).helpful_answer_id == second.pk


def test_the_answers_to_a_hidden_question_are_hidden_with_it(client, cast):
    question = ask(cast["member_a"], body="Our participant Mrs Smith at 1 High Street")
    reply = answer(cast["member_b"], question, "Mrs Smith should ring her GP")
    post_hide(actor=cast["learning_user"], post=question, reason="It named a participant")
    url = f"/learning/exchange/{question.pk}/"
    for role in ("network_partner", "rm", "member_b"):
        client.force_login(cast[role])
        page = client.get(url).content.decode()
        assert "Mrs Smith" in page if role == "member_b" else "Mrs Smith" not in page
    client.force_login(cast["network_partner"])
    page = client.get(url).content.decode()
    assert "This answer is hidden with the question it answers." in page
    assert f"answers/{reply.pk}/report/" not in page  # nothing to report that they cannot read
    # The question's author and the learning team still read the thread.
    for role in ("member_a", "learning_user"):
        client.force_login(cast[role])
        page = client.get(url).content.decode()
        assert "Mrs Smith should ring her GP" in page
        assert "This answer is hidden with the question" not in page

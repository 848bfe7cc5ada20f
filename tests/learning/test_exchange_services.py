"""The peer exchange's services: who may ask, answer, mark helpful, edit (30 minutes), report
and hide, and what each records."""

import datetime

import pytest
from django.utils import timezone

from learning.models import ExchangeQuestion, ExchangeReport
from learning.services import exchange as services
from tests.factories import UserFactory
from tests.roles import each_role_gets
from vanguards import permissions
from workwell.models import Role

from .exchange_helpers import answer, ask

pytestmark = pytest.mark.django_db

POSTERS = {
    role: True
    for role in (
        "admin_user",
        "rm",
        "rm_lead",
        "learning_user",
        "member_a",
        "member_b",
        "network_partner",
    )
}


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (role, role in POSTERS)
        for role in (
            "admin_user",
            "programme_lead",
            "regional_lead",
            "rm",
            "rm_lead",
            "learning_user",
            "member_a",
            "member_b",
            "network_partner",
        )
    ],
)
def test_who_may_ask(cast, role, may):
    if may:
        question = ask(cast[role])
        assert question.author == cast[role]
    else:
        with pytest.raises(services.ExchangeError):
            ask(cast[role])
        assert not ExchangeQuestion.objects.exists()


def test_posts_carry_the_authors_organisation_in_words(cast):
    assert ask(cast["member_a"]).author_organisation == "Alpha Vanguard"
    assert ask(cast["network_partner"]).author_organisation == "Network Partner ICB"
    assert ask(cast["rm"]).author_organisation == "National Support Team"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.NETWORK_PARTNER])
def test_an_account_linked_to_no_organisation_is_not_labelled_the_nst(client, cast, role):
    """A member whose membership was removed, or a partner whose link is missing, writes
    under their name alone: never as the National Support Team."""
    unlinked = UserFactory(role=role, full_name="Una Linked")
    question = ask(unlinked)
    reply = answer(unlinked, ask(cast["member_a"]))
    assert question.author_organisation == reply.author_organisation == ""
    client.force_login(cast["member_b"])
    page = client.get(f"/learning/exchange/{question.pk}/").content.decode()
    post = page.split("<main")[1].split("</main>")[0]
    assert "Una Linked</span>," in post  # the name alone, then when it was written
    assert "National Support Team" not in post


def test_a_question_needs_a_theme(cast):
    with pytest.raises(services.ExchangeError) as error:
        services.question_ask(actor=cast["member_a"], title="Q?", body="Detail", themes=[])
    assert error.value.field == "themes"


def test_only_the_asker_marks_the_answer_that_helped(cast):
    question = ask(cast["member_a"])
    reply = answer(cast["network_partner"], question)
    for role in ("member_b", "network_partner", "learning_user", "admin_user"):
        with pytest.raises(services.ExchangeError):
            services.helpful_mark(actor=cast[role], question=question, answer=reply)
    question.refresh_from_db()
    assert question.helpful_answer is None
    services.helpful_mark(actor=cast["member_a"], question=question, answer=reply)
    question.refresh_from_db()
    assert question.helpful_answer == reply


def test_an_answer_from_another_thread_cannot_be_marked(cast):
    question = ask(cast["member_a"])
    elsewhere = answer(cast["member_b"], ask(cast["member_b"], "Other?"))
    with pytest.raises(services.ExchangeError):
        services.helpful_mark(actor=cast["member_a"], question=question, answer=elsewhere)


@pytest.mark.parametrize(("seconds", "editable"), [(29 * 60 + 50, True), (30 * 60 + 10, False)])
def test_the_author_edits_within_30_minutes(cast, seconds, editable):
    question = ask(cast["member_a"])
    reply = answer(cast["member_b"], question)
    written = timezone.now() - datetime.timedelta(seconds=seconds)
    for post in (question, reply):
        type(post).objects.filter(pk=post.pk).update(created_at=written)
        post.refresh_from_db()
    assert permissions.can_edit_post(cast["member_a"], question) is editable
    assert permissions.can_edit_post(cast["member_b"], reply) is editable
    data = {"title": "Changed?", "body": "Changed", "themes": list(question.themes.all())}
    if editable:
        services.post_edit(actor=cast["member_a"], post=question, data=data)
        services.post_edit(actor=cast["member_b"], post=reply, data=data)
    else:
        with pytest.raises(services.ExchangeError):
            services.post_edit(actor=cast["member_a"], post=question, data=data)
        with pytest.raises(services.ExchangeError):
            services.post_edit(actor=cast["member_b"], post=reply, data=data)
    question.refresh_from_db()
    reply.refresh_from_db()
    assert (question.body == "Changed") is editable
    assert (reply.body == "Changed") is editable
    assert (question.edited_at is not None) is editable


def test_the_window_is_judged_on_the_clock_not_the_date(cast):
    question = ask(cast["member_a"])
    later = timezone.now() + datetime.timedelta(minutes=31)
    assert permissions.can_edit_post(cast["member_a"], question)
    assert not permissions.can_edit_post(cast["member_a"], question, now=later)


@each_role_gets({})
def test_nobody_but_the_author_edits(cast, role, expected):
    question = ask(cast["member_a"])
    assert permissions.can_edit_post(cast[role], question) is (role == "member_a")


def test_report_then_hide_with_a_reason(cast):
    question = ask(cast["member_a"])
    reply = answer(cast["member_b"], question)
    services.helpful_mark(actor=cast["member_a"], question=question, answer=reply)
    services.post_report(actor=cast["network_partner"], post=reply, reason="Names a patient")
    services.post_report(actor=cast["network_partner"], post=reply, reason="Again")
    assert ExchangeReport.objects.filter(answer=reply, resolved_at__isnull=True).count() == 1
    with pytest.raises(services.ExchangeError):
        services.post_hide(actor=cast["rm"], post=reply, reason="No")
    services.post_hide(actor=cast["learning_user"], post=reply, reason="It named a patient")
    reply.refresh_from_db()
    question.refresh_from_db()
    assert reply.hidden_reason == "It named a patient"
    assert reply.hidden_by == cast["learning_user"]
    assert question.helpful_answer is None  # a hidden answer no longer counts as the help
    assert not ExchangeReport.objects.filter(resolved_at__isnull=True).exists()
    # Hidden: its text is its author's and the learning team's, others read the reason.
    assert permissions.can_read_hidden_post(cast["member_b"], reply)
    assert permissions.can_read_hidden_post(cast["learning_user"], reply)
    assert not permissions.can_read_hidden_post(cast["member_a"], reply)
    assert not permissions.can_edit_post(cast["member_b"], reply)


def test_authors_do_not_report_their_own_posts(cast):
    question = ask(cast["member_a"])
    with pytest.raises(services.ExchangeError):
        services.post_report(actor=cast["member_a"], post=question, reason="Mine")


def test_hiding_needs_a_reason_and_leaving_up_closes_reports(cast):
    question = ask(cast["member_a"])
    services.post_report(actor=cast["member_b"], post=question, reason="Off topic")
    with pytest.raises(services.ExchangeError):
        services.post_hide(actor=cast["learning_user"], post=question, reason="  ")
    assert services.reports_dismiss(actor=cast["learning_user"], post=question) == 1
    question.refresh_from_db()
    assert not question.is_hidden

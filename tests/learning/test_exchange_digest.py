"""Following themes and the daily peer exchange email: one email with the new questions in the
themes a person follows, none when there are none, none twice in a day (in process and through
the real worker)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from learning.models import ExchangeDigestSent, ExchangeFollow, ExchangeQuestion
from learning.services.exchange import exchange_digest_send, follows_set, post_hide
from learning.tasks import send_exchange_digests
from tests.worker import celery_worker, through_the_worker  # noqa: F401 (a fixture)
from vanguards.services.digest import DigestOutcome
from workwell.celery import app

from .exchange_helpers import ask, theme

TIMEOUT = 30  # seconds for the worker
PATHWAYS = "health-and-employment-pathways"
WORKFORCE = "workforce-and-skills"


def _days_ago(question, days):
    written = timezone.now() - datetime.timedelta(days=days)
    ExchangeQuestion.objects.filter(pk=question.pk).update(created_at=written)


@pytest.mark.django_db
def test_the_follow_page_saves_the_themes(client, network_partner):
    client.force_login(network_partner)
    response = client.post(
        "/learning/exchange/follow/", {"themes": [theme(PATHWAYS).pk, theme(WORKFORCE).pk]}
    )
    assert response.status_code == 302
    followed = set(
        ExchangeFollow.objects.filter(user=network_partner).values_list("theme__slug", flat=True)
    )
    assert followed == {PATHWAYS, WORKFORCE}
    client.post("/learning/exchange/follow/", {"themes": [theme(WORKFORCE).pk]})
    assert list(ExchangeFollow.objects.values_list("theme__slug", flat=True)) == [WORKFORCE]


@pytest.mark.django_db
def test_one_email_with_the_new_questions_in_followed_themes(cast):
    follows_set(actor=cast["member_b"], themes=[theme(PATHWAYS)])
    new = ask(cast["member_a"], "Fit-note referrals?", themes=[theme(PATHWAYS)])
    also = ask(
        cast["network_partner"], "Employer champions?", themes=[theme(PATHWAYS), theme(WORKFORCE)]
    )
    elsewhere = ask(cast["member_a"], "Not followed?", themes=[theme(WORKFORCE)])
    old = ask(cast["member_a"], "Old question?", themes=[theme(PATHWAYS)])
    _days_ago(old, 2)
    own = ask(cast["member_b"], "My own question?", themes=[theme(PATHWAYS)])
    hidden = ask(cast["rm"], "Hidden question?", themes=[theme(PATHWAYS)])
    post_hide(actor=cast["learning_user"], post=hidden, reason="Duplicate")

    assert exchange_digest_send(user=cast["member_b"]) == DigestOutcome.SENT
    [email] = mail.outbox
    assert email.to == [cast["member_b"].email]
    assert email.subject == "WorkWell peer exchange: 2 new questions"
    for shown in (new, also):
        assert f"/learning/exchange/{shown.pk}/" in email.body
        assert shown.title in email.body
    for left_out in (elsewhere, old, own, hidden):
        assert f"/learning/exchange/{left_out.pk}/" not in email.body
    assert "Mem Alpha, Alpha Vanguard" in email.body


@pytest.mark.django_db
def test_no_email_when_there_is_nothing_new(cast):
    follows_set(actor=cast["member_b"], themes=[theme(PATHWAYS)])
    ask(cast["member_a"], "Not followed?", themes=[theme(WORKFORCE)])
    assert exchange_digest_send(user=cast["member_b"]) == DigestOutcome.NOTHING_TO_REPORT
    assert mail.outbox == []
    assert not ExchangeDigestSent.objects.exists()


@pytest.mark.django_db
def test_no_second_email_the_same_day_and_one_the_next(cast):
    follows_set(actor=cast["member_b"], themes=[theme(PATHWAYS)])
    ask(cast["member_a"], themes=[theme(PATHWAYS)])
    assert exchange_digest_send(user=cast["member_b"]) == DigestOutcome.SENT
    ask(cast["network_partner"], "Another?", themes=[theme(PATHWAYS)])
    assert exchange_digest_send(user=cast["member_b"]) == DigestOutcome.ALREADY_SENT
    assert len(mail.outbox) == 1
    # The next morning, less than a day after the questions were asked.
    midnight = timezone.localtime().replace(hour=0, minute=0, second=1, microsecond=0)
    tomorrow = midnight + datetime.timedelta(days=1)
    assert exchange_digest_send(user=cast["member_b"], now=tomorrow) == DigestOutcome.SENT
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_beat_task_emails_each_follower_once(cast):
    for role in ("member_b", "rm", "network_partner"):
        follows_set(actor=cast[role], themes=[theme(PATHWAYS)])
    follows_set(actor=cast["learning_user"], themes=[theme(WORKFORCE)])
    ask(cast["member_a"], themes=[theme(PATHWAYS)])
    send_exchange_digests()
    send_exchange_digests()
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        cast[role].email for role in ("member_b", "rm", "network_partner")
    )


@through_the_worker
def test_the_worker_sends_one_email_however_often_the_task_runs(
    celery_worker,  # noqa: F811
    cast,
):
    follows_set(actor=cast["member_b"], themes=[theme(PATHWAYS)])
    ask(cast["member_a"], themes=[theme(PATHWAYS)])
    # As the beat task queues it: the person and the moment that ends the window.
    args = [cast["member_b"].pk, timezone.now().isoformat()]
    first = app.send_task("learning.tasks.send_exchange_digest", args=args)
    second = app.send_task("learning.tasks.send_exchange_digest", args=args)
    outcomes = sorted([first.get(timeout=TIMEOUT), second.get(timeout=TIMEOUT)])
    # The second finds the day claimed, or (once the first has committed) nothing new since.
    assert outcomes in (["already sent", "sent"], ["nothing to report", "sent"])
    # The worker's email went to its own outbox; the claim is what proves it went once.
    assert ExchangeDigestSent.objects.filter(user=cast["member_b"]).count() == 1


@pytest.mark.django_db
def test_a_day_the_worker_missed_is_caught_up_the_next(cast):
    """The email covers the questions since the person's last email, not a fixed day: when
    the beat or the worker is down for a day, the next email still has that day's questions."""
    follows_set(actor=cast["member_b"], themes=[theme(PATHWAYS)])
    now = timezone.now()
    ask(cast["member_a"], "Before the last email?", themes=[theme(PATHWAYS)], minutes_ago=3 * 1440)
    two_days_ago = now - datetime.timedelta(days=2)
    assert exchange_digest_send(user=cast["member_b"], now=two_days_ago) == DigestOutcome.SENT
    missed = ask(cast["member_a"], "Asked on the missed day?", themes=[theme(PATHWAYS)])
    _days_ago(missed, 1.5)
    fresh = ask(cast["network_partner"], "Asked today?", themes=[theme(PATHWAYS)])
    mail.outbox.clear()
    # The beat task finds the person although their only new questions were not all today's.
    send_exchange_digests()
    [email] = mail.outbox
    assert email.subject == "WorkWell peer exchange: 2 new questions"
    for shown in (missed, fresh):
        assert f"/learning/exchange/{shown.pk}/" in email.body
    assert "Before the last email?" not in email.body
    assert ExchangeDigestSent.objects.filter(user=cast["member_b"]).count() == 2


@pytest.mark.django_db
def test_one_moment_ends_one_window_and_starts_the_next(cast):
    """A question asked just before a send is in that email and not in the next one; the
    next starts where the last ended, with no gap and no overlap."""
    follows_set(actor=cast["member_b"], themes=[theme(PATHWAYS)])
    first = ask(cast["member_a"], "In the first email?", themes=[theme(PATHWAYS)])
    sent = timezone.now()
    assert exchange_digest_send(user=cast["member_b"], now=sent) == DigestOutcome.SENT
    tomorrow = sent + datetime.timedelta(days=1)
    assert exchange_digest_send(user=cast["member_b"], now=tomorrow) == (
        DigestOutcome.NOTHING_TO_REPORT
    )
    later = ask(cast["member_a"], "After the first email?", themes=[theme(PATHWAYS)])
    assert exchange_digest_send(user=cast["member_b"], now=tomorrow) == DigestOutcome.SENT
    assert f"/learning/exchange/{first.pk}/" not in mail.outbox[1].body
    assert f"/learning/exchange/{later.pk}/" in mail.outbox[1].body

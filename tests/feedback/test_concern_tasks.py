"""The daily concern tasks: the RM lead's digest of overdue concerns (once per person per day)
and closing concerns nobody replied to (once), in process and through the real worker, run
twice at once."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from feedback.models import Concern, ConcernDigestSent, ConcernEntry
from feedback.services import concerns as services
from feedback.services.concern_digest import concern_digest_send
from feedback.tasks import send_concern_digests
from tests.worker import celery_worker, through_the_worker  # noqa: F401 (a fixture)
from vanguards.services.digest import DigestOutcome
from workwell.celery import app

from .conftest import raise_concern

TIMEOUT = 30  # seconds for the worker
LONG_AGO = timezone.localdate() - datetime.timedelta(days=60)


@pytest.mark.django_db
def test_the_digest_lists_overdue_concerns_once_a_day(member_a, rm, rm_lead, settings):
    on_time = raise_concern(member_a, today=timezone.localdate(), what_happened="Fresh")
    late = raise_concern(member_a, today=LONG_AGO)
    today = timezone.localdate()
    assert concern_digest_send(user=rm_lead, today=today) == DigestOutcome.SENT
    assert concern_digest_send(user=rm_lead, today=today) == DigestOutcome.ALREADY_SENT
    [email] = mail.outbox
    assert email.to == [rm_lead.email]
    assert email.subject == "WorkWell: 1 concern overdue"
    assert f"/feedback/concerns/{late.pk}/" in email.body
    assert f"/feedback/concerns/{on_time.pk}/" not in email.body
    assert "not acknowledged, was due" in email.body
    # The next day it goes again; RMs get no concern digest (theirs is the RM digest).
    tomorrow = today + datetime.timedelta(days=1)
    assert concern_digest_send(user=rm_lead, today=tomorrow) == DigestOutcome.SENT
    assert concern_digest_send(user=rm, today=today) == DigestOutcome.NOTHING_TO_REPORT


@pytest.mark.django_db
def test_nothing_overdue_sends_nothing(member_a, rm, rm_lead):
    raise_concern(member_a, today=timezone.localdate())
    assert send_concern_digests() == 0
    assert concern_digest_send(user=rm_lead) == DigestOutcome.NOTHING_TO_REPORT
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_beat_runs_both_tasks_daily(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "feedback.tasks.send_concern_digests",
        "feedback.tasks.close_unanswered_concerns",
    } <= tasks


def _responded_long_ago(concern, by):
    services.concern_acknowledge(concern=concern, by=by)
    services.concern_start_investigation(concern=concern, by=by)
    services.concern_respond(concern=concern, by=by, response="Sorted.", today=LONG_AGO)


def _at_once(call, times=3) -> list:
    """Run `call` in `times` threads released together, as two beats or workers would."""
    barrier = threading.Barrier(times)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(call())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_digests_sent_at_once_send_one_email(member_a, rm, rm_lead):
    raise_concern(member_a, today=LONG_AGO)
    outcomes = _at_once(lambda: concern_digest_send(user=rm_lead))
    assert sorted(outcomes) == ["already sent", "already sent", "sent"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_auto_closes_run_at_once_close_each_concern_once(member_a, rm):
    concern = raise_concern(member_a, today=LONG_AGO)
    _responded_long_ago(concern, rm)
    assert sorted(_at_once(services.concerns_close_unanswered)) == [0, 0, 1]
    assert concern.entries.filter(kind=ConcernEntry.Kind.CLOSED).count() == 1
    assert concern.history.filter(state=Concern.State.CLOSED).count() == 1


# --- Through the real worker --------------------------------------------------------------


@through_the_worker
def test_the_worker_sends_one_digest_however_often_the_task_runs(
    celery_worker,  # noqa: F811
    member_a,
    rm,
    rm_lead,
):
    raise_concern(member_a, today=LONG_AGO)
    first = app.send_task("feedback.tasks.send_concern_digest", args=[rm_lead.pk])
    second = app.send_task("feedback.tasks.send_concern_digest", args=[rm_lead.pk])
    outcomes = sorted([first.get(timeout=TIMEOUT), second.get(timeout=TIMEOUT)])
    assert outcomes == ["already sent", "sent"]
    # The worker's email went to its own outbox; the claim is what proves it went once.
    assert ConcernDigestSent.objects.filter(user=rm_lead).count() == 1


@through_the_worker
def test_the_worker_closes_an_unanswered_concern_once(
    celery_worker,  # noqa: F811
    member_a,
    rm,
):
    concern = raise_concern(member_a, today=LONG_AGO)
    _responded_long_ago(concern, rm)
    first = app.send_task("feedback.tasks.close_unanswered_concerns")
    second = app.send_task("feedback.tasks.close_unanswered_concerns")
    assert sorted([first.get(timeout=TIMEOUT), second.get(timeout=TIMEOUT)]) == [0, 1]
    concern.refresh_from_db()
    assert (concern.state, concern.closed_automatically) == (Concern.State.CLOSED, True)
    assert concern.entries.filter(kind=ConcernEntry.Kind.CLOSED).count() == 1

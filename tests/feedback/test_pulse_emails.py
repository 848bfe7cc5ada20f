"""The pulse survey's beat: it opens at the start of the quarter's last month, asks every
active member once, reminds non-responders once after 7 days and closes at the quarter's end.
Running it twice, or two beats at once (threads, and the real worker through Redis), sends
nobody a second email."""

import datetime
import threading

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from feedback.models import PulseInvitation, PulseSurvey
from feedback.services.pulse import pulse_survey_run
from feedback.tasks import run_pulse_survey
from tests.factories import make_member
from tests.worker import celery_worker  # noqa: F401 (a fixture)
from workwell.celery import app
from workwell.dates import Quarter

from .pulse import answer

TIMEOUT = 60
# 2026/27 Q3 runs October to December 2026: its survey opens on 1 December.
BEFORE = timezone.make_aware(datetime.datetime(2026, 11, 30, 9))
OPENING = timezone.make_aware(datetime.datetime(2026, 12, 1, 9))
WEEK_ON = OPENING + datetime.timedelta(days=7)
NEXT_QUARTER = timezone.make_aware(datetime.datetime(2027, 1, 1, 9))


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.mark.django_db
def test_nothing_opens_before_the_last_month(member_a):
    assert pulse_survey_run(now=BEFORE) == {"closed": 0, "invited": 0, "reminded": 0}
    assert mail.outbox == []
    assert not PulseSurvey.objects.filter(status=PulseSurvey.Status.OPEN).exists()


@pytest.mark.django_db
def test_opening_asks_every_active_member_once(member_a, member_b, vanguard_a):
    switched_off = make_member(vanguard_a, is_active=False)
    assert pulse_survey_run(now=OPENING)["invited"] == 2
    assert pulse_survey_run(now=OPENING)["invited"] == 0
    assert recipients() == sorted([member_a.email, member_b.email])
    assert "pulse survey 2026/27 Q3" in mail.outbox[0].subject
    assert "/feedback/pulse/" in mail.outbox[0].body
    survey = PulseSurvey.objects.get()
    assert (survey.status, survey.opens_on, survey.closes_on) == (
        "open",
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 31),
    )
    assert not PulseInvitation.objects.filter(person=switched_off).exists()


@pytest.mark.django_db
def test_a_member_who_joins_later_is_asked_on_the_next_run(member_a, vanguard_b):
    pulse_survey_run(now=OPENING)
    newcomer = make_member(vanguard_b)
    pulse_survey_run(now=OPENING + datetime.timedelta(days=2))
    assert recipients() == sorted([member_a.email, newcomer.email])


@pytest.mark.django_db
def test_non_responders_are_reminded_once_after_seven_days(member_a, member_b):
    pulse_survey_run(now=OPENING)
    answer(PulseSurvey.objects.get(), member_a, today=OPENING.date())
    mail.outbox.clear()
    assert pulse_survey_run(now=WEEK_ON - datetime.timedelta(hours=1))["reminded"] == 0
    assert pulse_survey_run(now=WEEK_ON)["reminded"] == 1
    assert pulse_survey_run(now=WEEK_ON + datetime.timedelta(days=1))["reminded"] == 0
    assert recipients() == [member_b.email]
    assert mail.outbox[0].subject.startswith("Reminder:")


@pytest.mark.django_db
def test_the_survey_closes_when_the_quarter_ends(member_a):
    pulse_survey_run(now=OPENING)
    mail.outbox.clear()
    assert pulse_survey_run(now=NEXT_QUARTER)["closed"] == 1
    survey = PulseSurvey.objects.get(number=3)
    assert survey.status == "closed" and survey.closed_at is not None
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_beat_runs_the_task_daily():
    (entry,) = [
        entry
        for entry in django_settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "feedback.tasks.run_pulse_survey"
    ]
    assert entry["schedule"].hour == {9} and entry["schedule"].minute == {0}
    assert app.tasks[run_pulse_survey.name].name == "feedback.tasks.run_pulse_survey"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_beats_at_once_send_each_email_once(member_a, member_b, vanguard_a):
    make_member(vanguard_a)
    barrier = threading.Barrier(3)
    sent = []

    def beat(now):
        try:
            barrier.wait()
            sent.append(pulse_survey_run(now=now))
        finally:
            connection.close()

    for now in (OPENING, WEEK_ON):
        threads = [threading.Thread(target=beat, args=[now]) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        barrier.reset()
    assert sum(counts["invited"] for counts in sent) == 3
    assert sum(counts["reminded"] for counts in sent) == 3
    assert len(mail.outbox) == 6 and len(set(recipients())) == 3


# --- Through the real worker --------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.filterwarnings("ignore:Results are not stored in backend:RuntimeWarning")
def test_the_worker_run_twice_at_once_asks_each_member_once(
    celery_worker,  # noqa: F811
    member_a,
    member_b,
):
    # The worker runs on today's date: open a survey for this quarter that is open today.
    today = timezone.localdate()
    quarter = Quarter.containing(today)
    PulseSurvey.objects.create(
        year=quarter.year,
        number=quarter.number,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=5),
        status=PulseSurvey.Status.OPEN,
    )
    first = app.send_task("feedback.tasks.run_pulse_survey")
    second = app.send_task("feedback.tasks.run_pulse_survey")
    outcomes = [first.get(timeout=TIMEOUT), second.get(timeout=TIMEOUT)]
    # One after the other, or at once on a worker with several processes: two invitations in
    # all (a broken claim would send four).
    assert sum(outcome["invited"] for outcome in outcomes) == 2
    # The worker's email went to its own locmem outbox; the claims prove each went once.
    claimed = PulseInvitation.objects.filter(invited_at__isnull=False)
    assert sorted(claimed.values_list("person__email", flat=True)) == sorted(
        [member_a.email, member_b.email]
    )

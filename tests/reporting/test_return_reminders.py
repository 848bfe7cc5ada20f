"""Return reminders: each vanguard's members are emailed about each return not signed off, of
every chased quarter (the latest due one and every earlier one past its due date), 5
working days before it is due (counted in England-and-Wales working days), on the due day, and
once when it is overdue (not signed off by the due date); each kind once per vanguard and
quarter, however often the beat runs, even two beats at once and through the real worker."""

import datetime
import threading

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reporting.models import QuarterlyReturn, ReturnPeriod, ReturnReminder
from reporting.services.reminders import return_reminders_run
from reporting.tasks import send_return_reminders
from tests.factories import make_member
from tests.worker import celery_worker, through_the_worker  # noqa: F401 (a fixture)
from vanguards.models import Vanguard
from workwell.celery import app
from workwell.dates import Quarter

TIMEOUT = 60
Status = QuarterlyReturn.Status
# 2026/27 Q2 (July to September 2026) is due on Friday 30 October 2026: 5 working days before
# is Friday 23 October.
Q2 = Quarter(2026, 2)
DUE = datetime.date(2026, 10, 30)


def day(month, number, year=2026) -> datetime.date:
    return datetime.date(year, month, number)


@pytest.fixture
def period(db):
    return ReturnPeriod.objects.create(year=Q2.year, number=Q2.number, due_on=DUE)


def sent(kind=None) -> list[tuple[str, str]]:
    """(vanguard slug, kind) of every reminder claimed, in order."""
    rows = ReturnReminder.objects.order_by("vanguard__slug", "kind")
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.values_list("vanguard__slug", "kind"))


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.mark.django_db
def test_each_kind_goes_once_on_its_day(period, member_a, member_b):
    by_day = {}
    today = day(10, 19)
    while today <= day(11, 6):
        # Twice a day: the second run finds every reminder claimed.
        first, second = return_reminders_run(today=today), return_reminders_run(today=today)
        assert sum(second.values()) == 0
        by_day[today] = {kind: count for kind, count in first.items() if count}
        today += datetime.timedelta(days=1)
    assert {when: counts for when, counts in by_day.items() if counts} == {
        day(10, 23): {"before": 2},
        DUE: {"due": 2},
        day(10, 31): {"overdue": 2},
    }
    assert len(mail.outbox) == 6
    subjects = {message.subject for message in mail.outbox}
    assert subjects == {
        "Your 2026/27 Q2 quarterly return is due on 30 October 2026",
        "Your 2026/27 Q2 quarterly return is due today",
        "Your 2026/27 Q2 quarterly return is overdue",
    }
    before = next(message for message in mail.outbox if message.to == [member_a.email])
    assert "Alpha Vanguard" in before.body and "30 October 2026" in before.body


@pytest.mark.django_db
def test_no_reminder_before_the_fifth_working_day_nor_on_a_weekend(period, member_a):
    assert sum(return_reminders_run(today=day(10, 22)).values()) == 0  # 6 working days before
    # Saturday 24 October is 5 working days before too, but nobody is emailed at a weekend:
    # a beat that missed Friday sends on Monday.
    assert sum(return_reminders_run(today=day(10, 24)).values()) == 0
    assert sum(return_reminders_run(today=day(10, 25)).values()) == 0
    assert return_reminders_run(today=day(10, 26))["before"] == 1
    assert sent() == [("alpha", "before")]


@pytest.mark.django_db
def test_a_bank_holiday_moves_the_first_reminder_earlier(member_a):
    # 2026/27 Q4 is due on Tuesday 4 May 2027; Monday 3 May is a bank holiday, so the fifth
    # working day before is Monday 26 April (without the holiday it would be Tuesday 27).
    ReturnPeriod.objects.create(year=2026, number=4, due_on=day(5, 4, 2027))
    assert sum(return_reminders_run(today=day(4, 23, 2027)).values()) == 0
    assert return_reminders_run(today=day(4, 26, 2027))["before"] == 1
    assert sum(return_reminders_run(today=day(4, 27, 2027)).values()) == 0
    assert sum(return_reminders_run(today=day(5, 3, 2027)).values()) == 0
    assert return_reminders_run(today=day(5, 4, 2027))["due"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "reminded"),
    [
        (None, True),
        (Status.IN_PROGRESS, True),
        (Status.SUBMITTED, False),
        (Status.QUERIED, False),  # signed off once: waiting on an answer, not late
        (Status.ACCEPTED, False),
    ],
)
def test_overdue_only_when_not_signed_off(period, member_a, vanguard_a, status, reminded):
    if status:
        QuarterlyReturn.objects.create(vanguard=vanguard_a, year=2026, number=2, status=status)
    counts = return_reminders_run(today=day(11, 2))
    assert counts["overdue"] == (1 if reminded else 0)
    assert recipients() == ([member_a.email] if reminded else [])


@pytest.mark.django_db
def test_signed_off_returns_get_no_reminder_before_or_on_the_day(period, member_a, vanguard_a):
    QuarterlyReturn.objects.create(
        vanguard=vanguard_a, year=2026, number=2, status=Status.SUBMITTED
    )
    assert sum(return_reminders_run(today=day(10, 23)).values()) == 0
    assert sum(return_reminders_run(today=DUE).values()) == 0


@pytest.mark.django_db
def test_every_active_member_of_open_vanguards_is_emailed(period, member_a, vanguard_a, vanguard_b):
    colleague = make_member(vanguard_a)
    make_member(vanguard_a, is_active=False)
    make_member(vanguard_b)
    Vanguard.objects.filter(pk=vanguard_b.pk).update(status=Vanguard.Status.CLOSED)
    return_reminders_run(today=DUE)
    assert recipients() == sorted([member_a.email, colleague.email])
    # One email each: members do not see each other's addresses.
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert ReturnReminder.objects.get().recipients == 2


@pytest.mark.django_db
def test_a_vanguard_without_members_is_not_claimed(period, vanguard_a):
    assert return_reminders_run(today=DUE)["due"] == 0
    member = make_member(vanguard_a)
    assert return_reminders_run(today=DUE)["due"] == 1
    assert recipients() == [member.email]


@pytest.mark.django_db
def test_nothing_is_sent_without_a_due_date_for_the_ended_quarter(member_a):
    # Only the current quarter (not ended) has a due date: nothing is being collected.
    ReturnPeriod.objects.create(year=2026, number=3, due_on=day(1, 29, 2027))
    for today in (day(10, 23), day(12, 1), day(12, 31)):
        assert sum(return_reminders_run(today=today).values()) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_every_overdue_quarter_is_chased_once(member_a, vanguard_a):
    """Two quarters overdue: one overdue email each, and the same again sends nothing more;
    a quarter whose return is signed off, or queried (the RM chases the answer), gets none."""
    ReturnPeriod.objects.create(year=2025, number=4, due_on=day(4, 30))
    ReturnPeriod.objects.create(year=2026, number=1, due_on=day(7, 31))
    ReturnPeriod.objects.create(year=2026, number=2, due_on=DUE)
    QuarterlyReturn.objects.create(vanguard=vanguard_a, year=2026, number=1, status=Status.QUERIED)
    QuarterlyReturn.objects.create(
        vanguard=vanguard_a, year=2025, number=4, status=Status.IN_PROGRESS
    )
    assert return_reminders_run(today=day(11, 2)) == {"before": 0, "due": 0, "overdue": 2}
    assert sorted(ReturnReminder.objects.values_list("year", "number", "kind")) == [
        (2025, 4, "overdue"),
        (2026, 2, "overdue"),
    ]
    assert sorted(message.subject for message in mail.outbox) == [
        "Your 2025/26 Q4 quarterly return is overdue",
        "Your 2026/27 Q2 quarterly return is overdue",
    ]
    older = next(message for message in mail.outbox if "2025/26 Q4" in message.subject)
    assert "was due on 30 April 2026" in older.body
    assert reverse("reporting:return", kwargs={"slug": "alpha", "quarter": Quarter(2025, 4)}) in (
        older.body
    )
    for today in (day(11, 2), day(11, 3)):
        assert sum(return_reminders_run(today=today).values()) == 0
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_task_run_twice_today_sends_one_email_per_overdue_quarter(member_a):
    """The beat's task, on today's date: the last two ended quarters both overdue."""
    today = timezone.localdate()
    ended = Quarter.containing(today).previous()
    for quarter in (ended, ended.previous()):
        ReturnPeriod.objects.create(
            year=quarter.year, number=quarter.number, due_on=today - datetime.timedelta(days=1)
        )
    assert send_return_reminders.apply().get() == {"before": 0, "due": 0, "overdue": 2}
    assert send_return_reminders.apply().get() == {"before": 0, "due": 0, "overdue": 0}
    assert sorted(message.subject for message in mail.outbox) == sorted(
        f"Your {quarter} quarterly return is overdue" for quarter in (ended, ended.previous())
    )


@pytest.mark.django_db
def test_an_older_overdue_return_and_the_latest_before_its_due_date(member_a):
    """The latest quarter gets its "before" reminder while an older one is overdue."""
    ReturnPeriod.objects.create(year=2026, number=1, due_on=day(7, 31))
    ReturnPeriod.objects.create(year=2026, number=2, due_on=DUE)
    assert return_reminders_run(today=day(10, 23)) == {"before": 1, "due": 0, "overdue": 1}
    assert sorted(ReturnReminder.objects.values_list("number", "kind")) == [
        (1, "overdue"),
        (2, "before"),
    ]


@pytest.mark.django_db
def test_the_beat_runs_the_task_daily():
    (entry,) = [
        entry
        for entry in django_settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "reporting.tasks.send_return_reminders"
    ]
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {30}
    assert app.tasks[send_return_reminders.name].name == "reporting.tasks.send_return_reminders"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_three_beats_at_once_send_each_reminder_once(period, member_a, member_b, vanguard_a):
    make_member(vanguard_a)
    results = []
    for today in (day(10, 23), DUE, day(11, 2)):
        barrier = threading.Barrier(3)

        def beat(today=today, barrier=barrier):
            try:
                barrier.wait()
                results.append(return_reminders_run(today=today))
            finally:
                connection.close()

        threads = [threading.Thread(target=beat) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sum(sum(counts.values()) for counts in results) == 6  # 2 vanguards x 3 kinds
    assert len(sent()) == 6
    assert len(mail.outbox) == 9  # 3 members x 3 kinds


# --- Through the real worker --------------------------------------------------------------


@through_the_worker
def test_the_worker_run_twice_at_once_reminds_each_vanguard_once(
    celery_worker,  # noqa: F811
    member_a,
    member_b,
):
    # The worker runs on today's date: the quarter that ended last is due the day after it
    # ended, so today it is due (on that day) or overdue.
    ended = Quarter.containing(timezone.localdate()).previous()
    ReturnPeriod.objects.create(
        year=ended.year, number=ended.number, due_on=ended.end + datetime.timedelta(days=1)
    )
    first = app.send_task("reporting.tasks.send_return_reminders")
    second = app.send_task("reporting.tasks.send_return_reminders")
    outcomes = [first.get(timeout=TIMEOUT), second.get(timeout=TIMEOUT)]
    # Two reminders in all, one a vanguard (a broken claim would send four).
    assert sum(sum(outcome.values()) for outcome in outcomes) == 2
    assert sorted(slug for slug, _ in sent()) == ["alpha", "bravo"]

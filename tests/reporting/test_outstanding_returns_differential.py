"""The outstanding returns are picked and counted in SQL (with a LIMIT for the homes' most
urgent few). Checked here against the rule as it was written before, in Python over every
vanguard and every return of the chased quarters, on a programme with vanguards that start
and end at different times, closed ones, returns of every status inside and outside their
vanguard's delivery and outside the chased quarters, quarters past due, being collected and not
yet due, seen on several days: every outstanding return with its state, the counts, the
returns received and the oldest quarter must be the same, and the homes' few must be the
reference's most urgent."""

import datetime
import random

import pytest

from reporting.models import QuarterlyReturn, ReturnPeriod
from reporting.selectors.returns_admin import (
    IN_PROGRESS,
    LATE,
    NOT_STARTED,
    QUERIED,
    outstanding_returns,
)
from tests.factories import VanguardFactory
from vanguards.models import Vanguard
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db

Status = QuarterlyReturn.Status
SIGNED_OFF = (Status.SUBMITTED, Status.QUERIED, Status.ACCEPTED)
URGENCY = [LATE, QUERIED, IN_PROGRESS, NOT_STARTED]
FIRST = Quarter(2023, 1)


def reference(vanguards: list[Vanguard], today: datetime.date):
    """The old rule: the chased periods (every quarter past due, and the latest ended one with
    a due date); each open vanguard's missing returns of the chased quarters it delivers in,
    and its returns in progress or queried of any chased quarter; received: the vanguards
    that signed off the latest one. Every outstanding return oldest quarter first, then by
    vanguard name."""
    ended = Quarter.containing(today).previous()
    periods = sorted(
        (p for p in ReturnPeriod.objects.all() if p.quarter <= ended), key=lambda p: p.quarter
    )
    periods = [p for i, p in enumerate(periods) if p.due_on < today or i == len(periods) - 1]
    if not periods:
        return None
    rows = sorted(
        (v for v in vanguards if v.status != Vanguard.Status.CLOSED), key=lambda v: v.name
    )
    statuses = {
        (r.vanguard_id, Quarter(r.year, r.number)): r.status for r in QuarterlyReturn.objects.all()
    }
    latest = periods[-1]
    owed, received = [], 0
    for vanguard in rows:
        for period in periods:
            quarter = period.quarter
            status = statuses.get((vanguard.pk, quarter))
            delivers = vanguard.start_date <= quarter.end and vanguard.end_date >= quarter.start
            if status is None and not delivers:
                continue
            if status == Status.QUERIED:
                state = QUERIED
            elif status in SIGNED_OFF:
                received += period is latest
                continue
            elif today > period.due_on:
                state = LATE
            else:
                state = NOT_STARTED if status is None else IN_PROGRESS
            owed.append((quarter, vanguard.name, vanguard.slug, state, status, period.due_on))
    owed.sort(key=lambda row: (row[0], row[1]))
    return latest, owed, received


def _programme(seed: int) -> list[Vanguard]:
    """Vanguards starting and ending at different times (some closed), quarters with due
    dates (one a gap without), and returns of random statuses, some outside the delivery."""
    rng = random.Random(seed)
    quarters = [FIRST]
    for _ in range(13):
        quarters.append(quarters[-1].next())
    for index, quarter in enumerate(quarters):
        if index != 5:  # a quarter nobody set a due date for is not chased
            due = quarter.end + datetime.timedelta(days=rng.choice([20, 30, 45]))
            ReturnPeriod.objects.create(year=quarter.year, number=quarter.number, due_on=due)
    vanguards = []
    for index in range(14):
        # Delivery from a quarter's first day, its last day (it delivers in that quarter) or
        # within it, to a quarter's last day or its first day (it still delivers in it).
        begins = rng.choice(quarters[:8])
        start = rng.choice([begins.start, begins.end, begins.start + datetime.timedelta(40)])
        ends = rng.choice([q for q in quarters if q > begins] + [Quarter(2027, 4)])
        end = rng.choice([ends.end, ends.start])
        status = rng.choice([Vanguard.Status.LIVE] * 4 + [Vanguard.Status.CLOSED])
        vanguards.append(
            VanguardFactory(
                name=f"{rng.choice('ABCDEFGH')}{index:02} vanguard",
                start_date=start,
                end_date=end,
                status=status,
            )
        )
    choices = [None, None, *Status.values]
    for vanguard in vanguards:
        for quarter in [FIRST.previous(), *quarters]:
            status = rng.choice(choices)
            if status is not None:
                QuarterlyReturn.objects.create(
                    vanguard=vanguard, year=quarter.year, number=quarter.number, status=status
                )
    # One that has sent nothing, delivering from the last day of a quarter to the first day of
    # another: it owes both quarters' returns.
    vanguards.append(
        VanguardFactory(name="Z boundaries", start_date=quarters[3].end, end_date=quarters[9].start)
    )
    return vanguards


def _days():
    """Days across the programme: before any due date, on a due date and the day after, just
    after a quarter ends (collecting), and long after."""
    due = [period.due_on for period in ReturnPeriod.objects.order_by("year", "number")]
    return [
        datetime.date(2023, 5, 1),
        due[0],
        due[0] + datetime.timedelta(days=1),
        due[8],
        due[8] + datetime.timedelta(days=1),
        Quarter(2024, 3).end + datetime.timedelta(days=1),
        datetime.date(2027, 1, 15),
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_sql_rule_is_the_old_rule(seed):
    vanguards = _programme(seed)
    some = vanguards[::2]
    for today in _days():
        for chosen, given in (
            (vanguards, Vanguard.objects.all()),
            (some, Vanguard.objects.filter(pk__in=[v.pk for v in some])),
            (some, some),  # rows already read
            ([], []),
        ):
            expected = reference(chosen, today)
            found = outstanding_returns(vanguards=given, today=today)
            if expected is None:
                assert found is None
                continue
            latest, owed, received = expected
            assert found.period == latest
            got = [
                (r.quarter, r.vanguard.name, r.vanguard.slug, r.state, r.status, r.due_on)
                for r in found.returns
            ]
            assert got == owed
            assert found.received == received
            assert found.counts == {state: sum(r[3] == state for r in owed) for state in URGENCY}
            assert found.total == len(owed)
            assert found.owed_latest == sum(r[0] == latest.quarter for r in owed)
            assert found.earliest == min((r[0] for r in owed), default=latest.quarter)
            # The homes' few: the most urgent first, then the oldest quarter, then by name.
            urgent = sorted(owed, key=lambda r: (URGENCY.index(r[3]), r[0], r[1]))
            for shown in (1, 3, 10):
                few = outstanding_returns(vanguards=given, today=today, shown=shown)
                assert [(r.quarter, r.vanguard.name, r.state) for r in few.returns] == [
                    (r[0], r[1], r[3]) for r in urgent[:shown]
                ]
                assert (few.counts, few.received, few.earliest, few.owed_latest) == (
                    found.counts,
                    found.received,
                    found.earliest,
                    found.owed_latest,
                )


def test_the_programme_is_varied():
    """The data above reaches every state, closed vanguards and returns outside delivery."""
    vanguards = _programme(1)
    found = outstanding_returns(vanguards=vanguards, today=datetime.date(2026, 11, 1))
    states = {row.state for row in found.returns}
    assert {LATE, QUERIED} <= states
    collecting = outstanding_returns(
        vanguards=vanguards, today=Quarter(2024, 3).end + datetime.timedelta(days=1)
    )
    assert {NOT_STARTED, IN_PROGRESS} <= {row.state for row in collecting.returns}
    assert any(v.status == Vanguard.Status.CLOSED for v in vanguards)

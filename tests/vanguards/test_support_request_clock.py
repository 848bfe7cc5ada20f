"""The triage clock: working days since a request was raised (weekends and England-and-Wales
bank holidays left out), and the flag on requests not triaged within the programme's limit.

Requests get an explicit `raised_at` and selectors get `today`, so no clock is mocked."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import SupportRequestFactory
from vanguards.models import ProgrammeSettings, SupportRequest
from vanguards.selectors.support import (
    is_flagged,
    programme_settings,
    support_requests_for_list,
    triage_cutoff,
    working_days_open,
)
from vanguards.services.support import support_request_accept, support_request_decline
from workwell.dates import working_days_between

D = datetime.date


def raised_on(support_request, day: datetime.date, hour: int = 9) -> SupportRequest:
    """raised_at is set on insert, so move it afterwards."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    SupportRequest.objects.filter(pk=support_request.pk).update(raised_at=moment)
    support_request.refresh_from_db()
    return support_request


@pytest.fixture
def request_a(member_a, vanguard_a):
    return SupportRequestFactory(vanguard=vanguard_a, raised_by=member_a)


def flagged_on(user, today, limit=3) -> set[int]:
    rows = support_requests_for_list(user=user, today=today, limit=limit)
    return {row.pk for row in rows if row.is_flagged}


# Thursday 24 December 2026: Christmas Day is Friday 25th, Boxing Day (Saturday 26th) is
# observed on Monday 28th, New Year's Day is Friday 1 January 2027.
CHRISTMAS = [
    (D(2026, 12, 29), 1, False),  # Tuesday: the first working day after the 24th
    (D(2026, 12, 30), 2, False),
    (D(2026, 12, 31), 3, False),  # three working days: still within the limit
    (D(2027, 1, 1), 3, False),  # New Year's Day is not a working day
    (D(2027, 1, 3), 3, False),  # nor is Sunday
    (D(2027, 1, 4), 4, True),  # Monday: the fourth working day, so flagged
]

# Thursday 2 April 2026: Good Friday 3 April and Easter Monday 6 April.
EASTER = [
    (D(2026, 4, 6), 0, False),
    (D(2026, 4, 9), 3, False),
    (D(2026, 4, 10), 4, True),
]

# Friday 22 May 2026, before the spring bank holiday on Monday 25 May.
SPRING = [
    (D(2026, 5, 25), 0, False),
    (D(2026, 5, 28), 3, False),
    (D(2026, 5, 29), 4, True),
]

# An ordinary week: raised on a Wednesday.
ORDINARY = [(D(2026, 3, 4), 0, False), (D(2026, 3, 9), 3, False), (D(2026, 3, 10), 4, True)]


@pytest.mark.parametrize(
    ("raised", "today", "working_days", "flagged"),
    [(D(2026, 12, 24), *case) for case in CHRISTMAS]
    + [(D(2026, 4, 2), *case) for case in EASTER]
    + [(D(2026, 5, 22), *case) for case in SPRING]
    + [(D(2026, 3, 4), *case) for case in ORDINARY],
)
def test_clock_skips_weekends_and_bank_holidays(
    request_a, rm, raised, today, working_days, flagged
):
    support_request = raised_on(request_a, raised)
    assert working_days_open(support_request, today=today) == working_days
    assert is_flagged(support_request, today=today, limit=3) is flagged
    # The database filter agrees with the Python rule.
    assert (support_request.pk in flagged_on(rm, today)) is flagged


def test_late_evening_raise_counts_from_its_uk_date(request_a, rm):
    # Midnight starting Thursday 2 July 2026 in London (BST) is 23:00 UTC on Wednesday 1 July.
    # Counted from the UTC date the request would be flagged a day early.
    support_request = raised_on(request_a, D(2026, 7, 2), hour=0)
    assert working_days_open(support_request, today=D(2026, 7, 7)) == 3
    assert support_request.pk not in flagged_on(rm, D(2026, 7, 7))
    assert support_request.pk in flagged_on(rm, D(2026, 7, 8))


def test_triaged_requests_are_not_flagged(request_a, rm):
    support_request = raised_on(request_a, D(2026, 3, 4))
    support_request_accept(support_request=support_request, by=rm)
    assert not flagged_on(rm, D(2026, 6, 1))


def test_the_clock_stops_when_a_request_is_declined(request_a, rm):
    support_request = raised_on(request_a, D(2026, 3, 4))
    support_request_decline(support_request=support_request, by=rm, reason="Out of scope")
    SupportRequest.objects.filter(pk=support_request.pk).update(
        closed_at=timezone.make_aware(datetime.datetime(2026, 3, 6, 12))
    )
    support_request.refresh_from_db()
    assert working_days_open(support_request, today=D(2026, 6, 1)) == 2


def test_the_limit_comes_from_programme_settings(request_a, rm, client):
    settings = programme_settings()
    assert settings.support_request_triage_working_days == 3  # the default
    ProgrammeSettings.objects.update_or_create(
        pk=1, defaults={"support_request_triage_working_days": 5}
    )
    raised_on(request_a, timezone.localdate() - datetime.timedelta(days=21))
    client.force_login(rm)
    html = client.get("/support-requests/").content.decode()
    assert "Not triaged in 5 working days" in html


@pytest.mark.parametrize("limit", [1, 3, 5, 10])
@pytest.mark.parametrize("today", [D(2026, 12, 24), D(2027, 1, 4), D(2026, 4, 7), D(2026, 5, 30)])
def test_cutoff_is_the_first_raise_date_inside_the_limit(today, limit):
    cutoff = triage_cutoff(today=today, limit=limit)
    assert working_days_between(cutoff, today) <= limit
    assert working_days_between(cutoff - datetime.timedelta(days=1), today) > limit

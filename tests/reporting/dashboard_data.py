"""Known data for the dashboard tests: delivery strands and quarterly returns set by hand, so
every figure can be worked out on paper (the returns helper's own factories may replace these
at merge)."""

import datetime

from django.utils import timezone

from reporting.models import DeliveryStrand, QuarterlyReturn, ReturnPeriod, StrandReturn
from workwell.dates import Quarter

Q1, Q2 = Quarter(2025, 1), Quarter(2025, 2)
DUE_Q2 = datetime.date(2025, 10, 20)
TODAY = datetime.date(2025, 11, 3)  # after Q2's returns were due


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))


def strand(vanguard, name="Main service") -> DeliveryStrand:
    return DeliveryStrand.objects.get_or_create(
        vanguard=vanguard,
        name=name,
        defaults={
            "participant_target": vanguard.participant_target,
            "funding_allocation": vanguard.funding_allocation,
            "in_work_share_target": vanguard.in_work_share_target,
            "start_date": vanguard.start_date,
            "end_date": vanguard.end_date,
        },
    )[0]


def report(
    vanguard,
    quarter: Quarter,
    *,
    status=QuarterlyReturn.Status.ACCEPTED,
    signed_off_on: datetime.date | None = None,
    starts=0,
    in_work=0,
    **figures,
) -> QuarterlyReturn:
    """A return of one strand: `starts` of whom `in_work` were in work, and other figures
    (spend, satisfaction_responses, satisfied, remained_in_work, entered_work, completions)."""
    if signed_off_on is None and status != QuarterlyReturn.Status.IN_PROGRESS:
        signed_off_on = quarter.end + datetime.timedelta(days=7)
    quarterly = QuarterlyReturn.objects.create(
        vanguard=vanguard,
        year=quarter.year,
        number=quarter.number,
        status=status,
        signed_off_at=at(signed_off_on) if signed_off_on else None,
    )
    StrandReturn.objects.create(
        quarterly_return=quarterly,
        strand=strand(vanguard),
        starts=starts,
        starts_in_work=in_work,
        starts_out_of_work=starts - in_work,
        **figures,
    )
    return quarterly


def due(quarter: Quarter, on: datetime.date) -> ReturnPeriod:
    return ReturnPeriod.objects.create(year=quarter.year, number=quarter.number, due_on=on)

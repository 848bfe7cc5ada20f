"""Returns for the snapshot and report tests: one strand per vanguard, figures that keep
every validation rule."""

import datetime
from decimal import Decimal

from reporting.models import DeliveryStrand, QuarterlyReturn, StrandReturn
from workwell.dates import Quarter

# Closed long before any test runs; the vanguard factory's programme starts in it.
QUARTER = Quarter(2025, 1)
LATER = Quarter(2025, 2)
ACCEPTED = QuarterlyReturn.Status.ACCEPTED
SUBMITTED = QuarterlyReturn.Status.SUBMITTED


def strand_of(vanguard) -> DeliveryStrand:
    strand, _ = DeliveryStrand.objects.get_or_create(
        vanguard=vanguard,
        name="Employment support in the MSK service",
        defaults={
            "participant_target": vanguard.participant_target,
            "funding_allocation": vanguard.funding_allocation,
            "in_work_share_target": 60,
            "start_date": vanguard.start_date,
            "end_date": vanguard.end_date,
        },
    )
    return strand


def figures(starts: int, in_work: int, responses: int = 10, satisfied: int = 8) -> dict:
    return {
        "referrals": starts + 10,
        "starts": starts,
        "starts_in_work": in_work,
        "starts_out_of_work": starts - in_work,
        "condition_msk": starts,
        "condition_mental_health": 0,
        "condition_both": 0,
        "condition_other": 0,
        "ethnicity_white": starts,
        "ethnicity_mixed": 0,
        "ethnicity_asian": 0,
        "ethnicity_black": 0,
        "ethnicity_other": 0,
        "ethnicity_not_known": 0,
        "completions": 0,
        "remained_in_work": 0,
        "entered_work": 0,
        "satisfaction_responses": responses,
        "satisfied": satisfied,
        "spend": Decimal("25000.00"),
    }


def make_return(vanguard, quarter=QUARTER, *, starts=40, in_work=24, status=ACCEPTED, **more):
    """A received (by default accepted) return with one strand's figures."""
    report = QuarterlyReturn.objects.create(
        vanguard=vanguard,
        year=quarter.year,
        number=quarter.number,
        status=status,
        signed_off_at=datetime.datetime(2025, 7, 10, 11, tzinfo=datetime.UTC),
    )
    StrandReturn.objects.create(
        quarterly_return=report,
        strand=strand_of(vanguard),
        complete=True,
        **{**figures(starts, in_work), **more},
    )
    return report


def correct(report, **changed) -> None:
    """An admin's correction of an accepted return's figures (history keeps the old ones)."""
    strand_return = report.strand_returns.get()
    for field, value in changed.items():
        setattr(strand_return, field, value)
    strand_return.save()
    report.correction_reason = "Starts were under-counted."
    report.save()

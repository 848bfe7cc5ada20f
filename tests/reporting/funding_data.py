"""Reported starts and spend for the funding tests: one strand per vanguard and a return per
quarter with the figures the funding rule reads."""

from decimal import Decimal

from reporting.models import DeliveryStrand, QuarterlyReturn, StrandReturn
from workwell.dates import Quarter

ACCEPTED = QuarterlyReturn.Status.ACCEPTED


def report(vanguard, quarter: Quarter, *, starts: int, spend=0, status=ACCEPTED) -> StrandReturn:
    strand, _ = DeliveryStrand.objects.get_or_create(
        vanguard=vanguard,
        name="Employment support",
        defaults={
            "participant_target": vanguard.participant_target,
            "funding_allocation": vanguard.funding_allocation,
            "start_date": vanguard.start_date,
            "end_date": vanguard.end_date,
        },
    )
    quarterly, _ = QuarterlyReturn.objects.update_or_create(
        vanguard=vanguard, year=quarter.year, number=quarter.number, defaults={"status": status}
    )
    row, _ = StrandReturn.objects.update_or_create(
        quarterly_return=quarterly,
        strand=strand,
        defaults={"starts": starts, "spend": Decimal(spend)},
    )
    return row

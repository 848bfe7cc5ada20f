"""The returns demo data: Greater Manchester's strands are its board paper's (§5.5), every
vanguard has strands, the last closed quarter has a return in each state (one not started),
one vanguard's satisfaction is under the disclosure threshold, and a second run adds nothing."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from reporting.management.demo_returns import FEW_ANSWERS, seed_returns
from reporting.models import DeliveryStrand, QuarterlyReturn, StrandReturn
from reporting.rules import figure_problems
from vanguards.management.demo import seed_registry
from vanguards.models import Vanguard
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db


def test_demo_returns():
    registry = seed_registry()
    seed_returns(registry)
    manchester = Vanguard.objects.get(slug="greater-manchester")
    strands = list(
        manchester.strands.values_list("name", "participant_target", "funding_allocation")
    )
    assert strands == [
        ("Employment support in MFT MSK service", 600, Decimal("438048")),
        ("Enhancement to Be Well Service", 708, Decimal("516672")),
        ("Employment and health support for Racially Minoritised Groups", 312, Decimal("228269")),
        ("Contingency and management", None, Decimal("127023")),
    ]
    assert sum(funding for *_, funding in strands) == manchester.funding_allocation == 1310012
    assert manchester.participant_target == 1620
    assert not Vanguard.objects.filter(strands__isnull=True).exists()

    last_closed = Quarter.containing(timezone.localdate()).previous()
    states = set(
        QuarterlyReturn.objects.filter(
            year=last_closed.year, number=last_closed.number
        ).values_list("status", flat=True)
    )
    assert states == set(QuarterlyReturn.Status.values)
    assert (
        QuarterlyReturn.objects.filter(year=last_closed.year, number=last_closed.number).count()
        == Vanguard.objects.count() - 1
    )  # one not started
    for strand_return in StrandReturn.objects.filter(
        quarterly_return__status=QuarterlyReturn.Status.ACCEPTED
    )[:40]:
        assert not figure_problems(
            strand_return.figures(),
            earlier_in_work_starts=10**6,
            earlier_out_of_work_starts=10**6,
            require_all=True,
        )
    answers = StrandReturn.objects.filter(quarterly_return__vanguard__slug=FEW_ANSWERS).aggregate(
        total=Sum("satisfaction_responses")
    )["total"]
    assert answers == 2

    counts = (
        DeliveryStrand.objects.count(),
        QuarterlyReturn.objects.count(),
        StrandReturn.objects.count(),
    )
    seed_returns(registry)
    assert counts == (
        DeliveryStrand.objects.count(),
        QuarterlyReturn.objects.count(),
        StrandReturn.objects.count(),
    )

"""Funding per vanguard and nationally for a chosen quarter: the programme's funding rule
(reporting/funding.py) applied to the starts and spend of the received returns. Three
queries however many vanguards and quarters: the rule, the vanguards, the figures."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from vanguards import permissions
from vanguards.models import Vanguard
from vanguards.selectors.registry import first_start
from workwell.dates import Quarter
from workwell.kept import kept, rows_of

from ..funding import FundingPosition, Payment, funding_position, quarters_from
from ..models import FundingRule, StrandReturn
from .figures import RECEIVED, up_to

# The totals a national (or regional) row adds up.
TOTALLED = (
    "allocation",
    "guaranteed",
    "performance_available",
    "performance_earned",
    "paid",
    "spend",
    "forecast_starts",
    "forecast_performance",
    "forecast_spend",
    "forecast_total",
)


def funding_rule() -> FundingRule:
    """The programme's funding rule (one query); the default until an admin first sets it."""
    return FundingRule.objects.filter(pk=1).first() or FundingRule(pk=1)


def funding_rule_history(limit: int = 20) -> list:
    """The rule's changes, newest first, with who made them (one query)."""
    return list(
        FundingRule.history.select_related("history_user").order_by("-history_date")[:limit]
    )


def programme_quarters(today) -> list[Quarter]:
    """The quarters the funding page offers: from the first vanguard's start to this quarter,
    newest first (one query, none while kept)."""
    first = first_start()
    current = Quarter.containing(today)
    if first is None:
        return [current]
    return list(reversed(quarters_from(min(Quarter.containing(first), current), current)))


def _reported(quarter: Quarter, vanguard_ids) -> dict[int, tuple[dict, dict]]:
    """{vanguard id: ({quarter: starts}, {quarter: spend})} from received returns up to
    `quarter`. One query, read as tuples: nationally it is some 4,000 rows."""
    rows = (
        StrandReturn.objects.filter(
            up_to(quarter, "quarterly_return__"),
            quarterly_return__status__in=RECEIVED,
            quarterly_return__vanguard_id__in=vanguard_ids,
        )
        .values_list(
            "quarterly_return__vanguard_id", "quarterly_return__year", "quarterly_return__number"
        )
        .annotate(starts=Sum("starts", default=0), spend=Sum("spend", default=0))
        .order_by()
    )
    reported = defaultdict(lambda: ({}, {}))
    quarters = {}  # each quarter made once: thousands of rows, a few dozen quarters
    for vanguard_id, year, number, starts, spend in rows:
        when = quarters.get((year, number))
        if when is None:
            when = quarters[year, number] = Quarter(year, number)
        reported[vanguard_id][0][when] = starts
        reported[vanguard_id][1][when] = spend
    return reported


@dataclass(frozen=True)
class VanguardFunding:
    vanguard: Vanguard
    position: FundingPosition


@dataclass
class FundingTable:
    quarter: Quarter
    rule: FundingRule
    rows: list[VanguardFunding]
    totals: dict = field(default_factory=dict)
    schedule: list[Payment] = field(default_factory=list)  # by payment quarter, all rows
    national: bool = True  # every vanguard (else a region's)


def _position(vanguard: Vanguard, quarter: Quarter, rule: FundingRule, reported) -> VanguardFunding:
    starts, spend = reported.get(vanguard.pk, ({}, {}))
    return VanguardFunding(
        vanguard,
        funding_position(
            allocation=vanguard.funding_allocation,
            participant_target=vanguard.participant_target,
            first=Quarter.containing(vanguard.start_date),
            last=Quarter.containing(vanguard.end_date),
            current=quarter,
            starts=starts,
            spend=spend,
            guaranteed_percent=rule.guaranteed_percent,
            arrears_quarters=rule.arrears_quarters,
        ),
    )


def combined_schedule(positions: list[FundingPosition]) -> list[Payment]:
    """Every vanguard's payments added up by the quarter they are paid in."""
    # One pass, adding in the vanguards' order (so the same Decimals as adding each quarter's
    # payments up after); keyed by (year, number), which hashes and sorts without calling
    # Quarter's methods: there are a few thousand payments nationally.
    by_quarter: dict[tuple[int, int], list] = {}
    for position in positions:
        for payment in position.schedule:
            paid_in, earned_in = payment.quarter, payment.earned_in
            key = (paid_in.year, paid_in.number)
            total = by_quarter.get(key)
            if total is None:
                total = by_quarter[key] = [paid_in, earned_in, Decimal(0), Decimal(0), True, False]
            elif (earned_in.year, earned_in.number) < (total[1].year, total[1].number):
                total[1] = earned_in
            total[2] += payment.guaranteed
            total[3] += payment.performance
            total[4] = total[4] and payment.paid
            total[5] = total[5] or payment.forecast
    return [
        Payment(
            quarter=paid_in,
            earned_in=earned_in,
            guaranteed=guaranteed,
            performance=performance,
            paid=paid,
            forecast=forecast,
        )
        for _, (paid_in, earned_in, guaranteed, performance, paid, forecast) in sorted(
            by_quarter.items()
        )
    ]


def funding_table(*, quarter: Quarter, user=None) -> FundingTable:
    """The funding position at the end of `quarter` of every vanguard the user may see (every
    vanguard when no user is given: snapshots and reports), with their totals and combined
    payment schedule. Three queries; shared, read only, by everyone who may see the same
    vanguards until a table it read changes (workwell/kept.py): working out every vanguard's
    position is most of the page's time at national scale."""
    vanguards = Vanguard.objects.select_related("region").order_by("name")
    if user is not None:
        vanguards = permissions.funding_vanguards(user, vanguards)
    national = user is None or permissions.sees_national_funding(user)
    return kept(
        "reporting.funding_table",
        lambda: (quarter, rows_of(vanguards), national),  # compiled only when it may be kept
        lambda: _funding_table(quarter, list(vanguards), national),
    )


def _funding_table(quarter: Quarter, vanguards: list[Vanguard], national: bool) -> FundingTable:
    rule = funding_rule()
    reported = _reported(quarter, [v.pk for v in vanguards])
    rows = [_position(vanguard, quarter, rule, reported) for vanguard in vanguards]
    totals = dict.fromkeys(TOTALLED, Decimal(0))
    for row in rows:
        for name in TOTALLED:
            totals[name] += getattr(row.position, name)
    return FundingTable(
        quarter=quarter,
        rule=rule,
        rows=rows,
        totals=totals,
        schedule=combined_schedule([row.position for row in rows]),
        national=national,
    )


def vanguard_funding(
    *, vanguard: Vanguard, quarter: Quarter
) -> tuple[FundingRule, FundingPosition]:
    """One vanguard's funding position at the end of `quarter` (two queries)."""
    rule = funding_rule()
    reported = _reported(quarter, [vanguard.pk])
    return rule, _position(vanguard, quarter, rule, reported).position


def funding_positions(*, vanguards: list[Vanguard], quarter: Quarter) -> list[VanguardFunding]:
    """The funding positions of these vanguards (a page of them) at the end of `quarter`, in
    their order. Two queries however many: the rule and the figures."""
    rule = funding_rule()
    reported = _reported(quarter, [vanguard.pk for vanguard in vanguards])
    return [_position(vanguard, quarter, rule, reported) for vanguard in vanguards]

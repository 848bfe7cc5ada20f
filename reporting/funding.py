"""The funding rule applied to one vanguard, as arithmetic on plain numbers (the selectors
fetch the numbers; this module never touches the database, so it is tested on hand
calculations).

- Guaranteed: `guaranteed_percent` of the allocation, in equal instalments over the delivery
  quarters.
- Performance: the rest, earned per participant started, pro rata to the participant target
  and capped at it.
- Both are paid `arrears_quarters` after the quarter they are earned in."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from workwell.dates import Quarter

PENNY = Decimal("0.01")


def _money(value) -> Decimal:
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def quarters_from(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters = []
    quarter = first
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


@dataclass(frozen=True)
class Payment:
    quarter: Quarter  # when it is paid
    earned_in: Quarter
    guaranteed: Decimal
    performance: Decimal
    paid: bool  # paid by the end of the current quarter
    forecast: bool  # performance not yet earned: at the current run rate

    @property
    def total(self) -> Decimal:
        return self.guaranteed + self.performance


@dataclass(frozen=True)
class FundingPosition:
    allocation: Decimal
    guaranteed: Decimal
    performance_available: Decimal
    performance_earned: Decimal  # to the end of the current quarter
    paid: Decimal  # payments whose date has passed by the end of the current quarter
    spend: Decimal
    forecast_starts: int  # at the end of delivery, at the current run rate
    forecast_performance: Decimal
    forecast_spend: Decimal
    schedule: list[Payment]

    @property
    def forecast_total(self) -> Decimal:
        return self.guaranteed + self.forecast_performance


def funding_position(
    *,
    allocation: Decimal,
    participant_target: int,
    first: Quarter,
    last: Quarter,
    current: Quarter,
    starts: Mapping[Quarter, int],
    spend: Mapping[Quarter, Decimal],
    guaranteed_percent: int = 60,
    arrears_quarters: int = 1,
) -> FundingPosition:
    """`first`..`last` are the delivery quarters; `current` is the quarter reported to;
    `starts` and `spend` are reported figures by quarter (missing quarters count as none)."""
    allocation = Decimal(allocation)
    delivery = quarters_from(first, last)
    guaranteed = _money(allocation * guaranteed_percent / 100)
    performance_available = allocation - guaranteed
    per_start = performance_available / participant_target if participant_target else Decimal(0)

    elapsed = [q for q in delivery if q <= current]
    to_date = sum(starts.get(q, 0) for q in elapsed)
    rate = Decimal(to_date) / len(elapsed) if elapsed else Decimal(0)
    remaining = len(delivery) - len(elapsed)
    forecast_starts = to_date + int(rate * remaining)
    spend_to_date = sum((Decimal(spend.get(q, 0)) for q in elapsed), Decimal(0))
    spend_rate = spend_to_date / len(elapsed) if elapsed else Decimal(0)

    schedule = []
    counted = 0  # starts that earned performance so far (capped at the target)
    instalments = [guaranteed / len(delivery)] * len(delivery)
    instalments[-1] = guaranteed - sum(_money(i) for i in instalments[:-1])  # pennies add up
    for index, quarter in enumerate(delivery):
        actual = quarter <= current
        quarter_starts = starts.get(quarter, 0) if actual else rate
        earning = min(Decimal(quarter_starts), Decimal(participant_target - counted))
        earning = max(earning, Decimal(0))
        counted += earning
        paid_in = quarter
        for _ in range(arrears_quarters):
            paid_in = paid_in.next()
        schedule.append(
            Payment(
                quarter=paid_in,
                earned_in=quarter,
                guaranteed=_money(instalments[index]),
                performance=_money(earning * per_start),
                paid=paid_in <= current,
                forecast=not actual,
            )
        )
    earned = sum((p.performance for p in schedule if not p.forecast), Decimal(0))
    return FundingPosition(
        allocation=_money(allocation),
        guaranteed=guaranteed,
        performance_available=_money(performance_available),
        performance_earned=earned,
        paid=sum((p.total for p in schedule if p.paid), Decimal(0)),
        spend=_money(spend_to_date),
        forecast_starts=forecast_starts,
        forecast_performance=_money(
            min(Decimal(forecast_starts), Decimal(participant_target)) * per_start
        ),
        forecast_spend=_money(spend_to_date + spend_rate * remaining),
        schedule=schedule,
    )

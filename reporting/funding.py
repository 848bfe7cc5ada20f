"""The funding rule applied to one vanguard, as arithmetic on plain numbers (the selectors
fetch the numbers; this module never touches the database, so it is tested on hand
calculations).

- Guaranteed: `guaranteed_percent` of the allocation, in equal instalments over the delivery
  quarters. As Greater Manchester's board paper (§5.5) says, "the guaranteed payments are made
  once the support programme is established": instalments of quarters before the first start
  are held and paid with the first quarter that has starts.
- Performance: the rest, earned per participant started, pro rata to the participant target
  and capped at it. Rounded on the running total, so the pennies add up to the performance
  part exactly when the target is reached.
- Both are paid `arrears_quarters` after the quarter they are earned in.
- The forecast runs on at the current run rate: the average starts per quarter since the
  programme was established (quarters before the first start would understate it)."""

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
    # Guaranteed instalments never paid: the programme had no starts by the end of delivery.
    guaranteed_held: Decimal = Decimal(0)

    @property
    def forecast_total(self) -> Decimal:
        return self.guaranteed - self.guaranteed_held + self.forecast_performance


def quarter_after(quarter: Quarter, quarters: int) -> Quarter:
    for _ in range(quarters):
        quarter = quarter.next()
    return quarter


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
    # Established: the first quarter with starts; not yet, then (at the earliest) next quarter.
    established = next((q for q in elapsed if starts.get(q, 0) > 0), None)
    running = [q for q in elapsed if established and q >= established]
    rate = Decimal(to_date) / len(running) if running else Decimal(0)
    remaining = len(delivery) - len(elapsed)
    forecast_starts = to_date + int(rate * remaining)
    if established is None:
        established = max(current.next(), first)
    spend_to_date = sum((Decimal(spend.get(q, 0)) for q in elapsed), Decimal(0))
    spend_rate = spend_to_date / len(elapsed) if elapsed else Decimal(0)

    instalments = [_money(guaranteed / len(delivery))] * len(delivery)
    instalments[-1] = guaranteed - sum(instalments[:-1])  # pennies add up
    held = Decimal(0)  # guaranteed instalments waiting for the programme to be established
    cumulative = 0  # starts to the end of each quarter, forecast ones at the run rate
    schedule = []
    for index, quarter in enumerate(delivery):
        actual = quarter <= current
        before = min(cumulative, participant_target)
        if actual:
            cumulative += starts.get(quarter, 0)
        else:
            cumulative = to_date + int(rate * (index + 1 - len(elapsed)))
        earned = min(cumulative, participant_target)
        if quarter < established:
            held += instalments[index]
            guaranteed_paid = Decimal(0)
        else:
            guaranteed_paid, held = instalments[index] + held, Decimal(0)
        paid_in = quarter_after(quarter, arrears_quarters)
        schedule.append(
            Payment(
                quarter=paid_in,
                earned_in=quarter,
                guaranteed=guaranteed_paid,
                performance=_money(earned * per_start) - _money(before * per_start),
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
        forecast_performance=_money(min(forecast_starts, participant_target) * per_start),
        forecast_spend=_money(spend_to_date + spend_rate * remaining),
        schedule=schedule,
        guaranteed_held=held,
    )

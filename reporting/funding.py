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
    return [Quarter.at(index) for index in range(first.index, last.index + 1)]


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
    # The delivery quarters by their place in delivery (0 is `first`); the elapsed ones, to
    # the end of `current`, are the first `elapsed` of them.
    begins, now = first.index, current.index
    quarters = last.index - begins + 1
    elapsed = min(max(now - begins + 1, 0), quarters)
    remaining = quarters - elapsed
    guaranteed = _money(allocation * guaranteed_percent / 100)
    performance_available = allocation - guaranteed
    per_start = performance_available / participant_target if participant_target else Decimal(0)

    # The reported figures of the elapsed delivery quarters, in order (others count for none).
    started, spent = [0] * elapsed, [0] * elapsed
    for figures, found in ((starts, started), (spend, spent)):
        for quarter, value in figures.items():
            at = quarter.year * 4 + quarter.number - 1 - begins  # quarter.index, without a call
            if 0 <= at < elapsed:
                found[at] = value
    to_date = sum(started)
    # Established: the first quarter with starts; not yet, then (at the earliest) next quarter.
    established = None
    for at, count in enumerate(started):
        if count > 0:
            established = at
            break
    running = elapsed - established if established is not None else 0
    rate = Decimal(to_date) / running if running else Decimal(0)
    forecast_starts = to_date + int(rate * remaining)
    if established is None:
        established = max(now + 1 - begins, 0)
    spend_to_date = sum(map(Decimal, spent), Decimal(0))
    spend_rate = spend_to_date / elapsed if elapsed else Decimal(0)

    instalment = _money(guaranteed / quarters)
    last_instalment = guaranteed - sum([instalment] * (quarters - 1))  # pennies add up
    held = Decimal(0)  # guaranteed instalments waiting for the programme to be established
    cumulative = 0  # starts to the end of each quarter, forecast ones at the run rate
    # Performance is rounded on the running total: each quarter's is what that total adds.
    earned_before = Decimal(0)
    performance_earned = paid = Decimal(0)
    schedule = []
    for at in range(quarters):
        actual = at < elapsed
        if actual:
            cumulative += started[at]
        else:
            cumulative = to_date + int(rate * (at + 1 - elapsed))
        earned = _money(min(cumulative, participant_target) * per_start)
        performance, earned_before = earned - earned_before, earned
        due = instalment if at < quarters - 1 else last_instalment
        if at < established:
            held += due
            guaranteed_paid = Decimal(0)
        else:
            guaranteed_paid, held = due + held, Decimal(0)
        paid_in = begins + at + arrears_quarters
        if actual:
            performance_earned += performance
        if paid_in <= now:
            paid += guaranteed_paid + performance
        schedule.append(
            Payment(
                quarter=Quarter.at(paid_in),
                earned_in=Quarter.at(begins + at),
                guaranteed=guaranteed_paid,
                performance=performance,
                paid=paid_in <= now,
                forecast=not actual,
            )
        )
    return FundingPosition(
        allocation=_money(allocation),
        guaranteed=guaranteed,
        performance_available=_money(performance_available),
        performance_earned=performance_earned,
        paid=paid,
        spend=_money(spend_to_date),
        forecast_starts=forecast_starts,
        forecast_performance=_money(min(forecast_starts, participant_target) * per_start),
        forecast_spend=_money(spend_to_date + spend_rate * remaining),
        schedule=schedule,
        guaranteed_held=held,
    )

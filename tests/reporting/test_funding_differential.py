"""The funding rule's arithmetic (reporting/funding.py) against the code it replaced, kept here
verbatim: the rewrite counts quarters as integers instead of walking Quarter.next() and rounds
each running total once, and must give exactly the same position, every Decimal (its exponent
too: "0" and "0.00" print differently in the downloads) and every Payment of the schedule, on
many generated inputs and their edge cases (zero target, no starts, starts only late, one
delivery quarter, the quarter reported to before the first or after the last, 0 to 4 quarters
in arrears, 0%, 60% and 100% guaranteed)."""

import dataclasses
import random
from collections import defaultdict
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

import pytest

from reporting.funding import FundingPosition, Payment, funding_position, quarters_from
from reporting.selectors.funding import combined_schedule
from workwell.dates import Quarter

# --- The code before the rewrite (reporting/funding.py at bd4652d), verbatim ---------------

PENNY = Decimal("0.01")


def _money(value) -> Decimal:
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def old_quarters_from(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters = []
    quarter = first
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def quarter_after(quarter: Quarter, quarters: int) -> Quarter:
    for _ in range(quarters):
        quarter = quarter.next()
    return quarter


def old_funding_position(
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
    delivery = old_quarters_from(first, last)
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


# reporting/selectors/funding.py at bd4652d
def old_combined_schedule(positions: list[FundingPosition]) -> list[Payment]:
    """Every vanguard's payments added up by the quarter they are paid in."""
    by_quarter: dict[Quarter, list[Payment]] = defaultdict(list)
    for position in positions:
        for payment in position.schedule:
            by_quarter[payment.quarter].append(payment)
    return [
        Payment(
            quarter=paid_in,
            earned_in=min(p.earned_in for p in payments),
            guaranteed=sum((p.guaranteed for p in payments), Decimal(0)),
            performance=sum((p.performance for p in payments), Decimal(0)),
            paid=all(p.paid for p in payments),
            forecast=any(p.forecast for p in payments),
        )
        for paid_in, payments in sorted(by_quarter.items())
    ]


# --- Comparing them ------------------------------------------------------------------------


def exactly(value):
    """`value` with everything that could differ spelled out: a Decimal's digits, sign and
    exponent, each field of a dataclass, a quarter's year and number, the type of each."""
    if dataclasses.is_dataclass(value) and not isinstance(value, Quarter):
        fields = dataclasses.fields(value)
        return (type(value).__name__, [(f.name, exactly(getattr(value, f.name))) for f in fields])
    if isinstance(value, list):
        return [exactly(item) for item in value]
    if isinstance(value, Quarter):
        return ("Quarter", value.year, value.number)
    return (type(value).__name__, str(value))


def quarter_at(index: int) -> Quarter:
    return Quarter(index // 4, index % 4 + 1)


def amount(rng: random.Random, top: int) -> Decimal:
    """Pounds as the database gives them (two places), or whole pounds as a caller may."""
    pence = rng.choice([0, 1, 99, rng.randrange(top * 100)])
    if rng.random() < 0.2:
        return Decimal(pence // 100)
    return Decimal(pence).scaleb(-2)


def generated(rng: random.Random) -> dict:
    """One vanguard's inputs: delivery of 1 to 25 quarters, the quarter reported to from six
    before it to six after, figures in and around it (a quarter outside counts for nothing)."""
    first = rng.randrange(2020 * 4, 2027 * 4)
    length = rng.choice([1, 1, 2, 4, rng.randrange(1, 26)])
    last = first + length - 1
    current = rng.randrange(first - 6, last + 7)
    shape = rng.choice(["none", "steady", "late", "sparse", "big", "random"])
    late_from = rng.randrange(first, last + 1)
    starts, spend = {}, {}
    for index in range(first - 3, max(last, current) + 4):
        if shape == "none" or rng.random() < 0.1:
            continue  # no return that quarter
        count = {
            "steady": 270,
            "late": 300 if index >= late_from else 0,
            "sparse": rng.choice([0, 0, 0, rng.randrange(1, 50)]),
            "big": rng.randrange(500, 5000),
        }.get(shape, rng.randrange(0, 700))
        starts[quarter_at(index)] = count
        if rng.random() < 0.9:
            spend[quarter_at(index)] = amount(rng, 300_000) if rng.random() < 0.9 else 0
    return {
        "allocation": rng.choice([Decimal(0), Decimal("1310012"), amount(rng, 2_500_000)]),
        "participant_target": rng.choice([0, 1, 7, 1620, rng.randrange(1, 5000)]),
        "first": quarter_at(first),
        "last": quarter_at(last),
        "current": quarter_at(current),
        "starts": starts,
        "spend": spend,
        "guaranteed_percent": rng.choice([0, 60, 60, 100, rng.randrange(0, 101)]),
        "arrears_quarters": rng.choice([0, 1, 1, 2, rng.randrange(0, 5)]),
    }


def test_the_generated_inputs_reach_the_edge_cases():
    inputs = [generated(random.Random(seed)) for seed in range(3000)]

    def some(predicate) -> bool:
        return any(predicate(case) for case in inputs)

    assert some(lambda c: c["participant_target"] == 0)
    assert some(lambda c: not c["starts"])
    assert some(lambda c: c["first"] == c["last"])
    assert some(lambda c: c["current"] < c["first"])
    assert some(lambda c: c["current"] > c["last"])
    for percent in (0, 60, 100):
        assert some(lambda c, percent=percent: c["guaranteed_percent"] == percent)
    for arrears in range(5):
        assert some(lambda c, arrears=arrears: c["arrears_quarters"] == arrears)
    # Starts only late: none in the first delivery quarter, some later before the current one.
    assert some(
        lambda c: (
            c["starts"].get(c["first"], 0) == 0
            and any(n > 0 for q, n in c["starts"].items() if c["first"] < q <= c["current"])
        )
    )
    # Never established by the end of delivery: every guaranteed instalment held.
    assert some(lambda c: old_funding_position(**c).guaranteed_held > 0)


@pytest.mark.parametrize("block", range(10))
def test_the_rewrite_gives_exactly_what_the_old_code_gave(block):
    for seed in range(block * 300, (block + 1) * 300):
        case = generated(random.Random(seed))
        assert exactly(funding_position(**case)) == exactly(old_funding_position(**case)), seed


@pytest.mark.parametrize("block", range(5))
def test_the_combined_schedule_is_exactly_what_it_was(block):
    # As a funding table makes it: many vanguards, one quarter reported to and one rule; and
    # each vanguard its own (the function takes any positions).
    rng = random.Random(block)
    for _ in range(40):
        cases = [generated(rng) for _ in range(rng.choice([0, 1, 2, 15, 60]))]
        if cases and rng.random() < 0.7:
            shared = {key: cases[0][key] for key in ("current", "arrears_quarters")}
            shared["guaranteed_percent"] = cases[0]["guaranteed_percent"]
            cases = [{**case, **shared} for case in cases]
        positions = [old_funding_position(**case) for case in cases]
        assert exactly(combined_schedule(positions)) == exactly(old_combined_schedule(positions))


def test_greater_manchesters_numbers_too():
    # The hand-worked example of test_funding_rule.py, every quarter reported to.
    first, last = Quarter(2024, 3), Quarter(2025, 4)
    delivery = old_quarters_from(first, last)
    for current in old_quarters_from(Quarter(2024, 1), Quarter(2026, 3)):
        for starts in ([], [0, 0, 300, 300], [270] * 6, [500, 400, 300], [400] * 6):
            case = {
                "allocation": Decimal("1310012"),
                "participant_target": 1620,
                "first": first,
                "last": last,
                "current": current,
                "starts": dict(zip(delivery, starts, strict=False)),
                "spend": dict(zip(delivery, [Decimal(100000)] * 6, strict=False)),
            }
            assert exactly(funding_position(**case)) == exactly(old_funding_position(**case))


def test_quarters_from_is_unchanged():
    for first in range(2020 * 4, 2022 * 4):
        for last in range(first - 2, first + 30):
            old = old_quarters_from(quarter_at(first), quarter_at(last))
            assert quarters_from(quarter_at(first), quarter_at(last)) == old


def test_the_comparison_sees_a_decimals_exponent_and_a_field_changed():
    # So that the tests above could fail: "0" is not "0.00", and one penny is one penny.
    case = generated(random.Random(1))
    position = old_funding_position(**case)
    assert exactly(Decimal(0)) != exactly(Decimal("0.00"))
    assert exactly(position) != exactly(dataclasses.replace(position, paid=position.paid + PENNY))
    payment = position.schedule[0]
    changed = [dataclasses.replace(payment, paid=not payment.paid), *position.schedule[1:]]
    assert exactly(position) != exactly(dataclasses.replace(position, schedule=changed))

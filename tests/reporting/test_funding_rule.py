"""The funding rule (reporting/funding.py) on Greater Manchester's numbers, worked by hand.

Allocation £1,310,012 and target 1,620 participants (board paper §5.5). Delivery runs for six
quarters, 2024/25 Q3 (October 2024) to 2025/26 Q4 (March 2026).
- Guaranteed: 60% of £1,310,012 = £786,007.20, six instalments of £786,007.20 / 6 = £131,001.20.
- Performance: £1,310,012 - £786,007.20 = £524,004.80, or £524,004.80 / 1,620 = £323.4597…
  per participant started, up to 1,620 starts.
- Paid one quarter in arrears."""

import datetime
from decimal import Decimal

from reporting.funding import funding_position
from workwell.dates import Quarter

FIRST, LAST = Quarter(2024, 3), Quarter(2025, 4)
DELIVERY = [Quarter(2024, 3), Quarter(2024, 4), Quarter(2025, 1), Quarter(2025, 2)]
DELIVERY += [Quarter(2025, 3), Quarter(2025, 4)]
INSTALMENT = Decimal("131001.20")


def position(starts: list[int], current: Quarter, *, spend=(), **rule):
    return funding_position(
        allocation=Decimal("1310012"),
        participant_target=1620,
        first=FIRST,
        last=LAST,
        current=current,
        starts=dict(zip(DELIVERY, starts, strict=False)),
        spend=dict(zip(DELIVERY, (Decimal(s) for s in spend), strict=False)),
        **rule,
    )


def test_the_split_is_60_40():
    funding = position([], Quarter(2025, 1))
    assert funding.allocation == Decimal("1310012.00")
    assert funding.guaranteed == Decimal("786007.20")
    assert funding.performance_available == Decimal("524004.80")


def test_no_starts_earns_nothing_and_holds_the_guaranteed_part():
    # Three quarters in (to 2025/26 Q1) and nobody started: not established, so nothing is
    # paid; the three instalments wait for the first quarter that could have starts (2025/26
    # Q2), when 4 x £131,001.20 = £524,004.80 is due, paid in 2025/26 Q3.
    funding = position([0, 0, 0], Quarter(2025, 1))
    assert funding.performance_earned == 0
    assert funding.paid == 0
    assert funding.forecast_starts == 0
    assert [p.guaranteed for p in funding.schedule] == [0, 0, 0, Decimal("524004.80")] + [
        INSTALMENT
    ] * 2
    assert funding.schedule[3].quarter == Quarter(2025, 3)


def test_steady_starts():
    # 270 starts a quarter, three quarters in (2024/25 Q3 to 2025/26 Q1): 810 started.
    # Performance earned: 810 x £323.4597… = half of £524,004.80 = £262,002.40.
    # Per quarter, rounded on the running total: 270 -> £87,334.13; 540 -> £174,668.27 (so
    # £87,334.14 more); 810 -> £262,002.40 (£87,334.13 more).
    # Paid by the end of 2025/26 Q1: what was earned in 2024/25 Q3 and Q4, 2 x £131,001.20 +
    # £87,334.13 + £87,334.14 = £436,670.67.
    funding = position([270, 270, 270], Quarter(2025, 1), spend=[100000, 150000, 200000])
    assert funding.performance_earned == Decimal("262002.40")
    assert [p.performance for p in funding.schedule[:3]] == [
        Decimal("87334.13"),
        Decimal("87334.14"),
        Decimal("87334.13"),
    ]
    assert funding.paid == Decimal("436670.67")
    # The run rate (270 a quarter) for the three quarters left reaches the target exactly.
    assert funding.forecast_starts == 1620
    assert funding.forecast_performance == Decimal("524004.80")
    # Spend £450,000 in 3 quarters = £150,000 a quarter; 3 more = £900,000.
    assert funding.spend == Decimal("450000.00")
    assert funding.forecast_spend == Decimal("900000.00")


def test_the_pennies_add_up_to_the_performance_part_at_the_target():
    # 6 x 270 = 1,620. Rounding each quarter's £87,334.1333… alone would pay 6 x £87,334.13 =
    # £524,004.78, two pence short.
    funding = position([270] * 6, LAST)
    assert sum(p.performance for p in funding.schedule) == Decimal("524004.80")
    assert sum(p.guaranteed for p in funding.schedule) == Decimal("786007.20")


def test_front_loaded_starts_and_the_forecast_is_capped():
    # 500, 400, 300 to 2025/26 Q1: 1,200 started, earned 1,200 x £323.4597… = £388,151.70.
    # Run rate 400 a quarter: 1,200 + 3 x 400 = 2,400 forecast, capped at 1,620 for the money.
    # Forecast quarters: 1,600 by 2025/26 Q2 (£517,535.60, so £129,383.90 more), then the cap
    # (£524,004.80, £6,469.20 more), then nothing more.
    funding = position([500, 400, 300], Quarter(2025, 1))
    assert funding.performance_earned == Decimal("388151.70")
    assert funding.forecast_starts == 2400
    assert funding.forecast_performance == Decimal("524004.80")
    assert [p.performance for p in funding.schedule[3:]] == [
        Decimal("129383.90"),
        Decimal("6469.20"),
        Decimal("0.00"),
    ]
    assert [p.forecast for p in funding.schedule] == [False] * 3 + [True] * 3
    assert funding.forecast_total == Decimal("1310012.00")


def test_starts_over_the_target_earn_nothing_more():
    # 400 a quarter for six quarters = 2,400 started; only 1,620 earn.
    # Running totals 400, 800, 1,200, 1,600, 1,620, 1,620: £129,383.90 each of the first four
    # quarters (400 x £323.4597… = £129,383.90), then 20 x £323.4597… = £6,469.20, then £0.
    funding = position([400] * 6, LAST)
    assert [p.performance for p in funding.schedule] == [Decimal("129383.90")] * 4 + [
        Decimal("6469.20"),
        Decimal("0.00"),
    ]
    assert funding.performance_earned == Decimal("524004.80")
    # At the end of delivery everything but the last quarter's payment is paid: 5 guaranteed
    # instalments (£655,006.00) and all £524,004.80 of performance = £1,179,010.80.
    assert funding.paid == Decimal("1179010.80")


def test_a_late_start_holds_the_guaranteed_part_and_runs_at_the_rate_since_it_started():
    # No starts in 2024/25 Q3 and Q4; 300 in each of 2025/26 Q1 and Q2 (current).
    # Established in 2025/26 Q1: its payment (2025/26 Q2) carries three instalments,
    # 3 x £131,001.20 = £393,003.60, and 300 x £323.4597… = £97,037.93 performance.
    funding = position([0, 0, 300, 300], Quarter(2025, 2))
    assert [p.guaranteed for p in funding.schedule] == [
        0,
        0,
        Decimal("393003.60"),
        INSTALMENT,
        INSTALMENT,
        INSTALMENT,
    ]
    assert funding.paid == Decimal("393003.60") + Decimal("97037.93")
    # The current run rate is 300 a quarter (600 in the 2 quarters since it started), not
    # 150 (600 over all 4 quarters): 600 + 2 x 300 = 1,200.
    assert funding.forecast_starts == 1200
    assert funding.forecast_performance == Decimal("388151.70")


def test_never_established_by_the_end_pays_no_guaranteed_part():
    funding = position([0] * 6, LAST)
    assert funding.paid == 0
    assert funding.guaranteed_held == Decimal("786007.20")
    assert funding.forecast_total == 0


def test_a_start_in_the_last_month_of_a_quarter_is_paid_the_next_quarter():
    # 30 June 2025 is in 2025/26 Q1; its starts are paid in 2025/26 Q2: not paid by the end of
    # Q1, paid by the end of Q2.
    june = Quarter.containing(datetime.date(2025, 6, 30))
    assert june == Quarter(2025, 1)
    row = position([10, 10, 10], june).schedule[2]
    assert (row.earned_in, row.quarter, row.paid) == (june, Quarter(2025, 2), False)
    assert position([10, 10, 10, 0], Quarter(2025, 2)).schedule[2].paid


def test_the_financial_year_end_is_paid_in_the_next_financial_year():
    # March 2025 is 2024/25 Q4; paid in 2025/26 Q1 (April to June 2025).
    march = Quarter.containing(datetime.date(2025, 3, 31))
    row = position([10, 10], march).schedule[1]
    assert (row.earned_in, row.quarter) == (Quarter(2024, 4), Quarter(2025, 1))
    assert row.quarter.start == datetime.date(2025, 4, 1)
    assert not row.paid


def test_the_last_quarters_payment_falls_after_delivery_ends():
    # Delivery ends in March 2026 (2025/26 Q4); its payment is made in 2026/27 Q1.
    funding = position([270] * 6, LAST)
    last = funding.schedule[-1]
    assert (last.earned_in, last.quarter) == (LAST, Quarter(2026, 1))
    assert not last.paid
    assert position([270] * 6, Quarter(2026, 1)).schedule[-1].paid


def test_the_rule_is_a_setting():
    # 50% guaranteed (£655,006.00, £109,167.67 a quarter) and two quarters in arrears.
    funding = position([270] * 3, Quarter(2025, 1), guaranteed_percent=50, arrears_quarters=2)
    assert funding.guaranteed == Decimal("655006.00")
    assert funding.schedule[0].quarter == Quarter(2025, 1)
    # Paid by 2025/26 Q1: only 2024/25 Q3's, £109,167.67 + 270 x £655,006 / 1,620 (£109,167.67).
    assert funding.paid == Decimal("109167.67") * 2

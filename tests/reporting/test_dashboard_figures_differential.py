"""dashboard_figures' per-vanguard series and funding, worked out rather than counted (the
delivery quarters begun by each quarter), the returns' starts and spend by quarter read as
tuples (now from the cursor, without Django's converters), the plans' activities counted in
SQL, the totals of a group of rows summed with map and zip, and the returns' figures read
through a query built once per quarter: checked against the rules they replaced, kept here,
on generated data (vanguards starting and ending mid-quarter, on a quarter's first or last
day, before, inside and after the quarter asked about, a closed one, ones with no plan, no
returns or no starts, returns received or not, strands with figures missing), for quarters
before, at the start of, inside and after the delivery."""

import datetime
import random

import pytest
from django.db.models import Q, Sum

from plans.models import Activity, Theme
from plans.services import vanguard_plan
from reporting.funding import funding_position, quarters_from
from reporting.models import FundingRule, QuarterlyReturn, StrandReturn
from reporting.models.returns import FIGURES
from reporting.selectors.dashboard import (
    BAND_ORDER,
    MOVEMENTS,
    RETURN_COUNTS,
    SUMMED,
    _by_quarter,
    dashboard_figures,
    totals,
)
from reporting.selectors.figures import RECEIVED, return_figures, up_to
from tests.factories import VanguardFactory, make_plan_activity
from vanguards.models import Vanguard
from workwell.dates import Quarter

from .dashboard_data import report, strand

pytestmark = pytest.mark.django_db

S, T, P = Activity.Status, Activity.Timeline, Activity.Precision
FIRST = Quarter(2023, 1)
TODAY = datetime.date(2026, 11, 30)


# --- The rules replaced, as they were -------------------------------------------------------


def _old_by_quarter(quarter: Quarter) -> dict[int, dict[Quarter, dict]]:
    rows = (
        StrandReturn.objects.filter(
            up_to(quarter, "quarterly_return__"), quarterly_return__status__in=RECEIVED
        )
        .values(
            "quarterly_return__vanguard_id", "quarterly_return__year", "quarterly_return__number"
        )
        .annotate(starts=Sum("starts", default=0), spend=Sum("spend", default=0))
        .order_by()
    )
    found = {}
    for row in rows:
        at = Quarter(row["quarterly_return__year"], row["quarterly_return__number"])
        found.setdefault(row["quarterly_return__vanguard_id"], {})[at] = row
    return found


def _old_funding(vanguard, delivery, quarter, reported, rule) -> dict:
    position = funding_position(
        allocation=vanguard.funding_allocation,
        participant_target=vanguard.participant_target,
        first=delivery[0],
        last=delivery[-1],
        current=quarter,
        starts={at: row["starts"] for at, row in reported.items()},
        spend={at: row["spend"] for at, row in reported.items()},
        guaranteed_percent=rule.guaranteed_percent,
        arrears_quarters=rule.arrears_quarters,
    )
    elapsed = sum(1 for at in delivery if at <= quarter)
    return {
        "spend_profile_to_date": int(vanguard.funding_allocation * elapsed / len(delivery)),
        "funding_guaranteed": int(position.guaranteed),
        "performance_earned_to_date": int(position.performance_earned),
        "funding_paid_to_date": int(position.paid),
        "forecast_spend": int(position.forecast_spend),
    }


def _old_plan_figures(vanguard, today) -> dict:
    """Every activity of the plan built and judged (plan_attention as it was)."""
    activities = list(Activity.objects.filter(theme__plan__vanguard=vanguard))
    return {
        "plan_activities": len(activities),
        "plan_overdue": sum(a.is_overdue(today) for a in activities),
        "plan_at_risk": sum(a.is_at_risk for a in activities),
    }


def old_rows(quarter: Quarter, labels: list[Quarter], today: datetime.date) -> dict:
    """The figures the rewrite touched, per vanguard slug, by the old rules."""
    by_quarter = _old_by_quarter(quarter)
    rule = FundingRule.objects.filter(pk=1).first() or FundingRule(pk=1)
    as_of = min(quarter.end, today)
    rows = {}
    for vanguard in Vanguard.objects.order_by("name"):
        delivery = quarters_from(
            Quarter.containing(vanguard.start_date), Quarter.containing(vanguard.end_date)
        )
        elapsed = sum(1 for q in delivery if q <= quarter)
        per_quarter = by_quarter.get(vanguard.pk, {})
        rows[vanguard.slug] = {
            "trajectory_to_date": vanguard.participant_target * elapsed // len(delivery),
            "starts_by_quarter": [per_quarter.get(q, {}).get("starts", 0) for q in labels],
            "trajectory_by_quarter": [
                vanguard.participant_target * sum(1 for d in delivery if d <= q) // len(delivery)
                for q in labels
            ],
            **_old_funding(vanguard, delivery, quarter, per_quarter, rule),
            **_old_plan_figures(vanguard, as_of),
        }
    return rows


# --- Generated data ---------------------------------------------------------------------------


def _day(random_: random.Random, quarter: Quarter) -> datetime.date:
    """A quarter's first day, last day, or a day inside it."""
    choice = random_.choice(["first", "last", "inside"])
    if choice == "first":
        return quarter.start
    if choice == "last":
        return quarter.end
    return quarter.start + datetime.timedelta(days=random_.randint(1, 80))


def _quarter_after(quarter: Quarter, count: int) -> Quarter:
    for _ in range(count):
        quarter = quarter.next()
    return quarter


def _plan(random_: random.Random, vanguard, today: datetime.date) -> None:
    shape = random_.choice(["none", "empty", "some", "some"])
    if shape == "none":
        return
    if shape == "empty":
        Theme.objects.create(plan=vanguard_plan(vanguard), position=1, title="Nothing yet")
        return
    for _ in range(random_.randint(1, 8)):
        day = today + datetime.timedelta(days=random_.randint(-200, 200))
        status = random_.choice(S.values)
        quarter = Quarter.containing(day)
        fields = random_.choice(
            [
                {"timeline": T.DATE, "target_date": day, "precision": random_.choice(P.values)},
                {"timeline": T.RANGE, "starts_on": day - datetime.timedelta(days=90)},
                {
                    "timeline": T.RANGE,
                    "starts_on": day - datetime.timedelta(days=90),
                    "ends_on": day,
                },
                {
                    "timeline": T.QUARTER,
                    "quarter_year": quarter.year,
                    "quarter_number": quarter.number,
                },
                {"timeline": T.CONDITION, "condition": "When filled", "latest_date": day},
                {"timeline": T.CONDITION, "condition": "When filled"},
            ]
        )
        dropped = {"dropped_reason": "No longer needed"} if status == S.DROPPED else {}
        make_plan_activity(
            vanguard,
            theme_title=random_.choice(["Workforce", "Provider development"]),
            status=status,
            **{"target_date": None, **fields, **dropped},
        )


def generate(seed: int) -> None:
    """A dozen vanguards of varied delivery, returns and plans."""
    random_ = random.Random(seed)
    for index in range(12):
        start = _quarter_after(FIRST, random_.randint(0, 10))
        end = _quarter_after(start, random_.choice([0, 1, 3, 7, 11]))
        start_date = _day(random_, start)
        vanguard = VanguardFactory(
            name=f"Vanguard {seed}-{index:02}",
            start_date=start_date,
            end_date=max(start_date + datetime.timedelta(days=1), _day(random_, end)),
            participant_target=random_.choice([0, 1, 7, 999, 2500]),
            funding_allocation=random_.choice([1, 999_999, 1_310_012]),
            status=random_.choice([Vanguard.Status.LIVE, Vanguard.Status.CLOSED]),
        )
        _plan(random_, vanguard, TODAY)
        if random_.random() < 0.2:
            continue  # no returns
        for quarter in quarters_from(start, _quarter_after(end, 1)):
            if random_.random() < 0.3:
                continue
            status = random_.choice(QuarterlyReturn.Status.values)
            quarterly = report(
                vanguard,
                quarter,
                status=status,
                starts=random_.choice([0, 0, 3, 40, 500]),
                spend=random_.choice([0, 1234.56, 99_999]),
                completions=random_.choice([None, 0, 4]),
                satisfied=random_.choice([None, 2]),
                complete=random_.random() < 0.5,
            )
            if random_.random() < 0.3:  # a second strand, its figures not entered
                StrandReturn.objects.create(
                    quarterly_return=quarterly,
                    strand=strand(vanguard, "Second strand"),
                    starts=random_.choice([None, 5]),
                    spend=random_.choice([None, 10]),
                )


QUARTERS = [
    Quarter(2022, 4),  # before every delivery
    FIRST,
    Quarter(2023, 4),
    Quarter(2024, 3),
    Quarter(2025, 2),
    Quarter(2026, 3),  # the open quarter on TODAY
    Quarter(2028, 1),  # after every delivery
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_figures_are_what_the_old_rules_give(seed):
    generate(seed)
    for quarter in QUARTERS:
        figures = dashboard_figures(quarter, today=TODAY)
        labels = [Quarter(int(label[:4]), int(label[-1])) for label in figures["quarters"]]
        expected = old_rows(quarter, labels, TODAY)
        found = {
            slug: {key: row[key] for key in expected[slug]}
            for slug, row in figures["vanguards"].items()
        }
        assert found == expected, quarter


# --- totals, summed with map and zip --------------------------------------------------------


def old_totals(rows: list[dict], quarters: int) -> dict:
    """What totals summed, as it summed them: a generator over the rows for each measure and
    each quarter (the rest of totals did not change)."""
    national = {key: sum(row[key] for row in rows) for key in SUMMED}
    for key in ("starts_by_quarter", "trajectory_by_quarter"):
        national[key] = [sum(row[key][index] for row in rows) for index in range(quarters)]
    return national


def _summed(found: dict) -> dict:
    return {key: found[key] for key in [*SUMMED, "starts_by_quarter", "trajectory_by_quarter"]}


def _row(random_: random.Random, quarters: int) -> dict:
    return {
        **{key: random_.choice([0, 1, random_.randint(0, 10**7)]) for key in SUMMED},
        "starts_by_quarter": [random_.randint(0, 500) for _ in range(quarters)],
        "trajectory_by_quarter": [random_.randint(0, 2500) for _ in range(quarters)],
        "return_status": random_.choice(list(RETURN_COUNTS)),
        "maturity_band": random_.choice([*BAND_ORDER, None]),
        "maturity_movement": random_.choice([*MOVEMENTS, None]),
        "contact_overdue_days": random_.choice([None, 0, 0, 3, 40]),
    }


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("count", [0, 1, 2, 37])
def test_totals_are_what_the_old_sums_give(seed, count):
    random_ = random.Random(seed)
    quarters = random_.choice([1, 2, 21])
    rows = [_row(random_, quarters) for _ in range(count)]
    assert _summed(totals(rows, quarters)) == old_totals(rows, quarters)


def test_totals_of_the_generated_figures_are_what_the_old_sums_give():
    generate(4)
    figures = dashboard_figures(Quarter(2025, 2), today=TODAY)
    rows, quarters = list(figures["vanguards"].values()), len(figures["quarters"])
    assert _summed(figures["national"]) == old_totals(rows, quarters)
    assert _summed(totals(rows[::2], quarters)) == old_totals(rows[::2], quarters)


# --- return_figures, its query built once per quarter per process ----------------------------


def old_return_figures(quarter: Quarter) -> dict[int, dict]:
    this_quarter = Q(quarterly_return__year=quarter.year, quarterly_return__number=quarter.number)
    rows = StrandReturn.objects.filter(
        up_to(quarter, "quarterly_return__"), quarterly_return__status__in=RECEIVED
    )
    sums = {}
    for field, _ in FIGURES:
        sums[f"{field}_quarter"] = Sum(field, filter=this_quarter, default=0)
        sums[f"{field}_to_date"] = Sum(field, default=0)
    figures = {}
    for row in rows.values("quarterly_return__vanguard_id").annotate(**sums).order_by():
        figures[row.pop("quarterly_return__vanguard_id")] = row
    return figures


@pytest.mark.parametrize("seed", [5, 6])
def test_return_figures_are_what_the_old_query_gives_however_often_asked(seed):
    """Asked twice for each quarter, with a return received and one withdrawn in between:
    the query kept for the quarter reads the data as it is now."""
    generate(seed)
    for quarter in QUARTERS:
        assert return_figures(quarter=quarter) == old_return_figures(quarter)
    vanguard = Vanguard.objects.order_by("pk").first()
    report(vanguard, Quarter(2022, 4), starts=11, spend=5, completions=3)
    QuarterlyReturn.objects.filter(pk__in=QuarterlyReturn.objects.order_by("-pk")[1:3]).update(
        status=QuarterlyReturn.Status.QUERIED
    )
    for quarter in QUARTERS:
        found = return_figures(quarter=quarter)
        assert found == old_return_figures(quarter)
    assert found  # the data has figures to compare


# --- _by_quarter, read from the cursor --------------------------------------------------------


def old_by_quarter_sums(quarter: Quarter) -> tuple[dict, dict]:
    """_by_quarter's sums as Django read them, through its converters (`_old_by_quarter`)."""
    rows = _old_by_quarter(quarter)
    return tuple(
        {vanguard: {at: row[key] for at, row in found.items()} for vanguard, found in rows.items()}
        for key in ("starts", "spend")
    )


def _typed(sums: dict) -> dict:
    """The sums with their types: an int and a Decimal of the same value are equal."""
    return {
        vanguard: {at: (type(value), value) for at, value in found.items()}
        for vanguard, found in sums.items()
    }


@pytest.mark.parametrize("seed", [1, 4, 7])
def test_starts_and_spend_by_quarter_are_what_the_old_reading_gives(seed):
    generate(seed)
    for quarter in QUARTERS:
        found = _by_quarter(quarter)
        expected = old_by_quarter_sums(quarter)
        assert [_typed(sums) for sums in found] == [_typed(sums) for sums in expected], quarter
    assert expected[0]  # the data has sums to compare

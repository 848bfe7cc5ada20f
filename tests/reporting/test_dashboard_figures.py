"""dashboard_figures on known data: three vanguards with hand-set returns, assessments,
touchpoints and support requests, every figure worked out on paper; JSON-ready; a query
count that does not grow with vanguards or quarters."""

import datetime
import json

import pytest

from reporting.models import QuarterlyReturn
from reporting.selectors.dashboard import dashboard_figures, totals
from tests.factories import (
    AssessmentCycleFactory,
    SupportRequestFactory,
    TouchpointFactory,
    VanguardFactory,
    make_assessment,
    make_framework,
)
from vanguards.models import SupportRequest

from .dashboard_data import DUE_Q2, Q1, Q2, TODAY, at, due, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(vanguard_a, vanguard_b):
    """A: on time in both quarters; B: Q2 signed off late; C: Q2 still in progress (overdue)."""
    charlie = VanguardFactory(name="Charlie Vanguard", slug="charlie")
    due(Q2, DUE_Q2)
    report(vanguard_a, Q1, starts=100, in_work=70, spend=50_000, completions=40)
    report(
        vanguard_a,
        Q2,
        starts=200,
        in_work=110,
        spend=100_000,
        satisfaction_responses=10,
        satisfied=8,
        remained_in_work=30,
        entered_work=12,
        completions=60,
    )
    report(
        vanguard_b,
        Q2,
        starts=50,
        in_work=20,
        spend=10_000,
        signed_off_on=DUE_Q2 + datetime.timedelta(days=1),
    )
    report(charlie, Q2, status=QuarterlyReturn.Status.IN_PROGRESS, starts=999, in_work=999)
    # Maturity: A emerging then maturing (up); B leading in its first assessment.
    framework = make_framework(3)
    first = AssessmentCycleFactory(framework=framework, opens_on=datetime.date(2025, 4, 1))
    second = AssessmentCycleFactory(framework=framework, opens_on=datetime.date(2025, 8, 1))
    make_assessment(vanguard_a, first, [2, 2, 2])
    make_assessment(vanguard_a, second, [3, 3, 3])
    make_assessment(vanguard_b, second, [4, 4, 4])
    # Contact: A within the 14-day cadence at the quarter's end; B's due 15 September.
    TouchpointFactory(vanguards=[vanguard_a], date=datetime.date(2025, 9, 25))
    TouchpointFactory(vanguards=[vanguard_b], date=datetime.date(2025, 9, 1))
    # Support: A raised one on Monday 1 September, triaged on Wednesday (in time), delivered
    # in October (open at the quarter's end); B raised one on 1 September, never triaged.
    for vanguard, triaged in ((vanguard_a, at(datetime.date(2025, 9, 3))), (vanguard_b, None)):
        request = SupportRequestFactory(vanguard=vanguard)
        SupportRequest.objects.filter(pk=request.pk).update(
            raised_at=at(datetime.date(2025, 9, 1)),
            triaged_at=triaged,
            delivered_at=at(datetime.date(2025, 10, 2)) if triaged else None,
        )
    return charlie


def test_each_vanguards_figures_on_known_data(known):
    figures = dashboard_figures(Q2, today=TODAY)
    a, b, c = (figures["vanguards"][slug] for slug in ("alpha", "bravo", "charlie"))
    assert figures["quarter"] == "2025/26 Q2"
    assert figures["quarters"] == ["2025/26 Q1", "2025/26 Q2"]
    # A: 300 started of a 2,500 target over 8 quarters (625 expected after 2); 180 in work.
    assert (a["starts_quarter"], a["starts_to_date"], a["trajectory_to_date"]) == (200, 300, 625)
    assert a["starts_by_quarter"] == [100, 200]
    assert a["trajectory_by_quarter"] == [312, 625]
    assert a["in_work_share"] == 60.0
    assert (a["satisfied_share"], a["satisfied_to_date"]) == (80.0, 8)
    assert (a["remained_in_work_to_date"], a["entered_work_to_date"]) == (30, 12)
    assert a["completions_to_date"] == 100
    # Funding on £1,310,012: 60% guaranteed (£786,007.20, in 8 instalments of £98,250.90);
    # performance £209.60192 a start: Q1 £20,960.19, Q2 £41,920.38; Q1's paid in Q2.
    assert a["spend_to_date"] == 150_000
    assert a["spend_profile_to_date"] == 327_503  # two eighths of the allocation
    assert a["funding_guaranteed"] == 786_007
    assert a["performance_earned_to_date"] == 62_880
    assert a["funding_paid_to_date"] == 119_211  # 98,250.90 + 20,960.19
    # Returns: on time, late, overdue (an in-progress return counts for nothing).
    assert [row["return_status"] for row in (a, b, c)] == ["received", "received_late", "overdue"]
    assert a["return_due_on"] == "2025-10-20"
    assert (c["starts_to_date"], c["in_work_share"]) == (0, None)
    # Maturity.
    assert (a["maturity_band"], a["maturity_band_previous"], a["maturity_movement"]) == (
        "maturing",
        "emerging",
        "up",
    )
    assert (b["maturity_band"], b["maturity_movement"]) == ("leading", "first")
    assert (c["maturity_band"], c["maturity_movement"]) == (None, None)
    # Contact at 30 September: A on time; B due 15 September; C never contacted.
    assert (a["last_contact"], a["contact_overdue_days"]) == ("2025-09-25", 0)
    assert b["contact_overdue_days"] == 15
    assert c["last_contact"] is None and c["contact_overdue_days"] == 182
    # Support: both raised in Q2 and open at its end; A's triaged in time, B's late.
    assert [
        (r["support_raised"], r["support_judged"], r["support_triaged_in_time"]) for r in (a, b)
    ] == [(1, 1, 1), (1, 1, 0)]
    assert (a["support_open"], b["support_open"]) == (1, 1)
    # Region and cohort group, for the filters.
    assert (a["region_slug"], a["cohort_group_slug"]) == ("north-west", "alpha-group")
    assert (c["cohort_group"], c["cohort_group_slug"]) == ("", "")


def test_national_figures_add_up_the_vanguards(known):
    national = dashboard_figures(Q2, today=TODAY)["national"]
    assert national["starts_to_date"] == 350
    assert national["starts_by_quarter"] == [100, 250]
    assert national["in_work_share"] == round(100 * 200 / 350, 1)
    assert (national["returns_expected"], national["returns_received"]) == (3, 1)
    assert (national["returns_received_late"], national["returns_overdue"]) == (1, 1)
    assert national["maturity_bands"] == {
        "emerging": 0,
        "maturing": 1,
        "leading": 1,
        "not_assessed": 1,
    }
    assert national["maturity_movements"] == {"up": 1, "same": 0, "down": 0, "first": 1}
    assert national["contacted_in_cadence"] == 1


def test_quality_indicators_are_national_counts_with_targets(known):
    quality = dashboard_figures(Q2, today=TODAY)["quality"]
    # Two requests raised in the quarter, one triaged within 3 working days.
    assert (quality["support_triaged"]["met"], quality["support_triaged"]["count"]) == (1, 2)
    assert quality["support_triaged"]["target"] > 0
    assert set(quality) >= {"satisfied", "contact_cadence", "events_useful"}


def test_the_figures_are_json_ready(known):
    figures = dashboard_figures(Q2, today=TODAY)
    assert json.loads(json.dumps(figures)) == figures


def test_a_group_of_vanguards_adds_up_from_its_rows(known):
    figures = dashboard_figures(Q2, today=TODAY)
    rows = [figures["vanguards"]["alpha"], figures["vanguards"]["bravo"]]
    group = totals(rows, len(figures["quarters"]))
    assert group["starts_to_date"] == 350
    assert group["returns_expected"] == 2
    assert group["satisfied_share"] == 80.0


def _grow(vanguards: int, quarters: int):
    """`vanguards` more vanguards, each with a return in each of `quarters` quarters."""
    for _ in range(vanguards):
        vanguard = VanguardFactory()
        quarter = Q1
        for _ in range(quarters):
            report(vanguard, quarter, starts=10, in_work=5, spend=1_000)
            quarter = quarter.next()


@pytest.mark.parametrize(("vanguards", "quarters"), [(3, 1), (15, 4)])
def test_query_count_does_not_grow_with_vanguards_or_quarters(
    db, vanguards, quarters, django_assert_max_num_queries
):
    _grow(vanguards, quarters)
    # 1 vanguards, 2 figures by vanguard, 3 figures by vanguard and quarter, 4 funding rule,
    # 5 the return period, 6 the quarter's returns, 7 cohort groups at the quarter's end,
    # 8 maturity assessments, 9 programme settings, 10 last contacts, 11 support requests,
    # 12 delivery plan activities, then the quality plan's national indicators (13 settings,
    # 14 cohort groups, 15 pulse answers, 16 pulse invitations, 17-18 concerns, 19 support
    # requests, 20 last contacts, 21 event feedback, 22 targets), each vanguard's comparison
    # with similar areas (23 current cohort groups, 24 every vanguard's areas in one UNION,
    # 25 indicators, 26 values) and the strategic review (27-28 themes of pulse answers and of
    # concerns, 29 "you said, we did").
    with django_assert_max_num_queries(29):
        figures = dashboard_figures(Quarter_end(quarters), today=TODAY)
    assert len(figures["vanguards"]) == vanguards


def Quarter_end(quarters: int):  # noqa: N802
    quarter = Q1
    for _ in range(quarters - 1):
        quarter = quarter.next()
    return quarter

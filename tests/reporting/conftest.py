"""Delivery strands, a return period and quarterly returns for the reporting tests, made
through the models (the workflow itself goes through the pages and services under test)."""

import datetime
from decimal import Decimal

import pytest

from reporting.models import DeliveryStrand, QuarterlyReturn, ReturnPeriod, StrandReturn
from reporting.models.returns import FIGURES
from workwell.dates import Quarter

# A closed quarter with a due date; the cast's vanguards deliver in it.
QUARTER = Quarter(2025, 1)
QUARTER_SLUG = "2025-q1"


def make_strand(vanguard, name: str, target: int | None = 100, position: int = 0):
    return DeliveryStrand.objects.create(
        vanguard=vanguard,
        name=name,
        participant_target=target,
        funding_allocation=Decimal("250000"),
        in_work_share_target=60 if target else None,
        start_date=datetime.date(2024, 4, 1),
        end_date=datetime.date(2027, 3, 31),
        position=position,
    )


def good_figures(**overrides) -> dict:
    """One strand's quarter that keeps every rule: 10 starts of 20 referrals, 6 in work."""
    figures = {
        "referrals": 20,
        "starts": 10,
        "starts_in_work": 6,
        "starts_out_of_work": 4,
        "condition_msk": 4,
        "condition_mental_health": 3,
        "condition_both": 2,
        "condition_other": 1,
        "ethnicity_white": 5,
        "ethnicity_mixed": 1,
        "ethnicity_asian": 2,
        "ethnicity_black": 1,
        "ethnicity_other": 0,
        "ethnicity_not_known": 1,
        "completions": 3,
        "remained_in_work": 5,
        "entered_work": 2,
        "satisfaction_responses": 8,
        "satisfied": 7,
        "spend": Decimal("12500.50"),
    }
    figures.update(overrides)
    return figures


def as_post(figures: dict, complete: str = "yes") -> dict:
    """The strand form's POST: every figure as typed (empty for None)."""
    data = {
        field: "" if figures.get(field) is None else str(figures[field]) for field, _ in FIGURES
    }
    data["complete"] = complete
    return data


def make_return(vanguard, status=QuarterlyReturn.Status.IN_PROGRESS, *, quarter=QUARTER, **kwargs):
    return QuarterlyReturn.objects.create(
        vanguard=vanguard, year=quarter.year, number=quarter.number, status=status, **kwargs
    )


def fill_return(report, strands, *, complete=True, **figures):
    """Every strand's figures and the narrative, completed (a return ready to sign off)."""
    for strand in strands:
        StrandReturn.objects.create(
            quarterly_return=report, strand=strand, complete=complete, **good_figures(**figures)
        )
    report.progress, report.risks, report.what_helped = "Grew", "Staff", "Co-location"
    report.narrative_complete = complete
    report.save()
    return report


@pytest.fixture
def period(db):
    return ReturnPeriod.objects.create(
        year=QUARTER.year, number=QUARTER.number, due_on=datetime.date(2025, 7, 22)
    )


@pytest.fixture
def strands_a(vanguard_a):
    """Vanguard A's plan: two strands with participants and a contingency one."""
    return [
        make_strand(vanguard_a, "MSK employment support", 600, 0),
        make_strand(vanguard_a, "Be Well enhancement", 700, 1),
        make_strand(vanguard_a, "Contingency and management", None, 2),
    ]


@pytest.fixture
def strands_b(vanguard_b):
    return [make_strand(vanguard_b, "Bravo outreach", 300, 0)]


def return_url(vanguard, step: str = "") -> str:
    return f"/reporting/returns/{vanguard.slug}/{QUARTER_SLUG}/{step}"

"""The RAG thresholds (reporting/rag.py), at and either side of each boundary."""

import pytest

from reporting import rag
from reporting.rag import AMBER, GREEN, NO_DATA, RED


def row(**values) -> dict:
    """A vanguard's row of dashboard_figures with only what a rating reads."""
    base = {
        "starts_to_date": 0,
        "trajectory_to_date": 100,
        "in_work_share": None,
        "in_work_share_target": 60,
        "satisfied_share": None,
        "spend_to_date": 0,
        "spend_profile_to_date": 1000,
        "return_status": "not_due",
        "contact_overdue_days": 0,
        "last_contact": "2025-09-25",
        "maturity_band": None,
        "maturity_movement": None,
    }
    return {**base, **values}


@pytest.mark.parametrize(
    ("starts", "expected"), [(95, GREEN), (94, AMBER), (80, AMBER), (79, RED), (120, GREEN)]
)
def test_starts_against_trajectory(starts, expected):
    assert rag.starts(row(starts_to_date=starts)) == expected


def test_starts_with_nothing_expected_yet_are_not_rated():
    assert rag.starts(row(trajectory_to_date=0)) == NO_DATA


@pytest.mark.parametrize(
    ("share", "expected"), [(60, GREEN), (59.9, AMBER), (55, AMBER), (54.9, RED), (None, NO_DATA)]
)
def test_in_work_share_against_target(share, expected):
    assert rag.in_work(row(in_work_share=share)) == expected


@pytest.mark.parametrize(
    ("share", "expected"), [(85, GREEN), (84.9, AMBER), (70, AMBER), (69.9, RED), (None, NO_DATA)]
)
def test_satisfaction(share, expected):
    assert rag.satisfaction(row(satisfied_share=share)) == expected


@pytest.mark.parametrize(
    ("spend", "expected"),
    [
        (850, GREEN),
        (1100, GREEN),
        (849, AMBER),
        (1101, AMBER),
        (700, AMBER),
        (1250, AMBER),
        (699, RED),
        (1251, RED),
    ],
)
def test_spend_against_the_allocation_profile(spend, expected):
    assert rag.spend(row(spend_to_date=spend)) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [("received", GREEN), ("received_late", AMBER), ("overdue", RED), ("not_due", NO_DATA)],
)
def test_quarterly_return(status, expected):
    assert rag.quarterly_return(row(return_status=status)) == expected


@pytest.mark.parametrize(
    ("days", "last", "expected"),
    [
        (0, "2025-09-25", GREEN),
        (7, "2025-09-01", AMBER),
        (8, "2025-09-01", RED),
        (3, None, RED),  # never contacted
        (None, None, NO_DATA),  # closed: no contact needed
    ],
)
def test_contact_cadence(days, last, expected):
    assert rag.cadence(row(contact_overdue_days=days, last_contact=last)) == expected


@pytest.mark.parametrize(
    ("band", "movement", "expected"),
    [
        ("leading", "down", RED),
        ("maturing", "down", RED),
        ("emerging", "up", GREEN),
        ("leading", "same", GREEN),
        ("leading", "first", GREEN),
        ("maturing", "same", AMBER),
        ("emerging", "first", AMBER),
        (None, None, NO_DATA),
    ],
)
def test_maturity(band, movement, expected):
    assert rag.maturity(row(maturity_band=band, maturity_movement=movement)) == expected


def test_every_measure_is_rated_and_documented():
    assert set(rag.ratings(row())) == set(rag.RATERS) == {key for key, _ in rag.MEASURES}
    assert all(text for _, _, text in rag.THRESHOLD_TEXT)

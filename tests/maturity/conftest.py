"""Fixtures for the self-assessment tests: a small published matrix, a cycle open for both
cast vanguards, and their drafts. (The results tests build their own, module by module.)"""

import datetime

import pytest
from django.utils import timezone

from maturity.services.assessments import cycle_open
from tests.factories import make_framework


@pytest.fixture
def matrix(db):
    """A published framework version of three dimensions, each with five level descriptors."""
    return make_framework(3, name="Test matrix v1")


@pytest.fixture
def open_cycle(matrix, admin_user, vanguard_a, vanguard_b):
    today = timezone.localdate()
    return cycle_open(
        actor=admin_user,
        name="Spring cycle",
        framework=matrix,
        opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=21),
    )


@pytest.fixture
def draft_a(open_cycle, vanguard_a):
    return open_cycle.self_assessments.get(vanguard=vanguard_a)


@pytest.fixture
def draft_b(open_cycle, vanguard_b):
    return open_cycle.self_assessments.get(vanguard=vanguard_b)

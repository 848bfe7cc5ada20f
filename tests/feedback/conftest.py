"""Concerns for the feedback tests, raised through the service as a person would raise them."""

import datetime

import pytest

from feedback.models import Concern
from feedback.services.concerns import concern_raise

# A Wednesday with no bank holiday near it: the clocks below count from here.
RAISED_ON = datetime.date(2026, 3, 4)


def raise_concern(raised_by, *, today=RAISED_ON, **kwargs) -> Concern:
    data = {
        "kind": Concern.Kind.QUALITY,
        "what_happened": "The check-in was cancelled twice.",
        "happened_on": today - datetime.timedelta(days=5),
        "wanted_outcome": "A new date for the check-in.",
        **kwargs,
    }
    return concern_raise(raised_by=raised_by, today=today, **data)


@pytest.fixture
def concern_a(member_a):
    """A quality concern from vanguard A's SRO: the RM handles it at early resolution."""
    return raise_concern(member_a)


@pytest.fixture
def complaint_about_rm(member_a, rm, rm_lead):
    """A complaint from vanguard A about its own RM: straight to the RM lead."""
    return raise_concern(
        member_a,
        kind=Concern.Kind.COMPLAINT,
        what_happened="Our RM missed three meetings in a row.",
        about_rm=rm,
    )

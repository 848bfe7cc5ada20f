"""Helpers for the pulse survey tests: an open survey for this quarter, and answers."""

import datetime

from django.utils import timezone

from feedback.models import PulseSurvey
from feedback.services.pulse import pulse_response_submit
from workwell.dates import Quarter

ANSWERS = {
    "satisfaction": 4,
    "rm_support": 5,
    "learning_usefulness": 3,
    "went_well": "Our RM brought the cohort together on employer engagement.",
    "even_better": "More notice of Learning and Change Network sessions.",
    "may_contact": False,
}


def open_survey(quarter: Quarter | None = None) -> PulseSurvey:
    """This quarter's survey, open since three days ago (whatever today's month)."""
    today = timezone.localdate()
    quarter = quarter or Quarter.containing(today)
    return PulseSurvey.objects.create(
        year=quarter.year,
        number=quarter.number,
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=10),
        status=PulseSurvey.Status.OPEN,
        opened_at=timezone.now(),
    )


def answer(survey, person, **changes):
    """Submit `person`'s answers through the service, as the form does."""
    return pulse_response_submit(survey=survey, person=person, **{**ANSWERS, **changes})

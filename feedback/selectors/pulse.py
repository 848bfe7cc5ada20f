"""Reads for the pulse survey form and the member's home: the open survey and a member's
answers to it."""

import datetime

from django.utils import timezone

from vanguards import permissions

from ..models import PulseResponse, PulseSurvey


def open_pulse_survey(*, today: datetime.date | None = None) -> PulseSurvey | None:
    """The survey open today, if any (one query)."""
    today = today or timezone.localdate()
    return PulseSurvey.objects.filter(
        status=PulseSurvey.Status.OPEN, opens_on__lte=today, closes_on__gte=today
    ).first()


def pulse_response_of(*, user, survey: PulseSurvey) -> PulseResponse | None:
    """The member's own answers to the survey (through the permission rule), or None."""
    return (
        permissions.pulse_responses_visible_to(user, PulseResponse.objects.filter(survey=survey))
        .filter(person=user.pk)
        .first()
    )

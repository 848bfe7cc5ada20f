"""Known data for the quality indicators: 2025/26 Q2 (July to September 2025) and the quarter
before it, judged on 3 November 2025. Vanguard A is in the Alpha group (the RM), vanguard B in
the Bravo group (the RM lead). See test_quality_indicators.py for the expected figures."""

import datetime

from django.utils import timezone

from feedback.models import Concern, PulseInvitation, PulseResponse, PulseSurvey
from learning.models import EventFeedback
from tests.factories import (
    ConcernFactory,
    EventFactory,
    SupportRequestFactory,
    TouchpointFactory,
    make_member,
)
from vanguards.models import SupportRequest
from workwell.dates import Quarter

Q2 = Quarter(2025, 2)
Q1 = Quarter(2025, 1)
TODAY = datetime.date(2025, 11, 3)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def survey(quarter: Quarter) -> PulseSurvey:
    return PulseSurvey.objects.create(
        year=quarter.year,
        number=quarter.number,
        opens_on=quarter.end.replace(day=1),
        closes_on=quarter.end,
        status=PulseSurvey.Status.CLOSED,
    )


def pulse(the_survey, vanguard, ratings, *, asked_more=0):
    """One answer per rating (satisfaction), each member asked, plus `asked_more` not answering."""
    membership = vanguard.group_memberships.get()
    groups = {
        "vanguard": vanguard,
        "cohort_group": membership.cohort_group,
        "relationship_manager": membership.cohort_group.relationship_manager,
        "region": vanguard.region,
    }
    when = at(the_survey.closes_on)
    for rating in ratings:
        person = make_member(vanguard)
        PulseInvitation.objects.create(survey=the_survey, person=person, **groups)
        PulseResponse.objects.create(
            survey=the_survey,
            person=person,
            satisfaction=rating,
            rm_support=4,
            learning_usefulness=4,
            submitted_at=when,
            updated_at=when,
            **groups,
        )
    for _ in range(asked_more):
        PulseInvitation.objects.create(survey=the_survey, person=make_member(vanguard), **groups)


def concern(vanguard, *, raised, acknowledged=None, responded=None, respond_by=None):
    made = ConcernFactory(
        vanguard=vanguard,
        acknowledge_by=raised + datetime.timedelta(days=3),
        respond_by=respond_by or raised + datetime.timedelta(days=28),
        state=Concern.State.RESPONDED if responded else Concern.State.RAISED,
        acknowledged_at=acknowledged and at(acknowledged),
        responded_at=responded and at(responded),
    )
    Concern.objects.filter(pk=made.pk).update(raised_at=at(raised))
    return made


def support_request(vanguard, *, raised, triaged=None):
    made = SupportRequestFactory(vanguard=vanguard, triaged_at=triaged and at(triaged))
    SupportRequest.objects.filter(pk=made.pk).update(raised_at=at(raised))
    return made


def event_ratings(vanguard, ratings, *, day):
    event = EventFactory(starts_at=at(day), ends_at=at(day, 11))
    for rating in ratings:
        EventFeedback.objects.create(event=event, person=make_member(vanguard), usefulness=rating)


def build_known_data(vanguard_a, vanguard_b):
    # Pulse, Q2: A three answers (5, 4, 2) of four asked; B one answer (5) of one asked.
    q2 = survey(Q2)
    pulse(q2, vanguard_a, [5, 4, 2], asked_more=1)
    pulse(q2, vanguard_b, [5])
    # Pulse, Q1: A three answers (5, 5, 5) of three asked.
    pulse(survey(Q1), vanguard_a, [5, 5, 5])

    # Concerns raised on Monday 4 August 2025 (acknowledge by the 7th).
    day = datetime.date(2025, 8, 4)
    concern(
        vanguard_a,
        raised=day,
        acknowledged=datetime.date(2025, 8, 5),
        responded=datetime.date(2025, 8, 20),
    )  # in time, responded in time
    concern(
        vanguard_a,
        raised=day,
        acknowledged=datetime.date(2025, 8, 11),
        responded=datetime.date(2025, 9, 30),
        respond_by=datetime.date(2025, 9, 1),
    )  # both late
    concern(vanguard_a, raised=day)  # never acknowledged, well past its date
    concern(vanguard_b, raised=day, acknowledged=datetime.date(2025, 8, 6))

    # Support requests; triage within 3 working days.
    monday = datetime.date(2025, 8, 4)
    support_request(vanguard_a, raised=monday, triaged=datetime.date(2025, 8, 7))  # 3: in time
    support_request(vanguard_a, raised=monday, triaged=datetime.date(2025, 8, 8))  # 4: late
    support_request(vanguard_a, raised=monday)  # never triaged: late
    # Friday before the August bank holiday (25th): Thursday 28th is 3 working days on.
    support_request(
        vanguard_b, raised=datetime.date(2025, 8, 22), triaged=datetime.date(2025, 8, 28)
    )
    # Q1: A's one request was triaged late.
    support_request(
        vanguard_a, raised=datetime.date(2025, 5, 5), triaged=datetime.date(2025, 5, 12)
    )

    # Contact at the quarter's end (Tuesday 30 September; cadence 14 days).
    TouchpointFactory(date=datetime.date(2025, 9, 20), vanguards=[vanguard_a])  # due 6 Oct
    TouchpointFactory(date=datetime.date(2025, 9, 1), vanguards=[vanguard_b])  # due 15 Sept
    TouchpointFactory(date=datetime.date(2025, 10, 20), vanguards=[vanguard_b])  # after Q2

    # Events in Q2: A's people rate 4, 5, 2; B's one person rates 1.
    event_ratings(vanguard_a, [4, 5, 2], day=datetime.date(2025, 8, 12))
    event_ratings(vanguard_b, [1], day=datetime.date(2025, 8, 12))

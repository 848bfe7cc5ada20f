"""Demo data for the quality plan, relative to today: a few targets admins have set, and the
last closed quarter's review page with a real value for every indicator. The other demo
modules already fill most of it (pulse answers, touchpoints); whatever that quarter still lacks
(concerns, support requests, event ratings) is added here, some in time and some late, and a
handful of free-text answers and concerns are tagged with programme themes. Safe to run again."""

import datetime

from django.utils import timezone

from learning.models import Event, EventFeedback
from vanguards.models import SupportRequest, VanguardMember
from workwell.dates import Quarter, add_working_days
from workwell.models import ProgrammeTheme, User

from ..models import Concern, PulseResponse, QualityTarget
from ..models.quality import Indicator
from ..selectors.concerns import acknowledge_due, respond_due
from ..selectors.quality import NATIONAL, indicator_shares

TARGETS = [  # (indicator, quarters before the last closed one, onwards, target)
    (Indicator.SATISFIED, 3, True, 75),
    (Indicator.RESPONSE_RATE, 3, True, 60),
    (Indicator.CONTACT_CADENCE, 1, True, 80),
    (Indicator.EVENTS_USEFUL, 0, False, 85),
]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _first_working_day(day: datetime.date) -> datetime.date:
    return add_working_days(day - datetime.timedelta(days=1), 1)


def _members(count: int) -> list[VanguardMember]:
    return list(VanguardMember.objects.select_related("vanguard", "user").order_by("pk")[:count])


def _concerns(quarter: Quarter) -> None:
    for index, member in enumerate(_members(4)):
        raised = _first_working_day(quarter.start + datetime.timedelta(days=14 + 7 * index))
        late = index == 3
        concern = Concern.objects.create(
            raised_by=member.user,
            vanguard=member.vanguard,
            region=member.vanguard.region,
            kind=Concern.Kind.QUALITY if index % 2 else Concern.Kind.ISSUE,
            what_happened="A cohort session was moved at short notice and our clinical lead "
            "could not attend.",
            happened_on=raised - datetime.timedelta(days=5),
            wanted_outcome="More notice of changes to cohort sessions.",
            stage=Concern.Stage.EARLY_RESOLUTION,
            state=Concern.State.CLOSED,
            acknowledge_by=acknowledge_due(raised),
            respond_by=respond_due(raised, 20),
            acknowledged_at=_at(add_working_days(raised, 5 if late else 1)),
            responded_at=_at(add_working_days(raised, 25 if late else 12)),
            closed_at=_at(add_working_days(raised, 30)),
        )
        Concern.objects.filter(pk=concern.pk).update(raised_at=_at(raised, 9))


def _support_requests(quarter: Quarter) -> None:
    triager = User.objects.filter(email="rm.lead@example.com").first()
    for index, member in enumerate(_members(5)):
        raised = _first_working_day(quarter.start + datetime.timedelta(days=10 + 9 * index))
        request = SupportRequest.objects.create(
            vanguard=member.vanguard,
            raised_by=member.user,
            need="Help planning an evaluation of our employer engagement offer.",
            status=SupportRequest.Status.TRIAGED,
            triaged_at=_at(add_working_days(raised, 5 if index == 4 else 2)),
            triaged_by=triager,
        )
        SupportRequest.objects.filter(pk=request.pk).update(raised_at=_at(raised, 9))


def _event_ratings(quarter: Quarter) -> None:
    organiser = (
        User.objects.filter(email="learning@example.com").first()
        or User.objects.order_by("pk").first()
    )
    day = _first_working_day(quarter.start + datetime.timedelta(days=40))
    event = Event.objects.create(
        title="Learning and Change Network: engaging small employers",
        kind="webinar",
        starts_at=_at(day, 13),
        ends_at=_at(day, 14),
        format="online",
        joining_link="https://teams.example.com/join/small-employers",
        capacity=40,
        audience="all",
        description="Three vanguards share how their health and work coaches reach small firms.",
        created_by=organiser,
    )
    for index, member in enumerate(_members(8)):
        EventFeedback.objects.get_or_create(
            event=event,
            person=member.user,
            defaults={"usefulness": (5, 4, 4, 3, 5, 2, 4, 5)[index]},
        )


def _tag_themes(quarter: Quarter) -> None:
    themes = list(ProgrammeTheme.objects.order_by("order", "pk")[:3])
    if not themes:
        return
    answers = PulseResponse.objects.filter(
        survey__year=quarter.year, survey__number=quarter.number
    ).exclude(even_better="")
    for index, answer in enumerate(answers.order_by("pk")[:12]):
        answer.themes.add(themes[index % len(themes)])
    raised = Concern.objects.filter(
        raised_at__gte=_at(quarter.start, 0), raised_at__lt=_at(quarter.next().start, 0)
    )
    for index, concern in enumerate(raised[:6]):
        concern.themes.add(themes[index % len(themes)])


def seed_quality(registry: dict, *, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    last = Quarter.containing(today).previous()
    for indicator, back, onwards, target in TARGETS:
        quarter = last
        for _ in range(back):
            quarter = quarter.previous()
        QualityTarget.objects.get_or_create(
            indicator=indicator,
            year=quarter.year,
            number=quarter.number,
            defaults={"onwards": onwards, "target": target},
        )
    national = indicator_shares(last, today=today)[(NATIONAL, None)]
    if not national[Indicator.CONCERNS_ACKNOWLEDGED].count:
        _concerns(last)
    if not national[Indicator.SUPPORT_TRIAGED].count:
        _support_requests(last)
    if not national[Indicator.EVENTS_USEFUL].count:
        _event_ratings(last)
    _tag_themes(last)

"""Demo concerns and complaints in every state, including a complaint about an RM (with the RM
lead, hidden from that RM) and overdue ones. Each is walked through the real services on its
own dates, then its timestamps are set back to those dates so the clocks and the thread read
as lived-in. Running it again creates nothing new."""

import datetime

from django.utils import timezone

from vanguards.models import ProgrammeSettings, Vanguard
from workwell.dates import nth_working_day_back
from workwell.models import User

from ..models import Concern, ConcernEntry
from ..services import concerns as services

Kind, State = Concern.Kind, Concern.State

# (raiser email, vanguard slug or None for the region, kind, email of the RM it is about,
#  working days ago it was raised, the state to walk it to, what happened, what they want)
CONCERNS = [
    (
        "sro.greater-manchester@example.com",
        "greater-manchester",
        Kind.COMPLAINT,
        "rm1@example.com",
        9,
        State.INVESTIGATING,
        "Our relationship manager cancelled three check-ins in a row at less than a day's "
        "notice, and we missed the deadline for the quarterly return because nobody answered "
        "our questions about the outcomes measures.",
        "An apology, a named contact while this is looked at, and help to resubmit the return.",
    ),
    (
        "sro.cheshire-and-merseyside@example.com",
        "cheshire-and-merseyside",
        Kind.QUALITY,
        None,
        6,
        State.RAISED,
        "The mental health cohort session on 2 topics was run with slides that did not match "
        "the toolkit version we had been told to use.",
        "Updated slides and a short catch-up session for the team members who attended.",
    ),
    (
        "sro.lancashire-and-south-cumbria@example.com",
        "lancashire-and-south-cumbria",
        Kind.ISSUE,
        None,
        3,
        State.ACKNOWLEDGED,
        "We cannot see our dashboard figures for last quarter since the return was resubmitted.",
        "The dashboard showing the resubmitted figures.",
    ),
    (
        "sro.south-yorkshire@example.com",
        "south-yorkshire",
        Kind.QUALITY,
        None,
        30,
        State.INVESTIGATING,
        "The employer engagement coaching we were offered in April has still not started.",
        "Dates for the coaching sessions before the end of the quarter.",
    ),
    (
        "sro.birmingham-and-solihull@example.com",
        "birmingham-and-solihull",
        Kind.SUGGESTION,
        None,
        8,
        State.RESPONDED,
        "Peer learning sessions would be easier to join if they were recorded for teams who "
        "work shifts.",
        "Recordings of the peer learning sessions on the network pages.",
    ),
    (
        "sro.frimley@example.com",
        "frimley",
        Kind.COMPLAINT,
        None,
        40,
        State.CLOSED,
        "The site visit report named a participant, which we had asked the team not to do.",
        "The report corrected and an assurance it will not happen again.",
    ),
    (
        "regional.northwest@example.com",
        None,
        Kind.ISSUE,
        None,
        1,
        State.RAISED,
        "Vanguards in the North West hear about network events too late to release staff.",
        "Events in the North West announced at least six weeks ahead.",
    ),
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 10)))


def _date_last_step(concern: Concern, field: str | None, when: datetime.datetime) -> None:
    """Move the step just taken back to `when`: the concern's field, its thread entry and its
    history record."""
    if field:
        Concern.objects.filter(pk=concern.pk).update(**{field: when})
    ConcernEntry.objects.filter(pk=concern.entries.order_by("-pk").first().pk).update(
        created_at=when
    )
    latest = concern.history.order_by("-history_id").first()
    concern.history.filter(history_id=latest.history_id).update(history_date=when)
    concern.refresh_from_db()


def _walk(concern: Concern, state: str, raised_on: datetime.date, today: datetime.date) -> None:
    handler = concern.handler
    order = [State.ACKNOWLEDGED, State.INVESTIGATING, State.RESPONDED, State.CLOSED]
    steps = order[: order.index(state) + 1] if state in order else []
    day = raised_on
    for step in steps:
        day = min(day + datetime.timedelta(days=2), today)
        if step == State.ACKNOWLEDGED:
            services.concern_acknowledge(concern=concern, by=handler)
            field = "acknowledged_at"
        elif step == State.INVESTIGATING:
            services.concern_start_investigation(concern=concern, by=handler)
            field = "investigating_at"
        elif step == State.RESPONDED:
            services.concern_respond(
                concern=concern,
                by=handler,
                response="Thank you for raising this. We have looked into it and agreed the "
                "changes with the team; your relationship manager will confirm the dates.",
                today=day,
            )
            field = "responded_at"
        else:
            services.concern_close(concern=concern, by=concern.raised_by)
            field = "closed_at"
        _date_last_step(concern, field, _at(day, 11))


def seed_concerns(registry: dict) -> list[Concern]:
    today = timezone.localdate()
    settings, _ = ProgrammeSettings.objects.get_or_create(pk=1)
    if settings.programme_director is None:
        settings.programme_director = User.objects.get(email="lead@example.com")
        settings.save()
    concerns = []
    for email, slug, kind, about, days_ago, state, what, wanted in CONCERNS:
        raiser = User.objects.get(email=email)
        existing = Concern.objects.filter(raised_by=raiser, what_happened=what).first()
        if existing:
            concerns.append(existing)
            continue
        raised_on = nth_working_day_back(today - datetime.timedelta(days=1), days_ago)
        concern = services.concern_raise(
            raised_by=raiser,
            vanguard=Vanguard.objects.get(slug=slug) if slug else None,
            kind=kind,
            what_happened=what,
            happened_on=raised_on - datetime.timedelta(days=10),
            wanted_outcome=wanted,
            about_rm=User.objects.get(email=about) if about else None,
            about_service="" if about else "Cohort sessions",
            today=raised_on,
        )
        _date_last_step(concern, "raised_at", _at(raised_on, 9))
        _walk(concern, state, raised_on, today)
        concerns.append(concern)
    return concerns

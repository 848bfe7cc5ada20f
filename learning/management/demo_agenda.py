"""Demo agendas on every network event and "what we heard" on past ones.

The quarterly network events follow the shape of the Greenwich market engagement event
(`greenwich-market-engagement.txt`): a welcome and the purpose of the day, then topics each run
as a 35-minute exercise with 5 minutes of feedback, a break for networking, next steps. Agendas
go through the real service, so they pass its checks. "What we heard" on past events is written
as it would have ended up: published a few days after, with no emails sent from the seed.
Running it again creates nothing new.
"""

import datetime

from django.utils import timezone

from workwell.models import User

from ..models import Event, WhatWeHeard
from ..services.agenda import agenda_item_add

TALK, EXERCISE, DISCUSSION, FEEDBACK, BREAK = "talk", "exercise", "discussion", "feedback", "break"

# (start "HH:MM" or None, minutes or None, kind, topic, lead)
NETWORK_EVENT = [
    ("10:00", 10, TALK, "Welcome and introductions, purpose of today", "Chris Doyle"),
    (
        "10:10",
        35,
        EXERCISE,
        "Review our ambitions and finalise our ways of working together",
        "Sam Okafor",
    ),
    ("10:45", 5, FEEDBACK, "Feedback from the tables", "Sam Okafor"),
    ("10:50", 15, BREAK, "Break and networking", ""),
    (
        "11:05",
        35,
        EXERCISE,
        "Our outcomes: how do we demonstrate and measure quality, and what 'good' looks like",
        "Priya Shah",
    ),
    ("11:40", 5, FEEDBACK, "Feedback from the tables", "Priya Shah"),
    (
        "11:45",
        35,
        DISCUSSION,
        "The practicalities of working closer together: what vanguards need from the NST",
        "Tom Fletcher",
    ),
    ("12:20", 5, FEEDBACK, "Feedback from the groups", "Tom Fletcher"),
    ("12:25", 5, TALK, "Next steps", "Chris Doyle"),
    ("12:30", 60, BREAK, "Lunch and networking", ""),
    (
        "13:30",
        60,
        DISCUSSION,
        "Peer problem-solving on the questions vanguards brought",
        "Relationship managers",
    ),
    ("14:30", 20, TALK, "Lived experience voice", "A member of the lived experience panel"),
    ("14:50", 15, FEEDBACK, "Reflections and the feedback form", "Chris Doyle"),
]
WEBINAR = [
    (None, 5, TALK, "Welcome and housekeeping", "Chris Doyle"),
    (
        None,
        25,
        TALK,
        "The topic: what is changing and what it means for vanguards",
        "A guest speaker from DWP",
    ),
    (None, 20, DISCUSSION, "Questions from the network", "Chris Doyle"),
    (None, 5, FEEDBACK, "Two-question poll on the session", ""),
]
PODCAST = [
    (None, 5, TALK, "Introduction", "Chris Doyle"),
    (None, 30, TALK, "The conversation", "Guests from a vanguard"),
    (None, 10, DISCUSSION, "Listeners' questions", "Chris Doyle"),
]
COHORT_SESSION = [
    (None, 10, TALK, "Welcome and what each vanguard brought", "The relationship manager"),
    (None, 60, DISCUSSION, "Case discussions: one case from each vanguard", "Each vanguard"),
    (None, 10, BREAK, "Break", ""),
    (None, 30, EXERCISE, "What we will each try before the next session", "Priya Shah"),
    (None, 10, FEEDBACK, "Feedback and next session", "The relationship manager"),
]
WORKSHOP = [
    (None, 15, TALK, "Purpose of the dry run", "Sam Okafor"),
    (
        None,
        90,
        EXERCISE,
        "Run-through of the Maturity Assessment Matrix findings",
        "Relationship managers",
    ),
    (None, 15, BREAK, "Break", ""),
    (None, 45, FEEDBACK, "What to change before the network event", "Chris Doyle"),
]
AGENDAS = {
    Event.Kind.NETWORK_EVENT: NETWORK_EVENT,
    Event.Kind.WEBINAR: WEBINAR,
    Event.Kind.PODCAST: PODCAST,
    Event.Kind.COHORT_SESSION: COHORT_SESSION,
    Event.Kind.WORKSHOP: WORKSHOP,
}

HEARD = {
    Event.Kind.NETWORK_EVENT: """\
* Vanguards want to **agree one definition of a participant** before the next
  return; three counted people differently.
* Data sharing between ICBs and councils is the biggest blocker to referrals; people asked
  for a model agreement.
* The table exercises worked; the feedback slots were too short to hear every table.
* More time for peer conversations across cohort groups, and fewer presentations.
* Employers want a single named contact in each vanguard.""",
    Event.Kind.WEBINAR: """\
* The changes are welcome, but GP practices have not heard about them yet.
* People asked for a one-page summary to share with partners.
* Questions ran out of time: the recording and answers will go on FutureNHS.""",
    Event.Kind.PODCAST: """\
* Listeners asked for the participant's own words in the toolkit's case studies.
* A transcript helps people who cannot listen at work.""",
    Event.Kind.COHORT_SESSION: """\
* Self-referral brings people earlier than GP referral, but needs clear triage.
* Two vanguards will share their triage questions before the next session.""",
    Event.Kind.WORKSHOP: """\
* The findings are clear, but the scores need context for each vanguard.
* Run the network event with more table time and fewer slides.""",
}


def _time(text: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(text) if text else None


def _agenda(event: Event, organiser: User) -> None:
    lines = AGENDAS[event.kind]
    start = timezone.localtime(event.starts_at)
    for at, minutes, kind, title, lead in lines:
        # The untimed agendas start with the event: give the first line the event's start.
        starts_at = _time(at) if at else (start.time() if lines[0][3] == title else None)
        agenda_item_add(
            event=event,
            organiser=organiser,
            data={
                "starts_at": starts_at,
                "minutes": minutes,
                "kind": kind,
                "title": title,
                "lead": lead,
            },
        )


def seed_agendas(organiser: User) -> None:
    now = timezone.now()
    events = Event.objects.filter(agenda_items__isnull=True).order_by("starts_at", "pk")
    past = []
    for event in events:
        _agenda(event, organiser)
        if event.ends_at <= now:
            past.append(event)
    # Key points on every past event; the latest one still a draft, as organisers leave it
    # the day after.
    latest = past[-1] if past else None
    for event in past:
        published = None if event == latest else event.ends_at + datetime.timedelta(days=3)
        WhatWeHeard.objects.get_or_create(
            event=event,
            defaults={
                "key_points": HEARD[event.kind],
                "written_by": organiser,
                "published_at": published,
            },
        )

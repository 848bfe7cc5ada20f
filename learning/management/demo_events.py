"""Demo data for the Learning and Change Network, relative to today: the October launch event,
quarterly network events (past ones with attendance and feedback, the next ones full with
waiting lists), monthly webinars, podcast episodes, a cohort session for one cohort group, an
NST-only dry run, and the network's terms of reference, model agenda and forward programme.

Themes and places follow the NST's service delivery model (Phase 3: the Learning and Change
Network, monthly webinars on topical issues, a podcast series, in-person events in different
locations including the Global Innovation & Technology Centre near Cambridge, FutureNHS for
materials). Future registrations go through the real services, so the waiting lists are what
the services would make; past ones are written as they would have ended up.
"""

import datetime
import random

from django.utils import timezone

from learning.management.demo_agenda import seed_agendas
from learning.models import Event, EventFeedback, EventMaterial, NetworkPage, Registration
from learning.services.events import event_register, event_save
from learning.services.pages import network_page_save
from vanguards import permissions
from workwell.models import User

FUTURENHS = "https://future.nhs.uk/WorkWellNetwork/view?objectId="
TEAMS = "https://teams.microsoft.com/l/meetup-join/workwell-"

WEBINAR_TOPICS = [
    ("Fit notes and the WorkWell offer: what the changes mean for you", "fit-notes"),
    ("Recruiting participants through primary care", "primary-care"),
    ("Measuring outcomes: the quarterly return explained", "quarterly-return"),
    ("Working with employers: SMEs and the self-employed", "employers"),
    ("Lived experience: co-designing your service with participants", "lived-experience"),
    ("Musculoskeletal pathways: from first contact to return to work", "msk"),
    ("Mental health at work: what good early support looks like", "mental-health"),
    ("Data sharing agreements between ICBs and councils", "data-sharing"),
    ("Sustaining services after the pilot: building the business case", "sustainability"),
    ("Working with Jobcentre Plus and the Connect to Work programme", "jobcentre"),
    ("The Maturity Assessment Matrix: moving from emerging to maturing", "maturity"),
    ("Health and work coaching: keeping caseloads manageable", "caseloads"),
]
PODCASTS = [
    "Back to the shop floor: a warehouse worker's story",
    "Coaching by phone: what participants told us",
    "An SRO's view: building a partnership from scratch",
    "The employer in the room: a care home manager on keeping staff well",
    "From referral to return: a physiotherapist and her participant",
]
# The quarterly network events move around the country (seed_scale uses them too).
VENUES = [
    "The Studio, 7 Cannon Street, Birmingham B2 5EP",
    "PA Global Innovation & Technology Centre, Melbourn, near Cambridge SG8 6DP",
    "The Lowry, Pier 8, Salford Quays M50 3AZ",
    "Leeds Beckett University, Rose Bowl, Leeds LS1 3HB",
    "The Engine Shed, Station Approach, Bristol BS1 6QH",
    "Guy's Campus, King's College London, London SE1 1UL",
]
COMMENTS = [
    "Really useful to hear how other vanguards are recruiting participants.",
    "The breakout on data sharing was the most useful part for us.",
    "Good session, but it ran over and we lost the last discussion.",
    "More time for peer conversations, please.",
    "Clear and practical. The slides will help me brief our board.",
    "",
    "",
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _months_from(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def _weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _event(organiser, title, kind, starts, hours, **fields) -> Event | None:
    """Create the event unless a run before already did (by title and date)."""
    if Event.objects.filter(title=title, starts_at__date=starts.date()).exists():
        return None
    data = {
        "title": title,
        "kind": kind,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=hours),
        "format": fields.pop("format", Event.Format.ONLINE),
        "venue": fields.pop("venue", ""),
        "joining_link": fields.pop("joining_link", ""),
        "capacity": fields.pop("capacity", 100),
        "audience": fields.pop("audience", Event.Audience.ALL),
        "cohort_group": fields.pop("cohort_group", None),
        "description": fields.pop("description"),
    }
    return event_save(organiser=organiser, data=data)


def _past_places(event: Event, people: list[User], rng: random.Random, organiser: User) -> None:
    """Who came to a past event, what they thought, and its materials."""
    booked_at = event.starts_at - datetime.timedelta(days=14)
    taken = people[: event.capacity]
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                person=person,
                status=Registration.Status.REGISTERED,
                attended=rng.random() > 0.15,
                reminder_sent_at=event.starts_at - datetime.timedelta(days=2),
            )
            for person in taken
        ]
    )
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(created_at=booked_at)
    came = [r for r in registrations if r.attended]
    EventFeedback.objects.bulk_create(
        [
            EventFeedback(
                event=event,
                person=registration.person,
                usefulness=rng.choice([3, 4, 4, 4, 5, 5, 5, 2]),
                comment=rng.choice(COMMENTS),
            )
            for registration in came[: max(1, len(came) * 2 // 3)]
        ]
    )
    EventMaterial.objects.bulk_create(
        [
            EventMaterial(
                event=event,
                title="Slides",
                link=f"{FUTURENHS}{event.pk}01",
                added_by=organiser,
            ),
            EventMaterial(
                event=event,
                title="Recording and notes",
                link=f"{FUTURENHS}{event.pk}02",
                added_by=organiser,
            ),
        ]
    )


def _future_places(event: Event, people: list[User]) -> None:
    for person in people:
        event_register(event=event, person=person)


def seed_events(registry: dict) -> None:
    users = registry["users"]
    organiser = users["learning@example.com"]
    groups = registry["groups"]
    members = list(
        permissions.members_only(User.objects.filter(email__startswith="sro.")).order_by("email")
    )
    nst = [users[email] for email in ("rm.lead@example.com", "rm1@example.com", "rm2@example.com")]
    today = timezone.localdate()
    now = timezone.now()
    rng = random.Random("learning-events")  # the same history on every machine

    def places(event: Event | None, people: list[User]) -> None:
        if event is None:
            return
        if event.ends_at <= now:
            _past_places(event, people, rng, organiser)
        elif event.starts_at > now:
            _future_places(event, people)

    # The launch event, then the quarterly network events every three months after it.
    launch_day = _weekday_on_or_after(datetime.date(today.year - 1, 10, 14), 2)
    places(
        _event(
            organiser,
            "Learning and Change Network launch",
            Event.Kind.NETWORK_EVENT,
            _at(launch_day, 10),
            6,
            format=Event.Format.IN_PERSON,
            venue="Manchester Central Convention Complex, Windmill Street, Manchester M2 3GX",
            capacity=90,
            description=(
                "The first in-person event of the Learning and Change Network, before Phase 2 "
                "begins. Each vanguard shares its action plan, and we agree together how the "
                "network will work: its terms of reference, the model agenda and the forward "
                "programme.\n\n"
                "## The day\n\n"
                "* Welcome from DWP and DHSC\n"
                "* What the discovery sessions told us\n"
                "* Vanguard action plans: market-place stands\n"
                "* Agreeing the network's ways of working\n"
                "* Next steps and the first toolkit iteration"
            ),
        ),
        members + nst,
    )
    for number in range(1, 7):
        day = _weekday_on_or_after(_months_from(launch_day, 3 * number), 2)
        starts = _at(day, 10)
        future = starts > now
        quarter = f"{['January', 'April', 'July', 'October'][(day.month - 1) // 3]} {day.year}"
        event = _event(
            organiser,
            f"Learning and Change Network: {quarter}",
            Event.Kind.NETWORK_EVENT,
            starts,
            5.5,
            format=Event.Format.IN_PERSON,
            venue=VENUES[number - 1],
            # The venues of the next events are smaller rooms: one place per vanguard.
            capacity=12 if future else 60,
            description=(
                "The quarterly gathering of the whole network: progress from each cohort "
                "group, the latest iteration of the WorkWell toolkit, and time for peer "
                "conversations on the problems vanguards are working through.\n\n"
                "Bring one or two questions you would like another vanguard's help with."
            ),
        )
        places(event, members + nst if not future else members[:15])
    # Monthly webinars: the last eight months and the next three.
    for offset in range(-8, 4):
        month_start = _months_from(today.replace(day=1), offset)
        day = _weekday_on_or_after(month_start + datetime.timedelta(days=7), 1)  # 2nd Tuesday
        title, slug = WEBINAR_TOPICS[offset % len(WEBINAR_TOPICS)]
        event = _event(
            organiser,
            title,
            Event.Kind.WEBINAR,
            _at(day, 12, 30),
            1,
            joining_link=f"{TEAMS}{slug}",
            capacity=150,
            description=(
                "A monthly webinar on a topical issue for everyone in the network. Forty-five "
                "minutes of talks and questions, recorded for those who cannot join."
            ),
        )
        people = members[: rng.randrange(6, 12)] + nst[:2]
        places(event, people)
    # The podcast series: an episode every six weeks, two still to come.
    first_episode = today - datetime.timedelta(weeks=6 * (len(PODCASTS) - 2))
    for number, title in enumerate(PODCASTS, start=1):
        day = _weekday_on_or_after(first_episode + datetime.timedelta(weeks=6 * (number - 1)), 3)
        event = _event(
            organiser,
            f"WorkWell podcast, episode {number}: {title}",
            Event.Kind.PODCAST,
            _at(day, 9),
            0.75,
            joining_link=f"{FUTURENHS}podcast-{number}",
            capacity=500,
            description=(
                "Stories from people the programme has helped, and from the teams helping "
                "them. Listen on the FutureNHS workspace, or join the live recording."
            ),
        )
        places(event, members[number : number + 4])
    # A cohort session for one cohort group, and the NST's dry run of the network event.
    group = groups["msk"]
    group_members = [
        user
        for user in members
        if group.memberships.filter(ended_on__isnull=True, vanguard__members__user=user).exists()
    ]
    for days, title in (
        (-20, "MSK cohort session: triage and self-referral"),
        (16, "MSK cohort session: working with employers"),
    ):
        event = _event(
            organiser,
            title,
            Event.Kind.COHORT_SESSION,
            _at(today + datetime.timedelta(days=days), 14),
            2,
            joining_link=f"{TEAMS}msk-cohort-{abs(days)}",
            capacity=20,
            audience=Event.Audience.COHORT_GROUP,
            cohort_group=group,
            description=(
                f"A peer session for the vanguards of the {group.name} cohort group, with "
                "their relationship manager. Each vanguard brings one case to discuss."
            ),
        )
        places(event, group_members + [group.relationship_manager])
    places(
        _event(
            organiser,
            "Dry run: sharing the Maturity Assessment Matrix findings",
            Event.Kind.WORKSHOP,
            _at(launch_day - datetime.timedelta(days=21), 10),
            3,
            joining_link=f"{TEAMS}dry-run",
            capacity=20,
            audience=Event.Audience.NST,
            description=(
                "A dry run of the first network event for the core team and regional leads: "
                "the draft findings of the Maturity Assessment Matrix reports, and how best "
                "to run the network before we open it to vanguards."
            ),
        ),
        [
            users[email]
            for email in (
                "rm.lead@example.com",
                "rm1@example.com",
                "rm2@example.com",
                "rm3@example.com",
                "admin@example.com",
            )
        ],
    )
    seed_network_pages(organiser)
    seed_agendas(organiser)


NETWORK_PAGES = [
    (
        "terms-of-reference",
        "Terms of reference",
        "What the network is for, who takes part and how it works.",
        """## Purpose

The Learning and Change Network brings together the 15 WorkWell vanguards, the National
Support Team and the ICBs matched with them, to spread knowledge, good practice, lessons
learnt, change management and education about delivering WorkWell services.

## Who takes part

* Each vanguard's Learning and Change Manager, who co-creates the learning programme with us
* Vanguard SROs and delivery leads, for the quarterly events
* The National Support Team: the Learning Lead, two Learning Managers and the relationship
  managers
* Regional leads from NHS England's seven regions
* Network partners: ICBs outside the programme, matched with vanguards addressing similar
  challenges

## How it works

* In-person network events every quarter, to share progress and iterate the WorkWell toolkit
* Monthly webinars on topical issues, such as policy changes
* A podcast series telling the stories of people the programme has helped
* Cohort sessions for each thematic cohort group, led by its relationship manager
* Materials kept on the FutureNHS Collaboration Platform

## Ways of working

We meet vanguards where they are, without judging their starting point. What is shared in
the network stays in the network unless the vanguard agrees otherwise. The terms of
reference are reviewed every six months with the vanguards' Learning and Change Managers.
""",
    ),
    (
        "model-agenda",
        "Model agenda",
        "The shape of a quarterly network event.",
        """Each quarterly network event follows this agenda, adapted to its theme.

1. **Welcome and purpose** (15 minutes): what this event is for and what we will leave with
2. **Programme update** (20 minutes): from DWP and DHSC, and the national dashboard
3. **Toolkit iteration** (30 minutes): what changed in this quarter's WorkWell toolkit and
   which comments from vanguards led to the changes
4. **Vanguard spotlights** (45 minutes): two or three vanguards share what they tried, what
   happened and what others should take from it
5. **Lunch and market-place** (60 minutes)
6. **Peer problem-solving** (60 minutes): small groups across cohort groups work on
   questions vanguards brought
7. **Lived experience voice** (20 minutes): a member of the lived experience panel
8. **Reflections and next steps** (20 minutes): what we will do differently, and the
   feedback form

Materials, slides and the recording go on the event's page and the FutureNHS workspace
within a week.
""",
    ),
    (
        "forward-programme",
        "Forward programme",
        "What the network will cover in the coming year.",
        """The forward programme is agreed with the relationship managers and updated after
each quarterly event.

## This year

* **Network events every quarter**, moving between regions, including one at the Global
  Innovation & Technology Centre near Cambridge focused on innovation support
* **Monthly webinars**: fit notes, recruiting through primary care, employers and the
  self-employed, data sharing, and sustaining services after the pilot
* **Podcast series**: an episode every six weeks
* **Cohort sessions**: each cohort group meets every two months

## Ending well

A final event will celebrate what the vanguards achieved and plan the transition to the
next phase: sustaining services after the funding ends, and spreading them to the fast
followers.
""",
    ),
]


def seed_network_pages(editor: User) -> None:
    for slug, title, summary, body in NETWORK_PAGES:
        if not NetworkPage.objects.filter(slug=slug).exists():
            network_page_save(
                editor=editor,
                page=NetworkPage(slug=slug),
                data={"title": title, "summary": summary, "body": body},
            )

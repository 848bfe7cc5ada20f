"""seed_scale's network and plans: concerns with their threads, network events with
registrations and feedback, a delivery plan and a logic model per vanguard, and peer-exchange
threads, each in proportion to the number of vanguards and the years of history. Bulk inserts
in batches; no simple-history rows (see seed_scale's docstring).

The texts are the demo's own (demo_concerns, demo_events, demo_logic, demo_plans,
demo_exchange), so the scale data reads like the demo, only more of it.
"""

import contextlib
import datetime
import uuid

from django.utils import timezone

from feedback.management.demo_concerns import CONCERNS
from feedback.models import Concern, ConcernEntry
from learning.management.demo_events import COMMENTS, TEAMS, VENUES, WEBINAR_TOPICS
from learning.management.demo_exchange import THREADS
from learning.models import Event, EventFeedback, ExchangeAnswer, ExchangeQuestion, Registration
from learning.services.exchange import NST
from plans.models import Activity, Plan, PlanComment, Theme
from workwell.dates import Quarter, add_working_days
from workwell.models import ProgrammeTheme

from ..models import LogicComment, LogicItem, LogicModelVersion
from .demo_logic import DRAFT as LOGIC_DRAFT
from .scale_registry import BATCH, ScaleRegistry

CONCERNS_PER_VANGUARD_YEAR = 1
QUESTIONS_PER_VANGUARD_YEAR = 2
# Two people from each vanguard book the quarterly network event; the next one is full.
PLACES_PER_VANGUARD = 2


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@contextlib.contextmanager
def _dated_as_given(*fields):
    """Let bulk_create store the given auto_now(_add) timestamps (a record dated when it
    happened, not when the seed ran), instead of one UPDATE per row afterwards."""
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field, _, _ in saved:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _field(model, name):
    return model._meta.get_field(name)


def _days(registry: ScaleRegistry, today: datetime.date) -> int:
    return max(1, (today - registry.start).days)


# --- Concerns ---------------------------------------------------------------------------------

RESPONSE = (
    "Thank you for raising this. We have looked into it and agreed the changes with the team; "
    "your relationship manager will confirm the dates."
)


def seed_scale_concerns(registry: ScaleRegistry, *, years: int, today, rng) -> int:
    """About one concern per vanguard a year, raised by one of its members and handled by the
    RM of its group on the day (a complaint about the RM by the RM lead); older ones walked to
    closed, recent ones still open, a few overdue. Each step is in the concern's thread."""
    rm_lead = registry.staff["rm.lead@example.com"]
    span = _days(registry, today)
    themes = registry.themes
    plans = []  # (concern, [(entry kind, author, text, when)], theme)
    for vanguard in registry.vanguards:
        members = registry.members[vanguard.pk]
        for _ in range(CONCERNS_PER_VANGUARD_YEAR * years):
            raised_on = registry.start + datetime.timedelta(days=rng.randrange(span))
            _, _, kind, about, _, _, what, wanted = rng.choice(CONCERNS)
            rm = registry.group_on(vanguard.pk, raised_on).relationship_manager
            about_rm = rm if about else None
            handler = rm_lead if about_rm else rm
            raiser = rng.choice(members)
            age = (today - raised_on).days
            if age > 60:
                state = Concern.State.CLOSED
            elif age > 35:
                state = Concern.State.RESPONDED
            else:
                state = rng.choice(list(Concern.State)[:3])
            acknowledge_by = add_working_days(raised_on, 3)
            respond_by = add_working_days(raised_on, 20)
            concern = Concern(
                raised_by=raiser,
                vanguard=vanguard,
                region_id=vanguard.region_id,
                kind=kind,
                what_happened=what.replace("Greater Manchester", vanguard.name),
                happened_on=raised_on - datetime.timedelta(days=rng.randrange(3, 30)),
                wanted_outcome=wanted,
                about_rm=about_rm,
                about_service="" if about_rm else "Cohort sessions",
                state=state,
                stage=(Concern.Stage.INVESTIGATION if about_rm else Concern.Stage.EARLY_RESOLUTION),
                handler=handler,
                raised_at=_at(raised_on, 9),
                acknowledge_by=acknowledge_by,
                respond_by=respond_by,
            )
            entries = [
                (
                    ConcernEntry.Kind.RAISED,
                    raiser,
                    f"{concern.get_kind_display()} raised.",
                    concern.raised_at,
                )
            ]
            steps = [
                (Concern.State.ACKNOWLEDGED, "acknowledged_at", ConcernEntry.Kind.ACKNOWLEDGED),
                (Concern.State.INVESTIGATING, "investigating_at", ConcernEntry.Kind.INVESTIGATING),
                (Concern.State.RESPONDED, "responded_at", ConcernEntry.Kind.RESPONDED),
                (Concern.State.CLOSED, "closed_at", ConcernEntry.Kind.CLOSED),
            ]
            order = [Concern.State.RAISED] + [step[0] for step in steps]
            day = raised_on
            for step_state, field, entry_kind in steps[: order.index(state)]:
                # a step a few days after the one before; about one in ten answered late
                day = min(day + datetime.timedelta(days=rng.choice([1, 2, 3, 5, 12])), today)
                when = _at(day, 11)
                setattr(concern, field, when)
                if step_state == Concern.State.RESPONDED:
                    concern.auto_close_on = add_working_days(day, 10)
                    text = RESPONSE
                elif step_state == Concern.State.CLOSED:
                    concern.auto_close_on = None
                    concern.closed_automatically = rng.random() < 0.3
                    text = "Closed."
                else:
                    text = f"{entry_kind.label}."
                author = None if concern.closed_automatically else handler
                if step_state == Concern.State.CLOSED and not concern.closed_automatically:
                    author = raiser
                entries.append((entry_kind, author, text, when))
            plans.append((concern, entries, rng.choice(themes)))
    with _dated_as_given(_field(Concern, "raised_at")):
        concerns = Concern.objects.bulk_create([c for c, _, _ in plans], batch_size=BATCH)
    with _dated_as_given(_field(ConcernEntry, "created_at")):
        ConcernEntry.objects.bulk_create(
            [
                ConcernEntry(concern=concern, kind=kind, author=author, text=text, created_at=when)
                for concern, (_, entries, _) in zip(concerns, plans, strict=True)
                for kind, author, text, when in entries
            ],
            batch_size=BATCH,
        )
    Through = Concern.themes.through
    Through.objects.bulk_create(
        [
            Through(concern=concern, programmetheme=theme)
            for concern, (_, _, theme) in zip(concerns, plans, strict=True)
            if concern.state == Concern.State.CLOSED
        ],
        batch_size=BATCH,
    )
    return len(concerns)


# --- Network events ---------------------------------------------------------------------------


def _event(registry, *, title, kind, starts, hours, **fields) -> Event:
    return Event(
        title=title,
        kind=kind,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        created_by=registry.staff["learning@example.com"],
        created_at=starts - datetime.timedelta(days=56),
        updated_at=starts - datetime.timedelta(days=56),
        uid=uuid.uuid4(),
        **fields,
    )


def seed_scale_events(registry: ScaleRegistry, *, today, rng) -> tuple[int, int]:
    """A national network event every quarter (two people from each vanguard; the next one
    full, with a waiting list), a monthly webinar, and a cohort session for every cohort group
    each quarter, from the start of the programme to three months ahead. Past events have
    attendance and feedback. Returns (events, registrations)."""
    now = timezone.now()
    vanguards = registry.vanguards
    nst = [registry.staff[e] for e in ("rm.lead@example.com", "rm1@example.com")]
    events, people = [], []  # people[i]: who booked events[i], in booking order
    quarter = Quarter.containing(registry.start)
    last = Quarter.containing(today).next()
    number = 0
    while quarter.start <= last.start:
        day = quarter.start + datetime.timedelta(days=45)
        day += datetime.timedelta(days=(2 - day.weekday()) % 7)  # a Wednesday
        events.append(
            _event(
                registry,
                title=f"Learning and Change Network: {quarter}",
                kind=Event.Kind.NETWORK_EVENT,
                starts=_at(day),
                hours=5.5,
                format=Event.Format.IN_PERSON,
                venue=VENUES[number % len(VENUES)],
                capacity=PLACES_PER_VANGUARD * len(vanguards),
                description=(
                    "The quarterly gathering of the whole network: progress from each cohort "
                    "group, the latest iteration of the WorkWell toolkit, and time for peer "
                    "conversations on the problems vanguards are working through."
                ),
            )
        )
        booked = [
            person
            for vanguard in vanguards
            for person in registry.members[vanguard.pk][:PLACES_PER_VANGUARD]
        ]
        rng.shuffle(booked)
        # a few more than there are places: the latecomers wait
        people.append(nst + booked[: len(booked) * 21 // 20])
        for group in registry.groups:
            session_day = day + datetime.timedelta(days=21 + group.pk % 10)
            members = [
                person
                for vanguard in vanguards
                if registry.group_on(vanguard.pk, session_day).pk == group.pk
                for person in registry.members[vanguard.pk][:2]
            ]
            events.append(
                _event(
                    registry,
                    title=f"{group.name} cohort session: {quarter}",
                    kind=Event.Kind.COHORT_SESSION,
                    starts=_at(session_day, 14),
                    hours=2,
                    format=Event.Format.ONLINE,
                    joining_link=f"{TEAMS}cohort-{group.pk}-{number}",
                    capacity=20,
                    audience=Event.Audience.COHORT_GROUP,
                    cohort_group=group,
                    description=(
                        f"A peer session for the vanguards of the {group.name} cohort group, "
                        "with their relationship manager. Each vanguard brings one case."
                    ),
                )
            )
            people.append([group.relationship_manager, *members][:20])
        for month in range(3):
            first = quarter.start.replace(day=1)
            month_start = datetime.date(
                first.year + (first.month + month - 1) // 12, (first.month + month - 1) % 12 + 1, 8
            )
            webinar_day = month_start + datetime.timedelta(days=(1 - month_start.weekday()) % 7)
            title, slug = WEBINAR_TOPICS[(3 * number + month) % len(WEBINAR_TOPICS)]
            events.append(
                _event(
                    registry,
                    title=title,
                    kind=Event.Kind.WEBINAR,
                    starts=_at(webinar_day, 12),
                    hours=1,
                    format=Event.Format.ONLINE,
                    joining_link=f"{TEAMS}{slug}-{number}-{month}",
                    capacity=150,
                    description=(
                        "A monthly webinar on a topical issue for everyone in the network, "
                        "recorded for those who cannot join."
                    ),
                )
            )
            audience = [registry.members[v.pk][rng.randrange(5)] for v in vanguards]
            people.append(rng.sample(audience, min(len(audience), rng.randrange(20, 150))))
        quarter = quarter.next()
        number += 1
    Fields = [_field(Event, "created_at"), _field(Event, "updated_at")]
    with _dated_as_given(*Fields):
        events = Event.objects.bulk_create(events, batch_size=BATCH)

    registrations, feedback = [], []
    for event, booked in zip(events, people, strict=True):
        past = event.ends_at <= now
        booked_at = event.starts_at - datetime.timedelta(days=21)
        for position, person in enumerate(booked):
            waiting = position >= event.capacity
            status = Registration.Status.WAITING if waiting else Registration.Status.REGISTERED
            if past and waiting:
                break  # a past event's queue was cleared when it ended
            at = booked_at + datetime.timedelta(minutes=position)
            attended = (rng.random() > 0.15) if past else None
            registrations.append(
                Registration(
                    event=event,
                    person=person,
                    status=status,
                    waiting_since=at if waiting else None,
                    created_at=at,
                    updated_at=at,
                    attended=attended,
                    reminder_sent_at=event.starts_at - datetime.timedelta(days=2) if past else None,
                )
            )
            if attended and rng.random() < 0.6:
                feedback.append(
                    EventFeedback(
                        event=event,
                        person=person,
                        usefulness=rng.choice([3, 4, 4, 4, 5, 5, 5, 2]),
                        comment=rng.choice(COMMENTS),
                        submitted_at=event.ends_at + datetime.timedelta(hours=2),
                    )
                )
    with _dated_as_given(_field(Registration, "created_at"), _field(Registration, "updated_at")):
        Registration.objects.bulk_create(registrations, batch_size=BATCH)
    with _dated_as_given(_field(EventFeedback, "submitted_at")):
        EventFeedback.objects.bulk_create(feedback, batch_size=BATCH)
    return len(events), len(registrations)


# --- Delivery plans ---------------------------------------------------------------------------

S = Activity.Status
# (theme, [(action, lead, months after the start it is due, months it runs or None for a
#  target date, or a condition in words)])
PLAN = [
    (
        "Service design and mobilisation",
        [
            ("Agree the referral pathway with GP practices and the employment service.",
             "Programme manager", 3, None),
            ("Recruit the employment advisers and health coaches.", "Workforce lead", 2, 6),
            ("Publish the service offer to employers in the area.", "Communications team", 8,
             None),
        ],
    ),
    (
        "Delivery and partnerships",
        [
            ("Co-locate work and health coaches in the MSK physiotherapy pathway.",
             "Provider lead", 9, 12),
            ("Take co-ordinated referrals from VCSE partners.", "Provider lead",
             "When the VCSE partners are commissioned", None),
            ("Reach the participant target, with the in-work share agreed.",
             "Senior responsible owner", 12, 30),
        ],
    ),
    (
        "Learning and evaluation",
        [
            ("Set up the participant outcomes data flow with the evaluation partner.",
             "Data and evaluation lead", 6, "quarter"),
            ("Share the first learning at a cohort session.", "Senior responsible owner",
             "When the first 100 participants have finished support", None),
            ("Write the sustainability business case for the ICB board.", "Programme manager",
             36, None),
        ],
    ),
]  # fmt: skip


def _months_after(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _timeline(start: datetime.date, due, runs) -> dict:
    if isinstance(due, str):
        return {"timeline": Activity.Timeline.CONDITION, "condition": due}
    first = _months_after(start, due)
    if runs == "quarter":
        quarter = Quarter.containing(first)
        return {
            "timeline": Activity.Timeline.QUARTER,
            "quarter_year": quarter.year,
            "quarter_number": quarter.number,
        }
    if runs is None:
        return {
            "timeline": Activity.Timeline.DATE,
            "precision": Activity.Precision.MONTH,
            "target_date": first,
        }
    return {
        "timeline": Activity.Timeline.RANGE,
        "precision": Activity.Precision.MONTH,
        "starts_on": first,
        "ends_on": _months_after(first, runs),
    }


def seed_scale_plans(registry: ScaleRegistry, *, today, rng) -> int:
    """A delivery plan per vanguard in three themes, its timelines from the vanguard's start:
    what is past mostly done, some at risk or overdue, conditions in words; with a comment
    from the RM and the SRO's answer. Returns the number of activities."""
    plans = Plan.objects.bulk_create(
        [Plan(kind=Plan.Kind.VANGUARD, vanguard=vanguard) for vanguard in registry.vanguards],
        batch_size=BATCH,
    )
    themes = Theme.objects.bulk_create(
        [
            Theme(plan=plan, position=position, title=title)
            for plan in plans
            for position, (title, _) in enumerate(PLAN, start=1)
        ],
        batch_size=BATCH,
    )
    activities, comments = [], []
    for index, plan in enumerate(plans):
        start = plan.vanguard.start_date
        for theme, (_, rows) in zip(themes[3 * index : 3 * index + 3], PLAN, strict=True):
            for number, (action, lead, due, runs) in enumerate(rows, start=1):
                activity = Activity(
                    theme=theme,
                    number=number,
                    description=action,
                    lead=lead,
                    **_timeline(start, due, runs),
                )
                deadline = activity.deadline
                if deadline is not None and deadline < today:
                    roll = rng.random()
                    activity.status = S.DONE if roll < 0.85 else S.IN_PROGRESS  # overdue
                    if roll > 0.97:
                        activity.status, activity.dropped_reason = (
                            S.DROPPED,
                            "Replaced by the ICB's own employer offer.",
                        )
                elif activity.starts is not None and activity.starts <= today:
                    activity.status = S.AT_RISK if rng.random() < 0.2 else S.IN_PROGRESS
                activities.append(activity)
        members = registry.members[plan.vanguard_id]
        rm = registry.group_on(plan.vanguard_id, today).relationship_manager
        comments += [
            PlanComment(
                plan=plan,
                author=rm,
                text="Can we add the employer engagement work to the second theme?",
                created_at=_at(today - datetime.timedelta(days=20 + index % 30)),
            ),
            PlanComment(
                plan=plan,
                author=members[0],
                text="Added as an activity; the dates follow once the provider is in place.",
                created_at=_at(today - datetime.timedelta(days=13 + index % 30)),
            ),
        ]
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    with _dated_as_given(_field(PlanComment, "created_at")):
        PlanComment.objects.bulk_create(comments, batch_size=BATCH)
    return len(activities)


# --- Logic models -----------------------------------------------------------------------------


def seed_scale_logic_models(registry: ScaleRegistry, *, today, rng) -> int:
    """Every vanguard's logic model: version 1 drafted by its RM from discovery and agreed a
    few months in; every other vanguard is refining version 2, with the SRO's comment.
    Returns the number of versions."""
    first_rm = {v.pk: registry.group_on(v.pk, registry.start).relationship_manager for v in
                registry.vanguards}  # fmt: skip
    started = _at(registry.start + datetime.timedelta(days=30))

    def items(version, vanguard, extra=()):
        rows = [*LOGIC_DRAFT, *extra]
        positions = {}
        for column, text, measure in rows:
            positions[column] = positions.get(column, 0) + 1
            yield LogicItem(
                version=version,
                column=column,
                position=positions[column],
                text=text.format(
                    funding=vanguard.funding_allocation, target=vanguard.participant_target
                ),
                measure_key=measure,
            )

    def versions(unsaved, extra=()):
        """Store the versions with their items: items go in while the versions are drafts
        (an agreed version's items never change)."""
        with _dated_as_given(_field(LogicModelVersion, "created_at")):
            saved = LogicModelVersion.objects.bulk_create(unsaved, batch_size=BATCH)
        LogicItem.objects.bulk_create(
            [item for version in saved for item in items(version, version.vanguard, extra)],
            batch_size=BATCH,
        )
        return saved

    # agreed by the RM with the SRO; the status follows once the items are in
    firsts = versions(
        [
            LogicModelVersion(
                vanguard=vanguard,
                number=1,
                created_by=first_rm[vanguard.pk],
                created_at=started,
                agreed_by=first_rm[vanguard.pk],
                agreed_at=started + datetime.timedelta(days=45),
            )
            for vanguard in registry.vanguards
        ]
    )
    LogicModelVersion.objects.filter(pk__in=[v.pk for v in firsts]).update(
        status=LogicModelVersion.Status.AGREED
    )
    recently = _at(today - datetime.timedelta(days=30))
    seconds = versions(
        [
            LogicModelVersion(
                vanguard=version.vanguard,
                number=2,
                based_on=version,
                created_by=registry.group_on(version.vanguard_id, today).relationship_manager,
                created_at=recently,
            )
            for version in firsts[::2]
        ],
        extra=[("activities", "Co-ordinated referrals from VCSE partners", "")],
    )
    with _dated_as_given(_field(LogicComment, "created_at")):
        LogicComment.objects.bulk_create(
            [
                LogicComment(
                    version=version,
                    author=registry.members[version.vanguard_id][0],
                    body="Refined after the quarterly review: the VCSE referral route is now "
                    "an activity.",
                    created_at=recently + datetime.timedelta(days=7),
                )
                for version in seconds
            ],
            batch_size=BATCH,
        )
    return len(firsts) + len(seconds)


# --- Peer exchange ----------------------------------------------------------------------------


def seed_scale_exchange(registry: ScaleRegistry, *, years: int, today, rng) -> int:
    """About two questions per vanguard a year, asked by its members in the demo's words,
    tagged with the demo's themes; most answered by other vanguards' members or an RM within
    days, half of those with the answer that helped marked. Returns the number of questions."""
    themes = {theme.slug: theme for theme in ProgrammeTheme.objects.all()}
    span = _days(registry, today)
    vanguards = registry.vanguards
    asked = []  # (question, [theme], [answers], helpful index)
    for vanguard in vanguards:
        for _ in range(QUESTIONS_PER_VANGUARD_YEAR * years):
            _, _, slugs, title, body, answers, helpful = rng.choice(THREADS)
            when = _at(registry.start + datetime.timedelta(days=rng.randrange(span)), 9)
            question = ExchangeQuestion(
                title=title,
                body=body,
                author=rng.choice(registry.members[vanguard.pk]),
                author_organisation=vanguard.name,
                created_at=when,
            )
            replies = []
            for _, hours, text in answers:
                if rng.random() < 0.3:
                    other, organisation = (
                        registry.group_on(vanguard.pk, when.date()).relationship_manager,
                        NST,
                    )
                else:
                    peer = rng.choice(vanguards)
                    other, organisation = rng.choice(registry.members[peer.pk]), peer.name
                replies.append(
                    ExchangeAnswer(
                        question=question,
                        body=text,
                        author=other,
                        author_organisation=organisation,
                        created_at=when + datetime.timedelta(hours=hours),
                    )
                )
            chosen = helpful if helpful is not None and rng.random() < 0.5 else None
            asked.append((question, [themes[s] for s in slugs if s in themes], replies, chosen))
    with _dated_as_given(_field(ExchangeQuestion, "created_at")):
        questions = ExchangeQuestion.objects.bulk_create([q for q, *_ in asked], batch_size=BATCH)
    for question, (_, _, replies, _) in zip(questions, asked, strict=True):
        for reply in replies:
            reply.question = question
    with _dated_as_given(_field(ExchangeAnswer, "created_at")):
        ExchangeAnswer.objects.bulk_create(
            [reply for _, _, replies, _ in asked for reply in replies], batch_size=BATCH
        )
    Through = ExchangeQuestion.themes.through
    Through.objects.bulk_create(
        [
            Through(exchangequestion=question, programmetheme=theme)
            for question, (_, tagged, _, _) in zip(questions, asked, strict=True)
            for theme in tagged
        ],
        batch_size=BATCH,
    )
    helped = []
    for question, (_, _, replies, chosen) in zip(questions, asked, strict=True):
        if chosen is not None:
            question.helpful_answer = replies[chosen]
            helped.append(question)
    ExchangeQuestion.objects.bulk_update(helped, ["helpful_answer"], batch_size=500)
    return len(questions)

"""The demo programme's touchpoints: three quarters of fortnightly check-ins by each vanguard's
relationship manager, cohort sessions for each group, some amber and red, follow-up actions,
and two vanguards deliberately overdue for contact. Built through the services, so the demo
obeys the same rules as the portal; then each record, and its history, is dated when it would
have happened rather than when the demo was built.
"""

import datetime
import random

from django.utils import timezone

from vanguards.models import (
    RAG,
    Action,
    CohortGroupMembership,
    Touchpoint,
    Vanguard,
    VanguardMember,
)
from vanguards.services.actions import action_complete
from vanguards.services.touchpoints import ActionDraft, touchpoint_create
from workwell.dates import is_working_day
from workwell.models import ProgrammeTheme

HISTORY_DAYS = 270  # about three quarters
CADENCE_DAYS = 14
COHORT_SESSION_EVERY_DAYS = 42
# Vanguards left without contact for this many days, so the cadence pages have something to flag.
OVERDUE = {"north-east-london": 33, "dorset": 24}
# A vanguard whose latest touchpoint is still a draft.
WITH_DRAFT = "greater-manchester"
# The vanguard whose SRO (the README's example sign-in) has every kind of task on their home
# page: here, an action of theirs that is overdue; maturity and support demo data add the rest.
SRO_WITH_EVERY_TASK = "greater-manchester"
OVERDUE_SRO_ACTION = "Send the RM the updated referral pathway for the board paper"

CHECK_IN_SUMMARIES = [
    "Reviewed referrals for the month against plan and the pipeline from primary care.",
    "Talked through the employer engagement plan and the first two employer sign-ups.",
    "Went through the draft quarterly return; participant numbers agreed before submission.",
    "Discussed recruitment to the employment specialist posts and the start dates agreed.",
    "Checked progress on the data-sharing agreement with the combined authority.",
    "Looked at early outcomes: return-to-work rates for the first cohort of participants.",
    "Planned the next steering group and the evidence {name} will bring to it.",
    "Caught up on the fit note pilot with two GP practices and what it has shown so far.",
    "Reviewed the risk log; the SRO wants help with the sustainability case.",
    "Talked through lived-experience panel recruitment and the payment policy for members.",
]
COACHING_SUMMARIES = [
    "Coaching session on building a logic model for the evaluation.",
    "Coaching on presenting the outcomes case to the ICB board.",
    "Coaching for the Learning and Change Manager on running improvement cycles.",
]
SITE_VISIT_SUMMARIES = [
    "Site visit: met the delivery team and two participants who shared their experience.",
    "Visited the employment hub and the co-located physiotherapy service.",
]
COHORT_SUMMARIES = [
    "Cohort session on employer engagement: each vanguard shared what has worked.",
    "Peer session on data and evaluation: common outcome measures agreed for the group.",
    "Cohort session on referral routes from primary care and talking therapies.",
    "Peer learning on recruiting and keeping employment specialists.",
    "Cohort session on planning for sustainability after the funded period.",
]
AMBER_REASONS = [
    "Referrals below plan for the second month",
    "Employment specialist vacancies delaying starts",
    "Data-sharing agreement not yet signed",
    "Quarterly return submitted late",
]
RED_REASONS = [
    "SRO has left and no replacement named",
    "Spend well behind profile with no recovery plan",
]
ACTIONS = [
    "Share the employer engagement toolkit",
    "Send the draft data-sharing agreement template",
    "Introduce the SRO to a peer vanguard that has solved this",
    "Book a coaching session on the evaluation plan",
    "Send the updated referral figures",
    "Confirm the date of the next steering group",
]
INTERNAL_NOTES = [
    "SRO stretched across two programmes; keep asks small.",
    "Relationship with the combined authority is tense; tread carefully.",
    "Worth putting forward for the next case study.",
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _date_history(records, when: datetime.datetime, **fields) -> None:
    """Date history records at `when` (a microsecond apart, to keep their order) and set the
    timestamps they captured, so a record's history agrees with the dates the record shows."""
    for index, record in enumerate(records.order_by("history_date", "history_id")):
        records.filter(pk=record.pk).update(
            history_date=when + datetime.timedelta(microseconds=index), **fields
        )


def _backdate_touchpoint(touchpoint: Touchpoint, day: datetime.date) -> None:
    """Logged and completed at 4pm on the day it happened, with its follow-up actions."""
    when = _at(day, 16)
    Touchpoint.objects.filter(pk=touchpoint.pk).update(created_at=when, completed_at=when)
    _date_history(touchpoint.history.all(), when, created_at=when, completed_at=when)
    actions = Action.objects.filter(touchpoint=touchpoint)
    actions.update(created_at=when)
    _date_history(Action.history.filter(id__in=actions.values("pk")), when, created_at=when)


def _working_day_on_or_before(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def _current_groups(vanguards) -> dict[int, CohortGroupMembership]:
    memberships = CohortGroupMembership.objects.filter(
        vanguard__in=vanguards, ended_on__isnull=True
    ).select_related("cohort_group__relationship_manager")
    return {membership.vanguard_id: membership for membership in memberships}


def _rag(rng) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.04:
        return RAG.RED, rng.choice(RED_REASONS)
    if roll < 0.18:
        return RAG.AMBER, rng.choice(AMBER_REASONS)
    return RAG.GREEN, ""


def _actions(rng, day, rm, sro) -> list[ActionDraft]:
    if rng.random() > 0.3:
        return []
    owner = sro if sro and rng.random() < 0.5 else rm
    due = day + datetime.timedelta(days=rng.randint(7, 21))
    return [ActionDraft(description=rng.choice(ACTIONS), owner=owner, due_date=due)]


def _log(*, rng, author, vanguards, day, kind, channel, summary, shared, complete=True, **extra):
    rag, reason = _rag(rng)
    touchpoint = touchpoint_create(
        author=author,
        vanguards=vanguards,
        date=day,
        kind=kind,
        channel=channel,
        duration_minutes=extra.pop("duration_minutes", rng.choice([30, 45, 60])),
        summary=summary,
        internal_notes=rng.choice(INTERNAL_NOTES) if rng.random() < 0.2 else "",
        themes=rng.sample(shared["themes"], k=rng.randint(1, 2)),
        rag=rag,
        rag_reason=reason,
        complete=complete,
        **extra,
    )
    if complete:
        # Completed when it happened, not when the demo was built: the 14-day edit window,
        # the contact cadence and the touchpoint's history read these stamps.
        _backdate_touchpoint(touchpoint, day)
    return touchpoint


def _check_in_days(rng, vanguard: Vanguard, today: datetime.date) -> list[datetime.date]:
    last_allowed = today - datetime.timedelta(days=OVERDUE.get(vanguard.slug, 1))
    day = max(today - datetime.timedelta(days=HISTORY_DAYS), vanguard.start_date)
    day += datetime.timedelta(days=rng.randint(0, 6))
    days = []
    while day <= last_allowed:
        days.append(_working_day_on_or_before(day))
        day += datetime.timedelta(days=CADENCE_DAYS + rng.randint(-3, 3))
    if vanguard.slug not in OVERDUE and days and days[-1] < today - datetime.timedelta(days=10):
        days.append(_working_day_on_or_before(today - datetime.timedelta(days=rng.randint(1, 6))))
    return sorted(set(day for day in days if day >= vanguard.start_date))


def _kind_for(index: int, rng) -> tuple[str, str, list[str]]:
    if index == 0:
        return Touchpoint.Kind.DISCOVERY, Touchpoint.Channel.IN_PERSON, CHECK_IN_SUMMARIES
    if index % 6 == 3:
        return Touchpoint.Kind.SITE_VISIT, Touchpoint.Channel.IN_PERSON, SITE_VISIT_SUMMARIES
    if rng.random() < 0.15:
        return Touchpoint.Kind.COACHING, Touchpoint.Channel.VIDEO, COACHING_SUMMARIES
    channel = rng.choice([Touchpoint.Channel.VIDEO] * 3 + [Touchpoint.Channel.PHONE])
    return Touchpoint.Kind.CHECK_IN, channel, CHECK_IN_SUMMARIES


def _seed_vanguard(vanguard, rm, sro, shared, today) -> int:
    rng = random.Random(f"touchpoints-{vanguard.slug}")
    count = 0
    days = _check_in_days(rng, vanguard, today)
    # The demo SRO's overdue action comes from the latest check-in at least ten days old and is
    # due three days ago: overdue, yet too recent for _close_old_actions to close.
    ten_days_ago = today - datetime.timedelta(days=10)
    overdue_on = max((day for day in days if day <= ten_days_ago), default=None)
    for index, day in enumerate(days):
        kind, channel, summaries = _kind_for(index, rng)
        actions = _actions(rng, day, rm, sro)
        if vanguard.slug == SRO_WITH_EVERY_TASK and sro and day == overdue_on:
            due = today - datetime.timedelta(days=3)
            actions.append(ActionDraft(description=OVERDUE_SRO_ACTION, owner=sro, due_date=due))
        touchpoint = _log(
            rng=rng,
            author=rm,
            vanguards=[vanguard],
            day=day,
            kind=kind,
            channel=channel,
            summary=rng.choice(summaries).format(name=vanguard.name),
            shared=shared,
            vanguard_contacts=[sro] if sro else [],
            actions=actions,
        )
        _close_old_actions(rng, touchpoint, today)
        count += 1
    if vanguard.slug == WITH_DRAFT:
        _log(
            rng=rng,
            author=rm,
            vanguards=[vanguard],
            day=_working_day_on_or_before(today),
            kind=Touchpoint.Kind.CHECK_IN,
            channel=Touchpoint.Channel.PHONE,
            summary="Quick call about the board paper. Notes to finish.",
            shared=shared,
            complete=False,
        )
        count += 1
    return count


def _close_old_actions(rng, touchpoint, today) -> None:
    """Most actions that fell due more than a few days ago are done; some are left overdue."""
    for action in touchpoint.actions.select_related("owner"):
        if action.due_date < today - datetime.timedelta(days=5) and rng.random() < 0.85:
            action_complete(action=action, by=action.owner)
            # Done on a working day around when it fell due, at 11am.
            done_on = _working_day_on_or_before(action.due_date - datetime.timedelta(days=1))
            done = _at(max(done_on, touchpoint.date + datetime.timedelta(days=1)), 11)
            Action.objects.filter(pk=action.pk).update(closed_at=done)
            latest = action.history.order_by("-history_date", "-history_id")[:1]
            _date_history(action.history.filter(pk__in=latest.values("pk")), done, closed_at=done)


def _seed_cohort_sessions(group, vanguards, sros, shared, today) -> int:
    rng = random.Random(f"cohort-sessions-{group.slug}")
    rm = group.relationship_manager
    day = today - datetime.timedelta(days=HISTORY_DAYS - rng.randint(10, 20))
    count = 0
    while day < today - datetime.timedelta(days=3):
        held = _working_day_on_or_before(day)
        # An overdue vanguard must stay overdue: it missed the sessions after its last contact.
        present = [
            vanguard
            for vanguard in vanguards
            if held <= today - datetime.timedelta(days=OVERDUE.get(vanguard.slug, 0))
            and held >= vanguard.start_date
        ]
        if len(present) >= 2:
            _log(
                rng=rng,
                author=rm,
                vanguards=present,
                day=held,
                kind=Touchpoint.Kind.COHORT_SESSION,
                channel=rng.choice([Touchpoint.Channel.VIDEO, Touchpoint.Channel.IN_PERSON]),
                summary=rng.choice(COHORT_SUMMARIES),
                shared=shared,
                duration_minutes=90,
                nst_participants=[rm, shared["learning"]],
                vanguard_contacts=[sros[v.pk] for v in present if v.pk in sros],
                other_attendees="Two local employers and the regional DWP partnership manager",
            )
            count += 1
        day += datetime.timedelta(days=COHORT_SESSION_EVERY_DAYS + rng.randint(-5, 5))
    return count


def seed_touchpoints(registry: dict) -> int:
    """Create the demo touchpoints; vanguards that already have touchpoints are left alone, so
    running it again creates nothing new. Returns how many touchpoints were made."""
    today = timezone.localdate()
    vanguards = registry["vanguards"]
    contacted = set(
        Touchpoint.vanguards.through.objects.filter(vanguard__in=vanguards).values_list(
            "vanguard_id", flat=True
        )
    )
    fresh = [vanguard for vanguard in vanguards if vanguard.pk not in contacted]
    if not fresh:
        return 0
    groups = _current_groups(fresh)
    sros = {
        member.vanguard_id: member.user
        for member in VanguardMember.objects.filter(
            vanguard__in=fresh, title=VanguardMember.Title.SRO
        ).select_related("user")
    }
    shared = {
        "themes": list(ProgrammeTheme.objects.all()),
        "learning": registry["users"]["learning@example.com"],
    }
    count = 0
    for vanguard in fresh:
        if vanguard.pk in groups:
            rm = groups[vanguard.pk].cohort_group.relationship_manager
            count += _seed_vanguard(vanguard, rm, sros.get(vanguard.pk), shared, today)
    for group in registry["groups"].values():
        members = [v for v in fresh if v.pk in groups and groups[v.pk].cohort_group_id == group.pk]
        count += _seed_cohort_sessions(group, members, sros, shared, today)
    return count

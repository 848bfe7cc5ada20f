"""Demo logic models: Greater Manchester's drawn from its board paper (version 1 agreed with
its SRO, version 2 a draft the vanguard is refining, with comments), and a draft drafted by
the RM from discovery for every other vanguard (some with the SRO's comments). Made through
the services, so history and permissions are as in real use. Safe to run again."""

import datetime

from django.utils import timezone

from vanguards.models import CohortGroupMembership, Vanguard
from workwell.models import User

from ..models import LogicModelVersion
from ..services.logic import (
    logic_comment_add,
    logic_draft_start,
    logic_item_add,
    logic_item_update,
    logic_version_agree,
)

# Greater Manchester (Manchester locality) from its board paper: funding and partners (§3.1,
# §3.7-3.15), the three strands (§3.5), the outputs and outcomes expected (§3.6, §4.1-4.2)
# and the aims (§3.3). (column, text, measure key)
MANCHESTER = [
    ("inputs", "£1.3m of WorkWell funding, 1 October 2024 to 31 March 2026", ""),
    ("inputs", "MFT MSK clinicians and Work and Health Coaches co-located in the pathway", ""),
    ("inputs", "Be Well social prescribing service (Big Life, Pathways CIC)", ""),
    ("inputs", "Two culturally competent VCSE organisations for Black and Asian residents", ""),
    ("activities", "Employment support in the MFT MSK pathway (600 participants)", ""),
    ("activities", "Earlier employability support through an enhanced Be Well (708)", ""),
    ("activities", "Employment and health support for racially minoritised groups (312)", ""),
    ("activities", "A 'move into work' or 'thrive in work' plan for every participant", ""),
    ("outputs", "1,620 residents receiving light-touch work and health support", "starts_to_date"),
    ("outputs", "1,215 residents in work supported to keep their job", "starts_in_work_to_date"),
    ("outputs", "Participants completing their WorkWell plan", "completions_to_date"),
    ("outcomes", "Participants remain in work", "remained_in_work_to_date"),
    ("outcomes", "Participants out of work enter good work", "entered_work_to_date"),
    ("outcomes", "Participants satisfied with the support", "satisfied_share"),
    ("outcomes", "Participants more confident managing their condition", ""),
    ("impact", "Lower unemployment among people with a health condition or disability", ""),
    ("impact", "Fairer access to good work for racially minoritised communities", ""),
    ("impact", "Less demand on the NHS through earlier intervention", ""),
]

# Every other vanguard: what its RM drafts from discovery, before the vanguard refines it.
DRAFT = [
    ("inputs", "WorkWell funding of £{funding:,.0f}", ""),
    ("inputs", "ICB, council and VCSE partners in the vanguard's partnership", ""),
    ("inputs", "Work and health coaches", ""),
    ("activities", "Light-touch work and health assessment", ""),
    ("activities", "Coaching to a WorkWell plan, with referral on where needed", ""),
    ("outputs", "{target:,} participants started", "starts_to_date"),
    ("outputs", "Participants completing support", "completions_to_date"),
    ("outcomes", "Participants with a health condition stay in work", "remained_in_work_to_date"),
    ("outcomes", "Participants out of work enter work", "entered_work_to_date"),
    ("outcomes", "Participants satisfied with the support", "satisfied_share"),
    ("impact", "Fewer people leave work through ill health", ""),
]


def _relationship_manager(vanguard: Vanguard) -> User:
    membership = (
        CohortGroupMembership.objects.select_related("cohort_group__relationship_manager")
        .filter(vanguard=vanguard, ended_on__isnull=True)
        .first()
    )
    if membership and membership.cohort_group.relationship_manager:
        return membership.cohort_group.relationship_manager
    return User.objects.get(email="rm.lead@example.com")


def _fill(version, actor, items, **values):
    for column, text, measure in items:
        logic_item_add(
            version=version,
            actor=actor,
            column=column,
            text=text.format(**values),
            measure_key=measure,
        )


def _backdate(version: LogicModelVersion, days_ago: int, agreed_days_ago: int | None = None):
    """Demo history reads as months of work, not one second."""
    now = timezone.now()
    changes = {"created_at": now - datetime.timedelta(days=days_ago)}
    if agreed_days_ago is not None:
        changes["agreed_at"] = now - datetime.timedelta(days=agreed_days_ago)
    # Past the agreed-version guard on purpose: dating the demo's record, not changing it.
    LogicModelVersion._base_manager.filter(pk=version.pk).update(**changes)
    # Its comments so far came a week after it was started.
    version.comments.update(created_at=changes["created_at"] + datetime.timedelta(days=7))


def _manchester(vanguard: Vanguard, rm: User, sro: User | None) -> None:
    first = logic_draft_start(vanguard=vanguard, actor=rm)
    _fill(first, rm, MANCHESTER)
    if sro:
        logic_comment_add(
            version=first,
            author=sro,
            body="This matches the plan the Manchester Partnership Board approved on 20 October "
            "2024. Participant confidence stays unmeasured until the local survey starts.",
        )
    logic_version_agree(version=first, actor=rm)
    _backdate(first, 240, 200)
    second = logic_draft_start(vanguard=vanguard, actor=rm)
    if sro:
        impact = second.items.get(column="impact", position=1)
        logic_item_update(
            item=impact,
            actor=sro,
            text="Fairer access to good work for racially minoritised communities, from 32% "
            "of Be Well's participants",
        )
        logic_item_add(
            version=second,
            actor=sro,
            column="activities",
            text="Co-ordinated referrals from the VCSE organisations into Be Well",
        )
        logic_comment_add(
            version=second,
            author=sro,
            body="Refined after the Q2 review: the VCSE referral route is now an activity.",
        )
    logic_comment_add(
        version=second,
        author=rm,
        body="Thanks. Can we link the confidence outcome to a measure once the local survey "
        "is in the return?",
    )
    _backdate(second, 30)


def seed_logic_models(registry: dict) -> None:
    vanguards = Vanguard.objects.order_by("name").prefetch_related("members__user")
    for position, vanguard in enumerate(vanguards):
        if LogicModelVersion.objects.filter(vanguard=vanguard).exists():
            continue  # run again: keep what is there
        rm = _relationship_manager(vanguard)
        sro = next(
            (member.user for member in vanguard.members.all() if member.title == "sro"), None
        )
        if vanguard.slug == "greater-manchester":
            _manchester(vanguard, rm, sro)
            continue
        draft = logic_draft_start(vanguard=vanguard, actor=rm)
        _fill(
            draft,
            rm,
            DRAFT,
            funding=vanguard.funding_allocation,
            target=vanguard.participant_target,
        )
        if sro and position % 3 == 0:
            logic_comment_add(
                version=draft,
                author=sro,
                body="Our GP fit-note referrals should be an activity; we will add it.",
            )
        _backdate(draft, 60 + 7 * position)

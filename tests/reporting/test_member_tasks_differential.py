"""A member's to-do list is read in one statement (each row then shown only if its kind's
permission rule lets the member see it) with the vanguard's returns and plan kept for the
vanguard. Checked here against the seven providers as they were written before (one ORM query
each through the permission rules: `reference_tasks`), on generated programmes: vanguards open
and closed, several members each and one with no vanguard link; cycles opened, closed and not
yet open with draft, submitted and agreed assessments; support in every status, rated or not,
with and without an offer; actions of the member, of others and of the NST, open and done,
overdue and not; pulse surveys open, closed and to come, answered or not; concerns in every
state, about the vanguard, another one or the region, some about an RM; returns due, late,
queried and received; plan activities overdue and at risk. Seen on several days, every
member's sections, tasks, links, statuses and hints must be the reference's."""

import datetime
import random

import pytest
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from feedback.models import Concern, PulseResponse, PulseSurvey
from maturity.models import SelfAssessment
from reporting.models import QuarterlyReturn, ReturnPeriod
from reporting.selectors.returns_admin import outstanding_returns
from reporting.selectors.tasks import (
    HomeTask,
    TaskSection,
    TaskStatus,
    _plan_tasks,
    _return_task,
    member_tasks,
)
from tests.factories import (
    ActionFactory,
    AssessmentCycleFactory,
    ConcernFactory,
    SupportOfferFactory,
    SupportRequestFactory,
    UserFactory,
    VanguardFactory,
    make_assessment,
    make_framework,
    make_member,
    make_plan_activity,
    region,
)
from vanguards import permissions
from vanguards.models import Action, SupportRequest, Vanguard
from workwell.dates import Quarter, govuk_date
from workwell.models import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


# --- The reference: the providers as they were -------------------------------------------
# (The pulse survey's and the concerns' through the feedback selectors they read then.)


def pulse_survey_task(*, user, today: datetime.date) -> tuple[PulseSurvey, bool] | None:
    """The open survey and whether they have answered it (one query), or None when none is
    open or they do not answer surveys."""
    if not permissions.can_answer_pulse_survey(user):
        return None
    answered = Exists(
        permissions.pulse_responses_visible_to(
            user, PulseResponse.objects.filter(survey=OuterRef("pk"), person=user.pk)
        )
    )
    survey = (
        PulseSurvey.objects.filter(
            status=PulseSurvey.Status.OPEN, opens_on__lte=today, closes_on__gte=today
        )
        .annotate(answered=answered)
        .first()
    )
    return None if survey is None else (survey, survey.answered)


def open_concerns_raised_by(*, user):
    """The user's own concerns that are not closed, oldest first (their home's to-do list)."""
    return (
        permissions.concerns_visible_to(user, Concern.objects.filter(raised_by=user.pk))
        .exclude(state=Concern.State.CLOSED)
        .order_by("raised_at", "pk")
    )


def _old_self_assessment(user, vanguard_id, today):
    assessment = (
        permissions.assessments_visible_to(user, SelfAssessment.objects.select_related("cycle"))
        .filter(vanguard_id=vanguard_id, cycle__opens_on__lte=today)
        .order_by("-cycle__opens_on")
        .first()
    )
    tasks = []
    if assessment is not None:
        cycle = assessment.cycle
        href = reverse("maturity:assessment", args=[assessment.pk])
        if assessment.status == SelfAssessment.Status.DRAFT:
            if today > cycle.closes_on:
                status = TaskStatus.OVERDUE
            elif assessment.revision:
                status = TaskStatus.IN_PROGRESS
            else:
                status = TaskStatus.NOT_STARTED
            hint = f"Submit by {govuk_date(cycle.closes_on)}"
            title = f"Complete your self-assessment: {cycle.name}"
        elif assessment.status == SelfAssessment.Status.SUBMITTED:
            status, title = TaskStatus.WAITING, f"See your self-assessment moderated: {cycle.name}"
            hint = "Your relationship manager is moderating it"
        else:
            status, title = TaskStatus.COMPLETED, f"See your agreed self-assessment: {cycle.name}"
            hint = f"Agreed on {govuk_date(assessment.agreed_at)}" if assessment.agreed_at else ""
        tasks.append(HomeTask(title=title, href=href, status=status, hint=hint))
    return TaskSection(heading="Self-assessment", tasks=tasks)


def _old_support(user, vanguard_id, today):
    delivered = (
        permissions.support_requests_ratable_by(user)
        .filter(vanguard_id=vanguard_id)
        .select_related("offer")
        .order_by("delivered_at", "pk")
    )
    return TaskSection(
        heading="Support you received",
        tasks=[
            HomeTask(
                title="Rate the support you received: "
                + (s.offer.title if s.offer else Truncator(s.need).words(8)),
                href=reverse("support:rate", args=[s.pk]),
                status=TaskStatus.NOT_STARTED,
                hint=f"Delivered on {govuk_date(s.delivered_at)}" if s.delivered_at else "",
            )
            for s in delivered
        ],
    )


def _old_actions(user, vanguard_id, today):
    actions = (
        permissions.actions_visible_to(user)
        .filter(vanguard_id=vanguard_id, owner=user, status=Action.Status.OPEN)
        .order_by("due_date", "pk")
    )
    return TaskSection(
        heading="Your actions",
        tasks=[
            HomeTask(
                title=a.description,
                href=reverse("actions:detail", args=[a.pk]),
                status=TaskStatus.OVERDUE if a.due_date < today else TaskStatus.NOT_STARTED,
                hint=f"Due {govuk_date(a.due_date)}",
            )
            for a in actions
        ],
    )


def _old_pulse(user, vanguard_id, today):
    found = pulse_survey_task(user=user, today=today)
    if found is None:
        return TaskSection(heading="Pulse survey", tasks=[])
    survey, answered = found
    closes = f"Open until {govuk_date(survey.closes_on)}"
    task = HomeTask(
        title=f"Tell us how the National Support Team is doing: {survey.quarter}",
        href=reverse("feedback:pulse_survey"),
        status=TaskStatus.COMPLETED if answered else TaskStatus.NOT_STARTED,
        hint=f"{closes}. You can change your answers until then" if answered else closes,
    )
    return TaskSection(heading="Pulse survey", tasks=[task])


def _old_concerns(user, vanguard_id, today):
    tasks = []
    for concern in open_concerns_raised_by(user=user):
        href = reverse("feedback:concern", args=[concern.pk])
        if concern.state == Concern.State.RESPONDED:
            hint = (
                f"Closes on {govuk_date(concern.auto_close_on)} unless you reply"
                if concern.auto_close_on
                else ""
            )
            title = f"Read the response to your concern #{concern.pk}"
            tasks.append(HomeTask(title=title, href=href, status=TaskStatus.NOT_STARTED, hint=hint))
        else:
            hint = f"{concern.get_state_display()}: response due {govuk_date(concern.respond_by)}"
            title = f"Your concern #{concern.pk}: {concern.get_kind_display().lower()}"
            tasks.append(HomeTask(title=title, href=href, status=TaskStatus.WAITING, hint=hint))
    return TaskSection(heading="Your concerns", tasks=tasks)


def _old_returns(user, vanguard_id, today):
    vanguard = permissions.member_vanguard(user)
    found = outstanding_returns(vanguards=[vanguard] if vanguard else [], today=today)
    tasks = [_return_task(row, today) for row in found.returns] if found else []
    return TaskSection(heading="Quarterly returns", tasks=tasks)


def _old_plan(user, vanguard_id, today):
    return _plan_tasks(permissions.member_vanguard(user), today)


def reference_tasks(user, today):
    vanguard_id = permissions.member_vanguard_id(user)
    if vanguard_id is None:
        return []
    providers = [
        _old_returns,
        _old_self_assessment,
        _old_support,
        _old_actions,
        _old_pulse,
        _old_concerns,
        _old_plan,
    ]
    sections = [provider(user, vanguard_id, today) for provider in providers]
    return [section for section in sections if section.tasks]


# --- Generated programmes ----------------------------------------------------------------


def _at(day: datetime.date, hour: int = 23) -> datetime.datetime:
    """Late in the UK evening: a timestamp whose UTC date may not be its UK date."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def build_programme(rng: random.Random, rm) -> list:
    framework = make_framework(2)
    vanguards = [
        VanguardFactory(status=rng.choice([Vanguard.Status.LIVE, Vanguard.Status.CLOSED]))
        for _ in range(4)
    ]
    members = {v.pk: [make_member(v) for _ in range(rng.randrange(1, 4))] for v in vanguards}
    everyone = [m for ms in members.values() for m in ms]
    cycles = [
        AssessmentCycleFactory(
            framework=framework,
            name=f"Cycle {n}",
            opens_on=TODAY + datetime.timedelta(days=offset),
            closes_on=TODAY + datetime.timedelta(days=offset + length),
        )
        for n, (offset, length) in enumerate([(-400, 60), (-100, 90), (-20, 10), (15, 30)])
    ]
    for vanguard in vanguards:
        for cycle in cycles:
            if rng.random() < 0.7:
                status = rng.choice(list(SelfAssessment.Status))
                assessment = make_assessment(vanguard, cycle, [None, None], status=status)
                SelfAssessment.objects.filter(pk=assessment.pk).update(
                    revision=rng.choice([0, 0, 2]),
                    agreed_at=rng.choice([None, _at(cycle.closes_on)])
                    if status == SelfAssessment.Status.AGREED
                    else None,
                )
        for _ in range(rng.randrange(0, 6)):
            status = rng.choice(list(SupportRequest.Status))
            SupportRequestFactory(
                vanguard=vanguard,
                offer=rng.choice([None, SupportOfferFactory()]),
                need=rng.choice(["Help.", "Help with the outcomes framework for the board " * 3]),
                status=status,
                rating=rng.choice([None, None, 4])
                if status == SupportRequest.Status.DELIVERED
                else None,
                delivered_at=rng.choice(
                    [None, _at(TODAY - datetime.timedelta(days=rng.randrange(90)))]
                ),
                decline_reason="Out of scope" if status == SupportRequest.Status.DECLINED else "",
            )
        for _ in range(rng.randrange(0, 8)):
            owner = rng.choice([*members[vanguard.pk], rm, rng.choice(everyone)])
            done = rng.random() < 0.3
            ActionFactory(
                vanguard=rng.choice([vanguard, vanguard, rng.choice(vanguards)]),
                owner=owner,
                created_by=rm,
                description=f"Action {rng.randrange(10**6)} <b>&</b>",
                due_date=TODAY + datetime.timedelta(days=rng.randrange(-30, 30)),
                status=Action.Status.DONE if done else Action.Status.OPEN,
                closed_at=timezone.now() if done else None,
                closed_by=owner if done else None,
            )
        for member in members[vanguard.pk]:
            for _ in range(rng.randrange(0, 4)):
                state = rng.choice(list(Concern.State))
                ConcernFactory(
                    raised_by=member,
                    vanguard=rng.choice([vanguard, vanguard, rng.choice(vanguards), None]),
                    kind=rng.choice(list(Concern.Kind)),
                    state=state,
                    about_rm=rng.choice([None, rm]),
                    raised_at=_at(TODAY - datetime.timedelta(days=rng.randrange(60)), 9),
                    respond_by=TODAY + datetime.timedelta(days=rng.randrange(-10, 20)),
                    auto_close_on=rng.choice([None, TODAY + datetime.timedelta(days=5)])
                    if state == Concern.State.RESPONDED
                    else None,
                )
        for _ in range(rng.randrange(0, 4)):
            make_plan_activity(
                vanguard,
                target_date=TODAY + datetime.timedelta(days=rng.randrange(-120, 120)),
                **rng.choice([{}, {"status": "at_risk"}]),
            )
    # Support to rate for one vanguard at least, whatever the draw.
    SupportRequestFactory(vanguard=vanguards[0], status=SupportRequest.Status.DELIVERED)
    quarter = Quarter.containing(TODAY).previous()
    for _ in range(4):
        ReturnPeriod.objects.create(
            year=quarter.year,
            number=quarter.number,
            due_on=quarter.end + datetime.timedelta(days=30),
        )
        for vanguard in vanguards:
            if rng.random() < 0.6:
                QuarterlyReturn.objects.create(
                    vanguard=vanguard,
                    year=quarter.year,
                    number=quarter.number,
                    status=rng.choice(list(QuarterlyReturn.Status)),
                )
        quarter = quarter.previous()
    current = Quarter.containing(TODAY)
    for survey_quarter, opens, closes, status in [
        (current, -10, 20, PulseSurvey.Status.OPEN),
        (current.previous(), -100, -60, PulseSurvey.Status.CLOSED),
        (current.next(), 40, 60, PulseSurvey.Status.OPEN),
    ]:
        survey = PulseSurvey.objects.create(
            year=survey_quarter.year,
            number=survey_quarter.number,
            opens_on=TODAY + datetime.timedelta(days=opens),
            closes_on=TODAY + datetime.timedelta(days=closes),
            status=status,
        )
        for member in rng.sample(everyone, len(everyone) // 2):
            vanguard = member.vanguard_membership.vanguard
            PulseResponse.objects.create(
                survey=survey,
                person=member,
                vanguard=vanguard,
                region=vanguard.region,
                satisfaction=3,
                rm_support=3,
                learning_usefulness=3,
                submitted_at=timezone.now(),
                updated_at=timezone.now(),
            )
    unlinked = UserFactory(role=Role.MEMBER)  # a member not linked to a vanguard yet
    return [*everyone, unlinked]


def _fresh(user):
    """The user as a request reads it (nothing cached on the instance)."""
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("seed", [1, 2])
def test_member_tasks_are_the_reference_tasks(seed, rm):
    rng = random.Random(seed)
    region("london")
    people = build_programme(rng, rm)
    kinds = set()
    for day in (TODAY, TODAY - datetime.timedelta(days=45), TODAY + datetime.timedelta(days=25)):
        for person in people:
            expected = reference_tasks(_fresh(person), day)
            assert member_tasks(user=_fresh(person), today=day) == expected, (seed, day, person)
            kinds |= {section.heading for section in expected}
    # The programmes gave every kind of task somebody, so each was compared.
    assert len(kinds) == 7, kinds


def test_a_member_not_linked_to_a_vanguard_has_no_tasks(db):
    assert member_tasks(user=UserFactory(role=Role.MEMBER)) == []

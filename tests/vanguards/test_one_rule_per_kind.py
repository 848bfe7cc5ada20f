"""One rule, one place (issue 7, DESIGN.md §2): each record kind's visibility is one queryset
filter in vanguards/permissions.py and the yes/no for one object is derived from it, so the two
cannot disagree; and no module outside permissions.py decides anything from a role."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from feedback.models import Concern, PulseResponse, RegionalFeedback, YouSaidWeDid
from feedback.services.regional import regional_feedback_submit
from feedback.services.yousaid import you_said_save
from learning.models import Event, Lesson
from maturity.models import SelfAssessment
from plans.models import Plan
from plans.services import programme_plan, vanguard_plan
from reporting.models import LogicModelVersion, QuarterlyReturn
from tests.factories import (
    ActionFactory,
    AssessmentCycleFactory,
    CohortGroupFactory,
    ConcernFactory,
    EventFactory,
    LessonFactory,
    SupportRequestFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
    make_assessment,
    make_member,
    make_regional_lead,
)
from tests.feedback.pulse import answer, open_survey
from tests.roles import each_role_gets, everyone
from vanguards import permissions
from vanguards.models import Action, ProgrammeSettings, SupportRequest, Touchpoint, Vanguard
from workwell.models import Role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def records(rm, vanguard_a, vanguard_b, member_a, member_b):
    """Records of every kind and state, for vanguard A, vanguard B, both, and neither."""
    third = VanguardFactory(name="Charlie Vanguard", slug="charlie")
    draft = {"status": Touchpoint.Status.DRAFT, "completed_at": None}
    for vanguards in ([vanguard_a], [vanguard_b], [vanguard_a, vanguard_b], [third], []):
        TouchpointFactory(author=rm, vanguards=vanguards)
        TouchpointFactory(author=rm, vanguards=vanguards, **draft)
    for vanguard in (vanguard_a, vanguard_b, third):
        ActionFactory(vanguard=vanguard)
        SupportRequestFactory(vanguard=vanguard)
        delivered = {"status": SupportRequest.Status.DELIVERED}
        SupportRequestFactory(vanguard=vanguard, **delivered)
        SupportRequestFactory(vanguard=vanguard, rating=4, **delivered)
        for status in SelfAssessment.Status.values:
            make_assessment(vanguard, AssessmentCycleFactory(), levels=[], status=status)
    # Events for each audience: everyone, each vanguard's group, a group with no vanguards, NST.
    empty_group = CohortGroupFactory(name="Empty group", relationship_manager=rm)
    for vanguard in (vanguard_a, vanguard_b, None):
        group = vanguard.group_memberships.get().cohort_group if vanguard else empty_group
        EventFactory(audience=Event.Audience.COHORT_GROUP, cohort_group=group)
    EventFactory(audience=Event.Audience.ALL)
    EventFactory(audience=Event.Audience.NST)
    # Lessons in every state, by a member of A, a member of B and the NST, and with no vanguard.
    for author, vanguard in ((member_a, vanguard_a), (member_b, vanguard_b), (rm, None)):
        for status in Lesson.Status.values:
            LessonFactory(author=author, vanguard=vanguard, status=status)
    # Pulse answers from a member of each vanguard.
    survey = open_survey()
    for vanguard in (vanguard_a, vanguard_b):
        answer(survey, make_member(vanguard))
    # Concerns from each vanguard and from the region as a whole, one about the RM, and one
    # escalated to a programme director.
    ProgrammeSettings.objects.create(pk=1, programme_director=rm)
    for vanguard in (vanguard_a, vanguard_b, None):
        for about_rm, stage in ((None, "early_resolution"), (rm, "investigation")):
            ConcernFactory(vanguard=vanguard, about_rm=about_rm, stage=stage)
    ConcernFactory(vanguard=vanguard_b, stage="escalation")
    # Regional feedback from two leads (one the cast's), and a published and a draft entry of
    # "you said, we did".
    regional_feedback_submit(author=make_regional_lead("north-west"), rating=4)
    regional_feedback_submit(author=make_regional_lead("london"), rating=2)
    for published in (True, False):
        you_said_save(
            by=UserFactory(role=Role.ADMIN),
            published=published,
            title="A change",
            you_said="Said",
            we_did="Did",
            year=2026,
            number=1,
        )
    # Quarterly returns in every state (a quarter each), for each vanguard.
    for vanguard in (vanguard_a, vanguard_b, third):
        for number, status in enumerate(QuarterlyReturn.Status.values, start=1):
            QuarterlyReturn.objects.create(
                vanguard=vanguard, year=2025, number=number, status=status
            )
    # Logic models: an agreed version and a draft for each vanguard.
    for vanguard in (vanguard_a, vanguard_b, third):
        LogicModelVersion.objects.create(
            vanguard=vanguard, number=1, status="agreed", agreed_at=timezone.now(), created_by=rm
        )
        LogicModelVersion.objects.create(vanguard=vanguard, number=2, created_by=rm)
    # Delivery plans: each vanguard's and the programme plan.
    for vanguard in (vanguard_a, vanguard_b, third):
        vanguard_plan(vanguard)
    programme_plan()


# Each kind: its list filter, its yes/no for one object, and its model.
KINDS = {
    "vanguards": (permissions.vanguards_visible_to, permissions.can_view_vanguard, Vanguard),
    "touchpoints": (
        permissions.touchpoints_visible_to,
        permissions.can_view_touchpoint,
        Touchpoint,
    ),
    "actions": (permissions.actions_visible_to, permissions.can_view_action, Action),
    "support requests": (
        permissions.support_requests_visible_to,
        permissions.can_view_support_request,
        SupportRequest,
    ),
    "support requests to rate": (
        permissions.support_requests_ratable_by,
        permissions.can_rate_support_request,
        SupportRequest,
    ),
    "funding": (permissions.funding_vanguards, permissions.can_view_funding, Vanguard),
    "counterfactual": (
        permissions.counterfactual_vanguards,
        permissions.can_view_counterfactual,
        Vanguard,
    ),
}


# Lessons (a higher layer's records): the rule filters the caller's queryset.
LESSON_RULES = {
    "lessons": (permissions.lessons_visible_to, permissions.can_view_lesson),
    "lessons to edit": (permissions.lessons_editable_by, permissions.can_edit_lesson),
    "lessons to review": (permissions.lessons_reviewable_by, permissions.can_review_lesson),
}


def _agree(listed, check, objects) -> bool:
    shown = set(listed.values_list("pk", flat=True))
    return all(check(obj) is (obj.pk in shown) for obj in objects)


def _check_every_kind(user) -> dict[str, bool]:
    answers = {
        kind: _agree(visible_to(user), lambda obj, c=can_view: c(user, obj), model.objects.all())
        for kind, (visible_to, can_view, model) in KINDS.items()
    }
    lessons = Lesson.objects.all()
    for kind, (rule, check) in LESSON_RULES.items():
        answers[kind] = _agree(rule(user, lessons), lambda obj, c=check: c(user, obj), lessons)
    answers["assessments"] = _agree(
        permissions.assessments_visible_to(user, SelfAssessment.objects.all()),
        lambda a: permissions.can_view_assessment(user, a.vanguard, a.status),
        SelfAssessment.objects.select_related("vanguard"),
    )
    answers["concerns"] = _agree(
        permissions.concerns_visible_to(user, Concern.objects.all()),
        lambda concern: permissions.can_view_concern(user, concern),
        Concern.objects.all(),
    )
    answers["concerns handled"] = _agree(
        permissions.concerns_handled_by(user, Concern.objects.all()),
        lambda concern: permissions.can_handle_concern(user, concern),
        Concern.objects.all(),
    )
    answers["quarterly returns"] = _agree(
        permissions.quarterly_returns_visible_to(user, QuarterlyReturn.objects.all()),
        lambda report: permissions.can_view_quarterly_return(user, report.vanguard, report.status),
        QuarterlyReturn.objects.select_related("vanguard"),
    )
    versions = LogicModelVersion.objects.all()
    answers["logic models"] = _agree(
        permissions.logic_models_visible_to(user, versions),
        lambda version: permissions.can_view_logic_model(user, version),
        versions,
    )
    answers["logic models to edit"] = _agree(
        permissions.logic_models_editable_by(user, versions),
        lambda version: permissions.can_edit_logic_model(user, version),
        versions,
    )
    answers["events"] = _agree(
        permissions.events_visible_to(user, Event.objects.all()),
        lambda event: permissions.can_view_event(user, event),
        Event.objects.all(),
    )
    answers["pulse responses"] = _agree(
        permissions.pulse_responses_visible_to(user, PulseResponse.objects.all()),
        lambda response: permissions.can_view_pulse_response(user, response),
        PulseResponse.objects.all(),
    )
    answers["regional feedback"] = _agree(
        permissions.regional_feedback_visible_to(user, RegionalFeedback.objects.all()),
        lambda feedback: permissions.can_view_regional_feedback(user, feedback),
        RegionalFeedback.objects.all(),
    )
    answers["you said, we did"] = _agree(
        permissions.you_said_visible_to(user, YouSaidWeDid.objects.all()),
        lambda entry: permissions.can_view_you_said(user, entry),
        YouSaidWeDid.objects.all(),
    )
    for kind, (rule, check) in PLAN_RULES.items():
        plans = Plan.objects.all()
        answers[kind] = _agree(rule(user, plans), lambda plan, c=check: c(user, plan), plans)
    return answers


# Plans: seeing one, and (derived from the same rule, narrowed) changing and commenting on it.
PLAN_RULES = {
    "plans": (permissions.plans_visible_to, permissions.may_view_plan),
}


@each_role_gets(everyone(True))
def test_each_object_check_agrees_with_its_list(cast, records, role, expected):
    answers = _check_every_kind(cast[role])
    assert answers == dict.fromkeys(answers, expected)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.REGIONAL_LEAD, Role.NETWORK_PARTNER])
def test_they_agree_for_users_with_no_registry_link(records, role):
    answers = _check_every_kind(UserFactory(role=role))
    assert all(answers.values()), answers


# --- Role lists live in permissions.py ----------------------------------------------------

# A role named in code, compared with a role, or a list of roles in a query or template.
ROLE_DECISION = re.compile(
    r"Role\.(?!choices\b|values\b|labels\b)[A-Z_]+"
    r"|\brole\s*(?:==|!=|\bin\b|\bnot in\b)"
    r"|role__in\s*=\s*[\[\(\{\"']"
    r"|\.role\s*(?:==|!=)"
)
# Where naming a role is not deciding access: the permissions module and the role sets it
# re-uses from below (workwell.models), migrations, and demo data that creates the cast.
ALLOWED = {
    "vanguards/permissions.py",
    "workwell/models.py",
    "vanguards/management/demo.py",
    "learning/management/demo_lessons.py",
    "feedback/management/demo_yousaid.py",  # creates a second regional lead's account
    "reporting/management/scale_registry.py",  # creates the national scale data's cast
}
APPS = [
    "workwell",
    "vanguards",
    "maturity",
    "learning",
    "feedback",
    "plans",
    "reporting",
    "api",
    "templates",
]


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*")):
            relative = path.relative_to(ROOT).as_posix()
            if path.suffix in {".py", ".html", ".txt"} and "/migrations/" not in relative:
                yield relative, path.read_text()


def test_no_module_outside_permissions_decides_from_a_role():
    found = [
        f"{relative}:{number}: {line.strip()}"
        for relative, text in _sources()
        if relative not in ALLOWED
        for number, line in enumerate(text.splitlines(), start=1)
        if ROLE_DECISION.search(line)
    ]
    assert found == [], "ask a named predicate in vanguards/permissions.py:\n" + "\n".join(found)

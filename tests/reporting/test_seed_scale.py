"""seed_scale builds a national programme with bulk inserts: the counts it promises, data that
keeps the portal's rules, and pages that render on it."""

import re
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Concern, PulseInvitation, PulseResponse, PulseSurvey
from feedback.services.pulse import REMINDER_AFTER
from learning.models import Event, ExchangeAnswer, ExchangeQuestion, Registration, ToolkitVersion
from maturity.models import SelfAssessment
from plans.models import Activity, Plan
from reporting.management.scale_activity import TOUCHPOINTS_PER_VANGUARD_YEAR
from reporting.management.scale_network import (
    CONCERNS_PER_VANGUARD_YEAR,
    PLAN,
    QUESTIONS_PER_VANGUARD_YEAR,
)
from reporting.management.scale_registry import MEMBERS_PER_VANGUARD
from reporting.models import LogicModelVersion, QuarterlyReturn, QuarterlySnapshot, StrandReturn
from reporting.rules import figure_problems
from reporting.selectors.dashboard import dashboard_figures
from vanguards.management.demo import STAFF
from vanguards.models import CohortGroup, CohortGroupMembership, Region, Touchpoint, Vanguard
from workwell.dates import Quarter
from workwell.models import User

pytestmark = pytest.mark.django_db

VANGUARDS = 5  # two cohort groups, and the fifth vanguard moves between them half way
YEARS = 1
CLOSED_QUARTERS = 4 * YEARS - 1  # the current quarter has not closed


@pytest.fixture
def scale(settings):
    settings.DEBUG = True
    call_command("seed_scale", vanguards=VANGUARDS, years=YEARS)


def test_seed_scale_creates_the_expected_counts(scale):
    assert Vanguard.objects.count() == VANGUARDS
    assert CohortGroup.objects.count() == 2
    assert Touchpoint.objects.count() == VANGUARDS * YEARS * TOUCHPOINTS_PER_VANGUARD_YEAR
    assert QuarterlyReturn.objects.count() == VANGUARDS * CLOSED_QUARTERS
    assert SelfAssessment.objects.count() == VANGUARDS * CLOSED_QUARTERS
    # every member asked each closed quarter, three or four of the five answering
    assert PulseInvitation.objects.count() == VANGUARDS * CLOSED_QUARTERS * MEMBERS_PER_VANGUARD
    answered = VANGUARDS * CLOSED_QUARTERS * 3
    assert answered < PulseResponse.objects.count() < answered + VANGUARDS * CLOSED_QUARTERS
    # the demo's staff, a regional lead per region, an RM per group, members per vanguard
    assert User.objects.count() == (
        len(STAFF) + Region.objects.count() + 2 + VANGUARDS * MEMBERS_PER_VANGUARD
    )
    assert CohortGroupMembership.objects.filter(ended_on__isnull=False).count() == 1
    # the toolkit PDF bench needs a published toolkit version
    assert ToolkitVersion.objects.filter(status=ToolkitVersion.Status.PUBLISHED).exists()


def test_seeded_returns_pass_the_validation_rules(scale):
    earlier = defaultdict(lambda: (0, 0))
    checked = 0
    for strand_return in StrandReturn.objects.order_by(
        "strand", "quarterly_return__year", "quarterly_return__number"
    ):
        in_work, out_of_work = earlier[strand_return.strand_id]
        assert not figure_problems(
            strand_return.figures(),
            earlier_in_work_starts=in_work,
            earlier_out_of_work_starts=out_of_work,
            require_all=True,
        )
        earlier[strand_return.strand_id] = (
            in_work + strand_return.starts_in_work,
            out_of_work + strand_return.starts_out_of_work,
        )
        checked += 1
    assert checked == VANGUARDS * CLOSED_QUARTERS * 2  # two strands with participants each


def test_every_touchpoint_is_logged_by_the_rm_of_its_group_at_the_time(scale):
    touchpoints = Touchpoint.objects.prefetch_related("vanguards")
    for touchpoint in touchpoints:
        (vanguard,) = touchpoint.vanguards.all()
        assert CohortGroupMembership.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=touchpoint.date),
            vanguard=vanguard,
            cohort_group__relationship_manager=touchpoint.author_id,
            started_on__lte=touchpoint.date,
        ).exists(), touchpoint


def test_seeded_pulse_answers_follow_the_groups_of_their_quarter(scale):
    for response in PulseResponse.objects.select_related("survey"):
        assert CohortGroupMembership.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=response.survey.closes_on),
            vanguard=response.vanguard_id,
            cohort_group=response.cohort_group_id,
            started_on__lte=response.survey.closes_on,
        ).exists()


def test_every_seeded_pulse_answer_was_asked_for_with_the_same_groups(scale):
    groups = ("vanguard_id", "cohort_group_id", "relationship_manager_id", "region_id")
    asked = {
        (row["survey_id"], row["person_id"]): row
        for row in PulseInvitation.objects.values("survey_id", "person_id", *groups, "reminded_at")
    }
    for response in PulseResponse.objects.values("survey_id", "person_id", *groups):
        invitation = asked[response["survey_id"], response["person_id"]]
        assert {name: invitation[name] for name in groups} == {
            name: response[name] for name in groups
        }
    # invitees are the members of the vanguard they were asked for
    assert not PulseInvitation.objects.exclude(
        person__vanguard_membership__vanguard=F("vanguard")
    ).exists()
    # reminded a week after the email unless they had answered by then, as the beat does
    for invitation in PulseInvitation.objects.select_related("survey"):
        response = PulseResponse.objects.filter(
            survey=invitation.survey_id, person=invitation.person_id
        ).first()
        assert invitation.invited_at.date() == invitation.survey.opens_on
        reminded = response is None or response.submitted_at >= invitation.invited_at + (
            REMINDER_AFTER
        )
        assert (invitation.reminded_at is not None) == reminded, invitation


RATE = re.compile(r"(\d+)% \((\d+) of (\d+)\)")


def test_the_pulse_results_page_shows_believable_response_rates(scale, client):
    """Every closed quarter's national rate and each group's between 55% and 85% (three or
    four of five members answer), not the same everywhere."""
    client.force_login(User.objects.get(email="lead@example.com"))
    seen = set()
    for survey in PulseSurvey.objects.all():
        response = client.get(f"/feedback/results/?quarter={survey.year}-q{survey.number}")
        assert response.status_code == 200
        # the national row, a row per region, cohort group, RM and vanguard
        rates = RATE.findall(response.content.decode())
        assert len(rates) >= 1 + VANGUARDS, survey
        for percent, answers, asked in rates:
            assert 55 <= int(percent) <= 85, (survey, percent, answers, asked)
            assert 0 < int(answers) <= int(asked)
            seen.add(int(percent))
    assert len(seen) > 1  # rates vary by vanguard and quarter


def test_seed_scale_creates_the_network_and_plans(scale):
    assert Concern.objects.count() == VANGUARDS * YEARS * CONCERNS_PER_VANGUARD_YEAR
    # every step a concern went through is in its thread (raised, then one entry a step)
    steps = [state for state in Concern.State]
    for concern in Concern.objects.annotate(entry_count=Count("entries")):
        assert concern.entry_count == steps.index(concern.state) + 1, concern
        assert concern.vanguard.members.filter(user=concern.raised_by_id).exists()

    quarters = 4 * YEARS + 1  # from the first quarter to the one after today's
    groups = CohortGroup.objects.count()
    assert Event.objects.filter(kind=Event.Kind.NETWORK_EVENT).count() == quarters
    assert Event.objects.filter(kind=Event.Kind.COHORT_SESSION).count() == quarters * groups
    assert Event.objects.filter(kind=Event.Kind.WEBINAR).count() == quarters * 3
    assert not Event.objects.annotate(n=Count("registrations")).filter(n=0).exists()
    now = timezone.now()
    past = Registration.objects.filter(event__ends_at__lte=now)
    assert not past.filter(status=Registration.Status.WAITING).exists()
    assert not past.filter(attended__isnull=True).exists()
    # the next network event is full and has a waiting list
    upcoming = Event.objects.filter(kind=Event.Kind.NETWORK_EVENT, starts_at__gt=now).first()
    registered = upcoming.registrations.filter(status=Registration.Status.REGISTERED).count()
    assert registered == upcoming.capacity
    assert upcoming.registrations.filter(status=Registration.Status.WAITING).exists()

    assert Plan.objects.filter(kind=Plan.Kind.VANGUARD).count() == VANGUARDS
    assert Activity.objects.count() == VANGUARDS * sum(len(rows) for _, rows in PLAN)

    agreed = LogicModelVersion.objects.filter(status=LogicModelVersion.Status.AGREED)
    assert agreed.count() == VANGUARDS
    assert not agreed.annotate(n=Count("items")).filter(n=0).exists()
    assert LogicModelVersion.objects.filter(status="draft").count() == (VANGUARDS + 1) // 2

    assert ExchangeQuestion.objects.count() == VANGUARDS * YEARS * QUESTIONS_PER_VANGUARD_YEAR
    assert ExchangeAnswer.objects.exists()
    for question in ExchangeQuestion.objects.filter(helpful_answer__isnull=False):
        assert question.helpful_answer.question_id == question.pk


def _pages() -> list[tuple[str, str]]:
    vanguard = Vanguard.objects.order_by("pk").first()
    member = vanguard.members.order_by("pk").first().user.email
    rm = CohortGroup.objects.order_by("pk").first().relationship_manager.email
    question = ExchangeQuestion.objects.order_by("pk").first()
    concern = Concern.objects.filter(vanguard=vanguard).order_by("pk").first()
    return [
        ("rm.lead@example.com", "/feedback/concerns/"),
        (member, "/feedback/concerns/"),
        (member, "/feedback/concerns/mine/"),
        ("rm.lead@example.com", f"/feedback/concerns/{concern.pk}/"),
        (member, "/learning/events/"),
        (rm, "/learning/events/?when=past"),
        (member, "/learning/exchange/"),
        (member, f"/learning/exchange/{question.pk}/"),
        (member, f"/plans/vanguards/{vanguard.slug}/"),
        (rm, f"/plans/vanguards/{vanguard.slug}/"),
        (rm, f"/reporting/vanguards/{vanguard.slug}/logic-model/"),
        (member, f"/reporting/vanguards/{vanguard.slug}/logic-model/versions/"),
        # the pulse results, counted from the invitations and answers of the newest quarter
        ("lead@example.com", "/feedback/results/"),
        (rm, "/feedback/results/"),
        (member, "/feedback/results/"),
    ]


def _queries(client, pages) -> dict:
    counts = {}
    for email, path in pages:
        client.force_login(User.objects.get(email=email))
        client.get(path)  # the first visit may set things up (a session, a cache)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (email, path)
        counts[email, path] = len(queries)
    return counts


def test_pages_listing_the_network_and_plans_render_with_queries_that_do_not_grow(settings, client):
    settings.DEBUG = True
    call_command("seed_scale", vanguards=2, years=1)
    pages = _pages()
    before = _queries(client, pages)
    # three times the vanguards, two more years of history: the same pages list more rows
    settings.DEBUG = True
    call_command("seed_scale", vanguards=6, years=3, force=True)
    assert _queries(client, pages) == before


@pytest.mark.parametrize("path", ["/touchpoints/", "/vanguards/", "/reporting/dashboard/"])
def test_portal_pages_render_on_the_scale_data(scale, client, path):
    client.force_login(User.objects.get(email="lead@example.com"))
    response = client.get(path)
    assert response.status_code == 200


def test_seed_scale_refuses_to_run_on_existing_data_unless_forced(settings):
    settings.DEBUG = True
    call_command("seed_scale", vanguards=1, years=1)
    with pytest.raises(CommandError, match="already has data"):
        call_command("seed_scale", vanguards=1, years=1)
    assert Vanguard.objects.count() == 1
    call_command("seed_scale", vanguards=1, years=1, force=True)
    assert Vanguard.objects.count() == 2


def test_seed_scale_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_scale", vanguards=1, years=1)
    assert not Vanguard.objects.exists()


def test_the_last_closed_quarter_has_a_snapshot_of_the_scale_data(scale):
    # The homes' and dashboards' figures come from the snapshot: built after the returns.
    quarter = Quarter.containing(timezone.localdate()).previous()
    snapshot = QuarterlySnapshot.objects.of(quarter).order_by("-revision").first()
    assert snapshot is not None
    assert snapshot.figures == dashboard_figures(quarter)


def test_on_top_of_an_earlier_snapshot_the_last_closed_quarter_is_built_again(settings):
    """As `make bench` seeds it (seed_scale on top of data with a snapshot of the quarter): a
    new revision of the last closed quarter's snapshot, with every vanguard."""
    settings.DEBUG = True
    call_command("seed_scale", vanguards=2, years=1)
    call_command("seed_scale", vanguards=3, years=1, force=True)
    quarter = Quarter.containing(timezone.localdate()).previous()
    snapshot = QuarterlySnapshot.objects.of(quarter).order_by("-revision").first()
    assert snapshot.revision == 2
    assert len(snapshot.figures["vanguards"]) == Vanguard.objects.count() == 5
    assert snapshot.figures == dashboard_figures(quarter)

"""The demo touchpoints: believable, relative to today, and safe to build twice."""

import datetime

import pytest
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from vanguards.management.demo import seed_registry
from vanguards.management.demo_touchpoints import OVERDUE, seed_touchpoints
from vanguards.models import RAG, Action, Touchpoint, Vanguard


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Built once for the module, as the demo takes several seconds, inside a transaction
    rolled back at the end so no other module sees it. Each test's own transaction is a
    savepoint inside this one."""
    with django_db_blocker.unblock(), transaction.atomic():
        registry = seed_registry()
        made = seed_touchpoints(registry)
        yield registry, made
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_running_it_again_creates_nothing(demo):
    registry, made = demo
    before = (Touchpoint.objects.count(), Action.objects.count())
    assert made == before[0] > 0
    assert seed_touchpoints(seed_registry()) == 0
    assert (Touchpoint.objects.count(), Action.objects.count()) == before


def test_several_quarters_of_fortnightly_contact_by_each_vanguards_rm(demo):
    today = timezone.localdate()
    for vanguard in Vanguard.objects.all():
        rm = vanguard.group_memberships.get(ended_on__isnull=True).cohort_group.relationship_manager
        check_ins = Touchpoint.objects.filter(vanguards=vanguard).exclude(
            kind=Touchpoint.Kind.COHORT_SESSION
        )
        assert set(check_ins.values_list("author", flat=True)) == {rm.pk}
        dates = sorted(check_ins.values_list("date", flat=True))
        assert dates[0] <= today - datetime.timedelta(days=240)  # about three quarters back
        assert len(dates) >= 15
        assert max(dates) <= today


def test_two_vanguards_are_overdue_for_contact_and_the_rest_are_not(demo):
    today = timezone.localdate()
    last = dict(
        Vanguard.objects.filter(touchpoints__status=Touchpoint.Status.COMPLETE)
        .annotate(last=Max("touchpoints__date"))
        .values_list("slug", "last")
    )
    overdue = {slug for slug, day in last.items() if (today - day).days > 14}
    assert overdue == set(OVERDUE)


def test_cohort_sessions_touch_several_vanguards_of_a_group(demo):
    sessions = Touchpoint.objects.filter(kind=Touchpoint.Kind.COHORT_SESSION).annotate(
        count=Count("vanguards")
    )
    assert sessions.count() >= 8
    assert all(session.count >= 2 for session in sessions)
    for session in sessions:
        groups = {
            m.cohort_group_id
            for v in session.vanguards.all()
            for m in v.group_memberships.filter(ended_on__isnull=True)
        }
        assert len(groups) == 1


def test_some_are_amber_or_red_with_reasons_and_some_have_actions(demo):
    flagged = Touchpoint.objects.exclude(rag=RAG.GREEN)
    assert flagged.filter(rag=RAG.AMBER).exists() and flagged.filter(rag=RAG.RED).exists()
    assert not flagged.filter(rag_reason="").exists()
    assert Action.objects.filter(status=Action.Status.DONE).exists()
    assert Action.objects.filter(
        status=Action.Status.OPEN, due_date__lt=timezone.localdate()
    ).exists()
    assert not Action.objects.filter(due_date__lt=F("touchpoint__date")).exists()
    assert Touchpoint.objects.filter(status=Touchpoint.Status.DRAFT).count() == 1


def test_records_and_their_history_are_dated_when_they_happened(demo):
    """Not when the demo was built: a touchpoint's history agrees with its date, and an
    action's "Created" and "Done" entries with the stamps its page shows."""
    zone = timezone.get_current_timezone()
    completed = Touchpoint.objects.filter(status=Touchpoint.Status.COMPLETE)
    for touchpoint in completed:
        logged = datetime.datetime.combine(touchpoint.date, datetime.time(16), tzinfo=zone)
        assert touchpoint.created_at == touchpoint.completed_at == logged
        dates = [record.history_date for record in touchpoint.history.all()]
        assert dates and all(
            logged <= when < logged + datetime.timedelta(seconds=1) for when in dates
        )
    for action in Action.objects.select_related("touchpoint"):
        history = list(action.history.order_by("history_date", "history_id"))
        assert history[0].history_date.replace(microsecond=0) == action.created_at
        assert timezone.localdate(action.created_at) == action.touchpoint.date
        if action.status == Action.Status.DONE:
            assert history[-1].history_date == action.closed_at
            assert action.touchpoint.date < timezone.localdate(action.closed_at)
            assert action.closed_at <= timezone.now()

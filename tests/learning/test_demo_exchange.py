"""The demo peer exchange (learning/management/demo_exchange.py)."""

import pytest
from django.utils import timezone

from learning.management.demo_exchange import seed_exchange
from learning.management.demo_lessons import seed_lessons
from learning.models import ExchangeAnswer, ExchangeFollow, ExchangeQuestion, ExchangeReport
from vanguards.management.demo import seed_registry
from vanguards.management.demo_support import seed_support


@pytest.fixture
def demo(db):
    registry = seed_registry()
    seed_support(registry)
    seed_lessons(registry)
    return seed_exchange(registry)


def test_a_dozen_threads_answered_and_not_one_reported_one_hidden(demo):
    questions = ExchangeQuestion.objects.all()
    assert questions.count() == 12
    assert questions.filter(helpful_answer__isnull=False).count() >= 5
    assert questions.filter(answers__isnull=True).exists()  # some wait for an answer
    assert ExchangeAnswer.objects.filter(hidden_at__isnull=False).count() == 1
    assert ExchangeReport.objects.filter(resolved_at__isnull=True).count() == 1
    organisations = set(questions.values_list("author_organisation", flat=True))
    assert {"National Support Team", "South Yorkshire"} <= organisations
    # A network partner asks too.
    assert any("Integrated Care Board" in name for name in organisations)
    assert ExchangeFollow.objects.values("user").distinct().count() >= 5
    now = timezone.now()
    assert not ExchangeAnswer.objects.filter(created_at__gt=now).exists()
    # Answers come after their questions.
    for answer in ExchangeAnswer.objects.select_related("question"):
        assert answer.created_at >= answer.question.created_at


def test_running_it_again_creates_nothing_new(demo):
    seed_exchange({})
    assert ExchangeQuestion.objects.count() == 12

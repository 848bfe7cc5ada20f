"""The demo lessons-learnt library and network partners (learning/management/demo_lessons.py)."""

import pytest
from django.utils import timezone

from learning.management.demo_lessons import seed_lessons
from learning.models import Lesson
from vanguards.management.demo import seed_registry
from vanguards.management.demo_support import seed_support
from vanguards.selectors.partners import partner_matches
from workwell.models import Role, User


@pytest.fixture
def demo(db):
    registry = seed_registry()
    seed_support(registry)
    return registry, seed_lessons(registry)


def test_a_dozen_lessons_in_every_state_from_several_vanguards_and_the_nst(demo):
    lessons = Lesson.objects.all()
    assert lessons.count() == 12
    assert set(lessons.values_list("status", flat=True)) == set(Lesson.Status.values)
    assert lessons.filter(vanguard__isnull=True).exists()  # the NST's own
    assert lessons.values("vanguard").distinct().count() >= 6
    returned = lessons.filter(status=Lesson.Status.RETURNED)
    assert all(lesson.return_reason for lesson in returned)
    published = lessons.filter(status=Lesson.Status.PUBLISHED)
    assert published.filter(support_offers__isnull=False).exists()
    # Back in time: written before they were published, nothing in the future.
    assert all(lesson.created_at <= lesson.published_at for lesson in published)
    now = timezone.now()
    assert all(lesson.updated_at <= now for lesson in lessons)
    assert not Lesson.history.filter(history_date__gt=now).exists()


def test_two_network_partners_each_with_a_person_matched_to_vanguards(demo):
    registry, seeded = demo
    partner = User.objects.get(email="partner@example.com")
    assert partner.role == Role.NETWORK_PARTNER
    assert partner.network_partner.organisation in seeded["partners"]
    matched = partner_matches(user=registry["users"]["learning@example.com"])
    assert len(matched) == 2
    assert all(item.matches for item in matched)


def test_seeding_again_creates_nothing_new(demo):
    registry, _ = demo
    before = (Lesson.objects.count(), Lesson.history.count(), User.objects.count())
    seed_lessons(registry)
    assert (Lesson.objects.count(), Lesson.history.count(), User.objects.count()) == before

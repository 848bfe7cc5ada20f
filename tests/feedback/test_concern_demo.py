"""The demo concerns: every state, a complaint about an RM kept from that RM, an overdue one,
and nothing new on a second run."""

import pytest
from django.utils import timezone

from feedback.management.demo_concerns import seed_concerns
from feedback.models import Concern
from feedback.selectors.concerns import overdue_concerns
from vanguards import permissions
from vanguards.management.demo import seed_registry
from workwell.models import User

pytestmark = pytest.mark.django_db


def test_demo_concerns_cover_every_state_and_the_rm_complaint():
    registry = seed_registry()
    concerns = seed_concerns(registry)
    assert {concern.state for concern in concerns} == set(Concern.State.values)
    about_rm = Concern.objects.get(about_rm__isnull=False, kind=Concern.Kind.COMPLAINT)
    rm = about_rm.about_rm
    assert about_rm.handler == User.objects.get(email="rm.lead@example.com")
    assert not permissions.concerns_visible_to(rm, Concern.objects.filter(pk=about_rm.pk))
    lead = User.objects.get(email="rm.lead@example.com")
    assert overdue_concerns(user=lead, today=timezone.localdate())
    # The thread is dated as lived: nothing after today, every step in order.
    for concern in concerns:
        dates = list(concern.entries.values_list("created_at", flat=True))
        assert dates == sorted(dates)
        assert dates[-1] <= timezone.now()
    assert len(seed_concerns(registry)) == len(concerns)
    assert Concern.objects.count() == len(concerns)

"""The demo regional feedback and "you said, we did": two regions over two quarters, five
entries linked to a concern, consultation comments, regional feedback and a network event's
"what we heard", nothing new on a second run."""

import pytest

from feedback.management.demo_concerns import seed_concerns
from feedback.management.demo_yousaid import seed_you_said_we_did
from feedback.models import RegionalFeedback, YouSaidWeDid
from learning.management.demo_consultation import seed_consultation
from learning.management.demo_events import seed_events
from learning.management.demo_toolkit import seed_toolkit
from vanguards.management.demo import seed_registry

pytestmark = pytest.mark.django_db


def test_demo_feedback_and_changes():
    registry = seed_registry()
    seed_toolkit(registry)
    seed_consultation(registry)
    seed_concerns(registry)
    seed_events(registry)
    entries = seed_you_said_we_did(registry)
    assert len(entries) == 5
    feedback = RegionalFeedback.objects.all()
    assert len({item.region_id for item in feedback}) == 2
    assert len({item.quarter for item in feedback}) == 2
    assert YouSaidWeDid.objects.filter(concerns__isnull=False).exists()
    assert YouSaidWeDid.objects.filter(consultation_comments__isnull=False).exists()
    assert YouSaidWeDid.objects.filter(regional_feedback__isnull=False).exists()
    # One change came from what was heard at a past network event.
    linked = YouSaidWeDid.objects.get(event__isnull=False)
    assert linked.event.what_we_heard.is_published
    assert YouSaidWeDid.objects.filter(published_on__isnull=True).count() == 1
    counts = (RegionalFeedback.objects.count(), YouSaidWeDid.objects.count())
    seed_you_said_we_did(registry)
    assert (RegionalFeedback.objects.count(), YouSaidWeDid.objects.count()) == counts

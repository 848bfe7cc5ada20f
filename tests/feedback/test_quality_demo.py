"""The quality plan's demo data: targets, and the last closed quarter's concerns, support
requests and event ratings (the indicators the other demo modules leave empty), once only."""

import pytest
from django.utils import timezone

from feedback.management.demo_quality import seed_quality
from feedback.models import Concern, QualityTarget
from feedback.models.quality import Indicator
from feedback.selectors.quality import NATIONAL, indicator_shares, last_closed_quarter


@pytest.mark.django_db
def test_last_closed_quarter_gets_real_values_once(cast, learning_user):
    today = timezone.localdate()
    seed_quality({}, today=today)
    last = last_closed_quarter(today)
    national = indicator_shares(last, today=today)[(NATIONAL, None)]
    for indicator in (
        Indicator.CONCERNS_ACKNOWLEDGED,
        Indicator.CONCERNS_RESPONDED,
        Indicator.SUPPORT_TRIAGED,
        Indicator.EVENTS_USEFUL,
    ):
        assert national[indicator].count > 0, indicator
        assert 0 < national[indicator].met <= national[indicator].count, indicator
    assert QualityTarget.objects.count() == 4
    concerns = Concern.objects.count()
    seed_quality({}, today=today)
    assert Concern.objects.count() == concerns
    assert QualityTarget.objects.count() == 4

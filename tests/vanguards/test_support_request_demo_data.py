"""The demo support menu and requests: believable, in every state the brief names, and safe to
seed twice."""

import pytest
from django.utils import timezone

from vanguards.management.demo import seed_registry
from vanguards.management.demo_support import seed_support
from vanguards.models import SupportOffer, SupportRequest
from vanguards.selectors.support import is_flagged

Status = SupportRequest.Status


@pytest.fixture
def seeded(db):
    registry = seed_registry()
    return registry, seed_support(registry)


def test_the_menu_is_believable(seeded):
    offers = SupportOffer.objects.all()
    assert 10 <= offers.count() <= 14
    assert set(offers.values_list("channel", flat=True)) == set(SupportOffer.Channel.values)
    assert offers.filter(scaffolded=True, for_emerging=True).exists()
    providers = set(offers.values_list("delivered_by", flat=True))
    assert {"Collaborate (improvement partner)", "Mutual Ventures", "PA Consulting"} <= providers
    assert all(offer.themes.exists() for offer in offers)


def test_requests_cover_the_states_the_team_needs_to_see(seeded):
    today = timezone.localdate()
    requests = SupportRequest.objects.all()
    assert any(is_flagged(r, today=today, limit=3) for r in requests.filter(status=Status.NEW))
    assert requests.filter(status=Status.DELIVERED, rating__isnull=True).exists()
    assert requests.filter(status=Status.CLOSED, rating__isnull=False).exists()
    assert requests.filter(status=Status.DECLINED).exclude(decline_reason="").exists()
    assert requests.filter(status=Status.CLOSED).exclude(redirect_note="").exists()
    # Every step is in history, dated in order, never in the future.
    for support_request in requests:
        dates = list(
            support_request.history.order_by("history_id").values_list("history_date", flat=True)
        )
        assert dates == sorted(dates)
        assert dates[0] == support_request.raised_at
        assert dates[-1] <= timezone.now()


def test_each_step_in_history_is_dated_as_the_request_says(seeded):
    """The request's page shows its stamps (raised, triaged, delivered, closed) and its
    history's steps: the demo backdates both, so they must agree."""
    stamp_of_status = {
        Status.TRIAGED: "triaged_at",
        Status.DECLINED: "triaged_at",
        Status.DELIVERED: "delivered_at",
        Status.CLOSED: "closed_at",
    }
    for support_request in SupportRequest.objects.all():
        records = list(support_request.history.order_by("history_date", "history_id"))
        assert records[0].history_date == support_request.raised_at
        previous = None
        for record in records:
            field = stamp_of_status.get(record.status)
            if field and record.status != previous:
                assert record.history_date == getattr(support_request, field), record.status
            previous = record.status


def test_seeding_twice_creates_nothing_new(seeded):
    registry, _ = seeded
    offers, requests = SupportOffer.objects.count(), SupportRequest.objects.count()
    history = SupportRequest.history.count()
    seed_support(registry)
    assert (SupportOffer.objects.count(), SupportRequest.objects.count()) == (offers, requests)
    assert SupportRequest.history.count() == history


def test_the_pages_render_with_demo_data(seeded, client):
    registry, seeded_support = seeded
    client.force_login(registry["users"]["rm.lead@example.com"])
    assert client.get("/support-requests/").status_code == 200
    for support_request in seeded_support["support_requests"]:
        assert client.get(f"/support-requests/{support_request.pk}/").status_code == 200
    assert client.get("/learning/offers/").status_code == 200

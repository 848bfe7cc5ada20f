"""The strategic review draws its open concerns and its themes and "you said, we did" once for
each kept result (feedback/presenters/quality.py: DRAWN): a request that finds them kept draws
nothing, and what is written shows up. These run outside a test transaction, as requests do:
inside one nothing is kept."""

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from feedback.models import YouSaidWeDid
from feedback.presenters import quality as presenters
from tests.factories import ConcernFactory

from .quality import Q2, build_known_data

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("kept_afresh"),
]

URL = "/feedback/review/2025-26-q2/"


@pytest.fixture(autouse=True)
def _nothing_drawn(monkeypatch):
    monkeypatch.setattr(presenters, "DRAWN", presenters.Drawn(16))


@pytest.fixture
def review(page_as, programme_lead, vanguard_a, vanguard_b):
    build_known_data(vanguard_a, vanguard_b)
    return page_as(programme_lead, URL)


@override_settings(PAGE_CACHE=False)
def test_the_concerns_and_notes_are_drawn_once_while_they_are_kept(review, calls_to):
    concerns = calls_to(presenters, "open_concern_items")
    themes = calls_to(presenters, "themes_table")
    for _ in range(4):  # learned, then kept and drawn, then drawn no more
        html = review()
    assert (len(concerns), len(themes)) == (2, 2)
    assert "4 concerns open now" in html
    assert 'href="/feedback/concerns/' in html


@override_settings(PAGE_CACHE=False)
def test_what_is_written_shows_up(review, vanguard_a, programme_lead):
    for _ in range(3):
        html = review()
    assert "5 concerns open now" not in html
    assert "Faster replies to vanguards" not in html
    ConcernFactory(vanguard=vanguard_a)
    YouSaidWeDid.objects.create(
        title="Faster replies to vanguards",
        you_said="Replies were slow",
        we_did="We answer within two days",
        year=Q2.year,
        number=Q2.number,
        published_on=timezone.localdate(),
        created_by=programme_lead,
    )
    html = review()
    assert "5 concerns open now" in html
    assert "Faster replies to vanguards" in html


@override_settings(PAGE_CACHE=False)
def test_a_drawing_keeps_no_other_script_prefix(review, mounted_below):
    review()
    assert 'href="/feedback/concerns/' in review()
    with mounted_below("/portal/"):
        html = review()
    assert 'href="/portal/feedback/concerns/' in html
    assert 'href="/feedback/concerns/' not in html

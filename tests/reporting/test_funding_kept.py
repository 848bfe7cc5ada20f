"""The national funding page's tables, drawn once for the funding table kept for what the viewer
may see (workwell/kept.py) and kept in the process with it: what is written shows up, each
viewer's rule and each page has its own, and a request that finds them kept draws nothing.
These run outside a test transaction (`transaction=True`), as requests do: inside one
nothing is kept."""

from decimal import Decimal

import pytest
from django.test import Client
from django.test.utils import override_settings

from reporting.presenters import funding as presenters
from tests.factories import VanguardFactory
from vanguards.models import Vanguard
from workwell.dates import Quarter

from .funding_data import report

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("kept_afresh"),
]

Q1 = Quarter(2025, 1)
URL = "/reporting/funding/?quarter=2025-26-q1"


@pytest.fixture(autouse=True)
def _nothing_drawn(monkeypatch):
    monkeypatch.setattr(presenters, "DRAWN", presenters.Drawn(16))


@pytest.fixture
def drawings(calls_to):
    """How many times the national table has been drawn."""
    return calls_to(presenters, "national_table")


def page(user, url=URL) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def numbers(vanguard_a, vanguard_b):
    report(vanguard_a, Q1, starts=270, spend=100000)
    report(vanguard_b, Q1, starts=540, spend=50000)


@override_settings(PAGE_CACHE=False)
def test_what_is_written_shows_up(programme_lead, vanguard_a, numbers, drawings):
    for _ in range(3):  # learned, then kept, then drawn no more
        first = page(programme_lead)
    assert len(drawings) == 2  # the first request is not kept: it learns the tables read
    assert "£150,000" in first  # England's spend to date

    report(vanguard_a, Q1, starts=270, spend=100001)
    assert "£150,001" in page(programme_lead)
    Vanguard.objects.filter(pk=vanguard_a.pk).update(name="Alpha Renamed")
    assert ">Alpha Renamed</a>" in page(programme_lead)
    Vanguard.objects.filter(pk=vanguard_a.pk).update(funding_allocation=Decimal("2000000"))
    assert "£2,000,000" in page(programme_lead)


@override_settings(PAGE_CACHE=False)
def test_each_viewer_rule_and_page_has_its_own(
    programme_lead, regional_lead, vanguard_a, numbers, drawings
):
    for index in range(30):
        VanguardFactory(name=f"Vanguard {index:02}", slug=f"vanguard-{index:02}")
    for _ in range(2):
        national = page(programme_lead)
        region = page(regional_lead)
        second = page(programme_lead, URL + "&page=2")
        junk = page(programme_lead, URL + "&page=x&junk=%3Cb%3E")
    assert "Bravo Vanguard" in national and "England" in national
    assert "Bravo Vanguard" not in region and "England" not in region
    assert "Vanguard 28" in second and "Vanguard 28" not in national
    assert "Alpha Vanguard" in junk and "Vanguard 28" not in junk  # not a number: the first
    drawn = len(drawings)
    for url in (URL, URL + "&page=2", URL + "&page=x"):
        page(programme_lead, url)
    page(regional_lead)
    assert len(drawings) == drawn  # all kept


@override_settings(PAGE_CACHE=False, KEPT_RESULTS=False)
def test_with_nothing_kept_each_request_draws_its_own(
    programme_lead, vanguard_a, numbers, drawings
):
    for _ in range(3):
        assert "£150,000" in page(programme_lead)
    assert len(drawings) == 3  # a funding table of its own each time, held by nothing after
    report(vanguard_a, Q1, starts=270, spend=100002)
    assert "£150,002" in page(programme_lead)

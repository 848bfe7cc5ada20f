"""A vanguard's dashboard draws its comparison with similar areas once for the quarter's kept
figures and the vanguard (presenters.dashboard.comparison_html): a request that finds them
kept draws nothing, and a new indicator value shows up. These run outside a test transaction,
as requests do: inside one nothing is kept."""

import pytest
from django.test import Client
from django.test.utils import override_settings

from reporting.models import Area, ComparatorLink, Indicator, IndicatorValue
from reporting.presenters import counterfactual
from reporting.presenters import dashboard as presenters

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("kept_afresh"),
]

INACTIVE = "Economically inactive due to long-term sickness (%)"
URL = "/reporting/vanguards/alpha/"


@pytest.fixture(autouse=True)
def _nothing_drawn(monkeypatch):
    monkeypatch.setattr(presenters, "DRAWN", presenters.Drawn(16))


@pytest.fixture
def drawings(calls_to):
    """How many times the comparison has been worked out for drawing."""
    return calls_to(counterfactual, "comparison")


@pytest.fixture
def values(vanguard_a):
    indicator = Indicator.objects.create(name=INACTIVE)
    alpha = Area.objects.create(name="Alpha area", vanguard=vanguard_a, ons_code="E54000001")
    kent = Area.objects.create(name="Kent")
    ComparatorLink.objects.create(area=kent, vanguard=vanguard_a)
    for area, number, value in [(alpha, 1, 6), (alpha, 2, 5.5), (kent, 1, 5), (kent, 2, 4.8)]:
        IndicatorValue.objects.create(
            area=area, indicator=indicator, year=2025, number=number, value=value
        )
    return alpha, indicator


def page(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


@override_settings(PAGE_CACHE=False)
def test_drawn_once_while_kept_and_a_new_value_shows_up(rm, member_a, values, drawings):
    for _ in range(3):  # learned, then kept and drawn, then drawn no more
        html = page(rm)
    assert len(drawings) == 2
    assert f"{INACTIVE}: down 0.5 points since 2025/26 Q1" in html
    assert "Comparator areas: Kent" in html
    assert f"{INACTIVE}: down 0.5 points since 2025/26 Q1" in page(member_a)  # the same drawing
    assert len(drawings) == 2

    alpha, indicator = values
    IndicatorValue.objects.create(area=alpha, indicator=indicator, year=2025, number=3, value=5)
    assert f"{INACTIVE}: down 1.0 points since 2025/26 Q1" in page(rm)

"""The RM lead's home draws its blocks (the vanguards overdue for contact, the delivery plans
needing attention, the RMs' workloads and the outstanding returns) once for each kept result
and address (reporting/presenters/home.py: DRAWN): a request that finds them kept draws
nothing, what is written shows up, and each address keeps its own pagination links. These run
outside a test transaction, as requests do: inside one nothing is kept."""

import datetime

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from reporting.models import QuarterlyReturn, ReturnPeriod
from reporting.presenters import home as presenters
from reporting.presenters import returns_admin
from reporting.selectors import home as selectors
from tests.factories import TouchpointFactory, make_plan_activity
from workwell.dates import Quarter
from workwell.models import User

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("kept_afresh"),
]

TODAY = timezone.localdate()
ENDED = Quarter.containing(TODAY).previous()
DRAWERS = [
    (presenters, "cadence_table"),
    (presenters, "plan_attention_table"),
    (presenters, "workload_table"),
    (returns_admin, "_outstanding_block"),
]


@pytest.fixture(autouse=True)
def _nothing_drawn(monkeypatch):
    monkeypatch.setattr(presenters, "DRAWN", presenters.Drawn(64))
    monkeypatch.setattr(returns_admin, "DRAWN", returns_admin.Drawn(16))


@pytest.fixture
def drawings(calls_to):
    """How many times each block has been drawn, by its drawing function's name."""
    counts = {name: calls_to(module, name) for module, name in DRAWERS}
    return lambda: {name: len(calls) for name, calls in counts.items()}


@pytest.fixture
def lead_home(rm_lead, vanguard_a, vanguard_b):
    """The RM lead's home with every block showing: both vanguards never contacted, Alpha's
    plan with an overdue activity, the last quarter's returns due yesterday."""
    ReturnPeriod.objects.create(
        year=ENDED.year, number=ENDED.number, due_on=TODAY - datetime.timedelta(days=1)
    )
    make_plan_activity(vanguard_a, target_date=TODAY - datetime.timedelta(days=60))
    client = Client()
    client.force_login(rm_lead)

    def page(query: str = "") -> str:
        response = client.get("/" + query)
        assert response.status_code == 200
        return response.content.decode()

    return page


@override_settings(PAGE_CACHE=False)
def test_the_blocks_are_drawn_once_while_what_they_show_is_kept(lead_home, drawings):
    for _ in range(4):  # learned, then kept and drawn, then drawn no more
        html = lead_home()
    assert drawings() == {name: 2 for _, name in DRAWERS}
    assert "Vanguards overdue for contact" in html
    assert "Relationship managers' workload</h2>" in html


@override_settings(PAGE_CACHE=False)
def test_what_is_written_shows_up(lead_home, rm, rm_lead, vanguard_a, vanguard_b, drawings):
    for _ in range(3):
        html = lead_home()
    overdue = html.split("Vanguards overdue for contact</caption>", 1)[1].split("</table>")[0]
    assert "Alpha Vanguard" in overdue and "Bravo Vanguard" in overdue
    assert "Rita Manager" in html

    TouchpointFactory(vanguards=[vanguard_a], author=rm, date=TODAY)
    html = lead_home()
    overdue = html.split("Vanguards overdue for contact</caption>", 1)[1].split("</table>")[0]
    assert "Alpha Vanguard" not in overdue and "Bravo Vanguard" in overdue

    User.objects.filter(pk=rm.pk).update(full_name="Rita Renamed")
    assert "Rita Renamed" in lead_home()

    QuarterlyReturn.objects.create(
        vanguard=vanguard_a,
        year=ENDED.year,
        number=ENDED.number,
        status=QuarterlyReturn.Status.SUBMITTED,
    )
    html = lead_home()
    tiles = html.split('aria-label="Returns not signed off"', 1)[1].split("</ul>")[0]
    assert '<span class="app-stats__value">1</span>' in tiles  # Bravo's, still not started


@override_settings(PAGE_CACHE=False)
def test_each_address_keeps_its_own_pagination_links(lead_home, monkeypatch, drawings):
    monkeypatch.setattr(selectors, "WORKLOADS_PAGE_SIZE", 1)  # the RM and the lead: two pages
    for _ in range(3):
        first = lead_home("?workloads_page=2&note=first")
        second = lead_home("?workloads_page=2&note=second")
    assert 'href="?workloads_page=1&amp;note=first"' in first
    assert "note=second" not in first
    assert 'href="?workloads_page=1&amp;note=second"' in second
    assert "note=first" not in second

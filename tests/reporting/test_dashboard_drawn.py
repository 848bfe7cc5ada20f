"""The dashboards draw their content once for each kept result and all else they show
(reporting/views/dashboard.py: DRAWN): a request that finds it kept draws nothing, another
address, script prefix or viewer who sees it otherwise draws its own, an error in the
choosers still titles the page, and what is written shows up. These run outside a test
transaction, as requests do: inside one nothing is kept."""

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from reporting.services.logic import logic_draft_start, logic_item_add
from reporting.views import dashboard as views
from workwell.dates import Quarter

from .dashboard_data import report

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("kept_afresh"),
]

LAST = Quarter.containing(timezone.localdate()).previous()  # the dashboard's default


@pytest.fixture(autouse=True)
def _nothing_drawn(monkeypatch):
    monkeypatch.setattr(views, "DRAWN", views.Drawn(32))


@pytest.fixture
def dashboard(page_as, programme_lead, vanguard_a, vanguard_b):
    report(vanguard_a, LAST, starts=40, in_work=30)
    return page_as(programme_lead, "/reporting/dashboard/")


@pytest.fixture
def drawings(calls_to):
    """How many times the content has been drawn (its pagination is drawn once a drawing)."""
    return calls_to(views, "page_pagination")


@override_settings(PAGE_CACHE=False)
def test_the_content_is_drawn_once_for_each_kept_page_and_address(dashboard, drawings):
    for _ in range(4):  # learned, then kept and drawn, then drawn no more
        html = dashboard()
    assert len(drawings) == 2
    assert "Showing 2 vanguards." in html
    for _ in range(2):
        other = dashboard("?page=1")
    assert len(drawings) == 3  # the same kept page, another address: drawn for it once
    assert "?page=1&amp;table=vanguards&amp;_export=csv" in other
    assert "?page=1&amp;" not in html


@override_settings(PAGE_CACHE=False)
def test_an_error_in_the_choosers_titles_the_kept_page(dashboard):
    for _ in range(3):
        html = dashboard("?region=nowhere")
        assert "<title>Error: Dashboard" in html
        assert 'href="#id_region">Select a region from the list</a>' in html
    assert "<title>Error:" not in dashboard()


@override_settings(PAGE_CACHE=False)
def test_a_drawing_keeps_no_other_script_prefix(dashboard, mounted_below):
    dashboard()
    assert 'href="/reporting/returns/"' in dashboard()
    with mounted_below("/portal/"):
        html = dashboard()
    assert 'href="/portal/reporting/returns/"' in html
    assert 'href="/reporting/returns/"' not in html


@override_settings(PAGE_CACHE=False)
def test_a_return_signed_off_shows_up(dashboard, vanguard_b):
    for _ in range(3):
        html = dashboard()
    assert '<span class="app-stats__value">40</span>' in html
    report(vanguard_b, LAST, starts=20, in_work=5)
    assert '<span class="app-stats__value">60</span>' in dashboard()


# --- A vanguard's dashboard -------------------------------------------------------------------


@pytest.fixture
def alpha_dashboard(page_as, vanguard_a, vanguard_b):
    report(vanguard_a, LAST, starts=40, in_work=30)
    report(vanguard_b, LAST, starts=20, in_work=5)
    return lambda user: page_as(user, "/reporting/vanguards/alpha/")


@override_settings(PAGE_CACHE=False)
def test_a_vanguards_content_is_drawn_once_while_its_figures_are_kept(
    alpha_dashboard, programme_lead, calls_to
):
    drawings = calls_to(views, "outcomes_table")  # once a drawing
    page = alpha_dashboard(programme_lead)
    for _ in range(4):  # learned, then kept and drawn, then drawn no more
        html = page()
    assert len(drawings) == 2
    assert "Alpha Vanguard dashboard" in html and "Bravo Vanguard" in html


@override_settings(PAGE_CACHE=False)
def test_each_viewer_sees_the_peers_as_they_may(alpha_dashboard, programme_lead, member_a):
    lead, member = alpha_dashboard(programme_lead), alpha_dashboard(member_a)
    for _ in range(3):  # each drawing kept, neither shown to the other
        assert "Bravo Vanguard" in lead()
        shown = member()
        assert "Bravo Vanguard" not in shown
        assert "Other vanguards are shown as Vanguard A, Vanguard B" in shown


@override_settings(PAGE_CACHE=False)
def test_an_outcome_added_to_its_logic_model_shows_up(alpha_dashboard, rm, vanguard_a):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    logic_item_add(version=draft, actor=rm, column="outcomes", text="People stay in work")
    page = alpha_dashboard(rm)  # the NST sees the draft's outcomes
    for _ in range(3):
        html = page()
    assert "People stay in work" in html and "Employers engage" not in html
    logic_item_add(version=draft, actor=rm, column="outcomes", text="Employers engage")
    assert "Employers engage" in page()

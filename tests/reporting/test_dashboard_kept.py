"""The national dashboard kept drawn (reporting.views.dashboard._national_page): shared by
viewers whose rule gives the same vanguards and who do or do not see small numbers alike,
never by others, and drawn again once a table its figures read is written. These run outside
a test transaction, as requests do: inside one nothing is kept."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from feedback.selectors.disclosure import TOO_FEW
from workwell import kept, page_cache
from workwell.dates import Quarter

from .dashboard_data import report

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("_fresh"),
]

LAST = Quarter.containing(timezone.localdate()).previous()  # the dashboard's default


@pytest.fixture
def _fresh(monkeypatch):
    """Hold the clock's minute (part of the key), and start with nothing learned or kept."""
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-29 10:00")
    monkeypatch.setattr(kept, "_TABLES_READ", {})
    monkeypatch.setattr(kept, "_IN_PROCESS", kept.OrderedDict())


def _get(user, url="/reporting/dashboard/"):
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(), len(queries)


def _satisfaction_ratings(user) -> list[str]:
    text, _ = _get(user, "/reporting/dashboard/?table=vanguards&_export=csv")
    rows = list(csv.reader(io.StringIO(text)))
    column = rows[0].index("Participant satisfaction")
    return [row[column] for row in rows[1:]]


@override_settings(PAGE_CACHE=False)
def test_viewers_share_the_drawn_dashboard_only_when_they_would_see_the_same(
    cast, vanguard_a, vanguard_b
):
    # Bravo's satisfaction counts 2 answers, under the threshold of 3: withheld but to admins.
    report(vanguard_a, LAST, starts=40, in_work=30, satisfaction_responses=10, satisfied=9)
    report(vanguard_b, LAST, starts=20, in_work=5, satisfaction_responses=2, satisfied=1)
    lead, rm = cast["programme_lead"], cast["rm"]
    _get(lead)  # learns what the page's figures read
    _, worked_out = _get(lead)
    html, shared = _get(rm)  # the same vanguards, and no small numbers: the same page
    assert shared < worked_out
    assert "Showing 2 vanguards." in html

    html, _ = _get(cast["regional_lead"])  # Alpha's region only
    assert "Showing 1 vanguard." in html
    assert "Alpha Vanguard" in html and "Bravo Vanguard" not in html
    html, _ = _get(lead)
    assert "Bravo Vanguard" in html

    assert _satisfaction_ratings(lead) == ["Green", TOO_FEW]
    admin_sees = _satisfaction_ratings(cast["admin_user"])
    assert TOO_FEW not in admin_sees and len(admin_sees) == 2
    assert _satisfaction_ratings(lead) == ["Green", TOO_FEW]


@override_settings(PAGE_CACHE=False)
def test_a_return_signed_off_shows_on_the_kept_dashboard(cast, vanguard_a, vanguard_b):
    report(vanguard_a, LAST, starts=40, in_work=30)
    lead = cast["programme_lead"]
    _get(lead)
    html, _ = _get(lead)
    assert '<span class="app-stats__value">40</span>' in html

    report(vanguard_b, LAST, starts=20, in_work=5)
    html, _ = _get(lead)
    assert '<span class="app-stats__value">60</span>' in html

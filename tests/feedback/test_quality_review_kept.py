"""The strategic review's parts kept until the tables they read change (workwell/kept.py): its
indicator tables, drawn once for everyone who does (or does not) see small numbers, its theme
counts and the open concerns of everyone who may see the same ones. These run outside a test
transaction (`transaction=True`), as requests do: inside one nothing is kept."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from feedback.models import PulseSurvey
from feedback.selectors.disclosure import TOO_FEW
from tests.factories import ConcernFactory, UserFactory
from workwell import kept, page_cache
from workwell.models import Role

from .quality import Q2, build_known_data, pulse

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

URL = "/feedback/review/2025-26-q2/"
INDICATORS = '<h2 class="govuk-heading-l">Quality indicators</h2>'
CONCERNS = '<h2 class="govuk-heading-l">Open concerns</h2>'
THEMES = '<h2 class="govuk-heading-l">Themes</h2>'


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    """Hold the clock's minute (part of the key), and start with nothing learned or kept."""
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-30 10:00")
    monkeypatch.setattr(kept, "_TABLES_READ", {})
    monkeypatch.setattr(kept, "_IN_PROCESS", kept.OrderedDict())


def _review(user) -> tuple[str, str, int]:
    """The review's indicator tables and open concerns as `user` sees them, and its queries."""
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    tables = html[html.index(INDICATORS) : html.index(CONCERNS)]
    concerns = html[html.index(CONCERNS) : html.index(THEMES)]
    return tables, concerns, len(queries)


@override_settings(PAGE_CACHE=False)  # every request rendered, no page sent again
def test_readers_who_see_the_same_share_the_review_until_its_data_changes(
    vanguard_a, vanguard_b, programme_lead, admin_user
):
    build_known_data(vanguard_a, vanguard_b)
    other_lead = UserFactory(role=Role.PROGRAMME_LEAD)
    _review(programme_lead)  # the process learns what each part reads
    tables, concerns, worked_out = _review(programme_lead)
    assert TOO_FEW in tables and "75% (3 of 4)" in tables  # England: satisfied 3 of 4
    assert "60% (3 of 5)" not in tables
    assert "4 concerns open now" in concerns
    shared_tables, shared_concerns, shared = _review(other_lead)
    assert (shared_tables, shared_concerns) == (tables, concerns)
    assert shared < worked_out
    admin_tables, _, _ = _review(admin_user)  # sees small numbers: tables of its own
    assert TOO_FEW not in admin_tables and "75% (3 of 4)" in admin_tables

    pulse(PulseSurvey.objects.get(year=Q2.year, number=Q2.number), vanguard_b, [1])
    ConcernFactory(vanguard=vanguard_a)
    tables, concerns, _ = _review(other_lead)
    assert "60% (3 of 5)" in tables  # England: satisfied 3 of 5
    assert "5 concerns open now" in concerns

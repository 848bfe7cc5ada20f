"""The pulse results' tables kept drawn (feedback/presenters/results.py `drawn_results`): shared
by everyone who would see the same rows, disclosed the same way, on the same pages, and by
nobody else; drawn again when an answer comes in. These run outside a test transaction
(`transaction=True`), as requests do: inside one nothing is kept."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from feedback.selectors.disclosure import TOO_FEW
from tests.factories import make_member
from workwell import kept, page_cache
from workwell.models import Role

from .pulse import answer, open_survey

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

URL = "/feedback/results/"
TABLES = '<h2 class="govuk-heading-l">England</h2>'  # the first section; the tables follow


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    """Hold the clock's minute (part of the key), and start with nothing learned or kept."""
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-30 10:00")
    monkeypatch.setattr(kept, "_TABLES_READ", {})
    monkeypatch.setattr(kept, "_IN_PROCESS", kept.OrderedDict())


def _tables(user, query: str = "") -> tuple[str, int]:
    """The results' tables (to the end of the page's main part) as `user` sees them, and the
    request's queries."""
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL + query)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index(TABLES) : html.index("</main>")], len(queries)


@pytest.fixture
def survey(vanguard_a, vanguard_b, member_a, member_b):
    """This quarter's survey: three answers from vanguard A, one from vanguard B."""
    survey = open_survey()
    for person in (member_a, *(make_member(vanguard_a) for _ in range(2))):
        answer(survey, person, satisfaction=4)
    answer(survey, member_b, satisfaction=2)
    return survey


@override_settings(PAGE_CACHE=False)  # every request rendered, no page sent again
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("member_a", "member_b"),  # the same role and breakdowns: another vanguard's rows
        ("rm", "rm_lead"),  # an RM's own groups; the RM lead sees all of them
        ("regional_lead", "programme_lead"),  # one region; the whole programme
        ("programme_lead", "admin_user"),  # the same rows; admins see small numbers
    ],
)
def test_viewers_who_may_see_different_groups_do_not_share_tables(request, survey, first, second):
    first, second = request.getfixturevalue(first), request.getfixturevalue(second)
    _tables(first)  # the process learns what the tables read
    tables, _ = _tables(first)
    other, _ = _tables(second)
    assert tables != other
    assert tables == _tables(first)[0]  # each kept its own
    if second.role == Role.ADMIN:  # Bravo's one answer: withheld from the lead only
        assert TOO_FEW in tables and TOO_FEW not in other
    else:
        assert "Bravo" not in tables and "Alpha" in tables
        assert "Bravo" in other


@override_settings(PAGE_CACHE=False)
def test_viewers_who_see_the_same_share_tables_until_an_answer_comes_in(
    survey, vanguard_a, member_a, admin_user
):
    colleague = make_member(vanguard_a, full_name="Col League")  # the same vanguard's rows
    _tables(member_a)  # the process learns what the tables read
    tables, worked_out = _tables(member_a)
    shared, kept_queries = _tables(colleague)
    assert shared == tables
    assert kept_queries < worked_out
    assert _responses(tables) == ("4", "3")  # England, Alpha Vanguard

    answer(survey, colleague, satisfaction=5)
    assert _responses(_tables(member_a)[0]) == ("5", "4")


def _responses(tables: str) -> tuple[str, ...]:
    """Each pulse survey row's responses (its first number), in order."""
    pulse = [table for table in tables.split("<table") if "Pulse survey answers" in table]
    cell = re.compile(r'</th>\s*<td class="govuk-table__cell[^"]*">(\d+)</td>')
    return tuple(count for table in pulse for count in cell.findall(table))


@override_settings(PAGE_CACHE=False)
def test_each_page_of_a_breakdown_is_kept_apart(survey, programme_lead, monkeypatch):
    monkeypatch.setattr("feedback.selectors.results.SECTION_PAGE_SIZE", 1)
    _tables(programme_lead)  # the process learns what the tables read
    first, _ = _tables(programme_lead, "?vanguard_page=1")
    second, _ = _tables(programme_lead, "?vanguard_page=2")
    by_vanguard = '<h2 class="govuk-heading-l">By vanguard</h2>'
    assert "Alpha Vanguard" in first.split(by_vanguard)[1]
    assert "Alpha Vanguard" not in second.split(by_vanguard)[1]
    assert "Bravo Vanguard" in second.split(by_vanguard)[1]

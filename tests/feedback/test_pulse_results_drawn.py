"""The pulse results draw their sections once for each kept drawing and address
(feedback/presenters/results.py: DRAWN): a request that finds them kept draws nothing, another
address draws its own (the paginations carry it), and an answer that comes in shows up. These
run outside a test transaction, as requests do: inside one nothing is kept."""

import pytest
from django.test.utils import override_settings

from feedback.presenters import results as presenters
from tests.factories import make_member

from .pulse import answer, open_survey

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("kept_afresh"),
]


@pytest.fixture(autouse=True)
def _nothing_drawn(monkeypatch):
    monkeypatch.setattr(presenters, "DRAWN", presenters.Drawn(32))


@pytest.fixture
def results_page(page_as, programme_lead, vanguard_a, member_a):
    survey = open_survey()
    for person in (member_a, *(make_member(vanguard_a) for _ in range(2))):
        answer(survey, person, satisfaction=4)
    return survey, page_as(programme_lead, "/feedback/results/")


@override_settings(PAGE_CACHE=False)
def test_the_sections_are_drawn_once_for_each_drawing_and_address(results_page, calls_to):
    _, page = results_page
    drawings = calls_to(presenters, "results_sections")
    for _ in range(4):  # learned, then kept and drawn, then drawn no more
        html = page()
    assert len(drawings) == 2
    assert '<h2 class="govuk-heading-l">England</h2>' in html
    for _ in range(2):
        other = page("?vanguard_page=1")
    assert len(drawings) == 3  # the same rows, another address: drawn for it once
    assert _sections(other) == _sections(html)


def _sections(html: str) -> str:
    return html[html.index('<h2 class="govuk-heading-l">England</h2>') : html.index("</main>")]


@override_settings(PAGE_CACHE=False)
def test_an_answer_that_comes_in_shows_up(results_page, vanguard_a):
    survey, page = results_page
    for _ in range(3):
        before = page()
    assert ">4</td>" not in _sections(before)
    answer(survey, make_member(vanguard_a), satisfaction=1)
    after = page()
    assert after != before
    assert ">4</td>" in _sections(after)  # England: four responses now

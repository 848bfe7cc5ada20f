"""The vanguard profile's delivery strands and logic model sections are drawn once for each
kept result and all else they show (reporting/views/strands.py and logic.py: DRAWN): a request
that finds them kept draws nothing, each viewer sees the links they may follow, and a strand
or a version written shows up. These run outside a test transaction, as requests do: inside
one nothing is kept."""

import pytest
from django.test.utils import override_settings

from reporting.services.logic import logic_draft_start
from reporting.views import logic, strands

from .conftest import make_strand

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("kept_afresh"),
]

ADD_STRAND = "Add a delivery strand"


@pytest.fixture(autouse=True)
def _nothing_drawn(monkeypatch):
    monkeypatch.setattr(strands, "DRAWN", strands.Drawn(64))
    monkeypatch.setattr(logic, "DRAWN", logic.Drawn(64))


@pytest.fixture
def profile(page_as, vanguard_a):
    make_strand(vanguard_a, "MSK employment support")
    return lambda user: page_as(user, "/vanguards/alpha/")


@override_settings(PAGE_CACHE=False)
def test_the_sections_are_drawn_once_while_what_they_show_is_kept(profile, rm, calls_to):
    drawn_strands = calls_to(strands, "render_to_string")
    drawn_logic = calls_to(logic, "render_to_string")
    page = profile(rm)
    for _ in range(4):  # learned, then kept and drawn, then drawn no more
        html = page()
    assert len(drawn_strands) == 2
    assert len(drawn_logic) == 1  # no version yet: the same None from the first request
    assert "MSK employment support" in html and "No logic model yet." in html


@override_settings(PAGE_CACHE=False)
def test_each_viewer_sees_the_links_they_may_follow(profile, admin_user, rm):
    admin, relationship_manager = profile(admin_user), profile(rm)
    for _ in range(3):
        assert ADD_STRAND in admin()
        assert ADD_STRAND not in relationship_manager()


@override_settings(PAGE_CACHE=False)
def test_a_strand_or_a_version_written_shows_up(profile, rm, vanguard_a):
    page = profile(rm)
    for _ in range(3):
        html = page()
    assert "Be Well enhancement" not in html and "No logic model yet." in html
    make_strand(vanguard_a, "Be Well enhancement", position=1)
    logic_draft_start(vanguard=vanguard_a, actor=rm)
    html = page()
    assert "Be Well enhancement" in html
    assert "Version 1 is a draft being refined." in html

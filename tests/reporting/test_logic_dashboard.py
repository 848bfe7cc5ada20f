"""The vanguard dashboard shows its logic model's outcomes, each with the latest figure of
its measure: live for an open quarter, from the snapshot for a closed one."""

import pytest
from django.utils import timezone

from reporting.models import SnapshotBuild, StrandReturn
from reporting.services.logic import logic_draft_start, logic_item_add, logic_version_agree
from reporting.services.snapshots import snapshot_build
from workwell.dates import Quarter

from .dashboard_data import report

pytestmark = pytest.mark.django_db

LAST = Quarter.containing(timezone.localdate()).previous()  # the dashboard's default quarter


@pytest.fixture
def outcomes(rm, vanguard_a):
    """Alpha's logic model: two measured outcomes and one not measured."""
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    logic_item_add(
        version=draft,
        actor=rm,
        column="outcomes",
        text="People stay in work",
        measure_key="remained_in_work_to_date",
    )
    logic_item_add(
        version=draft,
        actor=rm,
        column="outcomes",
        text="More starts are in work",
        measure_key="in_work_share",
    )
    logic_item_add(version=draft, actor=rm, column="outcomes", text="Employers engage")
    return draft


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/reporting/vanguards/alpha/")
    assert response.status_code == 200
    return response.content.decode()


def outcome_rows(html: str) -> list[str]:
    table = html[html.index("Logic model outcomes, ") :]
    return [" ".join(row.split()) for row in table.split("</tr>")[1:4] if "<td" in row]


def test_each_outcome_shows_its_latest_figure(client, rm, outcomes, vanguard_a):
    report(vanguard_a, LAST, starts=40, in_work=30, remained_in_work=12)
    rows = outcome_rows(dashboard(client, rm))
    assert "People stay in work" in rows[0] and ">12<" in rows[0].replace(" <", "<")
    assert "More starts are in work" in rows[1] and "75%" in rows[1]
    assert "Employers engage" in rows[2] and "Not measured in the return" in rows[2]


def test_a_closed_quarter_shows_the_snapshots_figure(client, rm, outcomes, vanguard_a):
    quarterly = report(vanguard_a, LAST, starts=40, in_work=30, remained_in_work=12)
    build = SnapshotBuild.objects.create(year=LAST.year, number=LAST.number)
    assert snapshot_build(build.pk) is not None
    # A later correction changes the live figure, not the snapshot the board was shown.
    StrandReturn.objects.filter(quarterly_return=quarterly).update(remained_in_work=30)
    rows = outcome_rows(dashboard(client, rm))
    assert ">12<" in rows[0].replace(" <", "<")


def test_the_programme_lead_sees_no_draft_outcomes(client, programme_lead, outcomes, vanguard_a):
    report(vanguard_a, LAST, starts=40, in_work=30, remained_in_work=12)
    html = dashboard(client, programme_lead)
    assert "People stay in work" not in html
    assert "no outcomes you can see yet" in html


def test_a_satisfaction_outcome_under_the_threshold_is_withheld(
    client, rm, member_a, admin_user, vanguard_a
):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    logic_item_add(
        version=draft,
        actor=rm,
        column="outcomes",
        text="Participants satisfied",
        measure_key="satisfied_share",
    )
    # 2 answers: fewer than the disclosure threshold of 3.
    report(vanguard_a, LAST, starts=40, in_work=30, satisfaction_responses=2, satisfied=1)
    assert "Too few responses" in outcome_rows(dashboard(client, member_a))[0]
    assert "50%" in outcome_rows(dashboard(client, admin_user))[0]  # admins see small numbers


def _fill_and_agree(version, rm):
    for column in ("inputs", "activities", "outputs", "impact"):
        logic_item_add(version=version, actor=rm, column=column, text=f"Some {column}")
    return logic_version_agree(version=version, actor=rm)


def test_the_agreed_version_is_shown_not_a_newer_draft(client, rm, member_a, outcomes, vanguard_a):
    _fill_and_agree(outcomes, rm)
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    logic_item_add(version=draft, actor=rm, column="outcomes", text="Still being discussed")
    report(vanguard_a, LAST, starts=40, in_work=30, remained_in_work=12)
    for user in (rm, member_a):
        html = dashboard(client, user)
        assert "Still being discussed" not in html
        assert "People stay in work" in html
        assert "Version 1, agreed on" in html
        assert f"Figure for {LAST}" in html  # the column says which quarter, not "latest"


def test_a_draft_shown_before_any_agreement_says_it_is_a_draft(client, rm, outcomes, vanguard_a):
    report(vanguard_a, LAST, starts=40, in_work=30, remained_in_work=12)
    html = dashboard(client, rm)
    assert "People stay in work" in html
    assert "Draft version 1, not agreed yet: its outcomes may still change" in html

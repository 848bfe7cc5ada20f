"""The logic-model pages: who gets each route, the forms' errors, and query budgets that stay
flat however many items and versions there are."""

import pytest
from django.urls import reverse

from reporting.models import LogicComment, LogicItem, LogicModelVersion
from reporting.services.logic import (
    logic_comment_add,
    logic_draft_start,
    logic_item_add,
    logic_version_agree,
)
from tests.roles import NOT_FOUND, OK, REDIRECT, each_role_gets, in_the_programme

Column = LogicItem.Column

# Everyone who sees vanguard A's profile: drafts are the NST's and the vanguard's.
SEES_DRAFTS = {role: OK for role in ("admin_user", "rm", "rm_lead", "learning_user", "member_a")}
WRITERS = ("admin_user", "rm", "rm_lead", "member_a")  # member_a refines; the RM side too
AGREERS = ("admin_user", "rm", "rm_lead")


def fill(version, actor, per_column=1):
    for column in Column:
        for number in range(per_column):
            logic_item_add(
                version=version,
                actor=actor,
                column=column,
                text=f"{column.label} {number}",
                measure_key="starts_to_date" if column == Column.OUTCOMES else "",
            )


@pytest.fixture
def agreed_and_draft(rm, vanguard_a):
    """Vanguard A: version 1 agreed, version 2 a draft copied from it."""
    first = logic_draft_start(vanguard=vanguard_a, actor=rm)
    fill(first, rm)
    logic_version_agree(version=first, actor=rm)
    second = logic_draft_start(vanguard=vanguard_a, actor=rm)
    return first, second


def url(name, *args):
    return reverse(f"reporting:{name}", args=["alpha", *args])


@each_role_gets(
    {
        "/reporting/vanguards/alpha/logic-model/": in_the_programme(OK, "member_b"),
        "/reporting/vanguards/alpha/logic-model/versions/": in_the_programme(OK, "member_b"),
        "/reporting/vanguards/alpha/logic-model/versions/1/": in_the_programme(OK, "member_b"),
        "/reporting/vanguards/alpha/logic-model/versions/1/history/": in_the_programme(
            OK, "member_b"
        ),
        "/reporting/vanguards/alpha/logic-model/versions/2/": SEES_DRAFTS,
        "/reporting/vanguards/alpha/logic-model/versions/2/history/": SEES_DRAFTS,
        "/reporting/vanguards/alpha/logic-model/versions/2/items/new/inputs/": dict.fromkeys(
            WRITERS, OK
        ),
        "/reporting/vanguards/alpha/logic-model/versions/2/agree/": dict.fromkeys(AGREERS, OK),
        # An agreed version is never edited or agreed again, by anyone.
        "/reporting/vanguards/alpha/logic-model/versions/1/items/new/inputs/": {},
        "/reporting/vanguards/alpha/logic-model/versions/1/agree/": {},
    }
)
def test_pages_answer_each_role(client, cast, agreed_and_draft, url, role, expected):
    client.force_login(cast[role])
    assert client.get(url).status_code == expected


def test_regional_leads_see_only_their_regions_models(client, cast, agreed_and_draft):
    client.force_login(cast["regional_lead"])  # north-west: A's region, not B's
    assert client.get("/reporting/vanguards/bravo/logic-model/").status_code == NOT_FOUND


@each_role_gets(dict.fromkeys(WRITERS, REDIRECT))
def test_the_writers_add_an_item_to_a_draft(client, cast, agreed_and_draft, role, expected):
    client.force_login(cast[role])
    response = client.post(
        url("logic_item_add", 2, "outcomes"),
        {"text": "People back at work", "measure_key": "entered_work_to_date"},
    )
    assert response.status_code == expected
    added = LogicItem.objects.filter(version__number=2, text="People back at work")
    assert added.exists() is (expected == REDIRECT)


@each_role_gets(dict.fromkeys(AGREERS, REDIRECT))
def test_the_rm_side_starts_the_next_draft(client, cast, rm, vanguard_a, role, expected):
    first = logic_draft_start(vanguard=vanguard_a, actor=rm)
    fill(first, rm)
    logic_version_agree(version=first, actor=rm)
    client.force_login(cast[role])
    response = client.post(url("logic_start"))
    assert response.status_code == expected
    assert LogicModelVersion.objects.filter(number=2).exists() is (expected == REDIRECT)


@each_role_gets(dict.fromkeys(WRITERS, REDIRECT))
def test_the_rm_and_the_vanguard_comment(client, cast, agreed_and_draft, role, expected):
    client.force_login(cast[role])
    response = client.post(url("logic_comment", 1), {"body": "Add the GP link"})
    assert response.status_code == expected
    assert LogicComment.objects.exists() is (expected == REDIRECT)


@each_role_gets(dict.fromkeys(AGREERS, REDIRECT))
def test_the_rm_side_agrees(client, cast, rm, vanguard_a, role, expected):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    fill(draft, rm)
    client.force_login(cast[role])
    response = client.post(url("logic_agree", 1), {"confirm": "on"})
    assert response.status_code == expected
    draft.refresh_from_db()
    assert draft.is_draft is (expected != REDIRECT)


def test_the_item_form_says_what_is_wrong(client, rm, agreed_and_draft):
    client.force_login(rm)
    response = client.post(url("logic_item_add", 2, "outputs"), {"text": "", "measure_key": "x"})
    html = response.content.decode()
    assert response.status_code == OK
    assert "There is a problem" in html
    assert "Enter what this item is" in html
    assert "Choose a measure from the list" in html
    assert "<title>Error: Add an item" in html


def test_inputs_have_no_measure_to_choose(client, rm, agreed_and_draft):
    client.force_login(rm)
    html = client.get(url("logic_item_add", 2, "inputs")).content.decode()
    assert 'name="measure_key"' not in html
    html = client.get(url("logic_item_add", 2, "outcomes")).content.decode()
    assert 'name="measure_key"' in html


def test_agreeing_needs_the_sro_confirmation_and_every_column(client, rm, vanguard_a):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    client.force_login(rm)
    html = client.post(url("logic_agree", 1), {}).content.decode()
    assert "Confirm you have agreed this version with the vanguard" in html
    html = client.post(url("logic_agree", 1), {"confirm": "on"}).content.decode()
    assert "Add at least one item to inputs before agreeing" in html
    draft.refresh_from_db()
    assert draft.is_draft


def test_an_empty_comment_is_an_error(client, member_a, agreed_and_draft):
    client.force_login(member_a)
    html = client.post(url("logic_comment", 2), {"body": "  "}).content.decode()
    assert "Enter your comment" in html


def test_the_diagram_shows_five_columns_in_order(client, rm, member_a, agreed_and_draft):
    first, _second = agreed_and_draft
    logic_comment_add(version=first, author=member_a, body="Looks right to us")
    client.force_login(rm)
    html = client.get(url("logic_version", 1)).content.decode()
    headings = [html.index(f">{column.label}</h2>") for column in Column]
    assert headings == sorted(headings)
    assert "Measured by: Participants started to date" in html
    assert "Looks right to us" in html
    assert "Agreed on" in html
    # The current page shows the newest version the user may see: the draft for the RM.
    assert "version 2" in client.get(url("logic_model")).content.decode()


def test_the_programme_lead_sees_the_agreed_version_not_the_draft(
    client, programme_lead, agreed_and_draft
):
    client.force_login(programme_lead)
    html = client.get(url("logic_model")).content.decode()
    assert "version 1" in html and "Draft" not in html


def test_history_names_who_changed_what(client, rm, member_a, agreed_and_draft):
    _first, second = agreed_and_draft
    logic_item_add(version=second, actor=member_a, column="impact", text="Healthier borough")
    client.force_login(rm)
    html = client.get(url("logic_history", 2)).content.decode()
    assert "Added “Healthier borough” in impact" in html
    assert "Mem Alpha" in html
    assert "Started the draft from version 1" in html


def test_the_profile_links_the_logic_model(client, rm, agreed_and_draft):
    client.force_login(rm)
    html = client.get("/vanguards/alpha/").content.decode()
    assert url("logic_model") in html
    assert "Version 2 is a draft being refined" in html


@pytest.mark.parametrize("per_column", [1, 6])
def test_a_version_page_costs_the_same_however_many_items(
    client, rm, vanguard_a, per_column, django_assert_max_num_queries
):
    first = logic_draft_start(vanguard=vanguard_a, actor=rm)
    fill(first, rm, per_column)
    for number in range(per_column):
        logic_comment_add(version=first, author=rm, body=f"Comment {number}")
    client.force_login(rm)
    # session, user, the RM's vanguard, the version, its items, its comments (with authors),
    # may edit / agree / comment (each asks the RM's cohort groups), may start; the rest of
    # the page (navigation, messages) a few more.
    with django_assert_max_num_queries(14):
        assert client.get(url("logic_version", 1)).status_code == OK


@pytest.mark.parametrize("versions", [1, 5])
def test_the_versions_page_costs_the_same_however_many_versions(
    client, rm, vanguard_a, versions, django_assert_max_num_queries
):
    for _ in range(versions):
        draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
        fill(draft, rm)
        logic_version_agree(version=draft, actor=rm)
    client.force_login(rm)
    # session, user, the vanguard, the versions with who started and agreed them, and the
    # page's navigation.
    with django_assert_max_num_queries(8):
        assert client.get(url("logic_versions")).status_code == OK


def test_an_agreed_version_points_to_its_open_draft(client, rm, programme_lead, agreed_and_draft):
    client.force_login(rm)
    html = client.get(url("logic_version", 1)).content.decode()
    assert "Version 2 is being drafted from this one" in html
    assert "Start a new draft" not in html  # one draft at a time
    client.force_login(programme_lead)  # sees no drafts, so is not pointed to one
    assert "being drafted" not in client.get(url("logic_version", 1)).content.decode()

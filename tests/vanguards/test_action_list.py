"""/actions/: "my actions" by default for NST staff, the overdue view, filters, sorting, paging,
exports with stable columns, and a query budget that does not grow with the actions."""

import csv
import datetime
import io

import openpyxl
import pytest

from tests.factories import ActionFactory, TouchpointFactory, UserFactory, VanguardFactory
from tests.pages import rows_of
from vanguards.models import Action
from workwell.models import Role

TODAY = datetime.date.today()


def descriptions(response) -> set[str]:
    return {row["Action"] for row in rows_of(response)}


@pytest.fixture
def board(cast, vanguard_a, vanguard_b):
    """Actions of every kind: mine and others', open, overdue, done and cancelled."""
    rm, rm_lead = cast["rm"], cast["rm_lead"]
    day = datetime.timedelta(days=1)
    return {
        "mine open": ActionFactory(
            description="Mine open", vanguard=vanguard_a, owner=rm, due_date=TODAY + 5 * day
        ),
        "mine overdue": ActionFactory(
            description="Mine overdue", vanguard=vanguard_a, owner=rm, due_date=TODAY - day
        ),
        "theirs overdue": ActionFactory(
            description="Theirs overdue",
            vanguard=vanguard_b,
            owner=rm_lead,
            due_date=TODAY - 3 * day,
        ),
        "theirs due today": ActionFactory(
            description="Theirs due today", vanguard=vanguard_b, owner=rm_lead, due_date=TODAY
        ),
        "done late": ActionFactory(
            description="Done late",
            vanguard=vanguard_a,
            owner=rm,
            due_date=TODAY - 10 * day,
            status=Action.Status.DONE,
        ),
        "cancelled": ActionFactory(
            description="Cancelled one",
            vanguard=vanguard_b,
            owner=rm_lead,
            due_date=TODAY - 10 * day,
            status=Action.Status.CANCELLED,
            cancel_reason="No longer needed",
        ),
    }


def test_nst_staff_see_their_own_actions_first(rm_client, board):
    response = rm_client.get("/actions/")
    html = response.content.decode()
    assert '<h1 class="govuk-heading-xl">My actions</h1>' in html
    assert "Mine open" in html and "Mine overdue" in html and "Done late" in html
    assert "Theirs overdue" not in html
    assert '<strong aria-current="page">my actions</strong>' in html


def test_the_default_survives_sorting_and_everyone_stays_chosen(rm_client, board):
    assert descriptions(rm_client.get("/actions/?sort=-due_date&_export=csv")) == {
        "Mine open",
        "Mine overdue",
        "Done late",
    }
    everyone = descriptions(rm_client.get("/actions/?mine=no&sort=-due_date&_export=csv"))
    assert everyone == {action.description for action in board.values()}


def test_members_see_all_their_vanguards_actions_by_default(client, member_a, board):
    client.force_login(member_a)
    assert descriptions(client.get("/actions/?_export=csv")) == {
        "Mine open",
        "Mine overdue",
        "Done late",
    }


def test_overdue_means_open_and_due_before_today(rm_client, board):
    html = rm_client.get("/actions/?mine=no&overdue=on").content.decode()
    assert '<h1 class="govuk-heading-xl">Overdue actions</h1>' in html
    overdue = descriptions(rm_client.get("/actions/?mine=no&overdue=on&_export=csv"))
    # Due today is not overdue yet; done and cancelled actions are never overdue.
    assert overdue == {"Mine overdue", "Theirs overdue"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mine=yes&overdue=on", {"Mine overdue"}),
        ("mine=no&status=done", {"Done late"}),
        ("mine=no&status=cancelled", {"Cancelled one"}),
        ("mine=no&status=open&vanguard=bravo", {"Theirs overdue", "Theirs due today"}),
        ("mine=no&vanguard=alpha&status=open", {"Mine open", "Mine overdue"}),
    ],
)
def test_filters_narrow_the_list_and_the_export(rm_client, board, query, expected):
    assert descriptions(rm_client.get(f"/actions/?{query}&_export=csv")) == expected


def test_owner_filter(rm_client, board, rm_lead):
    response = rm_client.get(f"/actions/?mine=no&owner={rm_lead.pk}&_export=csv")
    assert descriptions(response) == {"Theirs overdue", "Theirs due today", "Cancelled one"}


def test_owner_filter_names_only_people_with_visible_actions(client, member_a, board, rm_lead):
    client.force_login(member_a)
    html = client.get("/actions/").content.decode()
    assert f'<option value="{board["mine open"].owner.pk}"' in html
    assert f'<option value="{rm_lead.pk}"' not in html  # owns only vanguard B's actions


def test_unknown_filter_value_is_reported_not_crashed(rm_client, board):
    response = rm_client.get("/actions/?vanguard=atlantis")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_unknown_filter_values_say_how_to_fix_them(rm_client, board):
    html = rm_client.get("/actions/?vanguard=atlantis&mine=maybe").content.decode()
    assert "<title>Error: " in html
    assert "Select a vanguard from the list" in html
    assert "Select whose actions to show" in html


def test_overdue_actions_are_tagged(rm_client, board):
    html = rm_client.get("/actions/?mine=yes").content.decode()
    assert html.count('<strong class="govuk-tag govuk-tag--red">\n  Overdue\n</strong>') == 1


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("due_date", ["Done late", "Mine overdue", "Mine open"]),
        ("-due_date", ["Mine open", "Mine overdue", "Done late"]),
        ("description", ["Done late", "Mine open", "Mine overdue"]),
    ],
)
def test_sorting(rm_client, board, sort, expected):
    response = rm_client.get(f"/actions/?sort={sort}&_export=csv")
    assert [row["Action"] for row in rows_of(response)] == expected


def test_list_is_paginated(rm_client, rm, vanguard_a):
    for number in range(30):
        ActionFactory(
            description=f"Action {number:02d}",
            vanguard=vanguard_a,
            owner=rm,
            due_date=TODAY + datetime.timedelta(days=number),
        )
    first = rm_client.get("/actions/").content.decode()
    second = rm_client.get("/actions/?page=2").content.decode()
    assert "govuk-pagination" in first and "30 actions" in first
    assert "Action 00" in first and "Action 29" not in first
    assert "Action 29" in second and "Action 00" not in second


EXPORT_COLUMNS = [
    "Action",
    "Vanguard",
    "Owner",
    "Due date",
    "Status",
    "Overdue",
    "From touchpoint",
    "Created by",
    "Created on",
    "Closed by",
    "Closed on",
    "Reason for cancelling",
]


def test_csv_export_has_stable_columns_and_raw_values(rm_client, board, rm):
    response = rm_client.get("/actions/?mine=no&_export=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="actions.csv"' in response["Content-Disposition"]
    assert next(csv.reader(io.StringIO(response.content.decode()))) == EXPORT_COLUMNS
    rows = {row["Action"]: row for row in rows_of(response)}
    overdue = rows["Mine overdue"]
    assert overdue["Due date"] == (TODAY - datetime.timedelta(days=1)).isoformat()
    assert overdue["Status"] == "Open"
    assert overdue["Overdue"] == "Yes"
    assert overdue["Owner"] == rm.full_name
    assert overdue["Vanguard"] == "Alpha Vanguard"
    assert rows["Cancelled one"]["Reason for cancelling"] == "No longer needed"
    assert rows["Done late"]["Overdue"] == "No"


def test_export_names_the_touchpoint_an_action_came_from(rm_client, rm, vanguard_a):
    touchpoint = TouchpointFactory(vanguards=[vanguard_a], date=TODAY, author=rm)
    ActionFactory(
        description="From a check-in", vanguard=vanguard_a, owner=rm, touchpoint=touchpoint
    )
    row = rows_of(rm_client.get("/actions/?_export=csv"))[0]
    assert row["From touchpoint"] == str(touchpoint)


def test_xlsx_export_matches_the_csv(rm_client, board):
    response = rm_client.get("/actions/?mine=no&_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_COLUMNS
    assert {row[0] for row in rows[1:]} == {action.description for action in board.values()}


def test_export_escapes_spreadsheet_formulas(rm_client, rm, vanguard_a):
    ActionFactory(description='=HYPERLINK("http://evil")', vanguard=vanguard_a, owner=rm)
    row = rows_of(rm_client.get("/actions/?_export=csv"))[0]
    assert row["Action"] == '\'=HYPERLINK("http://evil")'


def test_empty_states(rm_client, client, programme_lead, db):
    assert "You have no actions" in rm_client.get("/actions/").content.decode()
    client.force_login(programme_lead)
    html = client.get("/actions/").content.decode()
    assert "No actions match these filters" in html
    assert "my actions" not in html  # programme leads cannot own actions


def _log_actions(count, rm):
    """Actions of other owners, each from a touchpoint and some closed by someone else."""
    for number in range(count):
        vanguard = VanguardFactory()
        touchpoint = TouchpointFactory(author=rm, vanguards=[vanguard])
        ActionFactory(
            vanguard=vanguard,
            owner=UserFactory(role=Role.RM),
            created_by=rm,
            touchpoint=touchpoint,
            closed_by=UserFactory(role=Role.RM) if number % 2 else None,
            status=Action.Status.DONE if number % 2 else Action.Status.OPEN,
        )


def test_list_query_budget_does_not_grow_with_actions(rm_client, rm, django_assert_max_num_queries):
    for more in (3, 20):
        _log_actions(more, rm)
        # 1 session, 2 user, 3 the paginator's count, 4-5 the vanguard and owner choices of the
        # filter form, 6 one page of rows (vanguard and owner joined in; the touchpoint each
        # came from, its creator and closer only for the export).
        with django_assert_max_num_queries(6):
            assert rm_client.get("/actions/?mine=no").status_code == 200


def test_export_query_budget_does_not_grow_with_actions(
    rm_client, rm, django_assert_max_num_queries
):
    for more in (3, 20):
        _log_actions(more, rm)
        # 1 session, 2 user, 3 every row (vanguard, owner, creator and closer joined in), 4 the
        # touchpoints they came from.
        with django_assert_max_num_queries(4):
            rows = rows_of(rm_client.get("/actions/?mine=no&_export=csv"))
    assert sum(1 for row in rows if row["From touchpoint"] and row["Created by"]) == 23
    assert sum(1 for row in rows if row["Closed by"]) == 11

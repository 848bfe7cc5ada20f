"""Tables that write their page's cells themselves, from `values_list` rows (workwell.tables
`Table.page_cells`; README, Performance), give what django-tables2's own per-cell rendering
gives, cell for cell and row for row, in every sort order the page offers: the touchpoint,
action, support request and vanguard lists, over records whose values take each branch
(empty, escaped, truncated, archived, overdue, flagged, closed)."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    ActionFactory,
    SupportRequestFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
)
from tests.workwell.test_table_cells import django_tables2_rows
from vanguards.models import Action, SupportRequest, Touchpoint
from vanguards.selectors import actions as action_selectors
from vanguards.selectors import registry as registry_selectors
from vanguards.selectors import support as support_selectors
from vanguards.selectors import touchpoints as touchpoint_selectors
from vanguards.tables.actions import ActionTable
from vanguards.tables.registry import VanguardTable
from vanguards.tables.support import SupportRequestTable
from vanguards.tables.touchpoints import TouchpointTable
from workwell.tables import _page_value_rows, break_ties, table_rows

TODAY = datetime.date(2026, 6, 10)
ODD = '<b>Tom & Jerry\'s "club"</b>'


def same_cells_in_every_order(make_table) -> None:
    """For the default order and each sortable column both ways: the page's cells written from
    values (checked to be the path taken) are django-tables2's."""
    orders = [None]
    for column in make_table().columns:
        if column.orderable:
            orders += [column.name, f"-{column.name}"]
    for order in orders:
        table = make_paginated(make_table, order)
        columns = list(table.columns)
        assert _page_value_rows(table, columns) is not None  # the values path, not the other
        fast = table_rows(table, columns)
        assert fast == django_tables2_rows(make_paginated(make_table, order)), order
        assert fast


def make_paginated(make_table, order):
    """The table as `list_page` makes it: sorted, ties broken by the key, paginated."""
    table = make_table()
    if order:
        table.order_by = order
    break_ties(table)
    table.paginate(per_page=25)
    return table


@pytest.mark.parametrize("viewer", ["admin_user", "rm"])
def test_touchpoint_cells(request, viewer, vanguard_a, vanguard_b, rm):
    """The admin sees every vanguard of a touchpoint; the RM only those of their groups."""
    user = request.getfixturevalue(viewer)
    quiet = UserFactory(full_name="")  # no name: the column's default
    TouchpointFactory(author=rm, vanguards=[vanguard_a, vanguard_b], rag="red", rag_reason="Late")
    TouchpointFactory(
        author=quiet, vanguards=[], rag="amber", rag_reason="Watch", kind=Touchpoint.Kind.SITE_VISIT
    )
    archived = TouchpointFactory(author=rm, vanguards=[vanguard_b], status=Touchpoint.Status.DRAFT)
    Touchpoint.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    with_action = TouchpointFactory(author=rm, vanguards=[vanguard_a])
    ActionFactory(vanguard=vanguard_a, touchpoint=with_action)
    vanguard_b.name = ODD
    vanguard_b.save()

    def make_table():
        return TouchpointTable(
            touchpoint_selectors.touchpoints_for_list(user=user),
            vanguard_names=lambda ids: touchpoint_selectors.vanguard_names(
                user=user, touchpoint_ids=ids
            ),
            # The page's cells read the names annotated on its rows; the cell-by-cell path
            # asks vanguard_names: the two must agree.
            vanguard_name_list=touchpoint_selectors.vanguard_name_list(user),
        )

    same_cells_in_every_order(make_table)


def test_action_cells(admin_user, vanguard_a, vanguard_b, rm):
    nameless = UserFactory(full_name="")
    ActionFactory(vanguard=vanguard_a, owner=rm, description=ODD)
    ActionFactory(vanguard=vanguard_b, owner=nameless, description="")
    ActionFactory(vanguard=vanguard_a, owner=rm, due_date=TODAY - datetime.timedelta(days=30))
    ActionFactory(vanguard=vanguard_b, owner=rm, status=Action.Status.DONE)
    ActionFactory(
        vanguard=vanguard_b, owner=rm, status=Action.Status.CANCELLED, cancel_reason="Not needed"
    )

    def make_table():
        return ActionTable(action_selectors.actions_for_list(user=admin_user, today=TODAY))

    same_cells_in_every_order(make_table)


def test_support_request_cells(admin_user, vanguard_a, vanguard_b, rm):
    SupportRequestFactory(vanguard=vanguard_a, need=ODD, urgency=SupportRequest.Urgency.HIGH)
    SupportRequestFactory(vanguard=vanguard_b, need="A need that runs on. " * 10)
    SupportRequestFactory(vanguard=vanguard_b, need="e\u0301" * 89)  # combining accents: NFC
    SupportRequestFactory(vanguard=vanguard_a, need="x" * 90)
    SupportRequestFactory(vanguard=vanguard_a, need="x" * 91)
    SupportRequestFactory(
        vanguard=vanguard_a,
        assigned_to=rm,
        status=SupportRequest.Status.CLOSED,
        closed_at=timezone.now() - datetime.timedelta(days=20),
    )
    SupportRequestFactory(
        vanguard=vanguard_b, status=SupportRequest.Status.DECLINED, decline_reason="Elsewhere"
    )
    SupportRequest.objects.update(raised_at=timezone.now() - datetime.timedelta(days=40))

    def make_table():
        requests = support_selectors.support_requests_for_list(
            user=admin_user, today=TODAY, limit=2
        )
        return SupportRequestTable(requests, today=TODAY, limit=2)

    same_cells_in_every_order(make_table)


def test_vanguard_cells(admin_user, vanguard_a, vanguard_b):
    VanguardFactory(name=ODD, participant_target=12345, funding_allocation=1234567)
    VanguardFactory(name="Not in a group", participant_target=0, funding_allocation=0)

    def make_table():
        return VanguardTable(registry_selectors.vanguards_for_list(user=admin_user))

    same_cells_in_every_order(make_table)


@pytest.mark.parametrize("shown", [("date", "kind"), ("date", "kind", "summary")])
def test_other_columns_shown_take_the_cell_by_cell_path(admin_user, vanguard_a, rm, shown):
    TouchpointFactory(author=rm, vanguards=[vanguard_a])
    table = TouchpointTable(touchpoint_selectors.touchpoints_for_list(user=admin_user))
    for column in table.columns.iterall():
        column.column.visible = column.name in shown
    table.paginate(per_page=25)
    assert _page_value_rows(table, list(table.columns)) is None

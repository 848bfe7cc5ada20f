"""The returns list's table written from its rows' values (ReturnTable.page_html) is what the
table component writes through the render methods, cell by cell (workwell.tables
.render_table), character for character: every status, late or not, rows the viewer may and
may not open, names that need escaping, and each page of the list and its outstanding view."""

import datetime

import pytest
from django.test import RequestFactory
from django_tables2 import RequestConfig

from reporting.models import QuarterlyReturn, ReturnPeriod
from reporting.selectors.returns import return_periods, return_rows
from reporting.selectors.returns_admin import outstanding_return_rows
from reporting.tables.returns import ReturnTable
from tests.factories import VanguardFactory
from workwell.dates import Quarter
from workwell.tables import paginate, render_table

from .conftest import make_return

pytestmark = pytest.mark.django_db
Status = QuarterlyReturn.Status
TODAY = datetime.date(2025, 11, 1)


@pytest.fixture
def varied(vanguard_a, vanguard_b):
    """Two quarters (the first overdue), returns in every state and names to escape."""
    for number, due_on in ((1, datetime.date(2025, 7, 22)), (2, datetime.date(2026, 1, 22))):
        ReturnPeriod.objects.create(year=2025, number=number, due_on=due_on)
    make_return(vanguard_a, Status.SUBMITTED)
    make_return(vanguard_b, Status.IN_PROGRESS, quarter=Quarter(2025, 2))
    names = ["Tom & Jerry's <ICB>", 'The "Quoted" ICB', "Ørsted Østfold"]
    for index, name in enumerate(names * 4):
        vanguard = VanguardFactory(name=f"{name} {index:02}", slug=f"v-{index}")
        make_return(vanguard, list(Status)[index % len(Status)])
        if index % 3:
            make_return(vanguard, Status.ACCEPTED, quarter=Quarter(2025, 2))


def _both_ways(rows, query: str) -> tuple[str, str, int]:
    """The page's table written from the rows and through the component, and its row count."""
    request = RequestFactory().get("/reporting/returns/" + query)
    table = ReturnTable(rows)
    RequestConfig(request, paginate=False).configure(table)
    paginate(request, table, 25)
    new = str(table.page_html("Quarterly returns"))
    old = str(render_table(table, request, "Quarterly returns"))
    return new, old, len(table.page.object_list)


@pytest.mark.parametrize("role", ["admin_user", "programme_lead", "rm", "member_a"])
@pytest.mark.parametrize("status", ["", "not_started", *Status.values])
@pytest.mark.parametrize("query", ["", "?page=2", "?per_page=50", "?page=99"])
def test_the_page_is_written_as_the_component_writes_it(request, varied, role, status, query):
    user = request.getfixturevalue(role)
    rows = return_rows(user=user, today=TODAY, periods=return_periods(today=TODAY), status=status)
    new, old, shown = _both_ways(rows, query)
    assert new == old
    assert new.count('<tr class="govuk-table__row">') == 1 + shown  # the head's, the page's


@pytest.mark.parametrize("query", ["", "?page=2"])
def test_the_outstanding_view_is_written_as_the_component_writes_it(admin_user, varied, query):
    rows = outstanding_return_rows(user=admin_user, today=TODAY, quarter=None, status="")
    assert rows
    new, old, shown = _both_ways(rows, query)
    assert new == old and shown

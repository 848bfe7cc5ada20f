"""/reporting/returns/: every quarter's return of the vanguards the user may see, with its
status and due date, filtered by quarter and status; its query budget does not grow."""

import datetime

import pytest

from reporting.models import QuarterlyReturn, ReturnPeriod
from tests.factories import UserFactory, VanguardFactory
from tests.roles import OK, each_role_gets
from workwell.models import Role

from .conftest import make_return

pytestmark = pytest.mark.django_db
Status = QuarterlyReturn.Status


@pytest.fixture
def periods(db):
    """Two quarters with due dates: 2025/26 Q1 (past due) and Q2."""
    return [
        ReturnPeriod.objects.create(year=2025, number=1, due_on=datetime.date(2025, 7, 22)),
        ReturnPeriod.objects.create(year=2025, number=2, due_on=datetime.date(2025, 10, 22)),
    ]


def _rows(html: str) -> list[str]:
    body = html.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    return [" ".join(row.split()) for row in body.split('<tr class="govuk-table__row">')[1:]]


@each_role_gets(
    {
        "admin_user": ["Alpha", "Bravo"],
        "programme_lead": ["Alpha", "Bravo"],
        "rm_lead": ["Alpha", "Bravo"],
        "rm": ["Alpha"],
        "regional_lead": ["Alpha"],
        "member_a": ["Alpha"],
        "member_b": ["Bravo"],
    }
)
def test_each_role_lists_its_vanguards(client, cast, periods, role, expected):
    client.force_login(cast[role])
    response = client.get("/reporting/returns/")
    if expected == 404:
        assert response.status_code == 404
        return
    rows = _rows(response.content.decode())
    assert len(rows) == 2 * len(expected)  # two quarters each
    assert all(any(f"{name} Vanguard" in row for name in expected) for row in rows)


def test_statuses_due_dates_and_filters(client, admin_user, vanguard_a, vanguard_b, periods):
    make_return(vanguard_a, Status.SUBMITTED)
    client.force_login(admin_user)
    html = client.get("/reporting/returns/?quarter=2025-q1").content.decode()
    rows = _rows(html)
    assert len(rows) == 2
    alpha = next(row for row in rows if "Alpha" in row)
    bravo = next(row for row in rows if "Bravo" in row)
    assert "Submitted" in alpha and "22 July 2025" in alpha and "Late" not in alpha
    assert "Not started" in bravo and "Late" in bravo
    only = _rows(client.get("/reporting/returns/?status=not_started").content.decode())
    assert len(only) == 3 and all("Not started" in row for row in only)
    html = client.get("/reporting/returns/?status=nonsense").content.decode()
    assert "Select a status from the list" in html


def test_drafts_are_not_links_for_the_programme_lead(
    client, programme_lead, vanguard_a, vanguard_b, periods
):
    make_return(vanguard_a, Status.IN_PROGRESS)
    make_return(vanguard_b, Status.ACCEPTED)
    client.force_login(programme_lead)
    rows = _rows(client.get("/reporting/returns/?quarter=2025-q1").content.decode())
    alpha = next(row for row in rows if "Alpha" in row)
    bravo = next(row for row in rows if "Bravo" in row)
    assert "/reporting/returns/alpha/" not in alpha
    assert 'href="/reporting/returns/bravo/2025-q1/"' in bravo


def test_export(client, admin_user, vanguard_a, vanguard_b, periods):
    client.force_login(admin_user)
    response = client.get("/reporting/returns/?_export=csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "Quarter,Vanguard,Status,Due,Late"
    assert "2025/26 Q2,Alpha Vanguard,Not started,2025-10-22,Yes" in lines


@pytest.mark.parametrize("extra", [0, 10])
def test_query_budget_does_not_grow_with_rows(
    client, admin_user, vanguard_a, periods, extra, django_assert_max_num_queries
):
    for index in range(extra):
        vanguard = VanguardFactory(name=f"Vanguard {index}", slug=f"v-{index}")
        make_return(vanguard, Status.ACCEPTED)
    client.force_login(admin_user)
    client.get("/reporting/returns/")
    # session, user, the periods, the vanguards, the returns' statuses
    with django_assert_max_num_queries(5):
        assert client.get("/reporting/returns/").status_code == OK


@pytest.mark.parametrize("role", [Role.MEMBER, Role.REGIONAL_LEAD])
def test_people_with_no_registry_link_list_nothing(client, vanguard_a, periods, role):
    client.force_login(UserFactory(role=role))
    html = client.get("/reporting/returns/").content.decode()
    assert "There are no returns to show yet." in html
    assert "Alpha Vanguard" not in html

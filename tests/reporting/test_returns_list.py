"""/reporting/returns/: every quarter's return of the vanguards the user may see, with its
status and due date, filtered by quarter and status; its query budget does not grow."""

import datetime

import pytest

from reporting.models import QuarterlyReturn, ReturnPeriod
from reporting.selectors.returns import (
    quarter_after_sql,
    quarter_start_sql,
    return_periods,
    return_rows,
)
from tests.factories import UserFactory, VanguardFactory
from tests.roles import OK, each_role_gets
from workwell.dates import Quarter
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


@pytest.mark.parametrize("query", ["?sort=quarter", "?sort=-status&_export=csv", "?sort=x"])
def test_a_sort_in_the_address_is_ignored(client, admin_user, vanguard_a, periods, query):
    """No column sorts (an old bookmark, a hand-made address): the list in its own order."""
    client.force_login(admin_user)
    plain = client.get("/reporting/returns/" + ("?_export=csv" if "_export" in query else ""))
    response = client.get("/reporting/returns/" + query)
    assert response.status_code == 200
    if "_export" in query:
        assert b"".join(response) == b"".join(plain)
    else:
        assert _rows(response.content.decode()) == _rows(plain.content.decode())
        assert len(_rows(plain.content.decode())) == 2  # both quarters' returns


@pytest.mark.parametrize("vanguards, quarters", [(0, 0), (30, 12)])
def test_query_budget_does_not_grow_with_rows(
    client, admin_user, vanguard_a, periods, vanguards, quarters, django_assert_max_num_queries
):
    quarter = Quarter(2025, 1)
    for _ in range(quarters):  # earlier quarters, each with a due date
        quarter = quarter.previous()
        ReturnPeriod.objects.create(year=quarter.year, number=quarter.number, due_on=quarter.end)
    for index in range(vanguards):
        vanguard = VanguardFactory(
            name=f"Vanguard {index}", slug=f"v-{index}", start_date=datetime.date(2020, 4, 1)
        )
        make_return(vanguard, Status.ACCEPTED)
    client.force_login(admin_user)
    client.get("/reporting/returns/")
    # session, user, the periods, the vanguards, their returns counted per quarter and status,
    # and the statuses of the page's quarters
    with django_assert_max_num_queries(6):
        response = client.get("/reporting/returns/?page=3")
    assert response.status_code == OK
    assert len(_rows(response.content.decode())) == (25 if vanguards else 2)  # the last page
    # The outstanding ones (the admin's home's): session, user, the periods listed, the
    # periods chased, the outstanding returns with their counts (and with none outstanding,
    # the returns received).
    with django_assert_max_num_queries(6):
        response = client.get("/reporting/returns/?show=outstanding&page=3")
    assert response.status_code == OK


def _make_varied_returns(vanguard_a, vanguard_b):
    """Returns in every state, one for a quarter its vanguard did not deliver in (still
    listed), and a vanguard that starts in the second quarter."""
    late_starter = VanguardFactory(
        name="Charlie Vanguard", slug="charlie", start_date=datetime.date(2025, 7, 1)
    )
    make_return(vanguard_a, Status.SUBMITTED)
    make_return(vanguard_b, Status.IN_PROGRESS, quarter=Quarter(2025, 2))
    make_return(late_starter, Status.QUERIED)  # before Charlie delivered
    for index in range(12):
        vanguard = VanguardFactory(name=f"Vanguard {index:02}", slug=f"v-{index}")
        make_return(vanguard, [Status.ACCEPTED, Status.IN_PROGRESS][index % 2])


@pytest.mark.parametrize("status", ["", "not_started", *Status.values])
def test_rows_are_counted_and_sliced_as_they_are_built(
    admin_user, vanguard_a, vanguard_b, periods, status
):
    """The rows' count comes from SQL and a slice builds only its quarters: both agree with
    every row built."""
    _make_varied_returns(vanguard_a, vanguard_b)
    today = datetime.date(2025, 11, 1)
    rows = return_rows(
        user=admin_user, today=today, periods=return_periods(today=today), status=status
    )
    every = list(rows)
    assert len(rows) == len(every) > 0
    assert all(status in ("", row.status) for row in every)
    for start in range(len(every) + 1):
        assert rows[start : start + 5] == every[start : start + 5]
    assert rows[len(every) - 1] == every[-1] and rows[-1] == every[-1]
    with pytest.raises(IndexError):
        rows[len(every)]


def test_a_return_outside_the_vanguards_delivery_is_listed(
    admin_user, vanguard_a, vanguard_b, periods
):
    _make_varied_returns(vanguard_a, vanguard_b)
    today = datetime.date(2025, 11, 1)
    rows = list(return_rows(user=admin_user, today=today, periods=return_periods(today=today)))
    charlie = [(str(row.quarter), row.status) for row in rows if row.vanguard.slug == "charlie"]
    assert charlie == [("2025/26 Q2", "not_started"), ("2025/26 Q1", Status.QUERIED)]


def test_the_quarters_dates_in_sql_are_the_quarters_own(db):
    for year in (2024, 2025):
        for number in (1, 2, 3, 4):
            ReturnPeriod.objects.create(year=year, number=number, due_on=datetime.date(2030, 1, 1))
    found = ReturnPeriod.objects.annotate(
        begins=quarter_start_sql(), after=quarter_after_sql()
    ).values_list("year", "number", "begins", "after")
    assert len(found) == 8
    for year, number, begins, after in found:
        quarter = Quarter(year, number)
        assert (begins, after) == (quarter.start, quarter.next().start)


def test_a_long_list_is_paged_newest_quarter_first(client, admin_user, vanguard_a, periods):
    for index in range(14):
        VanguardFactory(name=f"Vanguard {index:02}", slug=f"v-{index}")
    client.force_login(admin_user)
    first = client.get("/reporting/returns/").content.decode()
    second = client.get("/reporting/returns/?page=2").content.decode()
    rows = _rows(first) + _rows(second)
    assert len(_rows(first)) == 25 and len(rows) == 30
    quarters = ["2025/26 Q2" if "2025/26 Q2" in row else "2025/26 Q1" for row in rows]
    assert quarters == ["2025/26 Q2"] * 15 + ["2025/26 Q1"] * 15
    assert 'class="govuk-pagination' in first


@pytest.mark.parametrize("role", [Role.MEMBER, Role.REGIONAL_LEAD])
def test_people_with_no_registry_link_list_nothing(client, vanguard_a, periods, role):
    client.force_login(UserFactory(role=role))
    html = client.get("/reporting/returns/").content.decode()
    assert "There are no returns to show yet." in html
    assert "Alpha Vanguard" not in html

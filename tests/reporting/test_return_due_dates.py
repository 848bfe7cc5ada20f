"""The return due dates page (admins): every quarter with its due date, a GOV.UK date input to
set or change one, validated (after the quarter, within 3 months, a working day), and the
history of changes shown."""

import datetime

import pytest

from reporting.models import ReturnPeriod
from tests.roles import OK, REDIRECT, each_role_gets
from workwell.dates import Quarter

URL = "/reporting/returns/due-dates/"
# 2026/27 Q2 is July to September 2026.
Q2 = Quarter(2026, 2)
EDIT = f"{URL}2026/2/"


def date_data(day: datetime.date) -> dict:
    return {"due_on_0": day.day, "due_on_1": day.month, "due_on_2": day.year}


@pytest.mark.django_db
@each_role_gets({"admin_user": OK})
def test_only_admins_see_the_due_dates(client, cast, role, expected):
    client.force_login(cast[role])
    assert client.get(URL).status_code == expected
    assert client.get(EDIT).status_code == expected


@pytest.mark.django_db
@each_role_gets({"admin_user": REDIRECT})
def test_only_admins_set_a_due_date(client, cast, role, expected):
    client.force_login(cast[role])
    response = client.post(EDIT, date_data(datetime.date(2026, 10, 30)))
    assert response.status_code == expected
    assert ReturnPeriod.objects.filter(year=2026, number=2).exists() is (expected == REDIRECT)


@pytest.mark.django_db
def test_the_list_shows_each_quarter_with_its_due_date(admin_client):
    ReturnPeriod.objects.create(year=2024, number=1, due_on=datetime.date(2024, 7, 31))
    page = admin_client.get(URL).content.decode()
    assert "2024/25 Q1" in page and "31 July 2024" in page
    assert f'href="{URL}2024/1/"' in page
    # The quarters around today are offered even without a due date.
    assert "Not set" in page


@pytest.mark.django_db
def test_setting_then_changing_keeps_the_history(admin_client, admin_user):
    response = admin_client.post(EDIT, date_data(datetime.date(2026, 10, 30)))
    assert response.status_code == 302 and response["Location"] == URL
    admin_client.post(EDIT, date_data(datetime.date(2026, 11, 6)))
    period = ReturnPeriod.objects.get(year=2026, number=2)
    assert period.due_on == datetime.date(2026, 11, 6)
    assert [entry.due_on for entry in period.history.order_by("history_date")] == [
        datetime.date(2026, 10, 30),
        datetime.date(2026, 11, 6),
    ]
    assert {entry.history_user for entry in period.history.all()} == {admin_user}
    page = admin_client.get(EDIT).content.decode()
    assert "Changes to the due date" in page
    assert "30 October 2026" in page and "6 November 2026" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"due_on_0": "", "due_on_1": "", "due_on_2": ""}, "Enter the due date"),
        ({"due_on_0": "31", "due_on_1": "2", "due_on_2": "2026"}, "Enter a real date"),
        ({"due_on_0": "15", "due_on_1": "11", "due_on_2": ""}, "Enter a day, a month and a year"),
        (date_data(datetime.date(2026, 9, 30)), "must be after the quarter ends"),
        (date_data(datetime.date(2027, 1, 15)), "within 3 months"),
        # Saturday 31 October 2026.
        (date_data(datetime.date(2026, 10, 31)), "weekend or bank holiday"),
        # Friday 25 December 2026.
        (date_data(datetime.date(2026, 12, 25)), "weekend or bank holiday"),
    ],
)
def test_a_wrong_date_is_refused_with_a_message(admin_client, data, message):
    response = admin_client.post(EDIT, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "govuk-error-summary" in page
    assert not ReturnPeriod.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [f"{URL}2026/5/", f"{URL}2026/0/", f"{URL}1900/1/"])
def test_a_quarter_that_does_not_exist_is_404(admin_client, url):
    assert admin_client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_list_query_budget(admin_client, django_assert_max_num_queries):
    for year in range(2020, 2026):
        for number in range(1, 5):
            ReturnPeriod.objects.create(
                year=year, number=number, due_on=Quarter(year, number).end + datetime.timedelta(30)
            )
    # 1 session, 2 user, 3 the return periods.
    with django_assert_max_num_queries(3):
        assert admin_client.get(URL).status_code == 200

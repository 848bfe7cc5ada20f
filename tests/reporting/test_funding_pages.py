"""/reporting/funding/ (every vanguard, a regional lead's region), /reporting/funding/<slug>/
(one vanguard: all a member sees), their downloads, the quarter chooser and the query
budget; /reporting/funding/rule/ where admins change the rule."""

import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest

from reporting.models import FundingRule, QuarterlyReturn
from tests.factories import VanguardFactory, region
from tests.roles import OK, REDIRECT, each_role_gets, in_the_programme
from workwell.dates import Quarter

from .funding_data import report

pytestmark = pytest.mark.django_db

Q1, Q2 = Quarter(2025, 1), Quarter(2025, 2)


@pytest.fixture
def manchester_numbers(vanguard_a, vanguard_b):
    # Alpha: £1,310,012 for 1,620 participants from April 2025 (factory default dates).
    # 270 started in 2025/26 Q1, £100,000 spent: earned 270 x £524,004.80 / 1,620 = £87,334.13.
    for vanguard in (vanguard_a, vanguard_b):
        vanguard.participant_target = 1620
        vanguard.save()
    report(vanguard_a, Q1, starts=270, spend=100000)
    # Bravo: 540 started; earned 540 x £323.4597… = £174,668.27.
    report(vanguard_b, Q1, starts=540, spend=50000)
    # A draft return counts for nothing.
    report(vanguard_a, Q2, starts=999, spend=999999, status=QuarterlyReturn.Status.IN_PROGRESS)


LIST_ROLES = {
    "admin_user": OK,
    "programme_lead": OK,
    "rm": OK,
    "rm_lead": OK,
    "learning_user": OK,
    "regional_lead": OK,
    "member_a": REDIRECT,
    "member_b": REDIRECT,
}


@each_role_gets(
    {
        "/reporting/funding/": LIST_ROLES,
        "/reporting/funding/?quarter=2025-26-q1&_export=csv": LIST_ROLES,
        "/reporting/funding/alpha/": in_the_programme(OK, "member_b"),
        "/reporting/funding/bravo/?_export=xlsx": in_the_programme(OK, "regional_lead", "member_a"),
        "/reporting/funding/rule/": {"admin_user": OK},
    }
)
def test_pages_per_role(client, cast, url, role, expected):
    client.force_login(cast[role])
    assert client.get(url).status_code == expected


def test_a_member_is_sent_to_their_own_vanguard(client, member_a, vanguard_b):
    client.force_login(member_a)
    response = client.get("/reporting/funding/")
    assert response["Location"] == "/reporting/funding/alpha/"
    response = client.get("/reporting/funding/?quarter=2025-26-q1")
    assert response["Location"] == "/reporting/funding/alpha/?quarter=2025-26-q1"


def test_the_national_table_on_known_numbers(client, programme_lead, manchester_numbers):
    client.force_login(programme_lead)
    page = client.get("/reporting/funding/?quarter=2025-26-q1").content.decode()
    assert "£87,334" in page  # Alpha's performance earned
    assert "£174,668" in page  # Bravo's
    assert "£262,002" in page  # England: £87,334.13 + £174,668.27 = £262,002.40
    assert "£150,000" in page  # spend to date, England
    assert "£999,999" not in page  # the draft


def test_a_regional_lead_sees_only_their_region(client, regional_lead, manchester_numbers):
    client.force_login(regional_lead)
    page = client.get("/reporting/funding/?quarter=2025-26-q1").content.decode()
    assert "Alpha Vanguard" in page
    assert "Bravo Vanguard" not in page
    assert "£174,668" not in page
    assert "England" not in page


def test_the_csv_keeps_the_pennies(client, admin_user, manchester_numbers):
    client.force_login(admin_user)
    response = client.get("/reporting/funding/?quarter=2025-26-q1&_export=csv")
    rows = {row["Vanguard"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["Alpha Vanguard"]["Performance earned to date (£)"] == "87334.13"
    assert rows["Bravo Vanguard"]["Spend to date (£)"] == "50000.00"
    assert rows["Alpha Vanguard"]["To the end of"] == "2025/26 Q1"


def test_the_schedule_downloads(client, admin_user, manchester_numbers):
    client.force_login(admin_user)
    response = client.get("/reporting/funding/?quarter=2025-26-q1&table=schedule&_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("For", "Paid in", "For starts in")
    # Both vanguards' 2025/26 Q1 payments, made in Q2: 2 x £786,007.20 / 8 = £196,501.80
    # guaranteed and £87,334.13 + £174,668.27 = £262,002.40 performance.
    first = rows[1]
    assert first[1:6] == ("2025/26 Q2", "2025/26 Q1", 196501.8, 262002.4, 458504.2)


def test_one_vanguards_schedule(client, member_a, manchester_numbers):
    client.force_login(member_a)
    response = client.get("/reporting/funding/alpha/?quarter=2025-26-q1&_export=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 8  # April 2025 to March 2027
    assert rows[0]["Performance (£)"] == "87334.13"
    assert rows[0]["Status"] == "Due"  # paid in Q2, after the quarter chosen
    assert rows[1]["Status"] == "Forecast"
    page = client.get("/reporting/funding/alpha/?quarter=2025-26-q1").content.decode()
    assert "£87,334" in page
    assert "Back to funding for all vanguards" not in page


@pytest.mark.parametrize("quarter", ["2025-26-q5", "1999-00-q1", "2030-31-q1", "x", ""])
def test_a_bad_or_unknown_quarter_is_not_found(client, programme_lead, vanguard_a, quarter):
    client.force_login(programme_lead)
    assert client.get(f"/reporting/funding/?quarter={quarter}").status_code == 404
    assert client.get(f"/reporting/funding/alpha/?quarter={quarter}").status_code == 404


def test_the_quarter_chooser_defaults_to_the_last_closed_quarter(
    client, programme_lead, vanguard_a
):
    client.force_login(programme_lead)
    response = client.get("/reporting/funding/")
    assert response.context["quarter"] == Quarter.containing(datetime.date.today()).previous()


def _vanguards(count: int) -> list:
    vanguards = []
    for index in range(count):
        vanguard = VanguardFactory(region=region("london"))
        for quarter in (Quarter(2025, 1), Quarter(2025, 2), Quarter(2025, 3)):
            report(vanguard, quarter, starts=10 + index, spend=1000)
        vanguards.append(vanguard)
    return vanguards


@pytest.mark.parametrize("count", [2, 6, 30])
def test_the_query_budget_does_not_grow_with_vanguards_or_quarters(
    client, programme_lead, django_assert_max_num_queries, count
):
    _vanguards(count)
    client.force_login(programme_lead)
    # Session and user (2), the funding rule (1), the programme's first quarter (1), the
    # vanguards with their regions (1), the starts and spend by vanguard and quarter (1).
    with django_assert_max_num_queries(6):
        assert client.get("/reporting/funding/?quarter=2025-26-q3").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/reporting/funding/?quarter=2025-26-q1").status_code == 200


def _names(page: str) -> list[str]:
    """The vanguards the national table shows, in order."""
    return re.findall(r'href="/reporting/funding/[^/"]+/\?quarter=[^"]+">([^<]+)</a>', page)


def _spend_row(page: str) -> str:
    return page[page.index("<strong>England</strong>") :].split("</tr>")[0]


@pytest.fixture
def thirty(vanguard_a):
    """Alpha (first by name) and 29 more: two pages of the national table."""
    report(vanguard_a, Q1, starts=100, spend=1000)
    for index in range(29):
        vanguard = VanguardFactory(name=f"Vanguard {index:02}", slug=f"vanguard-{index:02}")
        report(vanguard, Q1, starts=10, spend=1000)


def test_the_national_table_shows_25_vanguards_a_page_with_the_totals_of_all(
    client, programme_lead, thirty
):
    client.force_login(programme_lead)
    first = client.get("/reporting/funding/?quarter=2025-26-q1").content.decode()
    second = client.get("/reporting/funding/?quarter=2025-26-q1&page=2").content.decode()
    assert _names(first) == ["Alpha Vanguard", *(f"Vanguard {i:02}" for i in range(24))]
    assert _names(second) == [f"Vanguard {i:02}" for i in range(24, 29)]
    assert '<p class="govuk-body">30 vanguards.' in first
    # England's spend to date is every vanguard's (30 x £1,000), on every page.
    assert "£30,000" in _spend_row(first)
    assert _spend_row(first) == _spend_row(second)
    # The labelled GOV.UK pagination, its links keeping the quarter chosen.
    assert 'aria-label="Pages of funding by vanguard"' in first
    assert 'href="?quarter=2025-26-q1&amp;page=2"' in first
    assert 'href="?quarter=2025-26-q1&amp;page=1"' in second


@pytest.mark.parametrize("asked, shown", [("x", 1), ("", 1), ("0", 2), ("-1", 2), ("99999", 2)])
def test_a_page_that_is_not_there_shows_the_first_or_last(
    client, programme_lead, thirty, asked, shown
):
    # As the other lists (Paginator.get_page): not a number is the first page, one before the
    # first or past the last is the last.
    client.force_login(programme_lead)
    page = client.get(f"/reporting/funding/?quarter=2025-26-q1&page={asked}").content.decode()
    assert ("Vanguard 28" in _names(page)) == (shown == 2)


def test_the_download_has_every_vanguard_whatever_the_page(client, admin_user, thirty):
    client.force_login(admin_user)
    response = client.get("/reporting/funding/?quarter=2025-26-q1&page=2&_export=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 30


def test_one_page_has_no_pagination(client, programme_lead, manchester_numbers):
    client.force_login(programme_lead)
    page = client.get("/reporting/funding/?quarter=2025-26-q1").content.decode()
    assert "govuk-pagination" not in page
    assert '<p class="govuk-body">2 vanguards.' in page


def test_one_vanguards_query_budget(client, programme_lead, django_assert_max_num_queries):
    [vanguard] = _vanguards(1)
    client.force_login(programme_lead)
    # Session and user (2), the vanguard (1), first quarter (1), rule (1), figures (1).
    with django_assert_max_num_queries(6):
        assert client.get(f"/reporting/funding/{vanguard.slug}/").status_code == 200


def test_admins_change_the_rule_and_history_keeps_it(client, admin_user, manchester_numbers):
    client.force_login(admin_user)
    response = client.post(
        "/reporting/funding/rule/", {"guaranteed_percent": "50", "arrears_quarters": "2"}
    )
    assert response.status_code == 302
    rule = FundingRule.objects.get()
    assert (rule.guaranteed_percent, rule.arrears_quarters) == (50, 2)
    page = client.get("/reporting/funding/rule/").content.decode()
    assert "50% guaranteed, paid 2 quarters in arrears" in page
    assert "Ada Admin" in page
    # The pages use it: 50% of £1,310,012 = £655,006.
    funding = client.get("/reporting/funding/alpha/?quarter=2025-26-q1").content.decode()
    assert "£655,006" in funding


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"guaranteed_percent": "101", "arrears_quarters": "1"}, "from 0 to 100"),
        ({"guaranteed_percent": "-1", "arrears_quarters": "1"}, "from 0 to 100"),
        ({"guaranteed_percent": "", "arrears_quarters": "1"}, "Enter the guaranteed share"),
        ({"guaranteed_percent": "60", "arrears_quarters": "5"}, "from 0 to 4"),
        ({"guaranteed_percent": "60", "arrears_quarters": "x"}, "from 0 to 4"),
    ],
)
def test_the_rule_is_validated(client, admin_user, data, message):
    client.force_login(admin_user)
    response = client.post("/reporting/funding/rule/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FundingRule.objects.exists()


def test_the_rule_is_read_in_one_query(django_assert_num_queries):
    from reporting.selectors.funding import funding_rule

    FundingRule.objects.create(pk=1, guaranteed_percent=55)
    with django_assert_num_queries(1):  # the one row
        assert funding_rule().guaranteed_percent == 55


def test_the_default_rule_until_one_is_set(db):
    from reporting.selectors.funding import funding_rule

    rule = funding_rule()
    assert (rule.guaranteed_percent, rule.arrears_quarters, rule.performance_percent) == (60, 1, 40)
    assert rule.pk == 1 and not FundingRule.objects.exists()
    assert Decimal(rule.guaranteed_percent) == Decimal(60)


def test_the_national_figures_without_a_user(manchester_numbers):
    # What snapshots and reports read: every vanguard, national totals to the penny.
    from reporting.selectors.funding import funding_table

    table = funding_table(quarter=Q1)
    assert table.national and len(table.rows) == 2
    assert table.totals["performance_earned"] == Decimal("262002.40")  # 87,334.13 + 174,668.27
    assert table.totals["spend"] == Decimal("150000.00")


@pytest.mark.parametrize(
    ("percent", "arrears", "field"),
    [(101, 1, "guaranteed_percent"), (-5, 1, "guaranteed_percent"), (60, 5, "arrears_quarters")],
)
def test_the_service_refuses_a_rule_out_of_range(admin_user, percent, arrears, field):
    from reporting.services.funding import FundingError, set_funding_rule

    with pytest.raises(FundingError) as error:
        set_funding_rule(by=admin_user, guaranteed_percent=percent, arrears_quarters=arrears)
    assert error.value.field == field
    assert not FundingRule.objects.exists()

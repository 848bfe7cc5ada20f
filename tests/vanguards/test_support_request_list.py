"""/support-requests/: the flag on late triage, filters, sorting, paging, exports with stable
columns, and a query budget that does not grow with the requests."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from tests.factories import SupportOfferFactory, SupportRequestFactory, VanguardFactory
from tests.pages import rows_of
from vanguards.models import SupportRequest
from vanguards.services import support as services
from workwell.dates import working_days_between

TODAY = timezone.localdate()


def needs(response) -> set[str]:
    return {row["What they need"] for row in rows_of(response)}


def raised_days_ago(support_request, days: int) -> SupportRequest:
    moment = timezone.now() - datetime.timedelta(days=days)
    SupportRequest.objects.filter(pk=support_request.pk).update(raised_at=moment)
    support_request.refresh_from_db()
    return support_request


@pytest.fixture
def requests(cast, vanguard_a, vanguard_b):
    rm, member_a, member_b = cast["rm"], cast["member_a"], cast["member_b"]
    late = raised_days_ago(
        SupportRequestFactory(vanguard=vanguard_a, raised_by=member_a, need="Late one"), 21
    )
    fresh = SupportRequestFactory(
        vanguard=vanguard_a, raised_by=member_a, need="Fresh one", urgency="high"
    )
    accepted = raised_days_ago(
        SupportRequestFactory(vanguard=vanguard_b, raised_by=member_b, need="Accepted one"), 30
    )
    services.support_request_accept(support_request=accepted, by=cast["rm_lead"], assigned_to=rm)
    declined = SupportRequestFactory(
        vanguard=vanguard_b, raised_by=member_b, need="Declined one", urgency="low"
    )
    services.support_request_decline(
        support_request=declined, by=cast["rm_lead"], reason="Out of scope"
    )
    return {"late": late, "fresh": fresh, "accepted": accepted, "declined": declined}


def test_requests_not_triaged_in_time_are_flagged(rm_client, requests):
    html = rm_client.get("/support-requests/").content.decode()
    assert html.count("Not triaged in 3 working days\n</strong>") == 1
    rows = {
        row["What they need"]: row
        for row in rows_of(rm_client.get("/support-requests/?_export=csv"))
    }
    assert rows["Late one"]["Not triaged in time"] == "Yes"
    assert rows["Accepted one"]["Not triaged in time"] == "No"  # late, but triaged
    assert rows["Fresh one"]["Not triaged in time"] == "No"


def test_working_days_open_are_shown(rm_client, requests):
    rows = {
        row["What they need"]: row
        for row in rows_of(rm_client.get("/support-requests/?_export=csv"))
    }
    late = requests["late"]
    expected = working_days_between(timezone.localdate(late.raised_at), TODAY)
    assert rows["Late one"]["Working days open"] == str(expected)
    assert rows["Fresh one"]["Working days open"] == "0"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Late one", "Fresh one", "Accepted one", "Declined one"}),
        ("flagged=on", {"Late one"}),
        ("status=new", {"Late one", "Fresh one"}),
        ("status=declined", {"Declined one"}),
        ("urgency=high", {"Fresh one"}),
        ("vanguard=bravo", {"Accepted one", "Declined one"}),
        ("mine=on", {"Accepted one"}),
        ("vanguard=alpha&status=declined", set()),
    ],
)
def test_filters_narrow_the_list_and_the_export(rm_client, requests, query, expected):
    assert needs(rm_client.get(f"/support-requests/?{query}&_export=csv")) == expected


def test_assigned_to_me_is_only_offered_to_nst_staff(client, member_a, requests):
    client.force_login(member_a)
    html = client.get("/support-requests/").content.decode()
    assert "Only requests assigned to me" not in html
    assert needs(client.get("/support-requests/?mine=on&_export=csv")) == {"Late one", "Fresh one"}


def test_unknown_filter_value_is_reported_not_crashed(rm_client, requests):
    response = rm_client.get("/support-requests/?status=lost")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-raised_at", ["Newest", "Middle", "Oldest"]),
        ("raised_at", ["Oldest", "Middle", "Newest"]),
        ("pk", ["Middle", "Newest", "Oldest"]),
    ],
)
def test_sorting(rm_client, vanguard_a, member_a, sort, expected):
    for need, days in (("Middle", 5), ("Newest", 1), ("Oldest", 10)):
        raised_days_ago(
            SupportRequestFactory(vanguard=vanguard_a, raised_by=member_a, need=need), days
        )
    response = rm_client.get(f"/support-requests/?sort={sort}&_export=csv")
    assert [row["What they need"] for row in rows_of(response)] == expected


def test_list_is_paginated(rm_client, vanguard_a, member_a):
    for number in range(30):
        raised_days_ago(
            SupportRequestFactory(
                vanguard=vanguard_a, raised_by=member_a, need=f"Need {number:02d}"
            ),
            number,
        )
    first = rm_client.get("/support-requests/").content.decode()
    second = rm_client.get("/support-requests/?page=2").content.decode()
    assert "govuk-pagination" in first and "30 support requests" in first
    assert "Need 00" in first and "Need 29" not in first
    assert "Need 29" in second and "Need 00" not in second


EXPORT_COLUMNS = [
    "Reference",
    "Vanguard",
    "What they need",
    "Support offer",
    "Urgency",
    "Needed by",
    "Status",
    "Not triaged in time",
    "Raised on",
    "Raised by",
    "Working days open",
    "Assigned to",
    "Triaged on",
    "Delivered on",
    "Closed on",
    "Rating",
    "Rating comment",
    "Reason for declining",
    "Redirected to",
]


def test_csv_export_has_stable_columns_and_raw_values(rm_client, requests, rm):
    response = rm_client.get("/support-requests/?_export=csv")
    assert 'filename="support-requests.csv"' in response["Content-Disposition"]
    assert next(csv.reader(io.StringIO(response.content.decode()))) == EXPORT_COLUMNS
    rows = {row["What they need"]: row for row in rows_of(response)}
    accepted = rows["Accepted one"]
    assert accepted["Reference"] == str(requests["accepted"].pk)
    assert accepted["Status"] == "Triaged"
    assert accepted["Assigned to"] == rm.full_name
    assert accepted["Triaged on"] == TODAY.isoformat()
    assert accepted["Urgency"] == "Medium: within two weeks"
    assert rows["Declined one"]["Reason for declining"] == "Out of scope"
    assert rows["Fresh one"]["Raised on"] == TODAY.isoformat()
    assert rows["Fresh one"]["Raised by"] == "Mem Alpha"


def test_unassigned_requests_say_nobody_yet_on_the_page_but_export_blank(rm_client, requests, rm):
    html = rm_client.get("/support-requests/").content.decode()
    # Three of the four are unassigned; the request's own page words it the same way.
    assert html.count("Nobody yet") == 3
    assert html.count(rm.full_name) >= 1
    rows = {
        row["What they need"]: row
        for row in rows_of(rm_client.get("/support-requests/?_export=csv"))
    }
    assert rows["Fresh one"]["Assigned to"] == ""
    assert rows["Accepted one"]["Assigned to"] == rm.full_name


def test_export_names_the_offer(rm_client, vanguard_a, member_a):
    offer = SupportOfferFactory(title="Logic model clinic")
    SupportRequestFactory(vanguard=vanguard_a, raised_by=member_a, offer=offer)
    assert rows_of(rm_client.get("/support-requests/?_export=csv"))[0]["Support offer"] == (
        "Logic model clinic"
    )


def test_xlsx_export_matches_the_csv(rm_client, requests):
    response = rm_client.get("/support-requests/?_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_COLUMNS
    assert {row[2] for row in rows[1:]} == {"Late one", "Fresh one", "Accepted one", "Declined one"}


def test_export_escapes_spreadsheet_formulas(rm_client, vanguard_a, member_a):
    SupportRequestFactory(vanguard=vanguard_a, raised_by=member_a, need="=cmd|' /C calc'!A0")
    assert rows_of(rm_client.get("/support-requests/?_export=csv"))[0]["What they need"] == (
        "'=cmd|' /C calc'!A0"
    )


def test_empty_state_offers_the_menu_to_members(client, member_a):
    client.force_login(member_a)
    html = client.get("/support-requests/").content.decode()
    assert "There are no support requests yet." in html
    assert 'href="/learning/offers/"' in html


def _raise_requests(count):
    for _ in range(count):
        SupportRequestFactory(vanguard=VanguardFactory(), offer=SupportOfferFactory())


def test_list_query_budget_does_not_grow_with_requests(
    rm_client, rm, django_assert_max_num_queries
):
    for more in (3, 20):
        _raise_requests(more)
        # 1 session, 2 user, 3 the programme settings row, 4 whether the user may raise requests
        # (the "Ask for support" button), 5 the paginator's count, 6 the vanguard choices of the
        # filter form, 7 one page of rows (vanguard and assignee joined in, the flag worked out
        # in the query; the offer and raiser only for the export).
        with django_assert_max_num_queries(7):
            assert rm_client.get("/support-requests/").status_code == 200


def test_export_query_budget_does_not_grow_with_requests(
    rm_client, rm, django_assert_max_num_queries
):
    for more in (3, 20):
        _raise_requests(more)
        # 1 session, 2 user, 3 the programme settings row, 4 whether the user may raise requests
        # (the page's context, built before list_page answers with the download), 5 every row
        # (vanguard, offer, raiser and assignee joined in).
        with django_assert_max_num_queries(5):
            rows = rows_of(rm_client.get("/support-requests/?_export=csv"))
    assert all(row["Support offer"] and row["Raised by"] for row in rows)
    assert len(rows) == 23

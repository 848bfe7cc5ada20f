"""The RM's and the RM lead's home page: contact cadence, open work and workloads, per role,
in a fixed number of queries."""

import datetime
from html import unescape
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from reporting.models import ReturnPeriod
from reporting.selectors.home import RETURNS_SHOWN
from tests.factories import (
    ActionFactory,
    CohortGroupFactory,
    SupportRequestFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
    join_group,
)
from vanguards.selectors.cadence import contact_due_on
from workwell.dates import Quarter
from workwell.models import Role

pytestmark = pytest.mark.django_db

CADENCE_CAPTION = "Contact with each vanguard"
OVERDUE_CAPTION = "Vanguards overdue for contact"
WORKLOAD_CAPTION = "Relationship managers' workload"


class _Tables(HTMLParser):
    """Each table's caption and its rows as lists of cell texts (header row included)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption = self._rows = self._cell = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = ""
        elif tag == "br" and self._cell is not None:
            self._cell += " "

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "table":
            self.tables[self._caption.strip()] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell += data


def tables_of(response) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def as_records(rows) -> list[dict]:
    head, *body = rows
    return [dict(zip(head, row, strict=True)) for row in body]


def day(value) -> str:
    return f"{value.day} {value:%B %Y}"


@pytest.fixture
def rms_vanguards(vanguard_a, vanguard_b, rm):
    """The RM's group: Alpha (last contact 20 days ago: overdue), Charlie (2 days ago: on
    time) and Delta (never contacted). Bravo belongs to the RM lead's group."""
    today = timezone.localdate()
    group = vanguard_a.group_memberships.get().cohort_group
    charlie = VanguardFactory(name="Charlie Vanguard", slug="charlie")
    delta = VanguardFactory(name="Delta Vanguard", slug="delta")
    join_group(charlie, group)
    join_group(delta, group)
    lapsed_on = today - datetime.timedelta(days=20)
    TouchpointFactory(vanguards=[vanguard_a], date=lapsed_on, author=rm)
    TouchpointFactory(vanguards=[charlie], date=today - datetime.timedelta(days=2), author=rm)
    ActionFactory.create_batch(2, vanguard=vanguard_a, owner=rm)
    SupportRequestFactory(vanguard=vanguard_a)
    SupportRequestFactory(vanguard=charlie, status="delivered")
    return {"lapsed_on": lapsed_on, "charlie": charlie, "delta": delta}


def test_rm_sees_their_vanguards_cadence_overdue_first(client, rm, rms_vanguards):
    client.force_login(rm)
    response = client.get("/")
    records = as_records(tables_of(response)[CADENCE_CAPTION])
    lapsed_on = rms_vanguards["lapsed_on"]
    assert records == [
        {
            "Vanguard": "Delta Vanguard Alpha group",
            "Last contact": "None yet",
            "Days since": "None",
            "Next due": "Now",
            "Open actions": "0",
            "Open support requests": "0",
            "Contact": "No contact yet",
        },
        {
            "Vanguard": "Alpha Vanguard Alpha group",
            "Last contact": day(lapsed_on),
            "Days since": "20",
            "Next due": day(contact_due_on(lapsed_on, 14)),
            "Open actions": "2",
            "Open support requests": "1",
            "Contact": "Contact overdue",
        },
        {
            "Vanguard": "Charlie Vanguard Alpha group",
            "Last contact": day(timezone.localdate() - datetime.timedelta(days=2)),
            "Days since": "2",
            "Next due": day(contact_due_on(timezone.localdate() - datetime.timedelta(days=2), 14)),
            "Open actions": "0",
            "Open support requests": "0",  # delivered is no longer open
            "Contact": "On track",
        },
    ]
    html = response.content.decode()
    assert "2 of your 3 vanguards are overdue for contact." in html
    assert "govuk-tag--red" in html
    assert 'href="/vanguards/delta/"' in html
    assert '<a href="/touchpoints/new/" role="button"' in html  # "Log a touchpoint"
    assert "Bravo Vanguard" not in html  # the RM lead's group
    assert WORKLOAD_CAPTION not in html  # only the RM lead sees workloads


def test_rm_lead_sees_every_rms_vanguards_and_each_rms_workload(
    client, rm, rm_lead, rms_vanguards, vanguard_b
):
    TouchpointFactory(vanguards=[vanguard_b], author=rm_lead)  # 3 days ago: on time
    SupportRequestFactory(vanguard=vanguard_b, assigned_to=rm_lead, status="triaged")
    unassigned = VanguardFactory(name="Echo Vanguard")
    client.force_login(rm_lead)
    response = client.get("/")
    tables = tables_of(response)
    # The RM lead's home lists only the vanguards overdue for contact (nationally every RM's
    # vanguards are hundreds of rows): Bravo and Charlie, on track, are counted, not listed.
    assert CADENCE_CAPTION not in tables
    cadence = as_records(tables[OVERDUE_CAPTION])
    assert [(r["Vanguard"], r["Relationship manager"], r["Contact"]) for r in cadence] == [
        ("Delta Vanguard Alpha group", rm.full_name, "No contact yet"),
        (unassigned.name, "None assigned", "No contact yet"),
        ("Alpha Vanguard Alpha group", rm.full_name, "Contact overdue"),
    ]
    assert cadence[2]["Last contact"] == day(rms_vanguards["lapsed_on"])
    assert "3 of 5 vanguards are overdue for contact." in response.content.decode()
    workload = as_records(tables[WORKLOAD_CAPTION])
    assert workload == [
        {
            "Relationship manager": rm_lead.full_name,  # Raj Lead
            "Vanguards": "1",
            "Overdue contacts": "0",
            "Open actions owned": "0",
            "Open support requests assigned": "1",
        },
        {
            "Relationship manager": rm.full_name,  # Rita Manager
            "Vanguards": "3",
            "Overdue contacts": "2",
            "Open actions owned": "2",
            "Open support requests assigned": "0",
        },
    ]


def test_rm_lead_pages_through_the_vanguards_overdue_for_contact(client, rm_lead):
    group = CohortGroupFactory()
    lapsed = timezone.localdate() - datetime.timedelta(days=60)
    for number in range(27):  # lapsed a day apart: the most urgent is the longest lapsed
        vanguard = VanguardFactory(name=f"Lapsed {number:02}")
        join_group(vanguard, group)
        TouchpointFactory(vanguards=[vanguard], date=lapsed + datetime.timedelta(days=number))
    on_time = VanguardFactory(name="On time")
    join_group(on_time, group)
    TouchpointFactory(vanguards=[on_time])
    client.force_login(rm_lead)
    first = client.get("/")
    names = [r["Vanguard"].split(" ", 2)[:2] for r in as_records(tables_of(first)[OVERDUE_CAPTION])]
    assert names == [["Lapsed", f"{number:02}"] for number in range(25)]
    html = first.content.decode()
    assert "27 of 28 vanguards are overdue for contact." in html
    assert 'class="govuk-pagination"' in html and 'href="?page=2"' in html
    assert 'aria-label="Vanguards overdue for contact pages"' in html  # not just "Pages"
    second = as_records(tables_of(client.get("/?page=2"))[OVERDUE_CAPTION])
    assert [r["Vanguard"].split(" ", 2)[1] for r in second] == ["25", "26"]


def test_rm_lead_pages_through_the_relationship_managers_workloads(client, rm, rm_lead):
    """Nationally there are dozens of RMs: 25 a page, by name, with their own page number."""
    for number in range(25):
        UserFactory(role=Role.RM, full_name=f"Aaa RM {number:02}")
    client.force_login(rm_lead)
    first = client.get("/")
    names = [r["Relationship manager"] for r in as_records(tables_of(first)[WORKLOAD_CAPTION])]
    assert names == [f"Aaa RM {number:02}" for number in range(25)]
    html = first.content.decode()
    assert 'href="?workloads_page=2"' in html
    assert 'aria-label="Relationship managers\' workload pages"' in unescape(html)
    second = client.get("/?page=1&workloads_page=2")
    names = [r["Relationship manager"] for r in as_records(tables_of(second)[WORKLOAD_CAPTION])]
    assert names == sorted([rm.full_name, rm_lead.full_name])
    # Its links keep the other blocks' pages.
    assert 'href="?page=1&amp;workloads_page=1"' in second.content.decode()


def test_rm_lead_with_every_vanguard_on_time_gets_no_table(client, rm_lead, vanguard_a):
    TouchpointFactory(vanguards=[vanguard_a])
    client.force_login(rm_lead)
    response = client.get("/")
    assert "Every vanguard has been contacted on time." in response.content.decode()
    tables = tables_of(response)
    assert OVERDUE_CAPTION not in tables and WORKLOAD_CAPTION in tables


def test_a_closed_vanguard_is_not_flagged(client, rm, vanguard_a):
    vanguard_a.status = "closed"
    vanguard_a.save()
    client.force_login(rm)
    (record,) = as_records(tables_of(client.get("/"))[CADENCE_CAPTION])
    assert (record["Next due"], record["Contact"]) == ("Not needed", "Vanguard closed")


def test_rm_whose_vanguards_are_all_on_time_is_told_so(client, rm, vanguard_a):
    TouchpointFactory(vanguards=[vanguard_a], author=rm)
    client.force_login(rm)
    html = client.get("/").content.decode()
    assert "Every vanguard has been contacted on time." in html
    assert "Contact overdue" not in html


@pytest.mark.parametrize(
    "role", ["admin_user", "programme_lead", "regional_lead", "learning_user", "member_a"]
)
def test_other_roles_do_not_get_the_cadence_or_workloads(client, cast, role):
    client.force_login(cast[role])
    response = client.get("/")
    assert response.status_code == 200
    tables = tables_of(response)
    assert CADENCE_CAPTION not in tables and WORKLOAD_CAPTION not in tables


@pytest.mark.parametrize(
    ("role", "caption", "sees_workload"),
    [("rm", CADENCE_CAPTION, False), ("rm_lead", OVERDUE_CAPTION, True)],
)
def test_rms_get_the_cadence(client, cast, role, caption, sees_workload):
    client.force_login(cast[role])
    tables = tables_of(client.get("/"))
    assert caption in tables  # the cast's vanguards were never contacted
    assert (WORKLOAD_CAPTION in tables) is sees_workload


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _grow(group, rm, count):
    """More vanguards in `group`, each with touchpoints, actions and support requests."""
    for _ in range(count):
        vanguard = VanguardFactory()
        join_group(vanguard, group)
        TouchpointFactory.create_batch(3, vanguards=[vanguard], author=rm)
        ActionFactory(vanguard=vanguard, owner=rm)
        SupportRequestFactory(vanguard=vanguard, assigned_to=rm)


def _returns_due(quarters: int = 1):
    """The ended quarter's returns are being collected, and `quarters - 1` earlier quarters'
    are past due, so the home lists them all."""
    quarter = Quarter.containing(timezone.localdate()).previous()
    for _ in range(quarters):
        ReturnPeriod.objects.get_or_create(
            year=quarter.year,
            number=quarter.number,
            defaults={"due_on": quarter.end + datetime.timedelta(days=30)},
        )
        quarter = quarter.previous()


@pytest.mark.parametrize("quarters", [1, 6])
def test_rm_home_query_budget_does_not_grow(client, rm, quarters, django_assert_max_num_queries):
    _returns_due(quarters)
    group = CohortGroupFactory(relationship_manager=rm)
    client.force_login(rm)
    vanguards = 0
    for more in (1, 10):
        _grow(group, rm, more)
        vanguards += more
        # 1 session, 2 user, 3 the programme settings row, 4 the RM's vanguards with open
        # actions and open support requests as subqueries and the current group and RM
        # joined (the status tiles count them; the returns and the plans are asked about
        # these vanguards, not read again), 5 their last contacts (each one's newest, for up
        # to eight; for more, those of the last cadence and 6 the older ones of those with
        # none: cadence.last_contacts), 7 the return periods
        # chased (every quarter past due and the one being collected), 8 the most urgent of
        # their outstanding returns in those quarters with the counts of all, 9 a page of
        # their delivery plans with activities overdue or at risk, counted in the database
        # (by id).
        with django_assert_max_num_queries(9):
            html = client.get("/").content.decode()
        # The most urgent returns are listed and every one counted, without a query per
        # quarter or vanguard.
        table = html.split("Quarterly returns for")[1].split("</table>")[0]
        owed = quarters * vanguards
        assert table.count('<tr class="govuk-table__row">') == 1 + min(owed, RETURNS_SHOWN)
        assert (f"of {owed} outstanding returns are shown" in html) == (owed > RETURNS_SHOWN)


def test_rm_lead_home_query_budget_does_not_grow(client, rm_lead, django_assert_max_num_queries):
    _returns_due()
    groups = [CohortGroupFactory(relationship_manager=UserFactory(role=Role.RM)) for _ in range(2)]
    client.force_login(rm_lead)
    for more in (1, 5):
        for group in groups:
            _grow(group, group.relationship_manager, more)
            # Overdue for contact (older contacts looked up) and never contacted.
            lapsed = VanguardFactory()
            join_group(lapsed, group)
            TouchpointFactory(vanguards=[lapsed], date=datetime.date(2024, 1, 8))
            join_group(VanguardFactory(), group)
        # 1 session, 2 user, 3 programme settings, 4 every vanguard with whether it was
        # contacted lately (the last cadence's contacts as a set) and its RM, 5 the overdue
        # ones' last contacts, 6 the page of them with their open work, 7 a page of the RMs
        # with the actions they own and the support requests assigned to them as subqueries,
        # counted (their caseloads are counted from query 4's rows), 8 the first overdue
        # concerns and their count, 9 the return periods chased, 10 the vanguards' returns'
        # statuses, 11 a page of the delivery plans needing attention, counted, and 12 the
        # programme director (asked about by the concerns' visibility rule).
        with django_assert_max_num_queries(12):
            assert client.get("/").status_code == 200
        groups.append(CohortGroupFactory(relationship_manager=UserFactory(role=Role.RM)))

"""Returns on the home pages: the admin's, the RM lead's (every vanguard) and an RM's (their
groups' vanguards) list the returns not started, in progress, late or returned with a query,
of the latest due quarter and of every earlier quarter whose due date has passed;
a member's to-do list has "Complete your quarterly return" with its status and due date."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.models import QuarterlyReturn, ReturnPeriod
from reporting.selectors.returns import LIST_STATUSES
from reporting.selectors.returns_admin import (
    IN_PROGRESS,
    LATE,
    NOT_STARTED,
    QUERIED,
    outstanding_returns,
)
from tests.conftest import CAST
from tests.factories import VanguardFactory, join_group
from vanguards import permissions
from vanguards.models import CohortGroup, Vanguard
from workwell.dates import Quarter, govuk_date

Status = QuarterlyReturn.Status
TODAY = timezone.localdate()
ENDED = Quarter.containing(TODAY).previous()


def due_in(days: int, quarter=ENDED) -> ReturnPeriod:
    """The quarter's returns due `days` from today (negative: in the past)."""
    return ReturnPeriod.objects.create(
        year=quarter.year, number=quarter.number, due_on=TODAY + datetime.timedelta(days=days)
    )


def give_return(vanguard, status, quarter=ENDED):
    return QuarterlyReturn.objects.create(
        vanguard=vanguard, year=quarter.year, number=quarter.number, status=status
    )


def states(user, today=TODAY) -> dict[str, str]:
    """The latest due quarter's outstanding returns by vanguard."""
    found = outstanding_returns(vanguards=permissions.returns_chased_vanguards(user), today=today)
    return {row.vanguard.slug: row.state for row in found.returns if row.quarter == ENDED}


def every_state(user) -> dict[tuple[str, str], str]:
    """Every chased quarter's outstanding returns by (vanguard, quarter)."""
    found = outstanding_returns(vanguards=permissions.returns_chased_vanguards(user), today=TODAY)
    return {(row.vanguard.slug, str(row.quarter)): row.state for row in found.returns}


@pytest.mark.django_db
def test_not_started_and_in_progress_before_the_due_date(admin_user, vanguard_a, vanguard_b):
    due_in(3)
    give_return(vanguard_a, Status.IN_PROGRESS)
    assert states(admin_user) == {"alpha": IN_PROGRESS, "bravo": NOT_STARTED}


@pytest.mark.django_db
def test_late_after_the_due_date_unless_signed_off(admin_user, vanguard_a, vanguard_b):
    due_in(-1)
    charlie = VanguardFactory(slug="charlie")
    delta = VanguardFactory(slug="delta")
    give_return(vanguard_a, Status.IN_PROGRESS)
    give_return(charlie, Status.SUBMITTED)
    give_return(delta, Status.ACCEPTED)
    VanguardFactory(slug="echo", status=Vanguard.Status.CLOSED)
    found = outstanding_returns(vanguards=Vanguard.objects.all(), today=TODAY)
    assert {row.vanguard.slug: row.state for row in found.returns} == {
        "alpha": LATE,
        "bravo": LATE,
    }
    assert found.received == 2


@pytest.mark.django_db
def test_an_older_quarters_missing_return_stays_listed(admin_user, vanguard_a, vanguard_b):
    """The latest due quarter is collected, but an earlier quarter's return that never came
    (or is still a draft) is late until it is signed off."""
    older, oldest = ENDED.previous(), ENDED.previous().previous()
    due_in(-120, oldest)
    due_in(-30, older)
    due_in(5)
    for quarter in (oldest, older):
        give_return(vanguard_b, Status.ACCEPTED, quarter)
    give_return(vanguard_a, Status.IN_PROGRESS, older)
    give_return(vanguard_a, Status.SUBMITTED, oldest)
    assert every_state(admin_user) == {
        ("alpha", str(older)): LATE,
        ("alpha", str(ENDED)): NOT_STARTED,
        ("bravo", str(ENDED)): NOT_STARTED,
    }


@pytest.mark.django_db
def test_a_quarter_before_the_vanguard_delivered_owes_no_return(admin_user, vanguard_a):
    before = Quarter.containing(vanguard_a.start_date).previous()
    due_in(-400, before)
    due_in(5)
    assert every_state(admin_user) == {("alpha", str(ENDED)): NOT_STARTED}


@pytest.mark.django_db
def test_a_quarter_not_yet_due_is_chased_only_when_latest(admin_user, vanguard_a):
    """An earlier quarter whose (unusually late) due date has not passed is not chased yet;
    the latest due quarter always is."""
    due_in(10, ENDED.previous())
    due_in(3)
    assert every_state(admin_user) == {("alpha", str(ENDED)): NOT_STARTED}


@pytest.mark.django_db
def test_a_queried_return_is_listed_as_waiting_on_the_vanguard(
    client, admin_user, vanguard_a, vanguard_b
):
    due_in(-3, ENDED.previous())
    due_in(-1)
    give_return(vanguard_a, Status.QUERIED)
    give_return(vanguard_b, Status.ACCEPTED)
    give_return(vanguard_a, Status.ACCEPTED, ENDED.previous())
    give_return(vanguard_b, Status.QUERIED, ENDED.previous())
    found = outstanding_returns(vanguards=Vanguard.objects.all(), today=TODAY)
    assert {(row.vanguard.slug, row.quarter): row.state for row in found.returns} == {
        ("alpha", ENDED): QUERIED,
        ("bravo", ENDED.previous()): QUERIED,
    }
    assert found.received == 1  # a queried return is not received
    client.force_login(admin_user)
    page = client.get("/").content.decode()
    assert "1 of 2 vanguards signed off so far" in page
    assert "1 return from earlier quarters is still outstanding" in page
    table = page.split("<table")[1].split("</table>")[0]
    assert table.count("Returned with a query") == 2
    assert table.count("(waiting on the vanguard)") == 2


@pytest.mark.django_db
def test_the_home_names_each_outstanding_returns_quarter(client, admin_user, vanguard_a):
    older = ENDED.previous()
    due_in(-20, older)
    due_in(3)
    client.force_login(admin_user)
    page = client.get("/").content.decode()
    assert f"Quarterly returns for {older} to {ENDED}" in page
    url = reverse("reporting:return", kwargs={"slug": "alpha", "quarter": older})
    table = page.split("<table")[1].split("</table>")[0]
    assert f'href="{url}"' in table
    assert table.index(str(older)) < table.index(str(ENDED))  # late first


@pytest.mark.django_db
def test_the_due_day_itself_is_not_late(admin_user, vanguard_a, vanguard_b):
    due_in(0)
    assert set(states(admin_user).values()) == {NOT_STARTED}


@pytest.mark.django_db
def test_the_rm_sees_their_groups_vanguards_the_lead_and_admin_every_one(
    admin_user, rm, rm_lead, vanguard_a, vanguard_b
):
    due_in(3)
    assert set(states(rm)) == {"alpha"}
    assert set(states(rm_lead)) == {"alpha", "bravo"}
    assert set(states(admin_user)) == {"alpha", "bravo"}


@pytest.mark.django_db
def test_no_due_date_for_the_ended_quarter_shows_nothing(client, admin_user, vanguard_a):
    this_quarter = Quarter.containing(TODAY)
    ReturnPeriod.objects.create(
        year=this_quarter.year,
        number=this_quarter.number,
        due_on=this_quarter.end + datetime.timedelta(days=30),
    )
    client.force_login(admin_user)
    assert "Quarterly returns for" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_home_lists_returns_in_progress_before_those_not_started(
    client, rm_lead, vanguard_a, vanguard_b
):
    due_in(3)
    give_return(vanguard_b, Status.IN_PROGRESS)
    client.force_login(rm_lead)
    table = client.get("/").content.decode().split("Quarterly returns for")[1]
    assert table.index("Bravo Vanguard") < table.index("Alpha Vanguard")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "listed"),
    [
        ("admin_user", True),
        ("rm", True),
        ("rm_lead", True),
        ("programme_lead", False),
        ("learning_user", False),
        ("regional_lead", False),
        ("member_a", False),
    ],
)
def test_who_sees_the_returns_block(client, cast, role, listed):
    due_in(5)
    client.force_login(cast[role])
    page = client.get("/").content.decode()
    assert (f"Quarterly returns for {ENDED}" in page) is listed
    if listed:
        assert "Alpha Vanguard" in page and "Not started" in page


@pytest.mark.django_db
def test_the_admin_home_shows_counts_and_each_state(client, admin_user, vanguard_a, vanguard_b):
    due_in(-2)
    give_return(vanguard_a, Status.IN_PROGRESS)
    charlie = VanguardFactory(name="Charlie Vanguard", slug="charlie")
    give_return(charlie, Status.SUBMITTED)
    client.force_login(admin_user)
    page = client.get("/").content.decode()
    assert "1 of 3 vanguards signed off so far" in page
    assert "(in progress)" in page
    assert "(not started)" in page
    assert "Charlie Vanguard" not in page.split("Quarterly returns for")[1].split("</table>")[0]


@pytest.mark.django_db
def test_every_return_signed_off_says_so(client, rm, vanguard_a):
    due_in(-2)
    give_return(vanguard_a, Status.ACCEPTED)
    client.force_login(rm)
    assert "Every vanguard has signed theirs off" in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_home_links_each_return_to_its_page(client, admin_user, vanguard_a):
    due_in(3)
    client.force_login(admin_user)
    page = client.get("/").content.decode()
    url = reverse("reporting:return", kwargs={"slug": "alpha", "quarter": ENDED})
    assert f'href="{url}"' in page


# --- The member's task --------------------------------------------------------------------


def member_task(client, member) -> str:
    client.force_login(member)
    page = client.get("/").content.decode()
    if "Complete your quarterly return" not in page:
        return ""
    section = page.split("Complete your quarterly return")[1]
    return section.split("</li>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days", "status", "tag", "hint"),
    [
        (3, None, "Not started", "Due "),
        (3, Status.IN_PROGRESS, "In progress", "Due "),
        (-1, None, "Overdue", "It was due on "),
        (-1, Status.IN_PROGRESS, "Overdue", "It was due on "),
        (-1, Status.QUERIED, "In progress", "Returned with a query"),
    ],
)
def test_the_member_task_shows_its_status_and_due_date(
    client, member_a, vanguard_a, days, status, tag, hint
):
    period = due_in(days)
    if status:
        give_return(vanguard_a, status)
    task = member_task(client, member_a)
    assert f": {ENDED}" in task
    assert tag in task and hint in task
    assert govuk_date(period.due_on) in task


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.ACCEPTED])
def test_a_received_return_leaves_the_members_list(client, member_a, vanguard_a, status):
    due_in(-1)
    give_return(vanguard_a, status)
    assert member_task(client, member_a) == ""


def member_tasks(client, member) -> list[str]:
    """Each return task on the member's home (its task-list item's markup), in order."""
    client.force_login(member)
    items = client.get("/").content.decode().split('class="govuk-task-list__item')[1:]
    return [item for item in items if "Complete your quarterly return: " in item]


def quarter_of(task: str) -> str:
    return task.split("Complete your quarterly return: ")[1].split("<")[0].strip()


@pytest.mark.django_db
def test_the_member_sees_every_quarters_outstanding_return_oldest_first(
    client, member_a, vanguard_a, vanguard_b
):
    """Two overdue quarters and the latest one's queried return: three tasks, each with its
    tag, due date and link; another quarter's received return is not among them."""
    older = ENDED.previous()
    oldest = older.previous()
    accepted = oldest.previous()
    periods = {
        accepted: due_in(-200, accepted),
        oldest: due_in(-120, oldest),
        older: due_in(-30, older),
        ENDED: due_in(-2),
    }
    give_return(vanguard_a, Status.ACCEPTED, accepted)
    give_return(vanguard_a, Status.IN_PROGRESS, older)
    give_return(vanguard_a, Status.QUERIED)
    give_return(vanguard_b, Status.IN_PROGRESS, oldest)  # another vanguard's: not counted
    tasks = member_tasks(client, member_a)
    assert [quarter_of(task) for task in tasks] == [str(oldest), str(older), str(ENDED)]
    expected_tags = ["Overdue", "Overdue", "In progress"]
    for task, quarter, tag in zip(tasks, (oldest, older, ENDED), expected_tags, strict=True):
        assert tag in task
        assert f"It was due on {govuk_date(periods[quarter].due_on)}" in task
        url = reverse("reporting:return", kwargs={"slug": "alpha", "quarter": quarter})
        assert f'href="{url}"' in task
    assert "Returned with a query" in tasks[2]
    assert "Returned with a query" not in tasks[0] + tasks[1]


@pytest.mark.django_db
def test_a_received_older_return_disappears(client, member_a, vanguard_a):
    older = ENDED.previous()
    due_in(-30, older)
    due_in(3)
    assert len(member_tasks(client, member_a)) == 2
    give_return(vanguard_a, Status.SUBMITTED, older)
    assert [quarter_of(task) for task in member_tasks(client, member_a)] == [str(ENDED)]


@pytest.mark.django_db
def test_another_vanguards_return_does_not_count(client, member_a, vanguard_b):
    due_in(3)
    give_return(vanguard_b, Status.ACCEPTED)
    assert "Not started" in member_task(client, member_a)


@pytest.mark.django_db
def test_no_task_without_a_due_date(client, member_a):
    assert member_task(client, member_a) == ""


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
def test_only_the_admin_home_links_to_due_dates_and_upload(client, cast, role):
    client.force_login(cast[role])
    page = client.get("/").content.decode()
    links = (
        'href="/reporting/returns/due-dates/"' in page
        and 'href="/reporting/returns/upload/"' in page
    )
    assert links is (role == "admin_user")


@pytest.mark.django_db
def test_a_return_outside_the_chased_quarters_or_the_delivery_stands_in_for_none(
    admin_user, vanguard_a, vanguard_b
):
    """Returns are matched to the quarters they are for: one started early for the current
    quarter (not chased) is not listed, and one for a quarter before the vanguard delivered
    does not count as the return it owes for a chased quarter."""
    before = Quarter.containing(vanguard_a.start_date).previous()
    due_in(-400, before)
    due_in(-1)
    give_return(vanguard_a, Status.ACCEPTED, before)
    give_return(vanguard_a, Status.IN_PROGRESS, ENDED.next())
    give_return(vanguard_b, Status.QUERIED, before)
    give_return(vanguard_b, Status.ACCEPTED)
    found = outstanding_returns(vanguards=Vanguard.objects.all(), today=TODAY)
    assert [(row.vanguard.slug, row.quarter, row.state) for row in found.returns] == [
        ("bravo", before, QUERIED),
        ("alpha", ENDED, LATE),
    ]
    assert found.received == 1


@pytest.mark.django_db
def test_outstanding_returns_are_oldest_quarter_first_then_by_vanguard(admin_user):
    names = ["Delta", "Alpha", "Charlie", "Bravo"]
    vanguards = [
        VanguardFactory(name=name, slug=name.lower(), start_date=datetime.date(2020, 4, 1))
        for name in names
    ]
    due_in(-30, ENDED.previous())
    due_in(-1)
    give_return(vanguards[0], Status.IN_PROGRESS, ENDED.previous())
    give_return(vanguards[2], Status.ACCEPTED)
    found = outstanding_returns(vanguards=Vanguard.objects.all(), today=TODAY)
    assert [(row.quarter, row.vanguard.name) for row in found.returns] == [
        (ENDED.previous(), "Alpha"),
        (ENDED.previous(), "Bravo"),
        (ENDED.previous(), "Charlie"),
        (ENDED.previous(), "Delta"),
        (ENDED, "Alpha"),
        (ENDED, "Bravo"),
        (ENDED, "Delta"),
    ]
    assert [row.status for row in found.returns][3] == Status.IN_PROGRESS


def _list_rows(client, query: str) -> list[tuple[str, str, str]]:
    """The returns list's rows (vanguard, quarter, status) as its CSV download has them."""
    response = client.get(f"/reporting/returns/?{query}&_export=csv")
    reader = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    return [(row["Vanguard"], row["Quarter"], row["Status"]) for row in reader]


@pytest.fixture
def many_owing(vanguard_a, vanguard_b, rm):
    """12 more vanguards in the RM's group: with Alpha and Bravo, 14 owe the ended quarter's
    return (3 of them late from the quarter before), Bravo outside the RM's group."""
    group = CohortGroup.objects.get(name="Alpha group")
    due_in(-40, ENDED.previous())
    due_in(3)
    for index in range(12):
        vanguard = VanguardFactory(name=f"Owing {index:02}", slug=f"owing-{index:02}")
        join_group(vanguard, group)
        if index >= 3:
            give_return(vanguard, Status.ACCEPTED, ENDED.previous())
    give_return(vanguard_a, Status.ACCEPTED, ENDED.previous())
    give_return(vanguard_b, Status.QUERIED, ENDED.previous())


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin_user", "rm_lead", "rm"])
def test_the_home_shows_the_10_most_urgent_and_links_to_them_all(client, cast, many_owing, role):
    user = cast[role]
    client.force_login(user)
    page = client.get("/").content.decode()
    block = page.split("Quarterly returns for")[1]
    table = block.split("<table")[1].split("</table>")[0]
    assert table.count('<tr class="govuk-table__row">') == 1 + 10
    found = outstanding_returns(vanguards=permissions.returns_chased_vanguards(user), today=TODAY)
    # The 3 late (the quarter before), then Bravo's queried one (not the RM's), then those
    # not started.
    assert table.index("Owing 02") < table.index("Not started")
    if role != "rm":
        assert table.index("Owing 02") < table.index("Returned with a query")
        assert table.index("Returned with a query") < table.index("Not started")
    assert (
        f"The 10 most urgent of {found.total} outstanding returns are shown. "
        f'<a class="govuk-link" href="/reporting/returns/?show=outstanding">'
        f"See all {found.total} outstanding returns</a>."
    ) in block
    # The link shows the same returns, every one of them.
    listed = _list_rows(client, "show=outstanding")
    expected = [
        (row.vanguard.name, str(row.quarter), row.status or "not_started") for row in found.returns
    ]
    labels = dict(LIST_STATUSES)
    assert sorted(listed) == sorted((name, quarter, labels[s]) for name, quarter, s in expected)
    assert len(listed) == found.total
    # Newest quarter first, by vanguard within it, as the list orders every return.
    quarters = [quarter for _, quarter, _ in listed]
    assert quarters == sorted(quarters, reverse=True)


@pytest.mark.django_db
def test_the_outstanding_filter_keeps_the_other_filters(client, admin_user, many_owing):
    client.force_login(admin_user)
    older = ENDED.previous()
    rows = _list_rows(client, f"show=outstanding&quarter={older.year}-q{older.number}")
    assert sorted(name for name, _, _ in rows) == [
        "Bravo Vanguard",
        "Owing 00",
        "Owing 01",
        "Owing 02",
    ]
    rows = _list_rows(client, "show=outstanding&status=queried")
    assert rows == [("Bravo Vanguard", str(older), "Returned with a query")]
    page = client.get("/reporting/returns/?show=outstanding").content.decode()
    # 14 of the ended quarter; 3 late and Bravo's queried one of the quarter before.
    assert '<p class="govuk-body">18 returns.' in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["programme_lead", "regional_lead", "member_a"])
def test_only_those_who_chase_returns_are_offered_the_outstanding_filter(
    client, cast, many_owing, role
):
    client.force_login(cast[role])
    page = client.get("/reporting/returns/").content.decode()
    assert 'name="show"' not in page
    # Asked for anyway, it is not a filter of theirs: they get the list as it is.
    assert _list_rows(client, "show=outstanding") == _list_rows(client, "")

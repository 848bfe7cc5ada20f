"""The return's task list: one task per strand with participants, then the narrative, each
with its status; starting the return creates it; query budget."""

import pytest

from reporting.models import QuarterlyReturn, StrandReturn

from .conftest import QUARTER, as_post, good_figures, make_return, make_strand, return_url

pytestmark = pytest.mark.django_db


def _statuses(html: str, names) -> list[str]:
    """Each task's status, in the order of `names`, read from the task list's markup."""
    found = []
    for name in names:
        start = html.index(name)
        status_at = html.index("govuk-task-list__status", start)
        end = html.index("</div>", status_at)
        text = html[status_at:end].split(">", 1)[1]
        found.append(" ".join(text.replace("</strong>", "").split(">")[-1].split()))
    return found


def test_not_started_return_offers_to_start_it(client, member_a, strands_a, period):
    client.force_login(member_a)
    response = client.get(return_url(member_a.vanguard_membership.vanguard))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Start this return" in html
    assert "Contingency and management" not in html  # no participants: no task
    assert (
        _statuses(html, ["MSK employment support", "Be Well enhancement", "Narrative"])
        == ["Not yet started"] * 3
    )


def test_starting_creates_the_return_once(client, member_a, vanguard_a, strands_a, period):
    client.force_login(member_a)
    for _ in range(2):
        response = client.post(return_url(vanguard_a, "start/"))
        assert response.status_code == 302
    report = QuarterlyReturn.objects.get(vanguard=vanguard_a)
    assert (report.year, report.number, report.status) == (1 * QUARTER.year, 1, "in_progress")


def test_task_statuses_follow_the_figures(client, member_a, vanguard_a, strands_a, period):
    report = make_return(vanguard_a)
    StrandReturn.objects.create(quarterly_return=report, strand=strands_a[0], **good_figures())
    StrandReturn.objects.filter(strand=strands_a[0]).update(complete=True)
    StrandReturn.objects.create(quarterly_return=report, strand=strands_a[1], referrals=4)
    report.progress = "Started well"
    report.save()
    client.force_login(member_a)
    html = client.get(return_url(vanguard_a)).content.decode()
    assert _statuses(html, ["MSK employment support", "Be Well enhancement", "Narrative"]) == [
        "Completed",
        "In progress",
        "In progress",
    ]
    assert "You have completed 1 of 3 sections." in html


def test_saving_a_completed_strand_completes_its_task(
    client, member_a, vanguard_a, strands_a, period
):
    make_return(vanguard_a)
    client.force_login(member_a)
    url = return_url(vanguard_a, f"strands/{strands_a[0].pk}/")
    response = client.post(url, as_post(good_figures()))
    assert response.status_code == 302
    html = client.get(return_url(vanguard_a)).content.decode()
    assert _statuses(html, ["MSK employment support"]) == ["Completed"]


def test_contingency_strand_has_no_form(client, member_a, vanguard_a, strands_a, period):
    make_return(vanguard_a)
    client.force_login(member_a)
    response = client.get(return_url(vanguard_a, f"strands/{strands_a[2].pk}/"))
    assert response.status_code == 404


def test_task_list_query_budget_does_not_grow_with_strands(
    client, member_a, vanguard_a, strands_a, period, django_assert_max_num_queries
):
    report = make_return(vanguard_a)
    for index in range(8):
        strand = make_strand(vanguard_a, f"Extra strand {index}", 50, 10 + index)
        StrandReturn.objects.create(quarterly_return=report, strand=strand, **good_figures())
    client.force_login(member_a)
    client.get(return_url(vanguard_a))  # warm the session
    # session, user, membership with vanguard (the navigation), the vanguard (through the
    # return rule), the period, the return, the strands, the strand figures, messages/savepoints
    with django_assert_max_num_queries(10):
        response = client.get(return_url(vanguard_a))
    assert response.status_code == 200
    assert response.content.decode().count('<li class="govuk-task-list__item') == 2 + 8 + 1

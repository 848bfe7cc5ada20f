"""An admin corrects an accepted return with a reason: it stays accepted, the reason is kept,
and the history page lists every version with who, when, status and what changed."""

import pytest

from reporting.models import QuarterlyReturn, StrandReturn

from .conftest import QUARTER, as_post, fill_return, good_figures, make_return, return_url

pytestmark = pytest.mark.django_db
Status = QuarterlyReturn.Status


@pytest.fixture
def accepted(vanguard_a, strands_a, period):
    report = fill_return(make_return(vanguard_a), strands_a[:2])
    report.status = Status.ACCEPTED
    report.save()
    return report


def _correction(**figures):
    data = as_post(good_figures(**figures))
    del data["complete"]
    return data


def test_admin_corrects_with_a_reason(client, admin_user, vanguard_a, strands_a, accepted):
    client.force_login(admin_user)
    url = return_url(vanguard_a, f"strands/{strands_a[0].pk}/correct/")
    response = client.post(url, {**_correction(referrals=25), "reason": "Typo in referrals"})
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED
    assert accepted.correction_reason == "Typo in referrals"
    assert StrandReturn.objects.get(strand=strands_a[0]).referrals == 25

    html = client.get(return_url(vanguard_a, "history/")).content.decode()
    assert "Changed referrals from 20 to 25" in html
    assert "Reason: Typo in referrals" in html
    assert "MSK employment support: Accepted" in html
    assert "Ada Admin" in html


def test_correction_needs_a_reason(client, admin_user, vanguard_a, strands_a, accepted):
    client.force_login(admin_user)
    url = return_url(vanguard_a, f"strands/{strands_a[0].pk}/correct/")
    response = client.post(url, {**_correction(referrals=25), "reason": ""})
    assert "Enter the reason for the correction" in response.content.decode()
    assert StrandReturn.objects.get(strand=strands_a[0]).referrals == 20


def test_correction_must_keep_every_rule(client, admin_user, vanguard_a, strands_a, accepted):
    client.force_login(admin_user)
    url = return_url(vanguard_a, f"strands/{strands_a[0].pk}/correct/")
    response = client.post(url, {**_correction(referrals=5), "reason": "Recount"})
    assert "must be no more than referrals" in response.content.decode()
    assert StrandReturn.objects.get(strand=strands_a[0]).referrals == 20


def test_history_lists_each_step_of_the_workflow(
    client, member_a, rm, vanguard_a, strands_a, period
):
    client.force_login(member_a)
    client.post(return_url(vanguard_a, "start/"))
    for strand in strands_a[:2]:
        client.post(return_url(vanguard_a, f"strands/{strand.pk}/"), as_post(good_figures()))
    narrative = {"progress": "Grew", "risks": "Staff", "what_helped": "Hubs", "complete": "yes"}
    client.post(return_url(vanguard_a, "narrative/"), narrative)
    client.post(return_url(vanguard_a, "sign-off/"), {"confirm": "on"})
    client.force_login(rm)
    client.post(return_url(vanguard_a, "query/"), {"query": "Check spend"})
    html = client.get(return_url(vanguard_a, "history/")).content.decode()
    assert "Changed status from In progress to Submitted" in html
    assert "Changed status from Submitted to Returned with a query" in html
    assert "Set query to Check spend" not in html  # a change of an existing row, not a start
    assert "Changed query from nothing to Check spend" in html
    assert "Set referrals to 20" in html
    assert html.index("Returned with a query") < html.index("Set referrals to 20")  # newest first
    assert "By Rita Manager" in html and "By Mem Alpha" in html


def test_a_correction_may_not_break_a_later_quarters_outcomes(
    client, admin_user, vanguard_a, strands_a, accepted
):
    # The next quarter counts 11 remained in work against 6 + 6 in-work starts to date.
    later = fill_return(
        make_return(vanguard_a, Status.ACCEPTED, quarter=QUARTER.next()),
        strands_a[:1],
        remained_in_work=11,
    )
    client.force_login(admin_user)
    url = return_url(vanguard_a, f"strands/{strands_a[0].pk}/correct/")
    fewer_in_work = _correction(starts_in_work=1, starts_out_of_work=9, remained_in_work=1)
    response = client.post(url, {**fewer_in_work, "reason": "Recount"})
    html = response.content.decode()
    assert "would break a later quarter" in html
    assert f"{later.quarter}: Remained in work (11) must be no more than" in html
    assert (
        StrandReturn.objects.get(strand=strands_a[0], quarterly_return=accepted).starts_in_work == 6
    )
    # Keeping enough in-work starts is accepted.
    enough = _correction(starts_in_work=5, starts_out_of_work=5, remained_in_work=1)
    assert client.post(url, {**enough, "reason": "Recount"}).status_code == 302

"""The return's workflow through the pages: the SRO signs off (only the SRO, only with the
confirmation, never with a section incomplete or a problem left), the RM accepts or returns
it with a query, the vanguard answers and resubmits; accepted returns are locked; each
forbidden transition is refused by the service with the one domain error."""

import pytest

from reporting.models import QuarterlyReturn, StrandReturn
from reporting.services import returns as services
from reporting.services.returns import ReturnError
from tests.factories import UserFactory
from vanguards.models import VanguardMember
from workwell.errors import ServiceError

from .conftest import as_post, fill_return, good_figures, make_return, return_url

pytestmark = pytest.mark.django_db
Status = QuarterlyReturn.Status


@pytest.fixture
def ready(vanguard_a, strands_a, period):
    """Vanguard A's return with every section completed and keeping every rule."""
    return fill_return(make_return(vanguard_a), strands_a[:2])


def _sign_off(client, vanguard, confirm=True):
    return client.post(return_url(vanguard, "sign-off/"), {"confirm": "on"} if confirm else {})


def test_sro_signs_off_and_the_rm_is_emailed(
    client, member_a, rm, vanguard_a, ready, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_off(client, vanguard_a)
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Status.SUBMITTED
    assert ready.signed_off_by == member_a and ready.signed_off_at is not None
    (email,) = mailoutbox
    assert email.to == [rm.email]
    assert "Alpha Vanguard has signed off its 2025/26 Q1 return" in email.subject
    assert "/reporting/returns/alpha/2025-q1/check/" in email.body


def test_sign_off_needs_the_confirmation(client, member_a, vanguard_a, ready):
    client.force_login(member_a)
    response = _sign_off(client, vanguard_a, confirm=False)
    assert response.status_code == 200
    assert "Confirm that these figures are accurate" in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.IN_PROGRESS


def test_only_the_sro_signs_off(client, vanguard_a, ready):
    other = VanguardMember.objects.create(
        user=UserFactory(role="member"),
        vanguard=vanguard_a,
        title=VanguardMember.Title.PMO_LEAD,
    ).user
    client.force_login(other)
    page = client.get(return_url(vanguard_a, "check/")).content.decode()
    assert "Sign off and submit" not in page
    response = _sign_off(client, vanguard_a)
    assert response.status_code == 200
    assert "senior responsible owner can sign it off." in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.IN_PROGRESS


def test_sign_off_refused_with_a_section_incomplete(client, member_a, vanguard_a, ready):
    StrandReturn.objects.filter(strand__name="Be Well enhancement").update(complete=False)
    client.force_login(member_a)
    response = _sign_off(client, vanguard_a)
    html = response.content.decode()
    assert "Complete the section for Be Well enhancement" in html
    ready.refresh_from_db()
    assert ready.status == Status.IN_PROGRESS


def test_sign_off_refused_with_a_problem_left(client, member_a, vanguard_a, ready):
    # Marked completed earlier, but a figure changed since breaks a rule (require_all=True).
    StrandReturn.objects.filter(strand__name="MSK employment support").update(satisfied=99)
    client.force_login(member_a)
    page = client.get(return_url(vanguard_a, "check/")).content.decode()
    assert "You cannot sign off this return until you fix these" in page
    response = _sign_off(client, vanguard_a)
    assert "MSK employment support: Participants satisfied (99)" in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.IN_PROGRESS


def test_sign_off_refused_with_the_narrative_incomplete(client, member_a, vanguard_a, ready):
    QuarterlyReturn.objects.filter(pk=ready.pk).update(narrative_complete=False)
    client.force_login(member_a)
    assert "Complete the narrative" in _sign_off(client, vanguard_a).content.decode()


def test_rm_accepts_and_members_are_emailed(
    client, rm, member_a, vanguard_a, ready, mailoutbox, django_capture_on_commit_callbacks
):
    QuarterlyReturn.objects.filter(pk=ready.pk).update(status=Status.SUBMITTED)
    client.force_login(rm)
    assert "Accept return" in client.get(return_url(vanguard_a, "check/")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(return_url(vanguard_a, "accept/"))
    assert response.status_code == 302
    ready.refresh_from_db()
    assert (ready.status, ready.decided_by) == (Status.ACCEPTED, rm)
    (email,) = mailoutbox
    assert email.to == [member_a.email]
    assert "has been accepted" in email.subject


def test_query_needs_text(client, rm, vanguard_a, ready):
    QuarterlyReturn.objects.filter(pk=ready.pk).update(status=Status.SUBMITTED)
    client.force_login(rm)
    response = client.post(return_url(vanguard_a, "query/"), {"query": "  "})
    assert "Enter the query the vanguard needs to answer" in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.SUBMITTED


def test_query_answer_and_resubmit(
    client,
    rm,
    member_a,
    vanguard_a,
    strands_a,
    ready,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    QuarterlyReturn.objects.filter(pk=ready.pk).update(status=Status.SUBMITTED)
    client.force_login(rm)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(return_url(vanguard_a, "query/"), {"query": "Referrals look high: check."})
    ready.refresh_from_db()
    assert ready.status == Status.QUERIED
    assert "has a query to answer" in mailoutbox[0].subject
    assert "Referrals look high: check." in mailoutbox[0].body

    client.force_login(member_a)
    # Figures can be changed again; the SRO cannot resubmit until the query is answered.
    strand_url = return_url(vanguard_a, f"strands/{strands_a[0].pk}/")
    assert client.post(strand_url, as_post(good_figures(referrals=15))).status_code == 302
    assert "Answer the query in the narrative" in _sign_off(client, vanguard_a).content.decode()
    narrative = {
        "progress": "Grew",
        "risks": "Staff",
        "what_helped": "Co-location",
        "query_answer": "Corrected: 15 referrals.",
        "complete": "yes",
    }
    assert client.post(return_url(vanguard_a, "narrative/"), narrative).status_code == 302
    assert _sign_off(client, vanguard_a).status_code == 302
    ready.refresh_from_db()
    assert ready.status == Status.SUBMITTED
    assert ready.query_answer == "Corrected: 15 referrals."
    page = client.get(return_url(vanguard_a, "check/")).content.decode()
    assert "Rita Manager" not in page  # the query's decision is history now
    assert "Corrected: 15 referrals." in page


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.ACCEPTED])
def test_signed_off_returns_are_locked_for_members(
    client, member_a, vanguard_a, strands_a, ready, status
):
    QuarterlyReturn.objects.filter(pk=ready.pk).update(status=status)
    client.force_login(member_a)
    for step in (f"strands/{strands_a[0].pk}/", "narrative/"):
        assert client.get(return_url(vanguard_a, step)).status_code == 404
        assert client.post(return_url(vanguard_a, step), as_post(good_figures())).status_code == 404
    page = client.get(return_url(vanguard_a, "check/")).content.decode()
    assert "govuk-summary-list__actions" not in page  # no Change links


# Every transition the workflow does not allow, straight to the service: (status, step, who).
FORBIDDEN = [
    (Status.IN_PROGRESS, "accept", "rm"),
    (Status.IN_PROGRESS, "query", "rm"),
    (Status.QUERIED, "accept", "rm"),
    (Status.ACCEPTED, "accept", "admin_user"),
    (Status.ACCEPTED, "query", "admin_user"),
    (Status.ACCEPTED, "sign_off", "member_a"),
    (Status.SUBMITTED, "sign_off", "member_a"),
    (Status.SUBMITTED, "edit", "member_a"),
    (Status.ACCEPTED, "edit", "member_a"),
    (Status.ACCEPTED, "narrative", "member_a"),
    (Status.SUBMITTED, "correct", "admin_user"),
    (Status.ACCEPTED, "correct", "rm"),
    (Status.SUBMITTED, "accept", "member_a"),
    (Status.SUBMITTED, "accept", "another_rm"),
    (Status.IN_PROGRESS, "edit", "rm"),
    (Status.IN_PROGRESS, "sign_off", "rm"),
]
# Those also refused through the pages (below).
FORBIDDEN_PAGES = [
    # A query already waits on the vanguard's answer: a second one would overwrite it.
    (Status.QUERIED, "query", "rm"),
    (Status.QUERIED, "query", "admin_user"),
    # Only an accepted return is corrected: a draft or a queried one is the vanguard's to edit.
    (Status.IN_PROGRESS, "correct", "admin_user"),
    (Status.QUERIED, "correct", "admin_user"),
    # Programme and regional leads see signed-off returns but do not decide on them.
    (Status.SUBMITTED, "accept", "programme_lead"),
    (Status.SUBMITTED, "query", "programme_lead"),
    (Status.SUBMITTED, "accept", "regional_lead"),
    (Status.SUBMITTED, "query", "regional_lead"),
]
FORBIDDEN += FORBIDDEN_PAGES


def _step(step, actor, report, strand):
    if step == "accept":
        services.return_accept(actor=actor, quarterly_return=report)
    elif step == "query":
        services.return_query(actor=actor, quarterly_return=report, query="Why?")
    elif step == "sign_off":
        services.return_sign_off(actor=actor, quarterly_return=report, confirmed=True)
    elif step == "edit":
        services.strand_return_save(
            actor=actor, quarterly_return=report, strand=strand, figures={}, complete=False
        )
    elif step == "narrative":
        services.narrative_save(
            actor=actor,
            quarterly_return=report,
            progress="",
            risks="",
            what_helped="",
            complete=False,
        )
    elif step == "correct":
        services.return_correct(
            actor=actor,
            quarterly_return=report,
            strand=strand,
            figures=good_figures(),
            reason="Typo",
        )


@pytest.mark.parametrize(("status", "step", "who"), FORBIDDEN)
def test_forbidden_transitions_are_refused(cast, strands_a, period, status, step, who):
    report = fill_return(make_return(cast["member_a"].vanguard_membership.vanguard), strands_a[:2])
    QuarterlyReturn.objects.filter(pk=report.pk).update(status=status)
    # "another_rm": an RM, but not vanguard A's.
    actor = UserFactory(role="rm") if who == "another_rm" else cast[who]
    before = list(report.history.all())
    with pytest.raises(ReturnError) as refused:
        _step(step, actor, report, strands_a[0])
    assert isinstance(refused.value, ServiceError) and refused.value.message
    report.refresh_from_db()
    assert report.status == status
    assert list(report.history.all()) == before


# The same refusals through the pages: the page refuses (404, or back to the return with the
# service's message) and the return does not move.
@pytest.mark.parametrize(("status", "step", "who"), FORBIDDEN_PAGES)
def test_forbidden_transitions_are_refused_through_the_pages(
    client, cast, vanguard_a, strands_a, period, status, step, who
):
    report = fill_return(make_return(vanguard_a, query="Why so many?"), strands_a[:2])
    QuarterlyReturn.objects.filter(pk=report.pk).update(status=status)
    before = list(report.history.all())
    client.force_login(cast[who])
    check = client.get(return_url(vanguard_a, "check/"))
    if check.status_code == 200:
        assert "Accept return" not in check.content.decode()
    if step == "correct":
        url = return_url(vanguard_a, f"strands/{strands_a[0].pk}/correct/")
        data = {**as_post(good_figures(referrals=25)), "reason": "Typo"}
    else:
        url, data = return_url(vanguard_a, f"{step}/"), {"query": "Check the referrals."}
    response = client.post(url, data, follow=True)
    assert response.status_code in (200, 404)
    if response.status_code == 200:  # the service's message, as an error or a banner
        html = response.content.decode()
        assert "govuk-notification-banner--success" not in html
        assert "govuk-error-summary" in html or "govuk-notification-banner" in html
    report.refresh_from_db()
    assert (report.status, report.query) == (status, "Why so many?")
    assert list(report.history.all()) == before
    assert StrandReturn.objects.filter(referrals=25).count() == 0


def test_narrative_needs_all_three_answers_to_be_completed(client, member_a, vanguard_a, period):
    make_return(vanguard_a)
    client.force_login(member_a)
    data = {"progress": "Grew", "risks": "", "what_helped": "Hubs", "complete": "yes"}
    response = client.post(return_url(vanguard_a, "narrative/"), data)
    html = response.content.decode()
    assert "Answer all three questions before you mark the narrative as completed" in html
    assert "Grew" in html  # nothing typed is lost
    data["complete"] = "no"
    assert client.post(return_url(vanguard_a, "narrative/"), data).status_code == 302
    report = QuarterlyReturn.objects.get()
    assert (report.progress, report.narrative_complete) == ("Grew", False)

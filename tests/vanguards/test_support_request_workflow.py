"""A support request's life: triage (accept, decline with a reason, redirect), assignment, work,
delivery linked to touchpoints, the vanguard's rating, and closing. Every step claims the
request in its expected state, so a double submit changes nothing twice, and the vanguard sees
each step on the request's page."""

import datetime

import pytest

from tests.factories import SupportRequestFactory, TouchpointFactory, UserFactory
from vanguards.models import SupportRequest, Touchpoint
from vanguards.services import support as services
from vanguards.services.support import SupportError
from workwell.models import Role

Status = SupportRequest.Status


@pytest.fixture
def support_request(member_a, vanguard_a):
    return services.support_request_raise(
        raised_by=member_a, vanguard=vanguard_a, need="Coaching for our new SRO", urgency="high"
    )


def reload(support_request) -> SupportRequest:
    return SupportRequest.objects.get(pk=support_request.pk)


def test_the_whole_journey_through_the_pages(client, rm, member_a, vanguard_a, support_request):
    url = f"/support-requests/{support_request.pk}/"
    touchpoint = TouchpointFactory(vanguards=[vanguard_a], author=rm, date=datetime.date.today())
    client.force_login(rm)
    client.post(f"{url}triage/", {"triage-decision": "accept", "triage-assigned_to": rm.pk})
    assert reload(support_request).status == Status.TRIAGED
    client.post(f"{url}start/", {"start-assigned_to": rm.pk})
    assert reload(support_request).status == Status.IN_PROGRESS
    response = client.post(
        f"{url}deliver/",
        {"delivery-delivery_notes": "Two coaching calls", "delivery-touchpoints": [touchpoint.pk]},
    )
    assert response.status_code == 302
    delivered = reload(support_request)
    assert delivered.status == Status.DELIVERED and delivered.delivered_at is not None
    assert list(delivered.touchpoints.all()) == [touchpoint]

    client.force_login(member_a)
    page = client.get(url).content.decode()
    assert "Rate the support you received" in page
    client.post(f"{url}rate/", {"rating-rating": "4", "rating-rating_comment": "Very useful"})
    rated = reload(support_request)
    assert (rated.rating, rated.rating_comment) == (4, "Very useful")

    client.force_login(rm)
    client.post(f"{url}close/")
    closed = reload(support_request)
    assert closed.status == Status.CLOSED and closed.closed_at is not None

    client.force_login(member_a)
    page = client.get(url).content.decode()
    steps = [
        "Raised",
        "Accepted and assigned to Rita Manager",
        "Work started: Rita Manager is delivering it",
        "Delivered",
        "Rated 4 out of 5",
        "Closed",
    ]
    positions = [page.index(f"<strong>{step}</strong>") for step in steps]
    assert positions == sorted(positions)  # oldest first
    assert "Two coaching calls" in page
    assert f"/touchpoints/{touchpoint.pk}/" in page
    assert "Rate the support you received" not in page


def test_decline_needs_a_reason_the_vanguard_then_sees(client, rm, member_a, support_request):
    url = f"/support-requests/{support_request.pk}/"
    client.force_login(rm)
    response = client.post(f"{url}triage/", {"triage-decision": "decline", "triage-note": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Enter why the request is declined" in html
    assert 'value="decline" checked' in html  # the choice is kept
    assert reload(support_request).status == Status.NEW

    client.post(
        f"{url}triage/", {"triage-decision": "decline", "triage-note": "Outside the NST's remit"}
    )
    declined = reload(support_request)
    assert declined.status == Status.DECLINED
    assert declined.decline_reason == "Outside the NST's remit"
    assert declined.triaged_by == rm and declined.closed_at is not None
    client.force_login(member_a)
    assert "Declined: Outside the NST&#x27;s remit" in client.get(url).content.decode()


def test_redirect_records_where_and_closes(client, rm, member_a, support_request):
    url = f"/support-requests/{support_request.pk}/"
    client.force_login(rm)
    response = client.post(f"{url}triage/", {"triage-decision": "redirect"})
    assert "Enter where the request has been redirected" in response.content.decode()
    client.post(
        f"{url}triage/", {"triage-decision": "redirect", "triage-note": "The ICB digital team"}
    )
    redirected = reload(support_request)
    assert redirected.status == Status.CLOSED
    assert redirected.redirect_note == "The ICB digital team"
    assert redirected.decline_reason == ""
    client.force_login(member_a)
    page = client.get(url).content.decode()
    assert "Redirected and closed: The ICB digital team" in page


def test_double_submitted_triage_changes_the_request_once(client, rm, rm_lead, support_request):
    url = f"/support-requests/{support_request.pk}/triage/"
    client.force_login(rm)
    client.post(url, {"triage-decision": "accept"})
    client.force_login(rm_lead)
    response = client.post(
        url, {"triage-decision": "decline", "triage-note": "Too late"}, follow=True
    )
    assert "This request has already been triaged." in response.content.decode()
    after = reload(support_request)
    assert after.status == Status.TRIAGED and after.triaged_by == rm
    assert after.history.count() == 2  # raised, accepted


@pytest.mark.parametrize(
    ("step", "kwargs"),
    [
        (services.support_request_accept, {}),
        (services.support_request_decline, {"reason": "No"}),
        (services.support_request_redirect, {"note": "Elsewhere"}),
    ],
)
def test_triage_steps_only_apply_to_new_requests(rm, support_request, step, kwargs):
    step(support_request=support_request, by=rm, **kwargs)
    with pytest.raises(SupportError):
        step(support_request=reload(support_request), by=rm, **kwargs)


def test_steps_must_come_in_order(rm, support_request):
    with pytest.raises(SupportError):
        services.support_request_start(support_request=support_request, by=rm, assigned_to=rm)
    with pytest.raises(SupportError):
        services.support_request_deliver(support_request=support_request, by=rm, notes="Done")
    with pytest.raises(SupportError):
        services.support_request_close(support_request=support_request, by=rm)
    assert reload(support_request).status == Status.NEW


def test_work_cannot_start_without_someone_assigned(client, rm, support_request):
    services.support_request_accept(support_request=support_request, by=rm)
    client.force_login(rm)
    response = client.post(f"/support-requests/{support_request.pk}/start/", {})
    assert "Choose who will deliver the support" in response.content.decode()
    assert reload(support_request).status == Status.TRIAGED


def test_only_nst_staff_can_be_assigned(rm, member_a, support_request):
    with pytest.raises(SupportError) as error:
        services.support_request_accept(
            support_request=support_request, by=rm, assigned_to=member_a
        )
    assert error.value.field == "assigned_to"
    leaver = UserFactory(role=Role.RM, is_active=False)
    with pytest.raises(SupportError):
        services.support_request_accept(support_request=support_request, by=rm, assigned_to=leaver)


def test_reassigning_while_in_progress(client, rm, rm_lead, support_request):
    services.support_request_accept(support_request=support_request, by=rm, assigned_to=rm)
    services.support_request_start(support_request=support_request, by=rm)
    client.force_login(rm)
    client.post(
        f"/support-requests/{support_request.pk}/assign/", {"assign-assigned_to": rm_lead.pk}
    )
    assert reload(support_request).assigned_to == rm_lead
    page = client.get(f"/support-requests/{support_request.pk}/").content.decode()
    assert "Assigned to Raj Lead" in page


def test_delivery_links_only_completed_touchpoints_of_that_vanguard(
    rm, vanguard_a, vanguard_b, support_request
):
    services.support_request_accept(support_request=support_request, by=rm, assigned_to=rm)
    services.support_request_start(support_request=support_request, by=rm)
    today = datetime.date.today()
    other = TouchpointFactory(vanguards=[vanguard_b], author=rm, date=today)
    draft = TouchpointFactory(
        vanguards=[vanguard_a], author=rm, date=today, status=Touchpoint.Status.DRAFT
    )
    before = TouchpointFactory(vanguards=[vanguard_a], author=rm)  # three days before it was raised
    for touchpoint in (other, draft, before):
        with pytest.raises(SupportError) as error:
            services.support_request_deliver(
                support_request=support_request, by=rm, notes="Done", touchpoints=[touchpoint]
            )
        assert error.value.field == "touchpoints"
    assert reload(support_request).status == Status.IN_PROGRESS
    cohort = TouchpointFactory(vanguards=[vanguard_a, vanguard_b], author=rm, date=today)
    services.support_request_deliver(
        support_request=support_request, by=rm, notes="At the cohort session", touchpoints=[cohort]
    )
    assert reload(support_request).status == Status.DELIVERED


def test_delivery_needs_notes(client, rm, support_request):
    services.support_request_accept(support_request=support_request, by=rm, assigned_to=rm)
    services.support_request_start(support_request=support_request, by=rm)
    client.force_login(rm)
    response = client.post(f"/support-requests/{support_request.pk}/deliver/", {})
    assert "Enter how the support was delivered" in response.content.decode()
    assert reload(support_request).status == Status.IN_PROGRESS


@pytest.fixture
def delivered(rm, support_request):
    services.support_request_accept(support_request=support_request, by=rm, assigned_to=rm)
    services.support_request_start(support_request=support_request, by=rm)
    services.support_request_deliver(support_request=support_request, by=rm, notes="Done")
    return reload(support_request)


def test_rating_must_be_one_to_five_and_once(client, member_a, delivered):
    url = f"/support-requests/{delivered.pk}/rate/"
    client.force_login(member_a)
    response = client.post(url, {"rating-rating": "6"})
    assert "Select a valid choice" in response.content.decode()
    response = client.post(url, {})
    assert "Select how satisfied you are, from 1 to 5" in response.content.decode()
    client.post(url, {"rating-rating": "5"})
    assert reload(delivered).rating == 5
    # The form has gone, so a second rating is refused outright.
    assert client.post(url, {"rating-rating": "1"}).status_code == 404
    with pytest.raises(SupportError):
        services.support_request_rate(support_request=delivered, by=member_a, rating=1)
    assert reload(delivered).rating == 5


def test_a_request_cannot_be_rated_before_delivery(member_a, support_request):
    with pytest.raises(SupportError):
        services.support_request_rate(support_request=support_request, by=member_a, rating=3)


def test_closing_warns_when_the_vanguard_has_not_rated(client, rm, delivered):
    client.force_login(rm)
    page = client.get(f"/support-requests/{delivered.pk}/").content.decode()
    assert "Alpha Vanguard has not rated the support yet" in page


def test_each_step_records_who_did_it(rm, member_a, delivered):
    users = [record.history_user for record in delivered.history.order_by("history_date")]
    assert users == [member_a, rm, rm, rm]


def test_the_page_says_what_happens_next(client, member_a, support_request):
    client.force_login(member_a)
    page = client.get(f"/support-requests/{support_request.pk}/").content.decode()
    assert "Next: the vanguard&#x27;s relationship manager triages the request." in page
    assert "Triage this request" not in page


def test_factory_requests_render(client, rm, vanguard_a):
    support_request = SupportRequestFactory(vanguard=vanguard_a)
    client.force_login(rm)
    assert client.get(f"/support-requests/{support_request.pk}/").status_code == 200

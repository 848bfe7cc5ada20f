"""/support-requests/new/: members ask for support for their own vanguard, NST staff on a
vanguard's behalf; "Request this support" pre-fills the offer; bad input keeps what was typed."""

import datetime

import pytest

from tests.factories import SupportOfferFactory
from vanguards.models import SupportRequest
from vanguards.services.support import SupportError, support_request_raise

TODAY = datetime.date.today()


def form_data(**overrides):
    data = {"need": "Help building our outcomes framework", "urgency": "medium", "offer": ""}
    data.update(overrides)
    return data


def date_parts(day: datetime.date) -> dict:
    return {"needed_by_0": day.day, "needed_by_1": day.month, "needed_by_2": day.year}


def test_member_raises_a_request_for_their_own_vanguard(client, member_a, vanguard_a):
    offer = SupportOfferFactory()
    client.force_login(member_a)
    due = TODAY + datetime.timedelta(days=10)
    response = client.post(
        "/support-requests/new/", form_data(offer=offer.pk, urgency="high", **date_parts(due))
    )
    support_request = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/support-requests/{support_request.pk}/"
    assert support_request.vanguard == vanguard_a
    assert support_request.raised_by == member_a
    assert support_request.offer == offer
    assert (support_request.urgency, support_request.needed_by) == ("high", due)
    assert support_request.status == SupportRequest.Status.NEW
    page = client.get(response["Location"]).content.decode()
    assert f"Your support request #{support_request.pk} has been sent" in page
    assert "<strong>Raised</strong>" in page


def test_members_are_not_asked_which_vanguard(client, member_a):
    client.force_login(member_a)
    html = client.get("/support-requests/new/").content.decode()
    assert 'name="vanguard"' not in html
    assert "For Alpha Vanguard." in html


def test_a_member_cannot_raise_for_another_vanguard(client, member_a, vanguard_b):
    client.force_login(member_a)
    client.post("/support-requests/new/", form_data(vanguard=vanguard_b.pk))
    assert SupportRequest.objects.get().vanguard.name == "Alpha Vanguard"


def test_nst_staff_raise_on_a_vanguards_behalf(client, rm, vanguard_a, vanguard_b):
    client.force_login(rm)
    html = client.get("/support-requests/new/").content.decode()
    assert "Alpha Vanguard" in html and "Bravo Vanguard" not in html
    response = client.post("/support-requests/new/", form_data(vanguard=vanguard_a.pk))
    assert response.status_code == 302
    assert SupportRequest.objects.get().raised_by == rm
    refused = client.post("/support-requests/new/", form_data(vanguard=vanguard_b.pk))
    assert "Select a valid choice" in refused.content.decode()
    assert SupportRequest.objects.count() == 1


def test_members_are_told_their_relationship_manager_will_look_at_it(client, member_a):
    client.force_login(member_a)
    html = client.get("/support-requests/new/").content.decode()
    assert "Your relationship manager will look at your request within 3 working days" in html
    assert "on a vanguard’s behalf" not in html


def test_nst_staff_are_told_what_happens_to_a_request_they_raise(client, rm, vanguard_a):
    client.force_login(rm)
    html = client.get("/support-requests/new/").content.decode()
    assert "Your relationship manager" not in html
    assert "Raise a request on a vanguard’s behalf" in html
    assert "The vanguard’s relationship manager triages it within 3 working days" in html
    response = client.post("/support-requests/new/", form_data(vanguard=vanguard_a.pk), follow=True)
    support_request = SupportRequest.objects.get()
    page = response.content.decode()
    assert f"Support request #{support_request.pk} has been raised for Alpha Vanguard." in page
    assert "Your support request" not in page


def test_request_this_support_prefills_the_offer(client, member_a):
    offer = SupportOfferFactory(title="Logic model clinic")
    client.force_login(member_a)
    html = client.get(f"/support-requests/new/?offer={offer.pk}").content.decode()
    assert f'<option value="{offer.pk}" selected>' in html


def test_withdrawn_offers_are_not_offered_or_prefilled(client, member_a):
    offer = SupportOfferFactory(title="Old webinar", is_active=False)
    client.force_login(member_a)
    response = client.get(f"/support-requests/new/?offer={offer.pk}")
    assert response.status_code == 200
    assert "Old webinar" not in response.content.decode()
    assert client.get("/support-requests/new/?offer=nonsense").status_code == 200


def test_a_past_needed_by_date_is_refused_and_nothing_typed_is_lost(client, member_a):
    client.force_login(member_a)
    past = TODAY - datetime.timedelta(days=1)
    response = client.post(
        "/support-requests/new/", form_data(need="Coaching for our new SRO", **date_parts(past))
    )
    html = response.content.decode()
    assert "<title>Error: Ask for support" in html
    assert "The date you need it by must be today or in the future, for example" in html
    assert "Coaching for our new SRO" in html
    assert 'value="medium" checked' in html
    assert not SupportRequest.objects.exists()


def test_empty_form_says_what_to_enter(client, member_a):
    client.force_login(member_a)
    html = client.post("/support-requests/new/", {"need": ""}).content.decode()
    assert "Enter what support you need" in html
    assert "Select how urgent the request is" in html


def test_the_service_refuses_people_who_may_not_raise_for_the_vanguard(
    member_b, vanguard_a, learning_user
):
    for user in (member_b, learning_user):
        with pytest.raises(SupportError) as error:
            support_request_raise(raised_by=user, vanguard=vanguard_a, need="Help", urgency="low")
        assert error.value.field == "vanguard"


def test_the_service_refuses_withdrawn_offers_and_past_dates(member_a, vanguard_a):
    withdrawn = SupportOfferFactory(is_active=False)
    with pytest.raises(SupportError) as error:
        support_request_raise(
            raised_by=member_a, vanguard=vanguard_a, need="Help", urgency="low", offer=withdrawn
        )
    assert error.value.field == "offer"
    with pytest.raises(SupportError) as error:
        support_request_raise(
            raised_by=member_a,
            vanguard=vanguard_a,
            need="Help",
            urgency="low",
            needed_by=datetime.date(2026, 3, 1),
            today=datetime.date(2026, 3, 2),
        )
    assert error.value.field == "needed_by"

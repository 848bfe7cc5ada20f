"""The concern pages over HTTP: raising one (errors, nothing typed lost), the list with its
filters, pagination and exports, a concern's page with its clocks, thread and actions."""

import datetime

import pytest
from django.utils import timezone

from feedback.models import Concern
from tests.factories import make_member

from .conftest import raise_concern

pytestmark = pytest.mark.django_db


def _form(**overrides):
    today = timezone.localdate() - datetime.timedelta(days=3)
    data = {
        "kind": "complaint",
        "what_happened": "The site visit was cancelled on the day.",
        "happened_on_0": str(today.day),
        "happened_on_1": str(today.month),
        "happened_on_2": str(today.year),
        "wanted_outcome": "A new visit.",
        "about_rm": "",
        "about_service": "Site visits",
        "late_reason": "",
    }
    data.update(overrides)
    return data


def test_a_member_raises_a_concern_and_lands_on_its_page(client, member_a, rm):
    client.force_login(member_a)
    response = client.post("/feedback/concerns/new/", _form(), follow=True)
    concern = Concern.objects.get()
    assert response.redirect_chain[-1][0] == f"/feedback/concerns/{concern.pk}/"
    html = response.content.decode()
    assert "has been sent" in html
    assert "Acknowledge by" in html
    assert concern.vanguard.slug == "alpha"
    assert concern.handler == rm


def test_an_old_complaint_without_a_reason_keeps_what_was_typed(client, member_a, rm):
    client.force_login(member_a)
    response = client.post(
        "/feedback/concerns/new/",
        _form(happened_on_0="1", happened_on_1="1", happened_on_2="2020"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "why the complaint was not raised sooner" in html
    assert "The site visit was cancelled on the day." in html  # nothing typed is lost
    assert 'value="2020"' in html
    assert not Concern.objects.exists()


def test_empty_answers_are_refused_with_how_to_fix_them(client, member_a):
    client.force_login(member_a)
    html = client.post("/feedback/concerns/new/", {"about_service": "Webinars"}).content.decode()
    for message in (
        "Select what kind of concern it is",
        "Enter what happened",
        "Enter the date it happened",
        "Enter what you would like to happen",
    ):
        assert message in html
    assert 'value="Webinars"' in html


def test_a_regional_lead_cannot_pick_another_regions_vanguard(client, regional_lead, vanguard_b):
    client.force_login(regional_lead)
    response = client.post("/feedback/concerns/new/", _form(vanguard=vanguard_b.pk))
    html = response.content.decode()
    assert "Choose one of your region" in html
    assert not Concern.objects.exists()


def test_the_handler_acknowledges_investigates_and_responds_over_http(client, concern_a, rm):
    client.force_login(rm)
    url = f"/feedback/concerns/{concern_a.pk}/"
    html = client.get(url).content.decode()
    assert "Acknowledge by 9 March 2026" in html
    client.post(url + "acknowledge/", {"acknowledge-note": ""})
    client.post(url + "investigate/", {"investigate-note": ""})
    response = client.post(url + "respond/", {"respond-response": ""})
    assert "Enter your response" in response.content.decode()
    client.post(url + "respond/", {"respond-response": "We have rebooked the visit."})
    concern_a.refresh_from_db()
    assert concern_a.state == Concern.State.RESPONDED


def test_a_response_before_acknowledgement_is_reported_on_the_page(client, concern_a, rm):
    client.force_login(rm)
    url = f"/feedback/concerns/{concern_a.pk}/"
    response = client.post(url + "respond/", {"respond-response": "Done."}, follow=True)
    assert "Acknowledge the concern before" in response.content.decode()
    concern_a.refresh_from_db()
    assert concern_a.state == Concern.State.RAISED


def test_the_raiser_sees_every_step_and_agrees_or_reopens(client, concern_a, rm, member_a):
    client.force_login(rm)
    url = f"/feedback/concerns/{concern_a.pk}/"
    client.post(url + "acknowledge/", {"acknowledge-note": "Call me on Tuesday."})
    client.post(url + "investigate/", {})
    client.post(url + "respond/", {"respond-response": "We have rebooked the visit."})
    client.force_login(member_a)
    html = client.get(url).content.decode()
    for text in ("Call me on Tuesday.", "We have rebooked the visit.", "Reopen concern"):
        assert text in html
    assert "unless you reply" in html
    response = client.post(url + "reopen/", {"reopen-reason": ""})
    assert "Enter why you are reopening the concern" in response.content.decode()
    client.post(url + "reopen/", {"reopen-reason": "The new date is too late."})
    concern_a.refresh_from_db()
    assert concern_a.state == Concern.State.INVESTIGATING
    assert "Reopen concern" not in client.get(url).content.decode()


def test_a_colleague_sees_the_concern_but_cannot_close_it(client, concern_a, rm, vanguard_a):
    from feedback.services import concerns as services

    services.concern_acknowledge(concern=concern_a, by=rm)
    services.concern_start_investigation(concern=concern_a, by=rm)
    services.concern_respond(concern=concern_a, by=rm, response="Done.")
    colleague = make_member(vanguard_a)
    client.force_login(colleague)
    url = f"/feedback/concerns/{concern_a.pk}/"
    assert "Agree and close" not in client.get(url).content.decode()
    response = client.post(url + "close/", {}, follow=True)
    assert "Only the person who raised this concern" in response.content.decode()
    concern_a.refresh_from_db()
    assert concern_a.state == Concern.State.RESPONDED


def test_the_list_filters_paginates_and_exports(client, member_a, rm_lead, rm):
    for number in range(27):
        raise_concern(member_a, what_happened=f"Concern number {number}")
    old = raise_concern(member_a, today=datetime.date(2025, 1, 6), what_happened="Old one")
    client.force_login(rm_lead)
    page = client.get("/feedback/concerns/").content.decode()
    assert "28 concerns" in page
    assert "Overdue" in page
    overdue = client.get("/feedback/concerns/?overdue=on&kind=quality").content.decode()
    assert "28 concerns" in overdue  # every one was raised before today's date
    assert client.get("/feedback/concerns/?page=2").status_code == 200
    csv = client.get("/feedback/concerns/?_export=csv").content.decode()
    assert csv.splitlines()[0].startswith("Reference,Kind,Vanguard,Region,What happened")
    assert len(csv.strip().splitlines()) == 29
    assert f"{old.pk},Quality standard not met,Alpha Vanguard" in csv
    xlsx = client.get("/feedback/concerns/?_export=xlsx")
    assert xlsx["Content-Disposition"] == 'attachment; filename="concerns.xlsx"'
    closed = client.get("/feedback/concerns/?state=closed").content.decode()
    assert "No concerns match these filters" in closed
    bad = client.get("/feedback/concerns/?state=nonsense").content.decode()
    assert "Select a state from the list" in bad


def test_my_concerns_lists_only_the_raisers_own(client, member_a, vanguard_a, rm):
    colleague = make_member(vanguard_a)
    raise_concern(member_a, what_happened="Mine")
    raise_concern(colleague, what_happened="A colleague's")
    client.force_login(member_a)
    html = client.get("/feedback/concerns/mine/").content.decode()
    assert "Mine" in html and "A colleague" not in html
    everything = client.get("/feedback/concerns/").content.decode()
    assert "A colleague" in everything  # the vanguard's concerns: DESIGN.md §3


def test_admins_read_concerns_and_their_history_in_the_django_admin(admin_client, concern_a):
    assert "Concern #" in admin_client.get("/admin/feedback/concern/").content.decode()
    page = admin_client.get(f"/admin/feedback/concern/{concern_a.pk}/change/")
    assert page.status_code == 200
    assert "Quality standard not met raised." in page.content.decode()  # its thread
    history = admin_client.get(f"/admin/feedback/concern/{concern_a.pk}/history/")
    assert history.status_code == 200

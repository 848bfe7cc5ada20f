"""Delivery strands: on the vanguard profile for everyone who may see it; admins add and
change them (with history); the edit page per role."""

import pytest

from reporting.models import DeliveryStrand
from tests.roles import OK, REDIRECT, each_role_gets, in_the_programme

from .conftest import make_strand

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Primary care employment support",
    "participant_target": "400",
    "funding_allocation": "250000",
    "in_work_share_target": "55",
    "start_date_0": "1",
    "start_date_1": "4",
    "start_date_2": "2025",
    "end_date_0": "31",
    "end_date_1": "3",
    "end_date_2": "2027",
}


@each_role_gets(in_the_programme(OK, "member_b"))
def test_profile_shows_the_strands(client, cast, strands_a, role, expected):
    client.force_login(cast[role])
    response = client.get("/vanguards/alpha/")
    assert response.status_code == expected
    if expected == OK:
        html = response.content.decode()
        assert "Delivery strands" in html
        assert "MSK employment support" in html and "£250,000" in html
        assert "Contingency and management" in html
        assert ("Add a delivery strand" in html) is (role == "admin_user")


@each_role_gets({"admin_user": OK})
def test_edit_page(client, cast, strands_a, role, expected):
    client.force_login(cast[role])
    url = f"/reporting/vanguards/alpha/strands/{strands_a[0].pk}/edit/"
    assert client.get(url).status_code == expected


def test_another_vanguards_strand_is_not_found(client, admin_user, strands_a, strands_b):
    client.force_login(admin_user)
    url = f"/reporting/vanguards/alpha/strands/{strands_b[0].pk}/edit/"
    assert client.get(url).status_code == 404


def test_admin_adds_a_strand(client, admin_user, vanguard_a, strands_a):
    client.force_login(admin_user)
    response = client.post("/reporting/vanguards/alpha/strands/new/", NEW)
    assert response.status_code == REDIRECT
    strand = DeliveryStrand.objects.get(name=NEW["name"])
    assert (strand.participant_target, strand.in_work_share_target, strand.position) == (
        400,
        55,
        3,
    )


def test_contingency_has_no_target(client, admin_user, vanguard_a):
    client.force_login(admin_user)
    data = {**NEW, "name": "Contingency", "participant_target": "", "in_work_share_target": ""}
    assert client.post("/reporting/vanguards/alpha/strands/new/", data).status_code == REDIRECT
    assert DeliveryStrand.objects.get(name="Contingency").has_participants is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "MSK employment support"}, "already has a strand called"),
        ({"end_date_2": "2024"}, "The end date must be the same as or after the start date"),
        ({"in_work_share_target": "120"}, "100 or less"),
        ({"funding_allocation": "lots"}, "Enter the funding allocation in pounds"),
    ],
)
def test_refused_with_a_message(client, admin_user, strands_a, change, message):
    client.force_login(admin_user)
    response = client.post("/reporting/vanguards/alpha/strands/new/", {**NEW, **change})
    assert response.status_code == OK
    assert message in response.content.decode()
    assert DeliveryStrand.objects.count() == 3


def test_changes_are_kept_in_history(client, admin_user, vanguard_a):
    strand = make_strand(vanguard_a, "Outreach", 100)
    client.force_login(admin_user)
    url = f"/reporting/vanguards/alpha/strands/{strand.pk}/edit/"
    data = {**NEW, "name": "Outreach", "participant_target": "150"}
    assert client.post(url, data).status_code == REDIRECT
    html = client.get(url).content.decode()
    assert "Changed the participant target from 100 to 150" in html
    assert "Ada Admin" in html

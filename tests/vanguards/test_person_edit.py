"""Admins change a vanguard member's name, title and vanguard, or switch their account off, in
the portal (issue 2: "Admins edit all of this in the Django admin and in the portal")."""

import pytest

from tests.factories import PASSWORD
from tests.roles import NOT_FOUND, OK, each_role_gets
from vanguards.models import VanguardMember


def edit_url(user) -> str:
    return f"/vanguards/people/{user.pk}/edit/"


def form_for(member, vanguard, /, **changes) -> dict:
    """A valid POST for `member`; a change of None leaves that field out, as an unticked box."""
    data = {
        "full_name": member.full_name,
        "title": VanguardMember.Title.SRO,
        "vanguard": vanguard.pk,
        "is_active": "on",
        **changes,
    }
    return {key: value for key, value in data.items() if value is not None}


def test_admins_see_a_change_link_for_each_person(admin_client, member_a):
    html = admin_client.get("/vanguards/alpha/").content.decode()
    assert f'href="{edit_url(member_a)}"' in html
    assert '<span class="govuk-visually-hidden"> Mem Alpha</span>' in html


def test_others_see_no_change_link(client, rm, member_a):
    client.force_login(rm)
    html = client.get("/vanguards/alpha/").content.decode()
    assert "Mem Alpha" in html
    assert edit_url(member_a) not in html


def test_the_form_starts_with_the_person_as_they_are(admin_client, member_a):
    html = admin_client.get(edit_url(member_a)).content.decode()
    assert 'value="Mem Alpha"' in html
    assert "Senior responsible owner (SRO)" in html
    assert "Account active" in html


def test_admin_changes_title_and_vanguard_and_history_records_who(
    admin_client, admin_user, member_a, vanguard_b
):
    data = form_for(
        member_a, vanguard_b, full_name="Mem Alpha-Jones", title=VanguardMember.Title.PMO_LEAD
    )
    response = admin_client.post(edit_url(member_a), data)
    assert response.status_code == 302
    assert response["Location"] == "/vanguards/bravo/"
    membership = VanguardMember.objects.select_related("user").get(user=member_a)
    assert membership.vanguard == vanguard_b
    assert membership.title == VanguardMember.Title.PMO_LEAD
    assert membership.user.full_name == "Mem Alpha-Jones"
    assert membership.history.first().history_user == admin_user
    page = admin_client.get(response["Location"]).content.decode()
    assert "Your changes to Mem Alpha-Jones have been saved." in page
    assert "PMO lead" in page
    assert "Mem Alpha-Jones" not in admin_client.get("/vanguards/alpha/").content.decode()


def test_deactivated_person_cannot_sign_in_and_leaves_the_profile(
    admin_client, member_a, vanguard_a
):
    response = admin_client.post(edit_url(member_a), form_for(member_a, vanguard_a, is_active=None))
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert not member_a.is_active
    page = admin_client.get(response["Location"]).content.decode()
    assert "Your changes to Mem Alpha have been saved." in page
    assert edit_url(member_a) not in page
    assert "Mem Alpha" not in admin_client.get("/vanguards/alpha/").content.decode()
    assert admin_client.login(email=member_a.email, password=PASSWORD) is False


def test_a_deactivated_person_can_be_switched_back_on(admin_client, member_a, vanguard_a):
    admin_client.post(edit_url(member_a), form_for(member_a, vanguard_a, is_active=None))
    admin_client.post(edit_url(member_a), form_for(member_a, vanguard_a))
    member_a.refresh_from_db()
    assert member_a.is_active
    assert "Mem Alpha" in admin_client.get("/vanguards/alpha/").content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": ""}, "Enter the person&#39;s name"),
        ({"title": None}, "Select the member&#39;s title"),
        ({"vanguard": ""}, "Select the vanguard this member belongs to"),
        ({"vanguard": "999999"}, "Select a vanguard from the list"),
    ],
)
def test_bad_input_is_explained_and_keeps_what_was_typed(
    admin_client, member_a, vanguard_a, changes, message
):
    typed = {"full_name": "Mem Typed-Name", "title": VanguardMember.Title.OTHER, **changes}
    data = form_for(member_a, vanguard_a, **typed)
    response = admin_client.post(edit_url(member_a), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "<title>Error: " in html
    assert message in html
    if "full_name" not in changes:
        assert 'value="Mem Typed-Name"' in html
    if "title" not in changes:
        assert 'value="other" checked' in html
    member_a.refresh_from_db()
    assert member_a.full_name == "Mem Alpha"


@pytest.mark.django_db
@each_role_gets({"/vanguards/people/{member}/edit/": {"admin_user": OK}})
def test_only_admins_may_change_people(client, cast, member_a, url, role, expected):
    client.force_login(cast[role])
    assert client.get(url.format(member=member_a.pk)).status_code == expected
    response = client.post(url.format(member=member_a.pk), {"full_name": "Hijacked"})
    assert response.status_code == expected
    member_a.refresh_from_db()
    assert member_a.full_name == "Mem Alpha"


# Whose page an admin may open: vanguard members only; the NST and leads are not edited here.
@each_role_gets({"member_a": OK, "member_b": OK})
def test_only_vanguard_members_are_edited_here(admin_client, cast, role, expected):
    assert admin_client.get(edit_url(cast[role])).status_code == expected


def test_an_unknown_person_is_not_found(admin_client):
    assert admin_client.get("/vanguards/people/999999/edit/").status_code == NOT_FOUND


def test_anonymous_visitors_are_sent_to_sign_in(client, member_a):
    response = client.get(edit_url(member_a))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

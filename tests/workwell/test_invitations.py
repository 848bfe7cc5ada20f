"""Invitations: an admin invites someone, who gets one email with a single-use link to set a
password, valid for 7 days. Bad input re-renders the form with the GOV.UK error summary."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import mail

from tests.factories import PASSWORD, region
from tests.roles import OK, REDIRECT, each_role_gets
from vanguards.models import RegionalLead, VanguardMember
from workwell.models import Role, User

NEW_PASSWORD = "a-fresh-long-passphrase"
LINK = re.compile(r"http://\S+/accounts/invitation/(?P<token>[^/\s]+)/")


@pytest.fixture
def invite(client, admin_user, django_capture_on_commit_callbacks):
    """POST the invite form as the admin; the email is queued on commit and sent eagerly."""

    def _invite(**data):
        client.force_login(admin_user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/vanguards/invite/", data)
        client.logout()
        return response

    return _invite


def member_data(for_vanguard, **overrides):
    data = {
        "full_name": "Nia Newcomer",
        "email": "nia.newcomer@example.com",
        "role": Role.MEMBER,
        "vanguard": for_vanguard.pk,
        "title": VanguardMember.Title.SRO,
        "region": "",
    }
    return {**data, **overrides}


def invitation_path(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return f"/accounts/invitation/{match['token']}/"


def set_password(client, path, password=NEW_PASSWORD):
    return client.post(path, {"new_password1": password, "new_password2": password})


def clock_moved_forward(days):
    """Move the clock that django.core.signing reads; everything else keeps real time."""
    real_time = time.time
    return mock.patch(
        "django.core.signing.time.time",
        side_effect=lambda: real_time() + datetime.timedelta(days=days).total_seconds(),
    )


def test_inviting_a_member_creates_the_account_and_membership(invite, vanguard_a):
    response = invite(**member_data(vanguard_a))

    assert response.status_code == 302
    assert response.url == "/vanguards/invite/"
    user = User.objects.get(email="nia.newcomer@example.com")
    assert user.role == Role.MEMBER
    assert not user.has_usable_password()
    assert user.vanguard_membership.vanguard == vanguard_a
    assert user.vanguard_membership.title == VanguardMember.Title.SRO
    assert user.invited_at is not None


def test_inviting_a_regional_lead_links_their_region(invite, db):
    invite(
        full_name="Rhys Region",
        email="rhys.region@example.com",
        role=Role.REGIONAL_LEAD,
        region=region("london").pk,
    )

    user = User.objects.get(email="rhys.region@example.com")
    assert user.role == Role.REGIONAL_LEAD
    assert RegionalLead.objects.get(user=user).region.slug == "london"


def test_inviting_an_admin_gives_django_admin_access(invite, db):
    invite(full_name="Ann Other", email="ann.other@example.com", role=Role.ADMIN)

    user = User.objects.get(email="ann.other@example.com")
    assert user.is_staff
    assert user.is_superuser


def test_the_invitation_email_carries_one_link(invite, vanguard_a):
    invite(**member_data(vanguard_a))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nia.newcomer@example.com"]
    assert "invited to the WorkWell National Support Portal" in message.subject
    assert len(LINK.findall(message.body)) == 1
    assert "expires in 7 days" in message.body


def test_the_admin_is_told_the_invitation_was_sent(client, admin_user, vanguard_a):
    client.force_login(admin_user)

    response = client.post("/vanguards/invite/", member_data(vanguard_a), follow=True)

    assert "An invitation has been emailed to nia.newcomer@example.com" in (
        response.content.decode()
    )


def test_following_the_link_shows_the_set_password_form(client, invite, vanguard_a):
    invite(**member_data(vanguard_a))

    response = client.get(invitation_path(mail.outbox[0]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Set your password" in html
    assert "nia.newcomer@example.com" in html
    assert 'name="new_password1"' in html


def test_setting_a_password_lets_the_person_sign_in(client, invite, vanguard_a):
    invite(**member_data(vanguard_a))

    response = set_password(client, invitation_path(mail.outbox[0]))

    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    signed_in = client.post(
        "/accounts/login/", {"login": "nia.newcomer@example.com", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert signed_in.url == "/"
    assert client.get("/").wsgi_request.user.email == "nia.newcomer@example.com"


def test_a_weak_password_is_refused_with_the_error_summary(client, invite, vanguard_a):
    invite(**member_data(vanguard_a))
    path = invitation_path(mail.outbox[0])

    response = set_password(client, path, password="12345678")

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not User.objects.get(email="nia.newcomer@example.com").has_usable_password()


def test_mismatched_passwords_are_refused(client, invite, vanguard_a):
    invite(**member_data(vanguard_a))
    path = invitation_path(mail.outbox[0])

    response = client.post(
        path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not User.objects.get(email="nia.newcomer@example.com").has_usable_password()


def test_the_link_works_only_once(client, invite, vanguard_a):
    invite(**member_data(vanguard_a))
    path = invitation_path(mail.outbox[0])
    set_password(client, path)

    response = client.get(path)

    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()


def test_a_used_link_cannot_overwrite_the_password(client, invite, vanguard_a):
    invite(**member_data(vanguard_a))
    path = invitation_path(mail.outbox[0])
    set_password(client, path)

    response = set_password(client, path, password="someone-elses-passphrase")

    assert response.status_code == 404
    assert User.objects.get(email="nia.newcomer@example.com").check_password(NEW_PASSWORD)


def test_the_link_still_works_after_6_days(client, invite, vanguard_a):
    invite(**member_data(vanguard_a))

    with clock_moved_forward(days=6):
        response = client.get(invitation_path(mail.outbox[0]))

    assert response.status_code == 200


def test_a_link_older_than_7_days_is_refused(client, invite, vanguard_a):
    invite(**member_data(vanguard_a))

    with clock_moved_forward(days=8):
        response = client.get(invitation_path(mail.outbox[0]))

    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()


def test_an_expired_link_cannot_set_a_password(client, invite, vanguard_a):
    invite(**member_data(vanguard_a))

    with clock_moved_forward(days=8):
        response = set_password(client, invitation_path(mail.outbox[0]))

    assert response.status_code == 404
    assert not User.objects.get(email="nia.newcomer@example.com").has_usable_password()


def test_a_tampered_link_is_refused(client, invite, vanguard_a):
    invite(**member_data(vanguard_a))
    path = invitation_path(mail.outbox[0])
    token = path.split("/")[-2]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.get(path.replace(token, tampered))

    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()


def test_a_link_for_a_deactivated_account_is_refused(client, invite, vanguard_a):
    invite(**member_data(vanguard_a))
    User.objects.filter(email="nia.newcomer@example.com").update(is_active=False)

    response = client.get(invitation_path(mail.outbox[0]))

    assert response.status_code == 404


def test_a_member_needs_a_vanguard(client, admin_user, vanguard_a):
    client.force_login(admin_user)

    response = client.post("/vanguards/invite/", member_data(vanguard_a, vanguard=""))

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Select the vanguard this member belongs to" in html
    assert 'value="nia.newcomer@example.com"' in html
    assert 'value="Nia Newcomer"' in html
    assert not User.objects.filter(email="nia.newcomer@example.com").exists()
    assert mail.outbox == []


def test_a_regional_lead_needs_a_region(client, admin_user, db):
    client.force_login(admin_user)

    response = client.post(
        "/vanguards/invite/",
        {"full_name": "Rhys Region", "email": "rhys@example.com", "role": Role.REGIONAL_LEAD},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Select the regional lead&#39;s region" in html
    assert 'value="rhys@example.com"' in html
    assert not User.objects.filter(email="rhys@example.com").exists()


def test_an_existing_email_is_refused(client, admin_user, rm, vanguard_a):
    client.force_login(admin_user)

    response = client.post("/vanguards/invite/", member_data(vanguard_a, email=rm.email.upper()))

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert f"An account for {rm.email} already exists" in html
    assert 'value="Nia Newcomer"' in html
    assert User.objects.filter(email__iexact=rm.email).count() == 1
    assert mail.outbox == []


def test_a_malformed_email_is_refused(client, admin_user, vanguard_a):
    client.force_login(admin_user)

    response = client.post("/vanguards/invite/", member_data(vanguard_a, email="nia-at-example"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter an email address in the correct format" in html
    assert 'value="nia-at-example"' in html
    assert not User.objects.filter(full_name="Nia Newcomer").exists()


def test_the_invite_page_renders_for_an_admin(client, admin_user, db):
    client.force_login(admin_user)

    response = client.get("/vanguards/invite/")

    assert response.status_code == 200
    assert "Invite someone to the portal" in response.content.decode()


@each_role_gets({"admin_user": OK})
def test_only_admins_open_the_invitation_page(client, cast, role, expected):
    client.force_login(cast[role])

    assert client.get("/vanguards/invite/").status_code == expected


@each_role_gets({"admin_user": REDIRECT})
def test_only_admins_can_invite(client, cast, role, expected):
    client.force_login(cast[role])

    response = client.post(
        "/vanguards/invite/",
        {"full_name": "Eve", "email": "eve@example.com", "role": Role.ADMIN},
    )

    assert response.status_code == expected
    assert User.objects.filter(email="eve@example.com").exists() is (expected == REDIRECT)


def test_an_invited_person_cannot_sign_in_before_setting_a_password(client, invite, vanguard_a):
    invite(**member_data(vanguard_a))

    response = client.post(
        "/accounts/login/", {"login": "nia.newcomer@example.com", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated

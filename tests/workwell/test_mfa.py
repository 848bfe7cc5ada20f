"""Two-factor sign-in (TOTP with recovery codes, through allauth.mfa). With REQUIRE_MFA on, NST
and programme roles must set up an authenticator app before they can use the portal; vanguard
members and regional leads need not. Codes are computed with allauth's own TOTP helpers."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import override_settings

from tests.factories import PASSWORD
from tests.roles import OK, REDIRECT, each_role_gets, everyone

ACTIVATE_PATH = "/accounts/2fa/totp/activate/"
AUTHENTICATE_PATH = "/accounts/2fa/authenticate/"
RECOVERY_CODES_PATH = "/accounts/2fa/recovery-codes/"
REAUTHENTICATE_PATH = "/accounts/reauthenticate/"
MFA_REQUIRED = ["admin_user", "programme_lead", "rm", "rm_lead", "learning_user"]

require_mfa = override_settings(REQUIRE_MFA=True)


def current_code(secret: str) -> str:
    """The authenticator app's code now; waits out the last second of a 30-second period so
    the code cannot roll over between computing and posting it."""
    if 30 - time.time() % 30 < 1:
        time.sleep(1.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def with_totp(user) -> str:
    """Give `user` an authenticator app, as if they had activated one; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def sign_in(client, user, **data):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD, **data})


def confirm_password(client):
    """allauth asks for the password again before any change to two-factor settings."""
    response = client.post(REAUTHENTICATE_PATH, {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()
    return response


def start_activation(client, user) -> str:
    """Sign in, confirm the password and open the activation page; returns the new secret."""
    sign_in(client, user)
    confirm_password(client)
    assert client.get(ACTIVATE_PATH).status_code == 200
    return client.session[SECRET_SESSION_KEY]


# With REQUIRE_MFA on, the home page sends the NST and programme roles to set up an
# authenticator; vanguard members and regional leads are let through.
@require_mfa
@each_role_gets({**everyone(OK), **dict.fromkeys(MFA_REQUIRED, REDIRECT)})
def test_nst_and_programme_roles_must_set_up_an_authenticator(client, cast, role, expected):
    client.force_login(cast[role])

    response = client.get("/")

    assert response.status_code == expected
    assert (response.get("Location") == ACTIVATE_PATH) is (expected == REDIRECT)


@require_mfa
def test_every_page_is_held_back_until_the_authenticator_is_set_up(client, rm, vanguard_a):
    client.force_login(rm)

    response = client.get("/vanguards/alpha/")

    assert response.status_code == 302
    assert response.url == ACTIVATE_PATH


@require_mfa
def test_the_django_admin_is_held_back_too(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url == ACTIVATE_PATH


@require_mfa
def test_sign_out_stays_reachable_without_an_authenticator(client, rm):
    client.force_login(rm)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/"


@require_mfa
def test_the_public_pages_stay_reachable_without_an_authenticator(client, rm):
    client.force_login(rm)

    assert client.get("/accessibility/").status_code == 200
    assert client.get("/healthz").status_code == 200


@require_mfa
def test_signing_in_without_an_authenticator_leads_to_setting_one_up(client, rm):
    response = sign_in(client, rm)
    assert response.url == "/"

    response = client.get("/", follow=True)

    # allauth asks for the password again before a change to two-factor settings.
    assert response.redirect_chain == [
        (ACTIVATE_PATH, 302),
        (f"{REAUTHENTICATE_PATH}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F", 302),
    ]
    assert response.status_code == 200


@require_mfa
def test_after_confirming_the_password_the_activation_page_shows_the_secret(client, rm):
    sign_in(client, rm)
    client.get("/")

    response = client.post(
        f"{REAUTHENTICATE_PATH}?next={ACTIVATE_PATH}", {"password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1] == (ACTIVATE_PATH, 302)
    html = response.content.decode()
    assert client.session[SECRET_SESSION_KEY] in html
    assert "WorkWell National Support Portal" in html


@require_mfa
def test_activating_an_authenticator_lets_the_user_in(client, rm):
    secret = start_activation(client, rm)

    response = client.post(ACTIVATE_PATH, {"code": current_code(secret)})

    assert response.status_code == 302
    assert response.url == RECOVERY_CODES_PATH
    assert Authenticator.objects.filter(user=rm, type=Authenticator.Type.TOTP).exists()
    assert client.get("/").status_code == 200


@require_mfa
def test_activating_an_authenticator_creates_recovery_codes(client, rm):
    secret = start_activation(client, rm)
    client.post(ACTIVATE_PATH, {"code": current_code(secret)})

    response = client.get(RECOVERY_CODES_PATH)

    assert response.status_code == 200
    codes = RecoveryCodes(
        Authenticator.objects.get(user=rm, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) == 10
    assert all(code in response.content.decode() for code in codes)


@require_mfa
def test_a_wrong_code_does_not_activate_the_authenticator(client, rm):
    secret = start_activation(client, rm)
    wrong = f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(ACTIVATE_PATH, {"code": wrong})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Authenticator.objects.filter(user=rm).exists()
    assert client.get("/").url == ACTIVATE_PATH


def test_signing_in_with_an_authenticator_asks_for_the_code(client, rm):
    with_totp(rm)

    response = sign_in(client, rm)

    assert response.status_code == 302
    assert response.url == AUTHENTICATE_PATH
    # The password alone does not sign in.
    assert client.get("/").status_code == 302


def test_the_right_code_completes_sign_in(client, rm):
    secret = with_totp(rm)
    sign_in(client, rm)

    response = client.post(AUTHENTICATE_PATH, {"code": current_code(secret)})

    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").wsgi_request.user == rm


def test_a_wrong_code_does_not_sign_in(client, rm):
    secret = with_totp(rm)
    sign_in(client, rm)
    wrong = f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(AUTHENTICATE_PATH, {"code": wrong})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_code_cannot_be_used_twice(client, rm):
    secret = with_totp(rm)
    code = current_code(secret)
    sign_in(client, rm)
    client.post(AUTHENTICATE_PATH, {"code": code})
    client.post("/accounts/logout/")
    sign_in(client, rm)

    response = client.post(AUTHENTICATE_PATH, {"code": code})

    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_a_recovery_code_completes_sign_in(client, rm):
    with_totp(rm)
    recovery_code = RecoveryCodes.activate(rm).get_unused_codes()[0]
    sign_in(client, rm)

    response = client.post(AUTHENTICATE_PATH, {"code": recovery_code})

    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == rm


def test_a_recovery_code_works_only_once(client, rm):
    with_totp(rm)
    recovery_code = RecoveryCodes.activate(rm).get_unused_codes()[0]
    sign_in(client, rm)
    client.post(AUTHENTICATE_PATH, {"code": recovery_code})
    client.post("/accounts/logout/")
    sign_in(client, rm)

    response = client.post(AUTHENTICATE_PATH, {"code": recovery_code})

    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_the_django_admin_sign_in_asks_for_the_code(client, admin_user):
    secret = with_totp(admin_user)

    response = sign_in(client, admin_user, next="/admin/")
    assert response.url.startswith(AUTHENTICATE_PATH)
    response = client.post(AUTHENTICATE_PATH, {"code": current_code(secret)})

    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_new_recovery_codes_can_be_generated(client, rm):
    secret = with_totp(rm)
    RecoveryCodes.activate(rm)
    sign_in(client, rm)
    client.post(AUTHENTICATE_PATH, {"code": current_code(secret)})
    confirm_password(client)
    old_codes = set(
        RecoveryCodes(Authenticator.objects.get(user=rm, type="recovery_codes")).generate_codes()
    )

    form = client.get(f"{RECOVERY_CODES_PATH}generate/")
    response = client.post(f"{RECOVERY_CODES_PATH}generate/")

    assert form.status_code == 200
    assert response.status_code == 302
    assert response.url == RECOVERY_CODES_PATH
    new_codes = set(
        RecoveryCodes(Authenticator.objects.get(user=rm, type="recovery_codes")).generate_codes()
    )
    assert new_codes.isdisjoint(old_codes)


@override_settings(REQUIRE_MFA=False)
@each_role_gets(everyone(OK))
def test_with_mfa_not_required_nobody_is_made_to_set_it_up(client, cast, role, expected):
    client.force_login(cast[role])

    assert client.get("/").status_code == expected


@require_mfa
def test_a_user_with_an_authenticator_is_let_through(client, rm):
    with_totp(rm)
    client.force_login(rm)

    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/2fa/",
        RECOVERY_CODES_PATH,
        f"{RECOVERY_CODES_PATH}generate/",
        "/accounts/2fa/totp/deactivate/",
        REAUTHENTICATE_PATH,
    ],
)
def test_the_two_factor_pages_are_in_the_portal_layout(client, rm, path):
    secret = with_totp(rm)
    RecoveryCodes.activate(rm)
    sign_in(client, rm)
    client.post(AUTHENTICATE_PATH, {"code": current_code(secret)})
    confirm_password(client)

    response = client.get(path)

    assert response.status_code == 200
    assert "WorkWell National Support Portal" in response.content.decode()


def test_the_code_page_is_in_the_portal_layout(client, rm):
    with_totp(rm)
    sign_in(client, rm)

    response = client.get(AUTHENTICATE_PATH)

    assert response.status_code == 200
    html = response.content.decode()
    assert "WorkWell National Support Portal" in html
    assert 'name="code"' in html

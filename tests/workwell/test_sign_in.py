"""Signing in and out: email and password through allauth, no open sign-up, allauth's rate limit
on failed sign-ins, sessions that end after 8 hours idle, and the Django admin's login routed
through allauth so the same rules guard it."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import PASSWORD
from workwell.models import User

SERVICE_NAME = "WorkWell National Support Portal"


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


def test_signing_in_with_email_and_password_lands_on_home(client, rm):
    response = sign_in(client, rm.email)

    assert response.status_code == 302
    assert response.url == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user == rm


def test_signing_in_ignores_the_case_of_the_email(client, rm):
    response = sign_in(client, rm.email.upper())

    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == rm


def test_wrong_password_shows_the_error_summary_and_keeps_the_email(client, rm):
    response = sign_in(client, rm.email, password="not-the-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "There is a problem" in html
    assert f'value="{rm.email}"' in html
    assert "Error: Sign in" in html  # the page title says there is an error
    assert not response.wsgi_request.user.is_authenticated


def test_sign_up_is_closed(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "stranger@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 200
    assert "You need an invitation" in response.content.decode()
    assert not User.objects.filter(email="stranger@example.com").exists()


@pytest.mark.parametrize("path", ["/", "/vanguards/", "/vanguards/invite/"])
def test_anonymous_people_are_sent_to_sign_in(client, db, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={path}"


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/password/reset/", "/accessibility/", "/healthz"]
)
def test_anonymous_people_can_reach_the_public_pages(client, db, path):
    assert client.get(path).status_code == 200


def test_repeated_failed_sign_ins_are_blocked(client, rm):
    for _ in range(5):
        response = sign_in(client, rm.email, password="not-the-password")
        assert "Too many failed login attempts" not in response.content.decode()

    # Even the right password is refused until the 5-minute window passes.
    response = sign_in(client, rm.email)

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_failed_sign_ins_from_many_addresses_still_lock_the_account(client, rm):
    for number in range(5):
        sign_in(client, rm.email, password="not-the-password", REMOTE_ADDR=f"10.0.0.{number}")

    response = sign_in(client, rm.email, REMOTE_ADDR="10.0.0.99")

    assert "Too many failed login attempts" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_a_session_lasts_8_hours_from_the_last_request(client, rm):
    sign_in(client, rm.email)

    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_each_request_extends_the_session(client, rm):
    signed_in_at = timezone.now()
    sign_in(client, rm.email)
    almost_8_hours = datetime.timedelta(hours=7, minutes=59)

    # Two requests each just under 8 hours apart: 16 hours after signing in, still signed in,
    # because every request pushes the idle deadline back.
    for later in (signed_in_at + almost_8_hours, signed_in_at + 2 * almost_8_hours):
        with mock.patch("django.utils.timezone.now", return_value=later):
            response = client.get("/")
        assert response.status_code == 200


def test_a_session_idle_for_8_hours_ends(client, rm):
    sign_in(client, rm.email)
    later = timezone.now() + datetime.timedelta(hours=8, minutes=1)

    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def _session_writes(client, at) -> int:
    """Requests the home page at `at`; how many times the session row was written."""
    with (
        mock.patch("django.utils.timezone.now", return_value=at),
        CaptureQueriesContext(connection) as queries,
    ):
        assert client.get("/").status_code == 200
    return sum(
        query["sql"].startswith("UPDATE") and '"django_session"' in query["sql"]
        for query in queries
    )


def _expires(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_session_is_written_at_most_once_a_minute(client, rm):
    sign_in(client, rm.email)
    first = timezone.now() + datetime.timedelta(minutes=5)

    # The first request after a minute slides the expiry; another within the minute does not
    # write the session again; one after the minute does.
    assert _session_writes(client, first) == 1
    assert _expires(client) == first + datetime.timedelta(hours=8)
    assert _session_writes(client, first + datetime.timedelta(seconds=59)) == 0
    assert _expires(client) == first + datetime.timedelta(hours=8)
    later = first + datetime.timedelta(seconds=60)
    assert _session_writes(client, later) == 1
    assert _expires(client) == later + datetime.timedelta(hours=8)


def test_requests_right_after_signing_in_do_not_write_the_session(client, rm):
    # Signing in saved the session already, with the time of that save.
    sign_in(client, rm.email)

    assert _session_writes(client, timezone.now()) == 0


def test_signing_out_leaves_no_session_behind(client, rm):
    sign_in(client, rm.email)

    client.post("/accounts/logout/")

    assert not Session.objects.exists()


def test_the_session_cookie_ends_with_the_browser(client, rm):
    # No "remember me": the cookie goes when the browser closes, and the server-side session
    # ends after 8 hours idle whichever comes first.
    response = sign_in(client, rm.email)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["httponly"]


def test_the_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2F"


def test_an_admin_signed_in_through_allauth_reaches_the_django_admin(client, admin_user):
    sign_in(client, admin_user.email)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "WorkWell National Support Portal admin" in response.content.decode()


def test_signing_out_by_post_ends_the_session(client, rm):
    sign_in(client, rm.email)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert client.get("/").status_code == 302


def test_the_sign_out_button_is_on_every_page(client, rm):
    sign_in(client, rm.email)

    html = client.get("/accessibility/").content.decode()

    assert 'action="/accounts/logout/"' in html
    assert "Sign out" in html


def test_sign_in_page_is_in_the_portal_layout(client, db):
    html = client.get("/accounts/login/").content.decode()

    assert SERVICE_NAME in html
    assert "govuk-service-navigation" in html
    # allauth puts the reset link in the password hint; there is exactly one.
    assert html.count('href="/accounts/password/reset/"') == 1


@pytest.mark.django_db
def test_people_cannot_add_or_change_their_own_sign_in_email(client, rm):
    client.force_login(rm)
    response = client.post("/accounts/email/", {"action_add": "", "email": "new@example.com"})
    assert "the National Support Team PMO manages it" in response.content.decode()
    assert rm.emailaddress_set.filter(email="new@example.com").exists() is False
    rm.refresh_from_db()
    assert rm.email != "new@example.com"

"""Password reset by email through allauth: one email with a link, a new password that signs in,
and no way to learn from the page or the mail whether an address has an account."""

import re

import pytest
from django.core import mail

from tests.factories import PASSWORD

NEW_PASSWORD = "a-fresh-long-passphrase"
SERVICE_NAME = "WorkWell National Support Portal"
RESET_LINK = re.compile(r"http://testserver(?P<path>/accounts/password/reset/key/\S+/)")


def request_reset(client, email):
    return client.post("/accounts/password/reset/", {"email": email})


def reset_path(message) -> str:
    match = RESET_LINK.search(message.body)
    assert match, message.body
    return match["path"]


def choose_new_password(client, path, password=NEW_PASSWORD):
    """Follow the emailed link (allauth swaps the key for a session) and set the password."""
    form = client.get(path, follow=True)
    assert form.status_code == 200
    set_password_path = form.redirect_chain[-1][0] if form.redirect_chain else path
    return client.post(set_password_path, {"password1": password, "password2": password})


def sign_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_requesting_a_reset_sends_one_email_with_a_link(client, rm):
    response = request_reset(client, rm.email)

    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [rm.email]
    assert len(RESET_LINK.findall(mail.outbox[0].body)) == 1


def test_the_email_address_is_matched_whatever_its_case(client, rm):
    request_reset(client, rm.email.upper())

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [rm.email]


def test_the_link_shows_the_new_password_form(client, rm):
    request_reset(client, rm.email)

    response = client.get(reset_path(mail.outbox[0]), follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="password1"' in html
    assert 'name="password2"' in html


def test_a_new_password_can_be_set_and_used_to_sign_in(client, rm):
    request_reset(client, rm.email)

    response = choose_new_password(client, reset_path(mail.outbox[0]))

    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/key/done/"
    rm.refresh_from_db()
    assert rm.check_password(NEW_PASSWORD)
    signed_in = sign_in(client, rm.email, NEW_PASSWORD)
    assert signed_in.status_code == 302
    assert client.get("/").wsgi_request.user == rm


def test_the_old_password_stops_working(client, rm):
    request_reset(client, rm.email)
    choose_new_password(client, reset_path(mail.outbox[0]))

    response = sign_in(client, rm.email, PASSWORD)

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_resetting_does_not_sign_the_person_in(client, rm):
    # They sign in afterwards, so two-factor sign-in still applies to them.
    request_reset(client, rm.email)
    choose_new_password(client, reset_path(mail.outbox[0]))

    assert client.get("/").status_code == 302


def test_a_reset_link_works_only_once(client, rm):
    request_reset(client, rm.email)
    path = reset_path(mail.outbox[0])
    choose_new_password(client, path)

    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert "The password reset link was invalid" in response.content.decode()
    assert 'name="password1"' not in response.content.decode()


def test_a_tampered_reset_link_is_refused(client, rm):
    request_reset(client, rm.email)
    path = reset_path(mail.outbox[0])

    response = client.get(path[:-2] + ("x" if path[-2] != "x" else "y") + "/", follow=True)

    assert response.status_code == 200
    assert 'name="password1"' not in response.content.decode()
    rm.refresh_from_db()
    assert rm.check_password(PASSWORD)


def test_a_weak_new_password_is_refused_with_the_error_summary(client, rm):
    request_reset(client, rm.email)

    response = choose_new_password(client, reset_path(mail.outbox[0]), password="12345678")

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    rm.refresh_from_db()
    assert rm.check_password(PASSWORD)


def test_an_unknown_email_gets_the_same_page_and_no_email(client, rm):
    known = request_reset(client, rm.email)
    mail.outbox.clear()

    unknown = request_reset(client, "nobody@example.com")

    assert unknown.status_code == known.status_code == 302
    assert unknown.url == known.url
    # allauth would otherwise mail the address inviting them to sign up, which they cannot.
    assert mail.outbox == []


def test_a_malformed_email_shows_the_error_summary_and_keeps_what_was_typed(client, db):
    response = request_reset(client, "not-an-email")

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'value="not-an-email"' in html
    assert mail.outbox == []


@pytest.mark.parametrize("path", ["/accounts/password/reset/", "/accounts/password/reset/done/"])
def test_the_reset_pages_are_in_the_portal_layout(client, db, path):
    response = client.get(path)

    assert response.status_code == 200
    assert SERVICE_NAME in response.content.decode()


def test_the_new_password_page_is_in_the_portal_layout(client, rm):
    request_reset(client, rm.email)

    response = client.get(reset_path(mail.outbox[0]), follow=True)

    assert response.status_code == 200
    assert SERVICE_NAME in response.content.decode()


def test_an_unknown_reset_key_shows_the_invalid_link_page(client, db):
    response = client.get("/accounts/password/reset/key/zz-not-a-real-key/", follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert SERVICE_NAME in html
    assert "The password reset link was invalid" in html


def test_the_reset_done_pages_are_in_the_portal_layout(client, rm):
    request_reset(client, rm.email)

    response = choose_new_password(client, reset_path(mail.outbox[0]))
    done = client.get(response.url)

    assert done.status_code == 200
    assert SERVICE_NAME in done.content.decode()


def test_a_signed_in_user_can_change_their_password(client, rm):
    sign_in(client, rm.email, PASSWORD)
    page = client.get("/accounts/password/change/")

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert page.status_code == 200
    assert SERVICE_NAME in page.content.decode()
    assert response.status_code == 302
    rm.refresh_from_db()
    assert rm.check_password(NEW_PASSWORD)


def test_changing_the_password_needs_the_current_one(client, rm):
    sign_in(client, rm.email, PASSWORD)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "not-the-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    rm.refresh_from_db()
    assert rm.check_password(PASSWORD)

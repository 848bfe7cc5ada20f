"""allauth's password and two-factor pages in GOV.UK wording: sentence-case headings, titles,
labels and buttons, and error messages that say what to do instead of "This field is
required."."""

import re

import pytest

from workwell.templatetags.govuk import sentence_case


def texts(html: str, pattern: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", found).split())
        for found in re.findall(pattern, html, re.S)
    ]


def errors(html: str) -> list[str]:
    return [
        text.removeprefix("Error: ")
        for text in texts(html, r'class="govuk-error-message"[^>]*>(.*?)</p>')
    ]


@pytest.mark.django_db
def test_change_password_page_speaks_govuk(client, rm):
    client.force_login(rm)
    html = client.get("/accounts/password/change/").content.decode()
    assert texts(html, r"<title>(.*?)</title>") == [
        "Change password – WorkWell National Support Portal"
    ]
    assert "Change password" in texts(html, r"<h1[^>]*>(.*?)</h1>")
    assert texts(html, r"<label[^>]*>(.*?)</label>") == [
        "Current password",
        "New password",
        "Confirm new password",
    ]
    html = client.post("/accounts/password/change/", {}).content.decode()
    assert "This field is required." not in html
    assert errors(html) == [
        "Enter your current password",
        "Enter a new password",
        "Enter your new password again",
    ]


@pytest.mark.django_db
def test_sign_in_and_reset_errors_say_what_to_do(client):
    html = client.post("/accounts/login/", {}).content.decode()
    assert errors(html) == ["Enter your email address", "Enter your password"]
    html = client.post("/accounts/password/reset/", {}).content.decode()
    assert errors(html) == ["Enter your email address"]


@pytest.mark.django_db
def test_two_factor_page_headings_are_in_sentence_case(client, rm):
    client.force_login(rm)
    html = client.get("/accounts/2fa/").content.decode()
    headings = texts(html, r"<h[12][^>]*>(.*?)</h[12]>")
    assert "Two-factor authentication" in headings
    assert "Authenticator app" in headings
    assert not [heading for heading in headings if re.search(r"\s[A-Z][a-z]", heading)]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Change Password", "Change password"),
        ("Two-Factor Authentication", "Two-factor authentication"),
        ("  Recovery Codes ", "  Recovery codes "),
        ("Sign in to WorkWell", "Sign in to WorkWell"),  # names with inner capitals stay
        ("Set up MFA Now", "Set up MFA now"),  # so do acronyms
    ],
)
def test_sentence_case(before, after):
    assert sentence_case(before) == after

"""Sign-in rate limits behind the TLS proxy: each client is limited on its own address, not the
proxy's, and a client cannot forge its way out of a limit (README.md, TRUSTED_PROXY_COUNT and
TRUSTED_CLIENT_IP_HEADER). Counters live in Redis, the test cache, as in production."""

import pytest
from django.test import Client

from tests.factories import PASSWORD

from .test_check_deploy import production_env, run

PROXY = "10.0.0.2"  # the TLS proxy: every request reaches the portal from this address
LOCKED_OUT = "Too many failed login attempts"


def sign_in(client, email, password=PASSWORD, **headers):
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=PROXY, **headers
    )


def guess_five_times(client, email, **headers):
    """Five wrong passwords: allauth's limit (5 per 5 minutes per address and per account).
    `{n}` in a header's value is the attempt's number, for a client forging a new one each time."""
    for number in range(5):
        forged = {name: value.format(n=number) for name, value in headers.items()}
        response = sign_in(client, email, password="not-the-password", **forged)
        assert LOCKED_OUT not in response.content.decode()


def signed_in(response) -> bool:
    return response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    ("setting", "value", "header"),
    [
        pytest.param("ALLAUTH_TRUSTED_PROXY_COUNT", 1, "HTTP_X_FORWARDED_FOR", id="forwarded-for"),
        pytest.param(
            "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", "X-Real-IP", "HTTP_X_REAL_IP", id="header"
        ),
    ],
)
def test_clients_behind_the_proxy_are_limited_apart(
    settings, rm, programme_lead, setting, value, header
):
    setattr(settings, setting, value)
    guesser, colleague = Client(), Client()

    # The guesser tries the programme lead's account, then their own (right) password for the
    # RM's account: the address is locked, whichever account it tries.
    guess_five_times(guesser, programme_lead.email, **{header: "203.0.113.7"})
    response = sign_in(guesser, rm.email, **{header: "203.0.113.7"})
    assert LOCKED_OUT in response.content.decode()
    assert not signed_in(response)

    # A colleague behind the same proxy signs in to the RM's account.
    response = sign_in(colleague, rm.email, **{header: "198.51.100.20"})
    assert response.status_code == 302
    assert signed_in(response)


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_limit(
    settings, rm, programme_lead
):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0  # the safe default
    assert settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER is None
    attacker = Client()
    guess_five_times(
        attacker,
        programme_lead.email,
        HTTP_X_FORWARDED_FOR="192.0.2.{n}",
        HTTP_X_REAL_IP="192.0.2.{n}",
    )

    response = sign_in(
        attacker, rm.email, HTTP_X_FORWARDED_FOR="192.0.2.99", HTTP_X_REAL_IP="192.0.2.99"
    )

    assert LOCKED_OUT in response.content.decode()
    assert not signed_in(response)


def test_behind_the_proxy_a_forged_forwarded_for_does_not_escape_the_limit(
    settings, rm, programme_lead
):
    # The proxy appends the address it saw to whatever the client sent; only that last entry
    # is trusted, so the client's own entries change nothing.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = Client()
    guess_five_times(
        attacker, programme_lead.email, HTTP_X_FORWARDED_FOR="192.0.2.{n}, 203.0.113.7"
    )

    response = sign_in(attacker, rm.email, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")

    assert LOCKED_OUT in response.content.decode()
    assert not signed_in(response)


# Prints the two settings as production reads them from the environment.
TRUSTED_PROXY_SETTINGS = """
import django
django.setup()
from django.conf import settings
print(repr((settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)))
"""


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        pytest.param({}, "(0, None)", id="default"),
        pytest.param({"TRUSTED_PROXY_COUNT": "1"}, "(1, None)", id="count"),
        pytest.param({"TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, "(0, 'X-Real-IP')", id="header"),
    ],
)
def test_the_trusted_proxy_comes_from_the_environment(environment, expected):
    result = run(["-c", TRUSTED_PROXY_SETTINGS], production_env(**environment))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected

"""Production settings pass Django's deployment checklist, and every response carries the
security headers.

Production settings are loaded in a subprocess: they are read once, at import, from the
environment, so `override_settings` in this process could not show what they really do.
"""

import json
import os
import secrets
import string
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

PRODUCTION_HOST = "portal.example.gov.uk"


def production_env(**overrides) -> dict:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    # Only what production would set, not this shell's variables (DEBUG, EMAIL_*, ...).
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env |= {
        "DJANGO_SETTINGS_MODULE": "workwell.settings.production",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
        "ALLOWED_HOSTS": PRODUCTION_HOST,
        # Nothing listens on port 1: the checks must not need a database or Redis.
        "DATABASE_URL": "postgres://workwell@127.0.0.1:1/workwell",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    return env | overrides


def run(args, env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_check_deploy():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "System check identified no issues" in output


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]

    result = run(["manage.py", "check"], env)

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


# Requests through the test client under production settings; prints status and headers.
PRODUCTION_REQUESTS = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="portal.example.gov.uk")
responses = {
    "healthz over http": client.get("/healthz"),
    "healthz over https": client.get("/healthz", secure=True),
    "login over http": client.get("/accounts/login/"),
}
print(json.dumps({
    name: {"status": response.status_code, "headers": dict(response.headers)}
    for name, response in responses.items()
}))
"""


@pytest.mark.django_db
def test_production_responses_carry_the_security_headers():
    # /healthz needs a real database and Redis to answer 200: the test database will do.
    test_database_url = urlsplit(os.environ["DATABASE_URL"])._replace(
        path="/" + connection.settings_dict["NAME"]
    )
    env = production_env(DATABASE_URL=test_database_url.geturl(), REDIS_URL=settings.REDIS_URL)

    result = run(["-c", PRODUCTION_REQUESTS], env)

    assert result.returncode == 0, result.stderr
    responses = json.loads(result.stdout.strip().splitlines()[-1])
    # Load balancers probe /healthz over plain HTTP inside the network: no redirect for it.
    plain = responses["healthz over http"]
    assert plain["status"] == 200, plain
    assert_security_headers(plain["headers"])
    secure = responses["healthz over https"]
    assert secure["status"] == 200
    assert_security_headers(secure["headers"])
    assert secure["headers"]["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    # Everything else is sent to HTTPS.
    login = responses["login over http"]
    assert login["status"] == 301
    assert login["headers"]["Location"] == f"https://{PRODUCTION_HOST}/accounts/login/"


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert_security_headers(response.headers)


def assert_security_headers(headers):
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in headers["Content-Security-Policy"].split(";")
        if directive.strip()
    )
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"

"""Who may call the API: a live token's owner (or a signed-in browser, for GET). Unknown,
revoked and expired tokens, tokens of inactive accounts and no token at all get 401 with a
JSON message; the token's last use is noted, at most once a minute."""

import datetime

import pytest
from django.utils import timezone

from api.models import ApiToken
from api.services import token_create, token_revoke
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

URL = "/api/v1/touchpoints/"


def _refused(response):
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    return response.json()["detail"]


def test_a_live_token_reads_the_api(client, member_a, secret_for):
    response = client.get(URL, **bearer(secret_for(member_a)))
    assert response.status_code == 200
    assert response.json() == {"next": None, "previous": None, "results": []}


def test_no_token_is_refused(client, cast):
    assert "credentials were not provided" in _refused(client.get(URL))


@pytest.mark.parametrize(
    "secret",
    ["wwp_unknownunknownunknown", "not-ours", "wwp_", "", "wwp_a b"],
)
def test_an_unknown_token_is_refused(client, member_a, secret_for, secret):
    real = secret_for(member_a)
    assert secret != real
    assert _refused(client.get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}"))


def test_a_real_prefix_with_a_wrong_secret_is_refused(client, member_a, secret_for):
    real = secret_for(member_a)
    forged = real[: len("wwp_") + 8] + "x" * 40
    assert "not valid" in _refused(client.get(URL, **bearer(forged)))


def test_a_revoked_token_is_refused(client, member_a):
    token, secret = token_create(owner=member_a, name="R", expires_in_days=30)
    assert client.get(URL, **bearer(secret)).status_code == 200
    token_revoke(token=token, by=member_a)
    assert "revoked" in _refused(client.get(URL, **bearer(secret)))


def test_an_expired_token_is_refused(client, member_a):
    token, secret = token_create(owner=member_a, name="R", expires_in_days=7)
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert "expired" in _refused(client.get(URL, **bearer(secret)))


def test_an_inactive_accounts_token_is_refused(client, member_a, secret_for):
    secret = secret_for(member_a)
    member_a.is_active = False
    member_a.save()
    assert _refused(client.get(URL, **bearer(secret)))


def test_a_signed_in_browser_may_read(client, member_a):
    client.force_login(member_a)
    assert client.get(URL).status_code == 200


def test_the_api_takes_no_writes(client, member_a, secret_for):
    """Read-only: no method but GET, HEAD and OPTIONS (so CSRF never comes into it)."""
    secret = secret_for(member_a)
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(URL, **bearer(secret)).status_code == 405


def test_last_use_is_noted_at_most_once_a_minute(client, member_a):
    token, secret = token_create(owner=member_a, name="R", expires_in_days=30)
    assert token.last_used_at is None
    client.get(URL, **bearer(secret))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(URL, **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == first  # within the minute: not written again
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get(URL, **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=2)

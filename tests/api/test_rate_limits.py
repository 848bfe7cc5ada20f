"""Each token has its own allowance of requests (counted in Redis); past it, 429 with
Retry-After."""

import pytest

from api.throttling import TokenRateThrottle
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

URL = "/api/v1/vanguards/"


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})


def test_a_token_over_its_limit_is_told_when_to_come_back(
    client, member_a, secret_for, three_a_minute
):
    secret = secret_for(member_a)
    for _ in range(3):
        assert client.get(URL, **bearer(secret)).status_code == 200
    refused = client.get(URL, **bearer(secret))
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"].lower()


def test_each_token_has_its_own_allowance(client, member_a, secret_for, three_a_minute):
    first, second = secret_for(member_a), secret_for(member_a)
    for _ in range(3):
        client.get(URL, **bearer(first))
    assert client.get(URL, **bearer(first)).status_code == 429
    assert client.get(URL, **bearer(second)).status_code == 200


def test_the_default_limit_is_120_a_minute():
    assert TokenRateThrottle().get_rate() == "120/minute"

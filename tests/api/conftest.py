"""Helpers for the data API's tests: a live token for a user, and its header."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.services import token_create


def bearer(secret: str) -> dict:
    """The test client's keyword for `Authorization: Bearer <secret>`."""
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def secret_for(db):
    """A new token's secret for `user` (90 days)."""

    def make(user, days: int = 90) -> str:
        _token, secret = token_create(owner=user, name="Test token", expires_in_days=days)
        return secret

    return make


@pytest.fixture
def api_get(client, secret_for):
    """GET `url` as `user` with a token of theirs; the response."""

    def get(user, url, data=None, **extra):
        return client.get(url, data, **bearer(secret_for(user)), **extra)

    return get


def page_query_counts(client, url: str, secret: str, sizes=(1, 50)) -> list[int]:
    """The queries a page of each size costs, after one warming request (so that what is
    loaded once a process, such as the schema, does not count)."""
    client.get(url, **bearer(secret))
    counts = []
    for size in sizes:
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"page_size": size}, **bearer(secret))
        counts.append(len(queries))
    return counts


def listed(client, url: str, secret: str, **params) -> list[dict]:
    """The first page's records of a list (asserting it answered 200)."""
    response = client.get(url, params, **bearer(secret))
    assert response.status_code == 200, response.content
    return response.json()["results"]

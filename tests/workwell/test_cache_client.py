"""The portal's Redis cache backend makes one Redis client per connection pool, per process
(workwell.cache): Django's made one for every cache operation."""

import pytest
from django.conf import settings
from django.core.cache import caches

from workwell.cache import RedisCache


@pytest.fixture
def backend():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    return RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-cache-client"})


def test_the_settings_use_the_portals_backend():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    assert isinstance(caches["default"], RedisCache)


def test_every_operation_uses_the_same_client(backend):
    first = backend._cache.get_client()
    assert backend._cache.get_client() is first
    assert backend._cache.get_client("key", write=True) is first  # one server: one pool


def test_values_still_go_in_and_come_out(backend):
    backend.set("a", {"value": 1})
    backend.set_many({"b": "two", "c": [3]})
    assert backend.get_many(["a", "b", "c", "missing"]) == {"a": {"value": 1}, "b": "two", "c": [3]}
    assert backend.add("a", "other") is False
    backend.delete_many(["a", "b", "c"])
    assert backend.get("a") is None

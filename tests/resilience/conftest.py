"""Services the `resilience` tests share, started once (starting the portal is the slow part
on a loaded machine): our own redis-server and the portal pointed at it and at pytest-django's
test database. A test that stops Redis starts it again before the next test needs it."""

import pytest

from .services import Redis, Web, database_url_for_tests


@pytest.fixture(scope="session")
def own_redis(tmp_path_factory):
    server = Redis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_server(own_redis):
    """Our redis-server, running (a test before may have left it stopped)."""
    if own_redis.process is None:
        own_redis.start()
    return own_redis


@pytest.fixture(scope="session")
def portal(own_redis, django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        database_url = database_url_for_tests()
    web = Web(
        database_url=database_url,
        redis_url=own_redis.url,
        log_dir=tmp_path_factory.mktemp("portal"),
    )
    yield web
    web.stop()


@pytest.fixture
def web(portal, redis_server):
    """The shared portal, with Redis running."""
    return portal

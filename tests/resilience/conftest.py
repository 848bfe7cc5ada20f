"""Services the `resilience` tests share, started once (starting the portal is the slow part
on a loaded machine): our own redis-server and the portal pointed at it and at pytest-django's
test database. A test that stops Redis starts it again before the next test needs it."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings

from .services import Redis, Web, database_url_for_tests

# The data migrations' rows, which tables made from the models lack.
SEEDS = (
    "workwell.migrations.0002_programme_themes",
    "vanguards.migrations.0003_nhs_england_regions",
    "maturity.migrations.0002_default_framework",
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_use_migrations, django_db_blocker):
    """`make resilience` runs with --nomigrations: the tables are made from the models in a
    few seconds instead of running every migration (half a minute of CPU, minutes on a loaded
    machine; `make test` checks the migrations). The data migrations' rows are seeded here,
    through their own functions, and the database serialised again, as serialized_rollback
    restores it after each test that flushes it."""
    if not django_db_use_migrations:
        with django_db_blocker.unblock():
            for module in SEEDS:
                importlib.import_module(module).seed(apps, None)
            # Django serialises only the apps it sees migrations for: show it them again.
            with override_settings(MIGRATION_MODULES={}):
                serialized = connection.creation.serialize_db_to_string()
            connection._test_serialized_contents = serialized
    return


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

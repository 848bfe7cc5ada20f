"""PostgreSQL restarts (our own cluster, not the shared one): the portal, kept running, serves
again as soon as the database is back — the kept connection is health-checked
(CONN_HEALTH_CHECKS) rather than failing the first request — with no restart of its own."""

import pytest

from .services import Postgres, Web, wait_until

pytestmark = pytest.mark.resilience


@pytest.fixture
def postgres():
    server = Postgres()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def portal(postgres, tmp_path):
    web = Web(database_url=postgres.url, redis_url="", log_dir=tmp_path, gunicorn=True)
    yield web
    web.stop()


def test_the_portal_recovers_from_a_database_restart_by_itself(postgres, portal):
    assert portal.status("/healthz") == 200
    assert portal.status("/healthz") == 200  # the worker now holds a connection

    # A restart between two requests: the kept connection is dead, unknown to the worker.
    postgres.stop()
    postgres.start()
    wait_until(postgres.ready, what="PostgreSQL to accept connections")
    # The first request after the restart is served: the dead connection is replaced.
    assert portal.status("/healthz") == 200, portal.log.read_text()[-3000:]

    # While it is down the health check says so; once back, the portal serves again.
    postgres.stop()
    assert portal.status("/healthz") == 503
    postgres.start()
    wait_until(postgres.ready, what="PostgreSQL to accept connections")
    assert portal.status("/healthz") == 200
    assert portal.process.poll() is None  # the same gunicorn, never restarted

"""A real Celery worker for tests marked `worker`, consuming from the Redis in REDIS_URL.

Import the fixture into a test module (`from tests.worker import celery_worker`) and request
it from tests that use the database. The worker runs once per session as a subprocess, with
the test settings but pointed at the test database pytest-django created, so it sees whatever
a `transactional_db` test commits (not what a `db` test writes inside its transaction).
Tests send work with `app.send_task(...)`, which always goes through the broker, even though
the test process itself runs `.delay()` eagerly.

The suite's autouse `_clear_cache` FLUSHes the Redis database the broker shares. That is
harmless here: Celery publishes to the default queue through the anonymous exchange, by queue
name, so no Kombu binding is needed, and control commands (ping) travel over pub/sub.
"""

import os
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from workwell.celery import app

STARTUP_TIMEOUT = 30  # seconds for the worker to answer a ping

# The test settings run tasks eagerly for the test process. Inside the worker that would make
# a task that queues another task run it inline instead of through Redis, so the worker turns
# it off before it starts; everything else comes from workwell.settings.test.
WORKER_BOOTSTRAP = (
    "import sys; from workwell.celery import app; "
    "app.conf.task_always_eager = False; "
    "app.worker_main(sys.argv[1:])"
)


def _test_database_url() -> str:
    """DATABASE_URL with the database name swapped for the test database's."""
    name = connection.settings_dict["NAME"]
    if not name.startswith("test_"):
        # pytest-django creates the test database only when a selected test uses the database;
        # without one, the worker would be pointed at the real database.
        pytest.fail(
            f"worker tests must use the database (db or transactional_db); got {name!r}",
            pytrace=False,
        )
    return urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + name).geturl()


def _log_tail(path, lines=40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _wait_for_ping(process, node_name, log_path):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"Celery worker exited with {process.returncode}:\n{_log_tail(log_path)}",
                pytrace=False,
            )
        if app.control.ping(destination=[node_name], timeout=0.5):
            return
    pytest.fail(
        f"Celery worker did not answer a ping in {STARTUP_TIMEOUT}s:\n{_log_tail(log_path)}",
        pytrace=False,
    )


def _worker_media_root(tmp_path_factory):
    # getbasetemp() is the session's own folder, so the worker and `worker_storage` agree.
    return tmp_path_factory.getbasetemp() / "worker-media"


def through_the_worker(test):
    """Mark a test that sends work to the real worker. serialized_rollback: the flush must not
    take the regions and themes data migrations seed. This process is eager, and Celery warns
    about that on send_task and .get()."""
    for mark in (
        pytest.mark.worker,
        pytest.mark.django_db(transaction=True, serialized_rollback=True),
        pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
        pytest.mark.filterwarnings("ignore:Results are not stored in backend:RuntimeWarning"),
    ):
        test = mark(test)
    return test


@pytest.fixture
def worker_storage(celery_worker, tmp_path_factory, settings):
    """Files the worker stores, readable here: this process's default storage on its folder."""
    settings.MEDIA_ROOT = str(_worker_media_root(tmp_path_factory))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """The worker's node name. The test must use the database (`db` or `transactional_db`)."""
    if not settings.REDIS_URL or not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.fail("worker tests need REDIS_URL and a PostgreSQL DATABASE_URL", pytrace=False)
    with django_db_blocker.unblock():
        database_url = _test_database_url()
    # A unique node name, so the ping reaches this session's worker and no other.
    node_name = f"workwell-test-{uuid.uuid4().hex[:8]}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workwell.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
    }
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env["TEST_WORKER_MEDIA_ROOT"] = str(_worker_media_root(tmp_path_factory))
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-c", WORKER_BOOTSTRAP),
                *("worker", "--pool=solo", "--concurrency=1", "--loglevel=warning"),
                # One worker has no peers to gossip or mingle with, and mingle alone adds
                # seconds to start-up.
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
                f"--hostname={node_name}",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_ping(process, node_name, log_path)
        yield node_name
    finally:
        # SIGTERM is Celery's warm shutdown: it finishes the current task and exits, closing
        # its database connection, so pytest-django can drop the test database afterwards.
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

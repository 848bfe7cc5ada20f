"""The processes docker-compose.yml runs, started for real: gunicorn serving the portal with
the production settings, and Celery beat with the portal's schedule. (The worker has its own
round-trip tests in test_celery_worker.py.)"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from django.conf import settings

from tests.worker import _test_database_url
from workwell.celery import app

pytestmark = pytest.mark.worker


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _production_env(database_url=None) -> dict:
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="workwell.settings.production",
        SECRET_KEY="gunicorn-test-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url or os.environ["DATABASE_URL"],
        REDIS_URL=os.environ["REDIS_URL"],
    )
    return env


def _get(url, timeout=1.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:  # an answer, just not a 2xx one
        return error.code, error.read().decode()


@contextmanager
def gunicorn_serving(tmp_path):
    """gunicorn with the production settings on a free port, once it answers /healthz;
    yields the port and the path of its log (stdout and stderr)."""
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "workwell.wsgi:application"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=_production_env(_test_database_url()),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("gunicorn did not answer:\n" + log.read_text(), pytrace=False)
                time.sleep(0.3)
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.mark.django_db
def test_gunicorn_serves_healthz_with_production_settings(tmp_path):
    with gunicorn_serving(tmp_path) as (port, _log):
        status, body = _get(f"http://127.0.0.1:{port}/healthz")
    assert status == 200
    assert '"database": "ok"' in body and '"redis": "ok"' in body


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE, "the beat schedule is empty"
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"{name} names an unknown task {entry['task']}"


def test_celery_beat_starts_with_the_portal_schedule(tmp_path):
    log = tmp_path / "beat.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workwell", "beat", "--loglevel=info"]
            + ["--schedule", str(tmp_path / "schedule")],
            env=_production_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while "beat: Starting" not in log.read_text():
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("celery beat did not start:\n" + log.read_text(), pytrace=False)
            time.sleep(0.3)
        time.sleep(1)  # let it load the schedule; it must still be running
        assert process.poll() is None, log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=15)
    assert "Traceback" not in log.read_text()

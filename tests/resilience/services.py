"""Processes the `resilience` tests start and stop themselves: their own redis-server on a
free port and the portal (runserver) pointed at it and at pytest-django's test database. The
shared PostgreSQL and Redis are never touched. Every process is ended in a finalizer."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60  # seconds; the machine is shared and slow to start Django


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, *, timeout=STARTUP_TIMEOUT, what="the condition"):
    """Poll `check` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class Redis:
    """Our own redis-server, which the test may stop and start again on the same port."""

    def __init__(self, log_dir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = log_dir / "redis.log"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until(self._answers, what="redis-server to answer")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process:
            stop(self.process)
            self.process = None


def test_database_url() -> str:
    """DATABASE_URL naming the test database pytest-django created (as tests/worker.py)."""
    name = connection.settings_dict["NAME"]
    assert name.startswith("test_"), name
    return urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + name).geturl()


class Web:
    """The portal in its own process (runserver, no autoreload), with the development settings
    (base: Celery sends through the broker in REDIS_URL, not eagerly as the test settings do)."""

    def __init__(self, *, redis_url: str, log_dir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / "web.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "workwell.settings.base",
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": redis_url,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DEBUG": "true",  # as `make run`: static files without a collectstatic manifest
            "MEDIA_ROOT": str(log_dir / "media"),
        }
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until(lambda: self.status("/healthz") is not None, what="the portal to start")

    def status(self, path) -> int | None:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    def stop(self):
        stop(self.process)

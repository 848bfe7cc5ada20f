"""Processes the `resilience` tests start and stop themselves: their own redis-server on a
free port and the portal (runserver) pointed at it and at pytest-django's test database. The
shared PostgreSQL and Redis are never touched. Every process is ended in a finalizer."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Seconds to wait for a process to start, or for something to happen. A loaded 2-core machine
# can be slow (gunicorn once took over a minute to start), so every wait scales with
# RESILIENCE_TIMEOUT_SCALE (default 1); each wait polls and returns as soon as it can.
SCALE = float(os.environ.get("RESILIENCE_TIMEOUT_SCALE", "1"))
STARTUP_TIMEOUT = 90 * SCALE
SETTINGS = "tests.resilience.settings"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, *, timeout=STARTUP_TIMEOUT, what="the condition", log=None):
    """Poll `check` until it returns something truthy; fail after `timeout` seconds, with the
    end of `log` (a path) when given."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}" + tail(log))


def tail(log: Path | None, lines=30) -> str:
    if log is None or not log.exists():
        return ""
    text = "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    return f"\n--- last lines of {log.name} ---\n{text}"


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


def database_url_for_tests() -> str:
    """DATABASE_URL naming the test database pytest-django created (as tests/worker.py)."""
    name = connection.settings_dict["NAME"]
    assert name.startswith("test_"), name
    return urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + name).geturl()


def start_python(arguments: list[str], *, env: dict, log: Path, what: str, ready):
    """Start `python arguments...` in the checkout, logging to `log`, and wait until `ready()`
    says it has started; fail at once, with the log, if it exits first."""
    process = subprocess.Popen(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )

    def started():
        if process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode}" + tail(log))
        return ready()

    wait_until(started, what=f"{what} to start", log=log)
    return process


def _environment(*, database_url: str, redis_url: str, media_root: Path, **more) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DEBUG": "true",  # as `make run`: static files without a collectstatic manifest
        "MEDIA_ROOT": str(media_root),
        **more,
    }


class Web:
    """The portal in its own process, with the development settings (Celery sends through
    the broker in REDIS_URL, not eagerly as the test settings do; tests/resilience/settings.py).
    runserver (no autoreload) by default; with `gunicorn`, one sync worker, which keeps one
    database connection between requests (CONN_MAX_AGE) as in production."""

    def __init__(self, *, database_url: str, redis_url: str, log_dir: Path, gunicorn=False):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / "web.log"
        self.media_root = log_dir / "media"
        self.env = env = _environment(
            database_url=database_url, redis_url=redis_url, media_root=self.media_root
        )
        address = f"127.0.0.1:{self.port}"
        command = ["manage.py", "runserver", "--noreload", address]
        if gunicorn:
            # its own control socket, not the user-wide default other gunicorns share
            command = [
                "-m",
                "gunicorn",
                "workwell.wsgi",
                "--workers",
                "1",
                "--bind",
                address,
                "--control-socket",
                str(log_dir / "gunicorn.ctl"),
            ]
        self.process = start_python(
            command,
            env=env,
            log=self.log,
            what="the portal",
            ready=lambda: self.status("/healthz") is not None,
        )

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


class Worker:
    """A Celery worker in its own process, with the same settings, database, Redis and media
    folder as the portal it serves. The solo pool by default: the process that runs the task
    is the worker, so killing it is the worker dying. With `prefork=True`, production's pool:
    one child process runs the tasks, and the main process (which holds the broker's
    messages) replaces a child that dies."""

    def __init__(
        self, web: "Web", *, log_dir: Path, slow_seconds: float = 0, prefork: bool = False
    ):
        self.node = f"resilience-{uuid.uuid4().hex[:8]}@localhost"
        self.log = log_dir / f"worker-{self.node.split('@')[0]}.log"
        env = {**web.env, "SLOW_DOCUMENT_SECONDS": str(slow_seconds)}
        pool = ("--pool=prefork", "--concurrency=1") if prefork else ("--pool=solo",)
        self.process = start_python(
            [
                *("-m", "celery", "-A", "workwell", "worker"),
                *(*pool, "--loglevel=info", f"--hostname={self.node}"),
                # One worker has no peers: gossip and mingle only slow its start.
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            env=env,
            log=self.log,
            what="the Celery worker",
            ready=lambda: f"{self.node} ready." in self.log.read_text(errors="replace"),
        )

    def kill(self):
        """SIGKILL: no warm shutdown, no acknowledgement, nothing cleaned up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def pool_children(self) -> list[int]:
        """The process ids of the prefork pool's children (none with the solo pool)."""
        children = []
        # a child is listed under the thread that forked it
        for listing in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            try:
                children += [int(child) for child in listing.read_text().split()]
            except OSError:  # the thread (or the worker) has ended
                continue
        return sorted(children)

    def stop(self):
        stop(self.process)


PG_BIN = Path("/usr/lib/postgresql/15/bin")


class Postgres:
    """Our own PostgreSQL cluster (initdb into a temporary folder, a free port), run as the
    postgres system user when the tests run as root (PostgreSQL refuses root)."""

    def __init__(self):
        # Not under pytest's tmp_path: its parents are private to root, where postgres cannot go.
        base = Path(tempfile.mkdtemp(prefix="resilience-pg-"))
        self.base = base
        self.data = base / "pgdata"
        self.log = base / "postgres.log"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.prefix:
            shutil.chown(base, user="postgres")  # the postgres user writes its data and log here
        # --no-sync and fsync off: a throwaway cluster (its stops are clean shutdowns anyway).
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )

    def _run(self, program, *args, check=True):
        return subprocess.run(
            [*self.prefix, str(PG_BIN / program), *args],
            check=check,
            capture_output=True,
            timeout=STARTUP_TIMEOUT,
        )

    def _ctl(self, action, *args):
        self._run(
            "pg_ctl",
            action,
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-o",
            f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off",
            *args,
        )

    def start(self):
        self._ctl("start")

    def stop(self):
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", check=False)

    def remove(self):
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)

    def ready(self) -> bool:
        return (
            self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port), check=False).returncode
            == 0
        )

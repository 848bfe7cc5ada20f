"""Test settings: the real PostgreSQL and Redis from the environment, fast hashing, and tasks run
in-process unless a test sends them to the real worker on purpose."""

import os
from urllib.parse import urlsplit

# Under `pytest -n N` each worker process (PYTEST_XDIST_WORKER gw0, gw1, ...) has its own test
# database (pytest-django adds the suffix) and, here, its own Redis database: the suite flushes
# the cache between tests, and each worker's Celery worker must take only its own tasks. The
# processes a test starts (the Celery worker) inherit the moved URL and are not moved again.
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and os.environ.get("REDIS_URL") and os.environ.get("TEST_REDIS_MOVED") != _worker:
    _redis = urlsplit(os.environ["REDIS_URL"])
    _db = int(_redis.path.strip("/") or 0) + 1 + int(_worker.removeprefix("gw"))
    os.environ["REDIS_URL"] = _redis._replace(path=f"/{_db}").geturl()
    os.environ["TEST_REDIS_MOVED"] = _worker

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Kept pages as in production (outside a test transaction: transactional and browser tests).
PAGE_CACHE = env.bool("PAGE_CACHE", default=bool(REDIS_URL))  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A real Celery worker (tests/worker.py) is another process, so what it stores must be on disk
# for the test to read back: the worker fixture names a folder, and `worker_storage` points the
# test process's default storage at the same one.
if env("TEST_WORKER_MEDIA_ROOT", default=""):  # noqa: F405
    MEDIA_ROOT = env("TEST_WORKER_MEDIA_ROOT")  # noqa: F405
    STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

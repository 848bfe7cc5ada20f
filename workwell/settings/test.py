"""Test settings: the real PostgreSQL and Redis from the environment, fast hashing, and tasks run
in-process unless a test sends them to the real worker on purpose."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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

"""Settings for `make bench` only: production settings, served over plain HTTP on loopback.

Never deploy with these. They differ from workwell.settings.production only where a benchmark
on 127.0.0.1 needs it: no redirect to HTTPS and cookies sent over HTTP (there is no TLS in front
of gunicorn here), no two-factor set-up for the bench users, the static files collected into
.tmp/, and a URLconf that adds one bare view as the baseline (benchmarks/urls.py). Production's
own settings, and `check --deploy` against them, are untouched.
"""

import os

# The bench runner sets these for gunicorn; the defaults let the in-process profiler start alone.
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("REQUIRE_MFA", "false")
# The API's per-token (and per-session) rate limit would answer most of a bench's requests 429:
# measure the API, not the limit.
os.environ.setdefault("API_RATE_LIMIT", "1000000/minute")

from workwell.settings.production import *  # noqa: E402, F403
from workwell.settings.production import BASE_DIR  # noqa: E402

ROOT_URLCONF = "benchmarks.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STATIC_ROOT = BASE_DIR / ".tmp" / "bench-static"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

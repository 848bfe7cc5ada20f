"""Settings for `make security` only: production settings, served over plain HTTP on loopback.

Never deploy with these. They differ from workwell.settings.production only where a scan of
127.0.0.1 needs it, as benchmarks/settings.py does: no redirect to HTTPS and cookies sent over
HTTP (no TLS proxy in front of gunicorn; the scanners' cookie jars drop Secure cookies on
http://), and no two-factor set-up for the demo users. HSTS is still sent: the checks send the
proxy's `X-Forwarded-Proto: https` (production's SECURE_PROXY_SSL_HEADER), as the TLS proxy does.
The URLconf is production's own (not the bench's extra baseline view).
"""

import os

os.environ.setdefault("SECRET_KEY", "security-scan-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("REQUIRE_MFA", "false")

from workwell.settings.production import *  # noqa: E402, F403
from workwell.settings.production import BASE_DIR  # noqa: E402

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STATIC_ROOT = BASE_DIR / ".tmp" / "security-static"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

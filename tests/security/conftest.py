"""The live-server security checks run only under `make security` (scripts/security.sh), which
serves the portal with gunicorn and tests.security.settings, writes the targets file
(tests/security/targets.py) and sets SECURITY_BASE_URL and SECURITY_TARGETS. In `make test`
there is no server, so these modules are not collected at all."""

import json
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.security.http import Http

if not os.environ.get("SECURITY_BASE_URL"):
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def targets() -> dict:
    with open(os.environ["SECURITY_TARGETS"]) as handle:
        return json.load(handle)


@pytest.fixture(scope="session")
def http(targets) -> dict[str, Http]:
    """An HTTP client per role, each with its own signed-in session."""
    base = os.environ["SECURITY_BASE_URL"]
    return {
        role: Http(base, {targets["session_cookie"]: session})
        for role, session in targets["sessions"].items()
    }


@pytest.fixture(scope="session")
def anonymous() -> Http:
    return Http(os.environ["SECURITY_BASE_URL"])


def fetch_all(requests: list[tuple[Http, str, str]]) -> list:
    """Send (client, method, path) requests a few at a time (gunicorn has several workers);
    the answers in the same order."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda r: r[0].request(r[1], r[2]), requests))


@pytest.fixture
def fresh_rate_limits():
    """Forget allauth's sign-in counters in the scanned portal's Redis (only those keys): the
    limit counts per address, and every check here comes from 127.0.0.1."""
    import redis

    client = redis.Redis.from_url(os.environ["SECURITY_REDIS_URL"])
    for key in client.scan_iter(match="*allauth:rl:*"):
        client.delete(key)
    yield
    for key in client.scan_iter(match="*allauth:rl:*"):
        client.delete(key)

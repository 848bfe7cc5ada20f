"""Settings for the processes the resilience tests start (the portal and its workers): the
development settings (Celery through the Redis in REDIS_URL, not eagerly), plus what lets a
test kill a worker in the middle of a build without waiting minutes for the build to count
as abandoned: a heartbeat every second, dead after five silent seconds, and builds slowed
down by SLOW_DOCUMENT_SECONDS (tests/resilience/slow_builds.py)."""

from workwell.settings.base import *  # noqa: F403
from workwell.settings.base import INSTALLED_APPS, env

INSTALLED_APPS = [*INSTALLED_APPS, "tests.resilience.slow_builds.SlowBuildsConfig"]

SLOW_DOCUMENT_SECONDS = env.float("SLOW_DOCUMENT_SECONDS", default=0)
DOCUMENT_HEARTBEAT_SECONDS = 1
DOCUMENT_DEAD_AFTER_SECONDS = 5

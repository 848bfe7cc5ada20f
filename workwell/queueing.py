"""The one way a service hands work to a Celery worker (DESIGN.md §6: queued once the
transaction commits).

    with transaction.atomic():
        ...the writes...
        queue_after_commit(build_document, document.pk)

The task queue is Redis. If it does not answer, the work could not be queued, so nothing is
saved: `queue_after_commit` asks Redis first, inside the service's transaction, and raises
`QueueUnavailable`, which rolls the writes back and reaches the view. No view catches it (it is
not a `ServiceError`): `workwell.middleware.ServiceUnavailableMiddleware` answers with the
"try again" page (503), which keeps what the person typed in the form, ready to send again.

Redis could still stop in the moment between the question and the commit. Then the writes are
kept and the message is not sent; that is logged, and `on_failure` runs so the owner can mark
the work as needing a retry (a document is marked failed, and its page offers "Try again").
"""

import functools
import logging
from collections.abc import Callable

import redis
from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

# What a Celery send or a Redis call raises when Redis does not answer.
QUEUE_DOWN = (BrokerError, redis.ConnectionError, redis.TimeoutError)


class QueueUnavailable(Exception):
    """The task queue did not answer, so nothing was saved; the person is asked to try again."""


def queue_after_commit(task, *args, on_failure: Callable[[], object] | None = None) -> None:
    """Queue `task(*args)` once the current transaction commits; call it inside the service's
    transaction. Raises QueueUnavailable, before anything is committed, if Redis is down."""
    if not current_app.conf.task_always_eager:
        broker_check()
    transaction.on_commit(functools.partial(_send, task, args, on_failure))


def broker_check() -> None:
    """Raise QueueUnavailable unless the broker answers a PING (2 s at most)."""
    url = current_app.conf.broker_url or ""
    if not url.startswith(("redis://", "rediss://")):
        return  # eager or in-memory: nothing to reach
    try:
        _client(url).ping()
    except (redis.RedisError, OSError) as error:
        raise QueueUnavailable("The task queue did not answer") from error


@functools.cache
def _client(url: str) -> redis.Redis:
    # One connection pool per process, reused: a check is one PING, not a new connection.
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def _send(task, args, on_failure) -> None:
    try:
        task.delay(*args)
    except QUEUE_DOWN:
        # Committed already: raising now would tell the person nothing was saved.
        logger.exception("Could not queue %s: the task queue stopped answering", task.name)
        if on_failure is not None:
            on_failure()

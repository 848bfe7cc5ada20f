"""Structured logging: one JSON object a line in production, a readable line in development.

Only the fields named in FIELDS leave a record besides its message, so an `extra` that carries
something personal by mistake is never written. Request fields come from
workwell.middleware.RequestLogMiddleware; task fields from TaskContextFilter."""

import json
import logging
from datetime import UTC, datetime

from celery._state import get_current_task

# The fields a log line may carry, in the order a readable line shows them.
FIELDS = (
    "method",
    "path",
    "status",
    "duration_ms",
    "route",
    "view",
    "user_id",
    "role",
    "request_id",
    "task_name",
    "task_id",
)


def _fields(record: logging.LogRecord) -> dict:
    return {name: record.__dict__[name] for name in FIELDS if name in record.__dict__}


class JsonFormatter(logging.Formatter):
    """One JSON object a line (for log shippers): time, level, logger, message and FIELDS."""

    def format(self, record: logging.LogRecord) -> str:
        created = datetime.fromtimestamp(record.created, tz=UTC)
        entry = {
            "time": created.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class ReadableFormatter(logging.Formatter):
    """`time LEVEL logger message key=value …` for a developer's terminal."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        pairs = " ".join(f"{name}={value}" for name, value in _fields(record).items())
        if not pairs:
            return line
        # The traceback (if any) stays below the line that names the request or task.
        first, _, rest = line.partition("\n")
        return f"{first} {pairs}" + (f"\n{rest}" if rest else "")


class TaskContextFilter(logging.Filter):
    """Stamp records logged inside a Celery task (worker or eager) with its id and name."""

    def filter(self, record: logging.LogRecord) -> bool:
        task = get_current_task()
        if task is not None and task.request.id and not hasattr(record, "task_id"):
            record.task_id = task.request.id
            record.task_name = task.name
        return True


def logging_config(*, fmt: str, level: str) -> dict:
    """The LOGGING setting: every logger through one console handler in the given format."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"task_context": {"()": TaskContextFilter}},
        "formatters": {
            "json": {"()": JsonFormatter},
            "readable": {"()": ReadableFormatter},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": fmt,
                "filters": ["task_context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's runserver logs each request line with its query string (form contents of
            # a GET search); RequestLogMiddleware logs every request once without it.
            "django.server": {"level": "ERROR"},
        },
    }

"""Every request is logged once, structured, with a request id and no personal data (issue 13)."""

import json
import logging
import urllib.request

import pytest
from celery import shared_task

from reporting.views import home as reporting_views
from workwell.logs import JsonFormatter, ReadableFormatter, TaskContextFilter

REQUEST_LOGGER = "workwell.request"


def request_records(caplog):
    return [record for record in caplog.records if record.name == REQUEST_LOGGER]


def everything_logged(caplog) -> str:
    """Every record of the request, as the production formatter writes it."""
    formatter = JsonFormatter()
    return "\n".join(formatter.format(record) for record in caplog.records)


@pytest.mark.django_db
def test_a_signed_in_request_is_logged_once_with_who_where_and_how_long(client, member_a, caplog):
    client.force_login(member_a)
    caplog.set_level(logging.INFO)
    response = client.get("/vanguards/alpha/?q=private-search&email=someone%40example.com")

    [record] = request_records(caplog)
    assert record.method == "GET"
    assert record.path == "/vanguards/alpha/"
    assert record.route == "vanguards/<slug:slug>/"
    assert record.view == "vanguards:detail"
    assert record.status == response.status_code == 200
    assert record.user_id == member_a.pk
    assert record.role == "member"
    assert isinstance(record.duration_ms, float) and record.duration_ms > 0
    assert record.request_id == response["X-Request-ID"]
    logged = everything_logged(caplog)
    for personal in (member_a.email, "Mem Alpha", "private-search", "someone", "q="):
        assert personal not in logged


@pytest.mark.django_db
def test_form_contents_are_never_logged(client, rm, vanguard_a, caplog):
    client.force_login(rm)
    caplog.set_level(logging.DEBUG)
    client.post("/vanguards/alpha/edit/", {"name": "Confidential Name", "notes": "Secret words"})

    [record] = request_records(caplog)
    assert record.method == "POST"
    assert record.user_id == rm.pk
    logged = everything_logged(caplog)
    assert "Confidential" not in logged
    assert "Secret words" not in logged
    assert rm.email not in logged


@pytest.mark.django_db
def test_an_anonymous_request_logs_no_user(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/healthz")
    [record] = request_records(caplog)
    assert record.user_id is None
    assert record.role is None
    assert record.status == 200


@pytest.mark.django_db
def test_a_safe_incoming_request_id_round_trips(client, rm, caplog):
    client.force_login(rm)
    caplog.set_level(logging.INFO)
    response = client.get("/healthz", headers={"X-Request-ID": "lb-4f2a.9c_01"})
    assert response["X-Request-ID"] == "lb-4f2a.9c_01"
    [record] = request_records(caplog)
    assert record.request_id == "lb-4f2a.9c_01"


@pytest.mark.parametrize(
    "hostile",
    [
        "abc\nlevel=ERROR forged line",
        "x" * 65,
        '<script>alert("x")</script>',
        "id with spaces",
        "",
    ],
)
@pytest.mark.django_db
def test_a_hostile_request_id_is_replaced(client, caplog, hostile):
    caplog.set_level(logging.INFO)
    # The test client sends the raw value as META, as a proxy in front of Django could.
    response = client.get("/healthz", HTTP_X_REQUEST_ID=hostile)
    generated = response["X-Request-ID"]
    assert generated != hostile
    assert len(generated) == 32 and generated.isalnum()
    [record] = request_records(caplog)
    assert record.request_id == generated
    assert hostile not in everything_logged(caplog) or hostile == ""


@pytest.mark.django_db
def test_each_request_gets_its_own_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second


@pytest.mark.django_db
def test_an_unexpected_error_is_logged_as_a_500_with_its_request_id(
    client, rm, monkeypatch, caplog
):
    def broken(**kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(reporting_views.selectors, "home_for", broken)
    client.raise_request_exception = False
    client.force_login(rm)
    caplog.set_level(logging.INFO)
    response = client.get("/", headers={"X-Request-ID": "trace-500"})

    assert response.status_code == 500
    assert response["X-Request-ID"] == "trace-500"
    [record] = request_records(caplog)
    assert record.status == 500
    assert record.request_id == "trace-500"
    assert record.user_id == rm.pk


def make_record(**fields) -> logging.LogRecord:
    record = logging.LogRecord(REQUEST_LOGGER, logging.INFO, __file__, 1, "request", None, None)
    record.__dict__.update(fields)
    return record


REQUEST_FIELDS = {
    "method": "GET",
    "path": "/vanguards/alpha/",
    "status": 200,
    "duration_ms": 12.5,
    "route": "vanguards/<slug:slug>/",
    "view": "vanguards:detail",
    "user_id": 7,
    "role": "rm",
    "request_id": "abc123",
}


def test_the_json_formatter_writes_one_valid_object_with_the_request_fields():
    line = JsonFormatter().format(make_record(**REQUEST_FIELDS, email="leak@example.com"))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["logger"] == REQUEST_LOGGER
    assert entry["message"] == "request"
    assert entry["time"].endswith("+00:00")
    for name, value in REQUEST_FIELDS.items():
        assert entry[name] == value
    # Only the known fields leave the record: a stray extra is never written.
    assert "email" not in entry
    assert "leak@example.com" not in line


def test_the_json_formatter_keeps_a_traceback_inside_the_object():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = make_record(**REQUEST_FIELDS)
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in entry["exception"]


def test_the_readable_formatter_writes_the_fields_as_key_values():
    line = ReadableFormatter().format(make_record(**REQUEST_FIELDS))
    assert "INFO workwell.request request" in line
    assert "status=200" in line
    assert "view=vanguards:detail" in line
    assert "request_id=abc123" in line


@shared_task
def log_inside_a_task():
    logging.getLogger("tests.task").info("working")


def test_task_logs_carry_the_task_id_and_name(caplog, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    task_filter = TaskContextFilter()
    logger = logging.getLogger("tests.task")
    logger.addFilter(task_filter)
    try:
        caplog.set_level(logging.INFO, logger="tests.task")
        result = log_inside_a_task.apply()
    finally:
        logger.removeFilter(task_filter)
    [record] = [r for r in caplog.records if r.name == "tests.task"]
    assert record.task_id == result.id
    assert record.task_name == log_inside_a_task.name
    entry = json.loads(JsonFormatter().format(record))
    assert entry["task_id"] == result.id


def test_logs_outside_a_task_carry_no_task_fields():
    record = make_record()
    TaskContextFilter().filter(record)
    assert not hasattr(record, "task_id")


def test_the_configured_handler_uses_the_task_filter_and_a_structured_formatter():
    from django.conf import settings

    handler = settings.LOGGING["handlers"]["console"]
    assert handler["filters"] == ["task_context"]
    assert handler["formatter"] in ("json", "readable")


def test_production_settings_log_json(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("ALLOWED_HOSTS", "example.com")
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    production = importlib.import_module("workwell.settings.production")
    production = importlib.reload(production)
    assert production.LOGGING["handlers"]["console"]["formatter"] == "json"


@pytest.mark.worker
@pytest.mark.django_db
def test_gunicorn_with_production_settings_writes_one_json_line_per_request(tmp_path):
    from tests.workwell.test_processes import gunicorn_serving

    with gunicorn_serving(tmp_path) as (port, log):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/healthz?email=someone%40example.com",
            headers={"X-Request-ID": "from-the-balancer"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            assert response.headers["X-Request-ID"] == "from-the-balancer"

    entries = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    [entry] = [e for e in entries if e.get("request_id") == "from-the-balancer"]
    assert entry["logger"] == REQUEST_LOGGER
    assert entry["path"] == "/healthz"
    assert entry["status"] == 200
    assert "someone" not in log.read_text()

"""The stored-document pipeline (workwell/documents.py): one placeholder per content, a build
claimed once however often the task runs, failures recorded and retried, files replaced."""

import threading
import time
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.db import connection
from django.utils import timezone

from workwell import documents
from workwell.documents import BuiltDocument, document_build, document_request, document_retry
from workwell.models import GeneratedDocument
from workwell.tasks import build_document

Status = GeneratedDocument.Status
KIND = "test-echo"


class EchoBuilder:
    """A builder that writes its key and how many times it ran, and can be told to fail."""

    def __init__(self):
        self.runs = 0
        self.fail_with = None
        self.steps = []

    def __call__(self, key, progress):
        self.runs += 1
        progress(50, "Writing the echo")
        self.steps.append(GeneratedDocument.objects.get(kind=KIND, key=key).step)
        if self.fail_with:
            raise self.fail_with
        return BuiltDocument(f"echo {key} run {self.runs}".encode(), f"echo-{key}.txt")


@pytest.fixture
def builder():
    echo = EchoBuilder()
    documents.register_builder(KIND, echo)
    yield echo
    documents._BUILDERS.pop(KIND)


def _request(key="1", fingerprint="v1"):
    return document_request(kind=KIND, key=key, fingerprint=fingerprint, title=f"Echo {key}")


@pytest.mark.django_db
def test_a_request_creates_one_placeholder_and_queues_it_once(
    builder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        first = _request()
        again = _request()
    assert first.pk == again.pk
    assert first.status == Status.QUEUED
    assert len(queued) == 1  # the second request found the row and queued nothing
    assert GeneratedDocument.objects.count() == 1


@pytest.mark.django_db
def test_a_new_fingerprint_is_a_new_document(builder):
    assert _request(fingerprint="v1").pk != _request(fingerprint="v2").pk


@pytest.mark.django_db
def test_an_unknown_kind_is_refused():
    with pytest.raises(documents.DocumentError):
        document_request(kind="no-such-kind", key="1", fingerprint="v1", title="Nothing")


@pytest.mark.django_db
def test_the_task_builds_and_stores_the_file(builder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the eager task runs here
        document = _request(key="7")
    document.refresh_from_db()
    assert document.status == Status.READY
    assert document.is_ready
    assert document.progress == 100
    assert document.attempts == 1
    assert document.filename == "echo-7.txt"
    assert document.file.read() == b"echo 7 run 1"
    assert builder.steps == ["Writing the echo"]  # progress was visible while it ran


@pytest.mark.django_db
def test_running_the_task_twice_builds_once(builder):
    document = _request()
    assert document_build(document.pk) is True
    assert document_build(document.pk) is False  # nothing left to claim
    assert builder.runs == 1
    document.refresh_from_db()
    assert document.attempts == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_build_once(builder):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with row locks")
    # The placeholder made directly: outside a test transaction, a request's eager task would
    # build it before the two workers start.
    document = GeneratedDocument.objects.create(kind=KIND, key="1", fingerprint="v1", title="E")
    barrier = threading.Barrier(2)
    results = []

    def work():
        barrier.wait()
        try:
            results.append(document_build(document.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert builder.runs == 1


@pytest.mark.django_db
def test_a_failure_is_recorded_and_a_retry_replaces_nothing_half_made(
    builder, django_capture_on_commit_callbacks
):
    builder.fail_with = RuntimeError("the fonts are missing")
    document = _request()
    assert document_build(document.pk) is False
    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert "the fonts are missing" in document.error
    assert not document.is_ready and not document.file
    assert documents.can_retry(document)

    builder.fail_with = None
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(document=document)
    document.refresh_from_db()
    assert document.status == Status.READY
    assert document.error == ""
    assert document.attempts == 2
    assert document.file.read() == b"echo 1 run 2"


@pytest.mark.django_db
def test_a_second_retry_while_queued_is_refused(builder):
    builder.fail_with = RuntimeError("broken")
    document = _request()
    document_build(document.pk)
    document_retry(document=document)  # queued again (its task waits for the commit)
    with pytest.raises(documents.DocumentError):
        document_retry(document=document)


@pytest.mark.django_db
def test_a_ready_document_cannot_be_retried(builder):
    document = _request()
    document_build(document.pk)
    document.refresh_from_db()
    assert not documents.can_retry(document)
    with pytest.raises(documents.DocumentError):
        document_retry(document=document)


@pytest.mark.django_db
def test_a_build_whose_worker_died_is_reclaimed_and_its_file_replaced(builder):
    document = _request()
    document_build(document.pk)
    document.refresh_from_db()
    old_name = document.file.name
    storage = document.file.storage
    # As if a worker claimed it again and died: still building, long past the time limit.
    long_ago = timezone.now() - documents.STALE_AFTER - timedelta(minutes=1)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.BUILDING, started_at=long_ago
    )
    assert document_build(document.pk) is True
    document.refresh_from_db()
    assert document.status == Status.READY
    assert document.file.name != old_name
    assert not storage.exists(old_name)  # replaced, never appended


@pytest.mark.django_db
def test_a_build_still_running_is_not_taken_over(builder):
    document = _request()
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.BUILDING, started_at=timezone.now()
    )
    assert document_build(document.pk) is False
    assert builder.runs == 0


@pytest.mark.django_db
def test_a_run_that_lost_its_claim_keeps_nothing(builder):
    """A stale run finishing after another run reclaimed the row must not overwrite it."""
    document = _request()

    def reclaimed_while_running(key, progress):
        # Another worker takes the row over (its attempt is now the current one).
        GeneratedDocument.objects.filter(pk=document.pk).update(attempts=99)
        return BuiltDocument(b"stale", "stale.txt")

    documents.register_builder(KIND, reclaimed_while_running)
    assert document_build(document.pk) is False
    document.refresh_from_db()
    assert document.status == Status.BUILDING
    assert not document.file


def _claimed_by_a_worker_that(document, *, started_ago, last_beat_ago):
    now = timezone.now()
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.BUILDING,
        started_at=now - started_ago,
        heartbeat_at=now - last_beat_ago,
        attempts=1,
        progress=30,
    )
    document.refresh_from_db()


@pytest.mark.django_db
def test_a_build_whose_heartbeat_went_silent_is_recoverable_within_minutes(
    builder, django_capture_on_commit_callbacks
):
    document = _request()
    # Its worker died two minutes into the build: long before the task's time limit.
    silent = documents.DEAD_AFTER + timedelta(seconds=1)
    _claimed_by_a_worker_that(document, started_ago=timedelta(minutes=2), last_beat_ago=silent)
    assert silent + timedelta(minutes=1) < documents.STALE_AFTER
    assert documents.can_retry(document)
    with django_capture_on_commit_callbacks(execute=True):  # the person's "Try again"
        document_retry(document=document)
    document.refresh_from_db()
    assert document.status == Status.READY and document.attempts == 2

    # The broker hands the dead worker's task to another worker (acks late): it claims it.
    other = _request(key="2")
    _claimed_by_a_worker_that(other, started_ago=timedelta(minutes=2), last_beat_ago=silent)
    assert document_build(other.pk) is True
    other.refresh_from_db()
    assert other.status == Status.READY and other.attempts == 2
    assert other.file.read() == b"echo 2 run 2"


@pytest.mark.django_db
def test_a_build_whose_heartbeat_is_fresh_is_not_taken_over(builder):
    document = _request()
    # A long build: started ten minutes ago, but its worker beat a moment ago.
    _claimed_by_a_worker_that(
        document, started_ago=timedelta(minutes=10), last_beat_ago=timedelta(seconds=5)
    )
    assert not documents.can_retry(document)
    with pytest.raises(documents.DocumentError):
        document_retry(document=document)
    assert document_build(document.pk) is False
    assert builder.runs == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_live_build_keeps_its_claim_however_long_a_step_takes(builder, monkeypatch):
    """One long step that reports no progress (a WeasyPrint layout): the worker's heartbeat
    keeps the row alive, so a second worker cannot take over while the first one lives."""
    monkeypatch.setattr(documents, "HEARTBEAT_EVERY", timedelta(seconds=0.05))
    monkeypatch.setattr(documents, "DEAD_AFTER", timedelta(seconds=0.5))
    document = GeneratedDocument.objects.create(kind=KIND, key="1", fingerprint="v1", title="E")
    seen = {}

    def one_long_step(key, progress):
        if seen:  # the second worker got the build: do not build again inside this one
            return BuiltDocument(b"second", "second.txt")
        seen["building"] = True
        started = timezone.now()
        deadline = time.monotonic() + 30
        while timezone.now() < started + 3 * documents.DEAD_AFTER:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        row = GeneratedDocument.objects.get(pk=document.pk)
        seen["beat"] = row.heartbeat_at > started + 2 * documents.DEAD_AFTER
        seen["retry"] = documents.can_retry(row)
        seen["second"] = document_build(document.pk)
        return BuiltDocument(b"first", "first.txt")

    documents.register_builder(KIND, one_long_step)
    assert document_build(document.pk) is True
    assert seen == {"building": True, "beat": True, "retry": False, "second": False}
    document.refresh_from_db()
    assert document.attempts == 1
    assert document.file.read() == b"first"


# --- A task the broker hands back after its worker died ------------------------------------


def _building(document, *, silent_for: timedelta):
    now = timezone.now()
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=GeneratedDocument.Status.BUILDING,
        started_at=now - silent_for,
        heartbeat_at=now - silent_for,
        attempts=1,
    )


def _run_task(document, *, redelivered: bool):
    """The task's body as a worker runs it, with the broker's `redelivered` flag."""
    build_document.push_request(
        args=[document.pk],
        kwargs={},
        delivery_info={"redelivered": redelivered},
        called_directly=False,
        retries=0,
    )
    try:
        return build_document.run(document.pk)
    finally:
        build_document.pop_request()


@pytest.mark.django_db
def test_the_wait_for_an_orphaned_build_runs_to_its_heartbeat_going_stale(builder):
    document = _request()
    assert documents.document_orphan_wait(document.pk) is None  # queued: nobody holds it
    _building(document, silent_for=timedelta(seconds=20))
    wait = documents.document_orphan_wait(document.pk)
    assert 40 <= wait <= 42  # 60 seconds of silence, plus one
    _building(document, silent_for=timedelta(minutes=5))
    assert documents.document_orphan_wait(document.pk) == 1  # dead already: look again now


@pytest.mark.django_db
def test_a_redelivered_task_tries_again_once_the_dead_workers_heartbeat_is_stale(builder):
    document = _request()
    _building(document, silent_for=timedelta(seconds=5))
    with pytest.raises(Retry) as retried:
        _run_task(document, redelivered=True)
    assert 55 <= retried.value.when <= 57
    assert builder.runs == 0  # the fresh heartbeat kept it from building twice


@pytest.mark.django_db
def test_a_duplicate_while_a_live_worker_builds_returns_at_once(builder):
    document = _request()
    _building(document, silent_for=timedelta(seconds=5))
    assert _run_task(document, redelivered=False) is False
    assert builder.runs == 0


@pytest.mark.django_db
def test_a_redelivered_task_whose_build_finished_does_nothing(builder):
    document = _request()
    assert document_build(document.pk) is True
    assert _run_task(document, redelivered=True) is False
    assert builder.runs == 1


# --- Recovery: every minute, and when a worker starts ------------------------------------------


@pytest.mark.django_db
def test_recovery_builds_again_what_a_dead_worker_left_and_leaves_live_builds_alone(
    builder, django_capture_on_commit_callbacks
):
    dead, live, waiting = _request(key="dead"), _request(key="live"), _request(key="waiting")
    silent = documents.DEAD_AFTER + timedelta(seconds=1)
    _claimed_by_a_worker_that(dead, started_ago=timedelta(minutes=2), last_beat_ago=silent)
    _claimed_by_a_worker_that(
        live, started_ago=timedelta(minutes=10), last_beat_ago=timedelta(seconds=5)
    )

    with django_capture_on_commit_callbacks(execute=True):  # the queued builds run (eager)
        recovered = documents.documents_recover()

    assert recovered == [dead.pk]
    dead.refresh_from_db()
    assert dead.status == Status.READY and dead.attempts == 2
    assert dead.file.read() == b"echo dead run 1"
    live.refresh_from_db()
    assert live.status == Status.BUILDING and live.attempts == 1
    waiting.refresh_from_db()
    assert waiting.status == Status.QUEUED  # queued a moment ago: its message is on its way


@pytest.mark.django_db
def test_recovery_sends_again_a_request_queued_so_long_its_message_may_be_lost(
    builder, django_capture_on_commit_callbacks
):
    document = _request()
    long_ago = timezone.now() - documents.REQUEUE_AFTER - timedelta(seconds=1)
    GeneratedDocument.objects.filter(pk=document.pk).update(queued_at=long_ago)
    with django_capture_on_commit_callbacks() as queued:
        assert documents.documents_recover() == [document.pk]
        assert documents.documents_recover() == []  # sent again once, not every minute
    assert len(queued) == 1
    document.refresh_from_db()
    assert document.status == Status.QUEUED and document.queued_at > long_ago


@pytest.mark.django_db
def test_a_stored_file_is_moved_into_place_whole(builder, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    document = _request()
    assert document_build(document.pk) is True
    document.refresh_from_db()
    # Only the finished file is there: the temporary one it was written to has been moved.
    on_disk = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert on_disk == [document.file.name]
    assert (tmp_path / document.file.name).read_bytes() == b"echo 1 run 1"
    assert (tmp_path / document.file.name).stat().st_mode & 0o777 == 0o644

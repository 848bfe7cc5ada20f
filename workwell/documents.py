"""The portal's one pipeline for files built in the background (DESIGN.md §2): the toolkit PDF
now, the quarterly reports later.

    register_builder("toolkit-pdf", build_toolkit_pdf)         # the owning app, at start-up
    document = document_request(kind="toolkit-pdf", key=version.pk,
                                fingerprint=..., title="WorkWell toolkit 0.3", requested_by=user)

1. A request creates the placeholder row (`GeneratedDocument`, status queued) for a kind, an
   object and a fingerprint of the content, or finds the one already there: the unique
   constraint makes two requests at once share one row, and the same file is served until the
   fingerprint changes. A new row queues `workwell.tasks.build_document` once the request's
   transaction commits.
2. The task claims the row with a conditional update (queued → building), so a task delivered
   twice, or run by two workers, builds once. The claim bumps `attempts`, which is the build's
   token: progress and the result are written only while the row still carries it.
3. The builder (registered per kind by the app that owns the object; it must not import
   anything heavy at module level) returns the bytes and the file name, reporting progress on
   the way. The file is stored under a new name and the row marked ready in one conditional
   update; a file it replaces is deleted, so a retry replaces, never appends, and a partial file
   is never offered (only a ready row has one).
4. A failure is recorded (failed, with the reason) and can be retried by the person on the
   status page. While a build runs, a thread in its worker stamps the row's `heartbeat_at`
   every HEARTBEAT_EVERY (only while the row still carries its attempt); a build whose
   heartbeat has been silent for DEAD_AFTER has lost its worker, and so has one still building
   past the task's hard time limit (STALE_AFTER, which kills it). Such a build may be claimed
   again by a redelivered task (acks late: the broker hands a dead worker's task to another),
   or retried, as may one whose message was lost (queued for STALE_AFTER). A live worker beats
   as long as its process lives, however long one step takes, so it is never taken over; if it
   were (its database out of reach for DEAD_AFTER), the attempt token still keeps its result
   out. `documents_recover` (beat, every minute, and once when a worker starts) queues such
   builds again, and requests queued for REQUEUE_AFTER whose message Redis may have lost, so
   a build whose worker was killed completes by itself. Files are written under a temporary
   name and renamed into place: a worker killed while writing leaves no partial file.

The status page (`document_status_page`) and download (`document_download`) are called by the
owning app's views after the permissions module has said the user may see the object.
"""

import logging
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from .errors import ServiceError
from .models import GeneratedDocument, User
from .queueing import queue_after_commit
from .uploads import file_response

logger = logging.getLogger(__name__)

Status = GeneratedDocument.Status
Progress = Callable[[int, str], None]

# Past the task's hard time limit a build still "building" has lost its worker.
STALE_AFTER = timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 15 * 60) + 60)
# A running build's worker says it is alive this often; six silent beats mean it has died.
# (Settings only so the resilience tests can kill a worker and not wait a minute.)
HEARTBEAT_EVERY = timedelta(seconds=getattr(settings, "DOCUMENT_HEARTBEAT_SECONDS", 10))
DEAD_AFTER = timedelta(seconds=getattr(settings, "DOCUMENT_DEAD_AFTER_SECONDS", 60))
# A request queued this long may have lost its message (Redis restarted without it): sent again.
REQUEUE_AFTER = timedelta(minutes=5)


class DocumentError(ServiceError):
    """A document could not be requested or retried; the message is safe to show."""


@dataclass(frozen=True)
class BuiltDocument:
    content: bytes
    filename: str


Builder = Callable[[str, Progress], BuiltDocument]
_BUILDERS: dict[str, Builder] = {}


def register_builder(kind: str, builder: Builder) -> None:
    """Say which function builds documents of `kind` (called once, from the app's ready())."""
    _BUILDERS[kind] = builder


def document_request(
    *, kind: str, key, fingerprint: str, title: str, requested_by: User | None = None
) -> GeneratedDocument:
    """The document for this content, created and queued if nobody has asked for it yet."""
    if kind not in _BUILDERS:
        raise DocumentError(f"There is no way to make a document of kind {kind}")
    # One transaction: if the task queue is down, the new row is not kept (queue_after_commit).
    with transaction.atomic():
        # get_or_create retries the get when a concurrent request wins the unique constraint.
        document, created = GeneratedDocument.objects.get_or_create(
            kind=kind,
            key=str(key),
            fingerprint=fingerprint,
            defaults={"title": title[:200], "requested_by": requested_by},
        )
        if created:
            _queue(document.pk)
    return document


def can_retry(document: GeneratedDocument, *, now=None) -> bool:
    """Failed builds, and builds stuck queued or building past the time limit."""
    if document.status == Status.FAILED:
        return True
    now = now or timezone.now()
    if document.status == Status.QUEUED:
        return document.queued_at < now - STALE_AFTER
    if document.status == Status.BUILDING:
        return _has_lost_its_worker(document.started_at, document.heartbeat_at, now)
    return False


def _has_lost_its_worker(started_at, heartbeat_at, now) -> bool:
    """Python's twin of `_dead_build`, for one row already read."""
    if heartbeat_at is not None and heartbeat_at < now - DEAD_AFTER:
        return True
    return started_at is not None and started_at < now - STALE_AFTER


def document_orphan_wait(document_id: int, *, now=None) -> float | None:
    """Seconds until the run holding a building document would count as dead (its heartbeat
    silent for DEAD_AFTER), or None when no run holds it (queued, ready or failed). A task
    the broker hands back after its worker died waits this long, then claims the build."""
    now = now or timezone.now()
    document = (
        GeneratedDocument.objects.filter(pk=document_id, status=Status.BUILDING)
        .only("started_at", "heartbeat_at")
        .first()
    )
    if document is None:
        return None
    last = document.heartbeat_at or document.started_at or now
    return max((last + DEAD_AFTER - now).total_seconds(), 0) + 1


def _dead_build(now) -> Q:
    """Building, but its heartbeat has gone silent, or it has outlived the hard time limit
    (a row with no heartbeat, from before heartbeats, is judged by the time limit alone)."""
    return Q(status=Status.BUILDING) & (
        Q(heartbeat_at__lt=now - DEAD_AFTER) | Q(started_at__lt=now - STALE_AFTER)
    )


def _retryable(now) -> Q:
    return (
        Q(status=Status.FAILED)
        | Q(status=Status.QUEUED, queued_at__lt=now - STALE_AFTER)
        | _dead_build(now)
    )


def document_retry(*, document: GeneratedDocument) -> None:
    """Queue a failed (or stuck) build again; a second click while it waits does nothing."""
    now = timezone.now()
    with transaction.atomic():
        requeued = GeneratedDocument.objects.filter(_retryable(now), pk=document.pk).update(
            status=Status.QUEUED, queued_at=now, progress=0, step="", error=""
        )
        if not requeued:
            raise DocumentError("This document is already being made. Check again in a moment.")
        _queue(document.pk)


def documents_recover(*, now=None) -> list[int]:
    """Queue again the builds a dead worker left behind and the requests whose message may be
    lost (queued for REQUEUE_AFTER); their ids. Run every minute and when a worker starts."""
    now = now or timezone.now()
    lost = Q(status=Status.QUEUED, queued_at__lt=now - REQUEUE_AFTER) | _dead_build(now)
    recovered = []
    for document_id in GeneratedDocument.objects.filter(lost).values_list("pk", flat=True):
        with transaction.atomic():
            # Conditional: a build that came back to life, or finished, since the read is left.
            # A dead worker that was only unreachable keeps nothing: its attempt is stale.
            if GeneratedDocument.objects.filter(lost, pk=document_id).update(
                status=Status.QUEUED, queued_at=now, progress=0, step="", error=""
            ):
                _queue(document_id)
                recovered.append(document_id)
    return recovered


def _queue(document_id: int) -> None:
    from .tasks import build_document  # tasks import this module

    queue_after_commit(build_document, document_id, on_failure=lambda: _not_queued(document_id))


def _not_queued(document_id: int) -> None:
    """The queue went down as the row committed: failed, so its page offers "Try again"."""
    GeneratedDocument.objects.filter(pk=document_id, status=Status.QUEUED).update(
        status=Status.FAILED, error="The task queue did not answer", finished_at=timezone.now()
    )


def document_build(document_id: int) -> bool:
    """Claim the document and build it; False when another run has it, or it is done."""
    now = timezone.now()
    claimable = Q(status=Status.QUEUED) | _dead_build(now)
    claimed = GeneratedDocument.objects.filter(claimable, pk=document_id).update(
        status=Status.BUILDING,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        progress=0,
        step="Starting",
        error="",
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return False
    document = GeneratedDocument.objects.get(pk=document_id)
    # Only the run holding this attempt may write: a reclaimed stale build cannot overwrite.
    mine = GeneratedDocument.objects.filter(
        pk=document_id, status=Status.BUILDING, attempts=document.attempts
    )

    def progress(percent: int, step: str) -> None:
        mine.update(
            progress=max(0, min(int(percent), 99)), step=step[:200], heartbeat_at=timezone.now()
        )

    heartbeat = _Heartbeat(mine)
    heartbeat.start()
    try:
        built = _BUILDERS[document.kind](document.key, progress)
    except Exception as error:  # noqa: BLE001 - any failure is recorded for the retry button
        logger.exception("Building document %s (%s) failed", document_id, document.kind)
        mine.update(
            status=Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            step="",
            finished_at=timezone.now(),
        )
        return False
    else:
        return _store(document, mine, built)
    finally:
        heartbeat.stop()  # after the store: a slow storage is still a live worker


class _Heartbeat(threading.Thread):
    """Stamps the build's row every HEARTBEAT_EVERY while the build runs in this process, so
    a long step (one WeasyPrint layout) never looks like a dead worker; stops when told, or
    when the row no longer carries this run's attempt (finished, or taken over)."""

    def __init__(self, mine):
        super().__init__(name="document-heartbeat", daemon=True)
        self._mine = mine
        self._stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self._stopped.wait(HEARTBEAT_EVERY.total_seconds()):
                try:
                    if not self._mine.update(heartbeat_at=timezone.now()):
                        return
                except Exception:  # noqa: BLE001 - a missed beat; the next one may land
                    logger.warning("A document build's heartbeat failed", exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self._stopped.set()
        # Bounded: a beat waiting on a row lock must not hold up the build's own thread.
        self.join(timeout=HEARTBEAT_EVERY.total_seconds())


def _store(document: GeneratedDocument, mine, built: BuiltDocument) -> bool:
    field = document.file.field
    storage = field.storage
    name = _save_whole(storage, field.generate_filename(document, built.filename), built.content)
    finished = mine.update(
        status=Status.READY,
        file=name,
        filename=built.filename[:200],
        progress=100,
        step="",
        finished_at=timezone.now(),
    )
    if not finished:
        storage.delete(name)  # another run took the build over: its file is the one kept
        return False
    if document.file.name and document.file.name != name:
        storage.delete(document.file.name)  # replaced, never appended
    return True


def _save_whole(storage, name: str, content: bytes) -> str:
    """Save the file so that it appears complete or not at all. On disk it is written under a
    temporary name in the same folder tree and renamed into place (FileSystemStorage moves a
    file with a temporary path by os.rename), so a worker killed while writing leaves no
    partial file under a document's name; object stores only show a finished upload."""
    try:
        root = Path(storage.path(""))
    except NotImplementedError:  # not on disk
        return storage.save(name, ContentFile(content))
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".building-", delete=False) as temporary:
        temporary.write(content)
    try:
        with _TemporaryFile(temporary.name) as whole:
            return storage.save(name, whole)
    finally:
        Path(temporary.name).unlink(missing_ok=True)  # moved already, unless the save failed


class _TemporaryFile(File):
    """A file on disk that FileSystemStorage may move into place rather than copy."""

    def __init__(self, path: str):
        super().__init__(open(path, "rb"), name=Path(path).name)  # noqa: SIM115 - File closes it

    def temporary_file_path(self) -> str:
        return self.file.name


# --- Pages ------------------------------------------------------------------------------------


def document_status_page(
    request,
    document: GeneratedDocument,
    *,
    download_url: str,
    retry_url: str,
    back_url: str,
    back_text: str,
):
    """The page that shows the build's progress, polls while it runs, and offers the file."""
    context = {
        "document": document,
        "download_url": download_url,
        "retry_url": retry_url if can_retry(document) else "",
        "back_url": back_url,
        "back_text": back_text,
    }
    return render(request, "workwell/document_status.html", context)


def document_download(document: GeneratedDocument):
    """The finished file; 404 until it is ready (a partial file is never offered)."""
    if not document.is_ready:
        raise Http404
    return file_response(document.file, document.filename)

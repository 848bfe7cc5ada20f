"""The prefork pool's child process is killed (SIGKILL, the out-of-memory killer's way) while
it renders a PDF, and the worker's main process lives on: it replaces the child, the broker's
message comes back to it (acks late, rejected when the worker is lost) and the build is made
once the dead child's heartbeat has gone silent, with no restart, no beat and nobody pressing
"Try again". Exactly one file is offered, and nothing partial ever was. (A killed solo worker,
the whole process gone: test_worker_killed.py.)"""

import os
import signal
import time

import pytest

from tests.factories import ToolkitVersionFactory, publish_toolkit_version
from workwell.models import GeneratedDocument

from . import settings as worker_settings
from .http import Browser
from .services import SCALE, Worker, wait_until
from .test_worker_killed import BUILD_TIMEOUT, _complete_pdf, download_checker, media_files

pytestmark = [
    pytest.mark.resilience,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_pdf_whose_pool_child_was_killed_is_made_once_by_the_same_worker(web, tmp_path, rm):
    version = publish_toolkit_version(ToolkitVersionFactory())
    browser = Browser(web, rm)
    path = f"/learning/toolkit/{version.number}/pdf/"
    downloads = []
    download_offered = download_checker(browser, path, downloads)

    def files():
        return media_files(web)

    before = files()
    # Every build first spends 20 s reporting progress, so the kill lands part-way.
    worker = Worker(web, log_dir=tmp_path, slow_seconds=20, prefork=True)
    try:
        ready_at = time.monotonic()
        (child,) = wait_until(worker.pool_children, what="the pool's child", log=worker.log)
        # A starting worker looks once for abandoned builds, this long after it is ready
        # (workwell/tasks.py); past that, only the broker's message can bring the build back.
        once = (
            worker_settings.DOCUMENT_DEAD_AFTER_SECONDS
            + 2 * worker_settings.DOCUMENT_HEARTBEAT_SECONDS
        )
        wait_until(
            lambda: time.monotonic() > ready_at + once, what="the starting worker's one look"
        )
        assert browser.get(path)[0] == 200
        document = GeneratedDocument.objects.get()

        def building_part_way():
            download_offered()
            document.refresh_from_db()
            return document.status == "building" and document.progress > 0

        wait_until(building_part_way, timeout=60 * SCALE, what="the build to start", log=worker.log)
        os.kill(child, signal.SIGKILL)  # the child, not the worker's main process

        def replaced():
            children = worker.pool_children()
            return children and child not in children

        wait_until(replaced, what="the worker to replace its child", log=worker.log)
        document.refresh_from_db()
        assert document.status == "building" and document.attempts == 1
        assert not download_offered()

        wait_until(
            download_offered,
            timeout=BUILD_TIMEOUT,
            what="the PDF to be offered after the child was killed",
            log=worker.log,
        )
        assert worker.process.poll() is None, "the worker's main process lived on"
    finally:
        worker.stop()

    document.refresh_from_db()
    # Built once more, and only once: the killed attempt and the one that finished.
    assert document.status == "ready" and document.attempts == 2
    assert GeneratedDocument.objects.count() == 1
    new = {name for name in files() - before if (web.media_root / name).is_file()}
    assert new == {document.file.name}  # one file, and no partial or temporary one left
    pdf = (web.media_root / document.file.name).read_bytes()
    assert _complete_pdf(pdf.decode(errors="replace"))
    assert downloads.count(404) >= 2 and downloads[-1] == 200
    log = worker.log.read_text(errors="replace")
    assert "WorkerLostError" in log, "the worker noticed its child was lost"

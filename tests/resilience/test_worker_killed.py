"""The Celery worker is killed (SIGKILL: no warm shutdown, its task never acknowledged) while
it renders a PDF. Once a worker runs again the PDF is made, exactly one file is offered, and
nothing partial was ever downloadable. The builds are slowed down (tests/resilience/
slow_builds.py) so that the kill lands part-way through; a build counts as abandoned after
five silent seconds here (a minute in production; tests/resilience/settings.py)."""

import pytest

from tests.factories import ToolkitVersionFactory, publish_toolkit_version
from workwell.models import GeneratedDocument

from .http import Browser
from .services import SCALE, Worker, wait_until

pytestmark = [
    pytest.mark.resilience,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUILD_TIMEOUT = 120 * SCALE  # seconds to make a small PDF on a loaded machine


def _complete_pdf(body: str) -> bool:
    return body.startswith("%PDF-") and body.rstrip().endswith("%%EOF")


def download_checker(browser: Browser, path: str, downloads: list):
    """Try the download as someone impatient would: never anything but 404 or the PDF. Each
    status goes into `downloads`; True once the PDF is offered."""

    def download_offered() -> bool:
        status, _url, body = browser.get(path + "download/")
        downloads.append(status)
        assert status in (200, 404), (status, body[:500])
        assert status == 404 or _complete_pdf(body), "a partial file was offered"
        return status == 200

    return download_offered


def media_files(web) -> set[str]:
    """Every path in the portal's media folder (shared by this session's tests)."""
    return {p.relative_to(web.media_root).as_posix() for p in web.media_root.rglob("*")}


def test_a_pdf_whose_worker_was_killed_is_made_once_a_worker_runs_again(web, tmp_path, rm):
    version = publish_toolkit_version(ToolkitVersionFactory())
    browser = Browser(web, rm)
    path = f"/learning/toolkit/{version.number}/pdf/"
    downloads = []
    download_offered = download_checker(browser, path, downloads)

    def files():
        return media_files(web)

    before = files()
    first = Worker(web, log_dir=tmp_path, slow_seconds=120)
    try:
        assert browser.get(path)[0] == 200
        document = GeneratedDocument.objects.get()

        def building_part_way():
            download_offered()
            document.refresh_from_db()
            return document.status == "building" and document.progress > 0

        wait_until(building_part_way, timeout=60 * SCALE, what="the build to start", log=first.log)
    finally:
        first.kill()

    document.refresh_from_db()
    assert document.status == "building" and document.attempts == 1
    assert not download_offered()
    assert files() == before  # nothing written yet, not even a temporary file

    second = Worker(web, log_dir=tmp_path)
    try:
        # The new worker finds the build abandoned (its heartbeat silent) and makes it.
        wait_until(
            download_offered,
            timeout=BUILD_TIMEOUT,
            what="the PDF to be offered after the restart",
            log=second.log,
        )
    finally:
        second.stop()

    document.refresh_from_db()
    assert document.status == "ready" and document.attempts >= 2
    assert GeneratedDocument.objects.count() == 1
    new = {name for name in files() - before if (web.media_root / name).is_file()}
    assert new == {document.file.name}  # one file, and no partial or temporary one left
    pdf = (web.media_root / document.file.name).read_bytes()
    assert _complete_pdf(pdf.decode(errors="replace"))
    assert downloads.count(404) >= 2 and downloads[-1] == 200

"""The toolkit PDF built by the real Celery worker through the document pipeline, and read back
with pdftotext: cover, contents with page numbers, every item, bookmarks."""

import subprocess
import time

import pytest
from weasyprint import HTML

from learning.documents import toolkit_pdf_html, toolkit_pdf_request
from tests.factories import ToolkitItemFactory, ToolkitVersionFactory, publish_toolkit_version
from tests.worker import celery_worker, worker_storage  # noqa: F401 (fixtures)
from workwell.celery import app
from workwell.models import GeneratedDocument, ProgrammeTheme

TIMEOUT = 60  # seconds: WeasyPrint's first layout in a fresh worker is slow


def _published_version(items=3):
    version = ToolkitVersionFactory(number="0.4", release_notes="New in **0.4**: checklists.")
    theme = ProgrammeTheme.objects.order_by("order").first()
    for n in range(items):
        item = ToolkitItemFactory(
            version=version,
            title=f"Return to work plan template {n}",
            summary=f"Summary of item {n}",
            body=f"## How to use it\n\nStep {n}: agree the plan with *the employer*.",
            link_url="https://future.nhs.uk/workwell/view" if n == 0 else "",
            order=n,
        )
        item.themes.set([theme])
    return publish_toolkit_version(version)


def _pdftotext(path, *args) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", *args, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def _wait_until_finished(document):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.is_finished:
            return document
        time.sleep(0.25)
    pytest.fail(f"the PDF was not built in {TIMEOUT}s: {document.status} {document.step}")


@pytest.mark.worker
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.filterwarnings("ignore:Results are not stored in backend:RuntimeWarning")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_builds_the_pdf_of_a_published_version(
    celery_worker,  # noqa: F811
    worker_storage,  # noqa: F811
    learning_user,
    tmp_path,
):
    version = _published_version(items=3)
    document = GeneratedDocument.objects.create(
        kind="toolkit-pdf", key=str(version.pk), fingerprint="test", title="Toolkit 0.4"
    )
    # Through Redis to the worker, twice: the second run finds the row claimed and does nothing.
    first = app.send_task("workwell.tasks.build_document", args=[document.pk])
    second = app.send_task("workwell.tasks.build_document", args=[document.pk])
    assert {first.get(timeout=TIMEOUT), second.get(timeout=TIMEOUT)} == {True, False}

    document = _wait_until_finished(document)
    assert document.status == GeneratedDocument.Status.READY, document.error
    assert document.attempts == 1
    assert document.filename == "workwell-toolkit-0.4.pdf"
    path = tmp_path / "toolkit.pdf"
    path.write_bytes(document.file.read())

    text = _pdftotext(path)
    assert "WorkWell toolkit" in text and "Version 0.4" in text
    assert str(version.quarter) in text
    assert "Contents" in text
    for n in range(3):
        assert f"Return to work plan template {n}" in text
        assert f"Step {n}: agree the plan with the employer." in text
    # The contents page gives each item's page number (target-counter): cover 1, contents 2,
    # release notes 3, then one page per item.
    contents = _pdftotext(path, "-f", "2", "-l", "2")
    for n in range(3):
        line = next(row for row in contents.splitlines() if f"template {n}" in row)
        assert line.rstrip().endswith(str(4 + n)), line
    assert "Return to work plan template 0" in _pdftotext(path, "-f", "4", "-l", "4")

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "WorkWell toolkit version 0.4" in info  # the document's title
    assert "Tagged:          yes" in info


@pytest.mark.django_db
def test_the_pdf_has_bookmarks_for_the_contents_and_every_item():
    version = _published_version(items=2)
    rendered = HTML(string=toolkit_pdf_html(version)).render()
    # (label, target, children, state) for each top-level bookmark
    titles = [label for label, _target, _children, _state in rendered.make_bookmark_tree()]
    assert titles == [
        "WorkWell toolkit",
        "Contents",
        "Release notes",
        "Return to work plan template 0",
        "Return to work plan template 1",
    ]


@pytest.mark.django_db
def test_a_published_version_is_built_once_and_then_served_from_storage(
    learning_user, django_capture_on_commit_callbacks
):
    version = _published_version(items=1)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        first = toolkit_pdf_request(version=version, requested_by=learning_user)
    again = toolkit_pdf_request(version=version, requested_by=learning_user)
    assert again.pk == first.pk
    assert len(queued) == 1
    again.refresh_from_db()
    assert again.is_ready
    assert GeneratedDocument.objects.count() == 1

"""The toolkit PDF's pages: "Download as PDF" on a published version, a status page that shows
progress (and checks again without JavaScript), a retry for a failed build, and the file once it
is ready; everyone who may see the version may have it, and a draft has none."""

import pytest

from learning.documents import KIND
from tests.factories import ToolkitItemFactory, ToolkitVersionFactory, publish_toolkit_version
from tests.roles import OK, each_role_gets, everyone
from workwell.models import GeneratedDocument

pytestmark = pytest.mark.django_db
Status = GeneratedDocument.Status


@pytest.fixture
def published(db):
    version = ToolkitVersionFactory(number="0.1")
    ToolkitItemFactory(version=version, title="Return to work plan")
    publish_toolkit_version(version)
    ToolkitVersionFactory(number="0.2")  # a draft
    return version


@each_role_gets(
    {
        "/learning/toolkit/0.1/pdf/": everyone(OK),
        "/learning/toolkit/0.2/pdf/": {},  # a draft has no PDF
        "/learning/toolkit/0.9/pdf/": {},
        "/learning/toolkit/0.1/pdf/download/": {},  # not built yet
    }
)
def test_pages(client, cast, published, url, role, expected):
    client.force_login(cast[role])
    assert client.get(url).status_code == expected


@each_role_gets(everyone(OK))
def test_everyone_who_sees_the_version_downloads_the_built_pdf(
    client, cast, published, django_capture_on_commit_callbacks, role, expected
):
    client.force_login(cast[role])
    with django_capture_on_commit_callbacks(execute=True):  # the (eager) build runs here
        client.get("/learning/toolkit/0.1/pdf/")
    response = client.get("/learning/toolkit/0.1/pdf/download/")
    assert response.status_code == expected
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'filename="workwell-toolkit-0.1.pdf"' in response["Content-Disposition"]


def test_the_version_page_offers_the_pdf_only_when_published(client, learning_user, published):
    client.force_login(learning_user)
    assert "/learning/toolkit/0.1/pdf/" in client.get("/learning/toolkit/0.1/").content.decode()
    assert "/pdf/" not in client.get("/learning/toolkit/0.2/").content.decode()


def test_the_status_page_shows_progress_and_checks_again(client, member_a, published):
    client.force_login(member_a)
    page = client.get("/learning/toolkit/0.1/pdf/").content.decode()
    document = GeneratedDocument.objects.get(kind=KIND)
    assert document.status == Status.QUEUED  # its task waits for the (test's) commit
    assert "We are making your file" in page
    assert 'href="/learning/toolkit/0.1/pdf/"' in page  # "Check again" without JavaScript
    assert 'data-document-status="queued"' in page
    assert "document-status.js" in page
    assert "Try again" not in page

    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.BUILDING, progress=40, step="Laying out the pages"
    )
    page = client.get("/learning/toolkit/0.1/pdf/").content.decode()
    assert "Laying out the pages: 40% done" in page
    assert GeneratedDocument.objects.count() == 1  # every visit finds the same row


def test_a_failed_build_says_so_and_is_tried_again(
    client, member_a, published, django_capture_on_commit_callbacks
):
    client.force_login(member_a)
    client.get("/learning/toolkit/0.1/pdf/")
    GeneratedDocument.objects.filter(kind=KIND).update(
        status=Status.FAILED, error="OSError: no space left"
    )
    page = client.get("/learning/toolkit/0.1/pdf/").content.decode()
    assert "The file could not be made" in page
    assert 'action="/learning/toolkit/0.1/pdf/retry/"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/learning/toolkit/0.1/pdf/retry/")
    assert response.status_code == 302
    document = GeneratedDocument.objects.get(kind=KIND)
    assert document.status == Status.READY and document.error == ""
    page = client.get("/learning/toolkit/0.1/pdf/").content.decode()
    assert "Your file is ready" in page
    assert 'href="/learning/toolkit/0.1/pdf/download/"' in page


@each_role_gets(everyone(302))
def test_retry_answers_everyone_who_sees_the_version(client, cast, published, role, expected):
    client.force_login(cast[role])
    client.get("/learning/toolkit/0.1/pdf/")
    # Still queued and not stale: nothing to retry, the page says so.
    response = client.post("/learning/toolkit/0.1/pdf/retry/", follow=True)
    assert response.redirect_chain[0][1] == expected
    assert "already being made" in response.content.decode()

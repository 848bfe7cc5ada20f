"""Redis stops (our own redis-server, not the shared one): pages that do not need it keep
working, /healthz says 503, actions that queue work say "try again" (503) and keep what the
person typed, and once Redis is back the same actions go through and a worker does the work:
nothing is lost, and the portal never needed a restart of its own."""

import html
import re

import pytest

from tests.factories import ToolkitVersionFactory, publish_toolkit_version
from vanguards.models import VanguardMember
from workwell.models import GeneratedDocument, Role, User

from .http import Browser
from .services import SCALE, Worker, wait_until

pytestmark = [
    pytest.mark.resilience,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
BUILD_TIMEOUT = 120 * SCALE  # seconds for a worker to make a small PDF on a loaded machine


@pytest.fixture(scope="module")
def worker(portal, tmp_path_factory):
    """A worker for the portal, running through the outages (it reconnects by itself)."""
    process = Worker(portal, log_dir=tmp_path_factory.mktemp("worker"))
    yield process
    process.stop()


def _redis_down(web, redis_server):
    redis_server.stop()
    wait_until(lambda: web.status("/healthz") == 503, what="/healthz to say 503", log=web.log)


def _redis_back(web, redis_server):
    redis_server.start()  # the same port: the portal reconnects by itself
    wait_until(lambda: web.status("/healthz") == 200, what="/healthz to recover", log=web.log)


def test_pages_that_do_not_need_redis_keep_working_while_it_is_down(web, redis_server, rm):
    browser = Browser(web, rm)
    assert web.status("/healthz") == 200

    _redis_down(web, redis_server)

    assert web.status("/accounts/login/") == 200
    assert web.status("/accessibility/") == 200
    status, url, page = browser.get("/touchpoints/")
    assert (status, url) == (200, web.url + "/touchpoints/"), web.log.read_text()[-3000:]
    assert "Touchpoints" in page

    _redis_back(web, redis_server)


def test_asking_for_a_pdf_while_redis_is_down_says_try_again_and_works_once_it_is_back(
    web, redis_server, worker, rm
):
    version = publish_toolkit_version(ToolkitVersionFactory())
    browser = Browser(web, rm)
    path = f"/learning/toolkit/{version.number}/pdf/"
    _redis_down(web, redis_server)

    status, _url, page = browser.get(path)

    assert status == 503, web.log.read_text()[-3000:]
    assert "Sorry, there is a problem with the service" in page
    assert "nothing has been saved. Try again in a few minutes." in page
    assert f'<a class="govuk-link" href="{path}">Try again</a>' in page
    # No placeholder was kept that no worker will ever build.
    assert not GeneratedDocument.objects.exists()

    _redis_back(web, redis_server)
    status, _url, page = browser.get(path)
    assert status == 200, web.log.read_text()[-3000:]
    document = GeneratedDocument.objects.get()
    wait_until(
        lambda: GeneratedDocument.objects.filter(pk=document.pk, status="ready").exists(),
        timeout=BUILD_TIMEOUT,
        what="the worker to make the PDF",
        log=worker.log,
    )
    status, _url, pdf = browser.get(path + "download/")
    assert status == 200 and pdf.startswith("%PDF")


def test_a_form_that_queues_work_keeps_what_was_typed_and_sends_it_once_redis_is_back(
    web, redis_server, worker, admin_user, vanguard_a
):
    browser = Browser(web, admin_user)
    token = browser.form_token("/vanguards/invite/")
    typed = {
        "full_name": "Nia O'Newcomer",
        "email": "nia.newcomer@example.com",
        "role": Role.MEMBER,
        "vanguard": str(vanguard_a.pk),
        "title": VanguardMember.Title.SRO,
        "region": "",
    }
    _redis_down(web, redis_server)

    status, _url, page = browser.post("/vanguards/invite/", typed, token)

    assert status == 503, web.log.read_text()[-3000:]
    assert "nothing has been saved. Try again in a few minutes." in page
    assert "What you entered has been kept on this page" in page
    assert not User.objects.filter(email=typed["email"]).exists()  # rolled back, not half-made
    kept = [(name, html.unescape(value)) for name, value in HIDDEN.findall(page)]
    assert [pair for pair in kept if pair[0] != "csrfmiddlewaretoken"] == list(typed.items())

    _redis_back(web, redis_server)
    # "Try again": the page's own form, as the browser would send it.
    status, url, page = browser.post_form("/vanguards/invite/", kept)
    assert (status, url) == (200, web.url + "/vanguards/invite/"), page[:2000]
    assert "An invitation has been emailed to nia.newcomer@example.com" in page
    invited = User.objects.get(email=typed["email"])
    assert invited.full_name == "Nia O'Newcomer"
    # The invitation task reached a worker through Redis, which sent the email.
    wait_until(
        lambda: User.objects.filter(pk=invited.pk, invited_at__isnull=False).exists(),
        timeout=BUILD_TIMEOUT,
        what="the worker to send the invitation",
        log=worker.log,
    )

"""Work cannot be queued (Redis does not answer): the action saves nothing and the person gets
the "try again" page with status 503, which keeps what they typed (never a password) in a
form that sends it again (workwell/queueing.py, ServiceUnavailableMiddleware). The broker here
is a closed port, so the check meets a real refused connection."""

import html
import re

import pytest
from celery import current_app
from django.test import RequestFactory

from tests.resilience.services import free_port
from vanguards.models import VanguardMember
from workwell.middleware import ServiceUnavailableMiddleware
from workwell.models import Role, User
from workwell.queueing import QueueUnavailable

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


@pytest.fixture
def queue_down():
    """Tasks go through a broker (not run eagerly, as elsewhere in tests) that is not there."""
    conf = current_app.conf
    before = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, f"redis://127.0.0.1:{free_port()}/0"
    yield
    conf.task_always_eager, conf.broker_url = before


def test_an_invitation_while_the_queue_is_down_saves_nothing_and_keeps_the_form(
    client, admin_user, vanguard_a, queue_down
):
    typed = {
        "full_name": 'Nia "Newcomer" <b>',
        "email": "nia.newcomer@example.com",
        "role": Role.MEMBER,
        "vanguard": str(vanguard_a.pk),
        "title": VanguardMember.Title.SRO,
        "region": "",
    }
    client.force_login(admin_user)

    response = client.post("/vanguards/invite/", typed)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "nothing has been saved. Try again in a few minutes." in page
    assert '<form method="post" action="/vanguards/invite/" novalidate>' in page
    kept = [(name, html.unescape(value)) for name, value in HIDDEN.findall(page)]
    assert [pair for pair in kept if pair[0] != "csrfmiddlewaretoken"] == list(typed.items())
    assert "<b>" not in page  # escaped
    assert not User.objects.filter(email=typed["email"]).exists()  # rolled back


def test_the_try_again_page_never_keeps_a_password(rf: RequestFactory, admin_user):
    request = rf.post("/somewhere/?step=2", {"new_password1": "secret-words", "name": "Kept"})
    request.user = admin_user
    response = ServiceUnavailableMiddleware(lambda r: None).process_exception(
        request, QueueUnavailable()
    )
    page = response.content.decode()
    assert response.status_code == 503
    assert HIDDEN.findall(page)[-1] == ("name", "Kept")
    assert "secret-words" not in page and "new_password1" not in page
    assert 'action="/somewhere/?step=2"' in page


def test_a_get_that_queues_work_offers_a_link_to_try_again(rf, admin_user):
    request = rf.get("/learning/toolkit/0.3/pdf/")
    request.user = admin_user
    response = ServiceUnavailableMiddleware(lambda r: None).process_exception(
        request, QueueUnavailable()
    )
    assert response.status_code == 503
    assert '<a class="govuk-link" href="/learning/toolkit/0.3/pdf/">Try again</a>' in (
        response.content.decode()
    )


def test_other_errors_are_left_to_the_500_page(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    assert (
        ServiceUnavailableMiddleware(lambda r: None).process_exception(request, ValueError())
        is None
    )

"""The same filled-in form is saved once however often it is sent (workwell/submissions.py,
SentOnceMiddleware): sent again from the browser's history, or twice at once; while a form
that was not saved (errors to correct) can be sent again, and two different forms from one
page are both saved. Over HTTP against the live server, as a browser sends forms (with the
page's CSRF token; the test client sends none, so its requests are not guarded)."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import touchpoint_form_data
from tests.resilience.http import Browser
from tests.resilience.test_concurrency import at_once
from vanguards.models import SupportRequest, Touchpoint
from workwell.models import FormSubmission
from workwell.submissions import submissions_forget

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_form_sent_again_from_the_history_is_saved_once(live_server, rm, vanguard_a):
    browser = Browser(live_server, rm)
    token = browser.form_token("/touchpoints/new/")
    data = touchpoint_form_data([vanguard_a], summary="Sent again.", nst_participants=[rm.pk])

    first = browser.post("/touchpoints/new/", data, token)
    again = browser.post("/touchpoints/new/", data, token)  # Back, then Save again

    touchpoint = Touchpoint.objects.get(summary="Sent again.")
    assert first[1] == again[1] == f"{live_server.url}/touchpoints/{touchpoint.pk}/"
    assert "You sent this form more than once. It has been saved once." in again[2]
    assert "more than once" not in first[2]


def test_a_support_request_sent_twice_at_once_is_raised_once(live_server, member_a, vanguard_a):
    browser = Browser(live_server, member_a)
    token = browser.form_token("/support-requests/new/")
    data = {"need": "Help with our outcomes framework", "urgency": "medium", "offer": ""}

    responses = at_once(*[lambda: browser.post("/support-requests/new/", data, token)] * 2)

    raised = SupportRequest.objects.get()
    assert {url for _s, url, _h in responses} == {
        f"{live_server.url}/support-requests/{raised.pk}/"
    }


def test_a_form_that_was_not_saved_can_be_sent_again(live_server, rm, vanguard_a):
    browser = Browser(live_server, rm)
    token = browser.form_token("/touchpoints/new/")
    data = touchpoint_form_data([vanguard_a], summary="", nst_participants=[rm.pk])

    refused = browser.post("/touchpoints/new/", data, token)
    again = browser.post("/touchpoints/new/", data, token)

    for status, url, page in (refused, again):  # both shown the errors, not "saved once"
        assert (status, url) == (200, f"{live_server.url}/touchpoints/new/")
        assert "govuk-error-summary" in page and "more than once" not in page
    assert not FormSubmission.objects.exists()  # nothing held: the corrected form goes through
    data["summary"] = "Corrected."
    assert browser.post("/touchpoints/new/", data, token)[1].endswith(
        f"/touchpoints/{Touchpoint.objects.get().pk}/"
    )


def test_two_different_forms_from_one_page_are_both_saved(live_server, rm, vanguard_a):
    browser = Browser(live_server, rm)
    token = browser.form_token("/touchpoints/new/")  # one page: one token for its forms
    for summary in ("One.", "Two."):
        data = touchpoint_form_data([vanguard_a], summary=summary, nst_participants=[rm.pk])
        browser.post("/touchpoints/new/", data, token)
    assert sorted(Touchpoint.objects.values_list("summary", flat=True)) == ["One.", "Two."]


def test_the_keys_of_forms_sent_over_a_day_ago_are_forgotten():
    now = timezone.now()
    FormSubmission.objects.create(key="old", created_at=now - datetime.timedelta(hours=25))
    FormSubmission.objects.create(key="recent", created_at=now - datetime.timedelta(hours=23))
    assert submissions_forget(now=now) == 1
    assert list(FormSubmission.objects.values_list("key", flat=True)) == ["recent"]

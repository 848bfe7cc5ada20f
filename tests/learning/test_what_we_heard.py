""" "What we heard": organisers write an event's key points and publish them once it is over;
published points show on the event page to whoever may see the event (drafts to organisers
only), each attendee is emailed once, and "you said, we did" entries link to the event both
ways."""

import datetime

import pytest
from django.utils import timezone

from feedback.models import YouSaidWeDid
from feedback.services.yousaid import YouSaidError, you_said_save
from learning.models import Event, WhatWeHeard, WhatWeHeardSent
from learning.services.agenda import (
    EventError,
    what_we_heard_emails_send,
    what_we_heard_publish,
    what_we_heard_save,
)
from learning.tasks import send_what_we_heard_emails
from tests.factories import EventFactory, RegistrationFactory
from tests.roles import OK, REDIRECT, each_role_gets, everyone

pytestmark = pytest.mark.django_db

ORGANISERS = {"admin_user": OK, "learning_user": OK}
NST = {"admin_user": OK, "rm": OK, "rm_lead": OK, "learning_user": OK}
KEY_POINTS = "* One definition of a participant\n* A model data sharing agreement"


def _past(learning_user, **fields) -> Event:
    ended = timezone.now() - datetime.timedelta(days=1)
    return EventFactory(
        starts_at=ended - datetime.timedelta(hours=2),
        ends_at=ended,
        created_by=learning_user,
        **fields,
    )


def _heard(event, organiser, *, published=True, key_points=KEY_POINTS) -> WhatWeHeard:
    record = what_we_heard_save(event=event, organiser=organiser, key_points=key_points)
    if published:
        record = what_we_heard_publish(event=event, organiser=organiser)
    return record


def test_key_points_cannot_be_published_before_the_event_ends(client, learning_user):
    event = EventFactory(created_by=learning_user)  # a week from now
    what_we_heard_save(event=event, organiser=learning_user, key_points=KEY_POINTS)
    with pytest.raises(EventError, match="You can publish what we heard once the event is over"):
        what_we_heard_publish(event=event, organiser=learning_user)
    client.force_login(learning_user)
    response = client.post(f"/learning/events/{event.pk}/what-we-heard/publish/", follow=True)
    assert (
        "You can publish what we heard once the event is over: it ends" in response.content.decode()
    )
    assert WhatWeHeard.objects.get(event=event).published_at is None


def test_an_event_under_way_is_not_over(learning_user):
    now = timezone.now()
    event = EventFactory(
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(minutes=5),
        created_by=learning_user,
    )
    what_we_heard_save(event=event, organiser=learning_user, key_points=KEY_POINTS)
    with pytest.raises(EventError):
        what_we_heard_publish(event=event, organiser=learning_user)


def test_organisers_write_then_publish_through_the_pages(client, learning_user, member_a):
    event = _past(learning_user)
    client.force_login(learning_user)
    response = client.post(f"/learning/events/{event.pk}/what-we-heard/", {"key_points": ""})
    assert "Enter the key points you heard" in str(response.context["form"].errors["key_points"])
    client.post(f"/learning/events/{event.pk}/what-we-heard/", {"key_points": KEY_POINTS})
    client.force_login(member_a)
    assert (
        "One definition of a participant"
        not in client.get(f"/learning/events/{event.pk}/").content.decode()
    )
    client.force_login(learning_user)
    draft = client.get(f"/learning/events/{event.pk}/").content.decode()
    assert (
        "Draft: only the organisers see this" in draft
        and "One definition of a participant" in draft
    )
    response = client.post(f"/learning/events/{event.pk}/what-we-heard/publish/")
    assert response.status_code == 302
    client.force_login(member_a)
    page = client.get(f"/learning/events/{event.pk}/").content.decode()
    assert 'id="what-we-heard"' in page and "One definition of a participant" in page


def test_only_organisers_write_and_publish(member_a, learning_user):
    event = _past(learning_user)
    with pytest.raises(EventError):
        what_we_heard_save(event=event, organiser=member_a, key_points=KEY_POINTS)


def test_key_points_are_markdown_sanitised(client, learning_user, member_a):
    event = _past(learning_user)
    _heard(
        event,
        learning_user,
        key_points="* **Bold point**\n* <script>alert(1)</script>\n* [x](javascript:alert(1))",
    )
    client.force_login(member_a)
    page = client.get(f"/learning/events/{event.pk}/").content.decode()
    assert "<strong>Bold point</strong>" in page
    assert "<script>alert(1)</script>" not in page and "javascript:" not in page


def test_attendees_are_emailed_once(
    learning_user, member_a, member_b, rm, mailoutbox, django_capture_on_commit_callbacks
):
    event = _past(learning_user)
    RegistrationFactory(event=event, person=member_a, attended=True)
    RegistrationFactory(event=event, person=rm)  # attendance not recorded: counted as came
    RegistrationFactory(event=event, person=member_b, attended=False)  # recorded absent
    with django_capture_on_commit_callbacks(execute=True):
        record = _heard(event, learning_user)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([member_a.email, rm.email])
    assert mailoutbox[0].subject == f"What we heard: {event.title}"
    assert "One definition of a participant" in mailoutbox[0].body
    # Publishing again, and the task running twice, send nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        what_we_heard_publish(event=event, organiser=learning_user)
    send_what_we_heard_emails.delay(record.pk)
    assert what_we_heard_emails_send(what_we_heard_id=record.pk) == 0
    assert len(mailoutbox) == 2
    assert WhatWeHeardSent.objects.filter(what_we_heard=record).count() == 2


def test_a_draft_sends_nothing(learning_user, member_a, mailoutbox):
    event = _past(learning_user)
    RegistrationFactory(event=event, person=member_a)
    record = _heard(event, learning_user, published=False)
    assert what_we_heard_emails_send(what_we_heard_id=record.pk) == 0
    assert mailoutbox == []


@each_role_gets(everyone(OK))
def test_published_points_show_to_whoever_may_see_the_event(
    client, cast, learning_user, role, expected
):
    event = _past(learning_user)
    _heard(event, learning_user)
    client.force_login(cast[role])
    response = client.get(f"/learning/events/{event.pk}/")
    assert response.status_code == expected
    assert "One definition of a participant" in response.content.decode()


@each_role_gets(NST)
def test_an_nst_event_s_points_stay_with_the_nst(client, cast, learning_user, role, expected):
    event = _past(learning_user, audience=Event.Audience.NST)
    _heard(event, learning_user)
    client.force_login(cast[role])
    assert client.get(f"/learning/events/{event.pk}/").status_code == expected


@pytest.fixture
def routes(learning_user):
    event = _past(learning_user)
    from learning.services.agenda import agenda_item_add

    item = agenda_item_add(
        event=event,
        organiser=learning_user,
        data={"title": "Welcome", "minutes": 10, "kind": "talk", "starts_at": None, "lead": ""},
    )
    return {"event": event.pk, "item": item.pk}


@each_role_gets(
    {
        "/learning/events/{event}/agenda/": ORGANISERS,
        "/learning/events/{event}/agenda/{item}/": ORGANISERS,
        "/learning/events/{event}/what-we-heard/": ORGANISERS,
    }
)
def test_only_organisers_open_the_agenda_and_what_we_heard_forms(
    client, cast, routes, url, role, expected
):
    client.force_login(cast[role])
    assert client.get(url.format(**routes)).status_code == expected


@each_role_gets(
    {
        "/learning/events/{event}/agenda/{item}/move/": {
            "admin_user": REDIRECT,
            "learning_user": REDIRECT,
        },
        "/learning/events/{event}/agenda/{item}/remove/": {
            "admin_user": REDIRECT,
            "learning_user": REDIRECT,
        },
        "/learning/events/{event}/what-we-heard/publish/": {
            "admin_user": REDIRECT,
            "learning_user": REDIRECT,
        },
    }
)
def test_only_organisers_move_remove_and_publish(
    client, cast, routes, learning_user, url, role, expected
):
    what_we_heard_save(
        event=Event.objects.get(pk=routes["event"]), organiser=learning_user, key_points=KEY_POINTS
    )
    client.force_login(cast[role])
    assert client.post(url.format(**routes), {"direction": "down"}).status_code == expected
    changed = (
        WhatWeHeard.objects.filter(published_at__isnull=False).exists()
        if "publish" in url
        else not Event.objects.get(pk=routes["event"]).agenda_items.exists()
    )
    assert changed is (expected == REDIRECT and "/move/" not in url)


# --- The link from "you said, we did" ------------------------------------------------------


def _change(by, event, *, published=True, title="One definition of a participant"):
    return you_said_save(
        by=by,
        published=published,
        title=title,
        you_said="Counted differently",
        we_did="One definition",
        year=2026,
        number=2,
        event=event,
    )


def test_a_change_names_the_event_and_the_event_lists_its_changes(client, learning_user, member_a):
    event = _past(learning_user)
    _heard(event, learning_user)
    entry = _change(learning_user, event)
    _change(learning_user, event, published=False, title="A draft change")
    client.force_login(member_a)
    home = client.get("/feedback/").content.decode()
    assert f'href="/learning/events/{event.pk}/#what-we-heard"' in home
    assert f'id="you-said-{entry.pk}"' in home
    page = client.get(f"/learning/events/{event.pk}/").content.decode()
    assert "Changes it led to" in page
    assert f'href="/feedback/#you-said-{entry.pk}"' in page
    assert "A draft change" not in page


def test_network_partners_see_the_points_but_not_the_programme_s_changes(
    client, learning_user, network_partner
):
    event = _past(learning_user)
    _heard(event, learning_user)
    _change(learning_user, event)
    client.force_login(network_partner)
    page = client.get(f"/learning/events/{event.pk}/").content.decode()
    assert "One definition of a participant" in page  # the key point
    assert "Changes it led to" not in page


def test_the_form_offers_only_past_events_with_published_points(client, learning_user):
    heard = _past(learning_user, title="Heard and published")
    _heard(heard, learning_user)
    _heard(_past(learning_user, title="Only a draft"), learning_user, published=False)
    upcoming = EventFactory(title="Still to come", created_by=learning_user)
    client.force_login(learning_user)
    form = client.get("/feedback/you-said-we-did/new/").content.decode()
    assert "Heard and published" in form
    assert "Only a draft" not in form and "Still to come" not in form
    with pytest.raises(
        YouSaidError, match="Choose an event that is over and whose key points are published"
    ):
        _change(learning_user, upcoming)
    assert not YouSaidWeDid.objects.filter(event=upcoming).exists()


def test_a_member_sees_no_link_to_an_event_they_may_not_see(client, learning_user, member_a):
    event = _past(learning_user, audience=Event.Audience.NST)
    _heard(event, learning_user)
    _change(learning_user, event)
    client.force_login(member_a)
    home = client.get("/feedback/").content.decode()
    assert "One definition of a participant" in home
    assert f"/learning/events/{event.pk}/" not in home


def test_the_event_page_with_points_and_changes_costs_the_same_however_many(
    client, learning_user, member_a, django_assert_max_num_queries
):
    event = _past(learning_user)
    _heard(event, learning_user)
    for number in range(6):
        _change(learning_user, event, title=f"Change {number}")
    client.force_login(member_a)
    # 1 session, 2 user, 3 the reader's vanguard membership, 4 the event with its places and
    # "what we heard" (joined), 5 materials, 6 agenda items, 7 the reader's registration,
    # 8 their feedback, 9 whether the reader may see the event's key points, 10 the changes
    # they led to (one query however many).
    with django_assert_max_num_queries(10):
        response = client.get(f"/learning/events/{event.pk}/")
    assert response.content.decode().count("Change ") >= 6

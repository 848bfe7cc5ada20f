"""Pages kept until the data changes (workwell/page_cache.py). These run outside a test
transaction (`transaction=True`), as requests do: inside one nothing is kept."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from tests.factories import TouchpointFactory, UserFactory, touchpoint_form_data
from vanguards.models import Touchpoint, Vanguard
from workwell import page_cache
from workwell.models import Role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _get(client, path="/touchpoints/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _rendered(client, path="/touchpoints/") -> bool:
    """Whether the touchpoint list was rendered (its rows read) rather than sent again as kept:
    rendered with its choice lists and count kept, it too can take three queries."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return any('FROM "vanguards_touchpoint"' in query["sql"] for query in queries)


def _without_tokens(html: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', html)


@pytest.fixture(autouse=True)
def _one_minute(monkeypatch):
    """The clock's minute is part of a kept page's key: hold it, so a test's requests do not
    fall either side of a minute's end."""
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-29 10:00")


@pytest.fixture
def signed_in(client, rm, vanguard_a):
    client.force_login(rm)
    return client


def test_a_page_is_sent_again_as_rendered_until_something_is_written(signed_in, rm, vanguard_a):
    first, rendering = _get(signed_in)
    again, sending = _get(signed_in)
    assert _without_tokens(again) == _without_tokens(first)  # the sign-out form's aside
    # The session, the user and the data generation: no query of the page's own.
    assert sending == 3 < rendering

    TouchpointFactory(vanguards=[vanguard_a], author=rm, summary="Kept pages test summary")
    after, queries = _get(signed_in)
    assert queries > 3  # rendered again
    assert _without_tokens(after) != _without_tokens(first)


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: Vanguard.objects.update(name="Renamed in bulk"), id="update"),
        pytest.param(
            lambda: connection.cursor().execute(
                "UPDATE vanguards_vanguard SET name = 'Renamed in bulk'"
            ),
            id="raw SQL",
        ),
    ],
)
def test_writes_that_send_no_signals_move_the_generation_too(signed_in, write):
    assert "Alpha Vanguard" in _get(signed_in, "/vanguards/")[0]
    write()
    html, _queries = _get(signed_in, "/vanguards/")
    assert "Renamed in bulk" in html
    assert "Alpha Vanguard" not in html


def test_the_generation_moves_when_the_transaction_commits_not_before(rm):
    before = page_cache.generation()
    with transaction.atomic():
        UserFactory(role=Role.RM, full_name="Written in a transaction")
        UserFactory(role=Role.RM, full_name="And another")
        assert page_cache.generation() == before  # a reader now still sees the old data
    assert page_cache.generation() == before + 1  # once for the transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        UserFactory(role=Role.RM, full_name="Rolled back")
        raise RuntimeError
    assert page_cache.generation() == before + 1  # nothing was written


def test_session_writes_and_signing_in_do_not_move_the_generation(client, rm):
    rm.save()  # a data write: the generation has a value
    before = page_cache.generation()
    client.force_login(rm)  # saves a session and the user's last sign-in, which no page shows
    session = client.session
    session["anything"] = 1
    session.save()
    assert page_cache.generation() == before is not None
    rm.full_name = "Rita Renamed"
    rm.save(update_fields=["full_name"])
    assert page_cache.generation() > before


def test_nobody_is_sent_a_page_kept_for_someone_else(client, rm, rm_lead, vanguard_a, vanguard_b):
    client.force_login(rm)
    mine, _queries = _get(client, "/vanguards/")
    other = Client()
    other.force_login(rm_lead)
    theirs, queries = _get(other, "/vanguards/")
    assert queries > 3  # rendered for them
    assert theirs != mine
    # The same person in a second session gets a page of their own too.
    second = Client()
    second.force_login(rm)
    _html, queries = _get(second, "/vanguards/")
    assert queries > 3


def test_the_query_string_and_the_minute_are_part_of_the_key(signed_in, monkeypatch):
    _get(signed_in, "/vanguards/")
    _html, queries = _get(signed_in, "/vanguards/?sort=name")
    assert queries > 3
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-29 10:01")
    _html, queries = _get(signed_in, "/vanguards/")
    assert queries > 3


def test_each_form_sent_again_carries_a_new_token_that_works(rm, vanguard_a):
    path = reverse("touchpoints:create")
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(rm)
    first, _queries = _get(guarded, path)
    again, queries = _get(guarded, path)
    assert queries == 3  # sent again
    assert _without_tokens(again) == _without_tokens(first)
    assert TOKEN.findall(again) and not set(TOKEN.findall(again)) & set(TOKEN.findall(first))

    data = touchpoint_form_data([vanguard_a], summary="Sent from a kept form")
    data["csrfmiddlewaretoken"] = TOKEN.findall(again)[0]
    response = guarded.post(path, data)
    assert response.status_code == 302
    assert Touchpoint.objects.filter(summary="Sent from a kept form").exists()


def test_a_message_is_shown_once_and_never_kept(signed_in, rm, vanguard_a):
    _get(signed_in)
    path = reverse("touchpoints:create")
    response = signed_in.post(path, touchpoint_form_data([vanguard_a], summary="With message"))
    assert response.status_code == 302
    with_message = signed_in.get(response["Location"]).content.decode()
    assert "govuk-notification-banner--success" in with_message
    after = signed_in.get(response["Location"]).content.decode()
    assert "govuk-notification-banner--success" not in after


def test_refusals_and_downloads_are_not_kept(signed_in):
    for path, status in (("/vanguards/no-such-vanguard/", 404), ("/touchpoints/?_export=csv", 200)):
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = signed_in.get(path)
                assert response.status_code == status
                b"".join(getattr(response, "streaming_content", [response.content]))
            assert len(queries) > 3, path  # answered afresh each time


def test_pages_render_as_usual_when_redis_does_not_answer(signed_in):
    dead = {
        "default": {"BACKEND": "workwell.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    with override_settings(CACHES=dead):
        html, queries = _get(signed_in)
        again, queries_again = _get(signed_in)
    assert _without_tokens(again) == _without_tokens(html)
    assert queries > 3 and queries_again > 3


def test_nothing_is_kept_inside_a_transaction(signed_in):
    with transaction.atomic():
        _html, rendering = _get(signed_in)
        _html, again = _get(signed_in)
    assert rendering > 3 and again > 3


def test_nothing_is_kept_with_the_page_cache_off(signed_in, rm, vanguard_a):
    TouchpointFactory(author=rm, vanguards=[vanguard_a])  # rows to read
    # Results kept until their tables change (the list's drawn page among them) are another
    # setting: off too, so that every request reads the rows.
    with override_settings(PAGE_CACHE=False, KEPT_RESULTS=False):
        assert _rendered(signed_in) and _rendered(signed_in)


def test_clear_page_cache_renders_every_page_afresh(signed_in):
    _get(signed_in)
    before = page_cache.generation()
    call_command("clear_page_cache", stdout=io.StringIO())
    _html, queries = _get(signed_in)
    assert queries > 3
    assert page_cache.generation() > before


def test_what_the_session_holds_is_part_of_the_key(signed_in):
    _get(signed_in, "/vanguards/")
    session = signed_in.session
    session["waiting_upload"] = {"token": "abc"}  # as an upload preview keeps its rows
    session.save()
    _html, queries = _get(signed_in, "/vanguards/")
    assert queries > 3


def test_the_settings_read_the_same_in_every_process():
    assert " at 0x" not in page_cache.settings_text()  # no object's address in it
    assert "'PAGE_CACHE', True" in page_cache.settings_text()


def test_the_same_form_guard_moves_no_generation(rm, vanguard_a):
    client = Client()
    client.force_login(rm)
    before = page_cache.generation()
    data = touchpoint_form_data([vanguard_a], summary="")  # refused: no summary
    data["csrfmiddlewaretoken"] = "t" * 64  # the guard claims, then lets go of, this form
    assert client.post(reverse("touchpoints:create"), data).status_code == 200
    assert page_cache.generation() == before


def test_a_generation_that_cannot_advance_fails_no_request(signed_in, rm, monkeypatch):
    from workwell.postgresql import base

    monkeypatch.setattr(base, "GENERATION_ADVANCE", "SELECT no_such_function()")
    monkeypatch.setattr(base, "TABLES_ADVANCE", "SELECT no_such_function(%s)")
    UserFactory(role=Role.RM, full_name="Saved outside a transaction")
    with transaction.atomic():
        UserFactory(role=Role.RM, full_name="Saved in one")
    assert _get(signed_in, "/vanguards/")[1] > 3  # the connection still serves


def test_clear_page_cache_works_before_the_sequence_exists():
    with pytest.raises(RuntimeError), transaction.atomic():
        connection.cursor().execute("DROP SEQUENCE workwell_data_generation")
        call_command("clear_page_cache", stdout=io.StringIO())
        raise RuntimeError  # put the sequence back


SMOKE_PATHS = [
    "/",
    "/vanguards/",
    "/vanguards/alpha/",
    "/touchpoints/",
    "/touchpoints/new/",
    "/actions/",
    "/support-requests/",
    "/maturity/",
    "/learning/",
    "/learning/events/",
    "/learning/toolkit/",
    "/feedback/",
    "/reporting/returns/",
    "/accessibility/",
]


@pytest.mark.parametrize("path", SMOKE_PATHS)
def test_a_page_asked_twice_is_sent_again_as_it_was_rendered(signed_in, path):
    """No GET writes (a write would make every page render afresh), and the kept copy is the
    rendered page (CSRF tokens aside)."""
    before = page_cache.generation()
    first, _rendering = _get(signed_in, path)
    again, queries = _get(signed_in, path)
    assert page_cache.generation() == before
    assert queries == 3
    assert _without_tokens(again) == _without_tokens(first)

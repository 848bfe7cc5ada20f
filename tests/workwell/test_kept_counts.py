"""A list's count shared until the data changes (workwell/page_cache.py `kept_count`). These run
outside a test transaction (`transaction=True`), as requests do: inside one nothing is kept."""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from tests.factories import TouchpointFactory, UserFactory
from vanguards.models import Touchpoint
from workwell import page_cache
from workwell.models import Role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _counted(queries) -> bool:
    """Whether Django counted rows (`QuerySet.count()`, not a row's COUNT subquery)."""
    return any('AS "__count"' in query["sql"] for query in queries.captured_queries)


def _signed_in(*users) -> list[Client]:
    """A session for each user, signed in before any list is read: signing in writes (the
    user's last sign-in), which moves the data generation."""
    clients = [Client() for _user in users]
    for client, user in zip(clients, users, strict=True):
        client.force_login(user)
    return clients


def _list(client, path="/touchpoints/"):
    """The list page: its "N touchpoints." line and whether the request counted the rows in
    the database. Each call asks another address or comes after a write, so no kept page is
    sent."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    counted = _counted(queries)
    line = next(line for line in html.splitlines() if " touchpoint" in line and "<p" in line)
    return line, counted


@pytest.fixture(autouse=True)
def _one_minute(monkeypatch):
    """The clock's minute is part of a kept count's key: hold it, so a test's requests do not
    fall either side of a minute's end."""
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-29 10:00")


@pytest.fixture
def logged(rm, vanguard_a, vanguard_b):
    TouchpointFactory.create_batch(3, vanguards=[vanguard_a], author=rm)
    TouchpointFactory(vanguards=[vanguard_b], author=rm)


def test_people_who_see_the_same_rows_share_a_count_until_something_is_written(
    logged, rm, rm_lead, vanguard_a
):
    rms, lead = _signed_in(rm, rm_lead)
    line, counted = _list(rms)
    assert "4 touchpoints." in line and counted
    # Another person, their first request: the rows are the same, so is the count.
    line, counted = _list(lead)
    assert "4 touchpoints." in line and not counted

    TouchpointFactory(vanguards=[vanguard_a], author=rm)
    line, counted = _list(lead)
    assert "5 touchpoints." in line and counted


def test_a_count_is_kept_for_the_rows_it_counted_only(logged, rm, member_a, vanguard_a):
    rms, member = _signed_in(rm, member_a)
    _list(rms)
    # A filter counts other rows.
    line, counted = _list(rms, f"/touchpoints/?vanguard={vanguard_a.slug}")
    assert "3 touchpoints." in line and counted
    # A vanguard member sees only their vanguard's touchpoints: another query, another count.
    line, counted = _list(member)
    expected = Touchpoint.objects.filter(vanguards=vanguard_a).count()
    assert f"{expected} touchpoint" in line and counted


def test_nothing_is_kept_inside_a_transaction(logged):
    touchpoints = Touchpoint.objects.all()
    with transaction.atomic():
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                assert page_cache.kept_count(touchpoints) == 4
            assert _counted(queries)


def test_counts_are_read_as_usual_when_redis_does_not_answer(logged):
    dead = {
        "default": {"BACKEND": "workwell.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    with override_settings(CACHES=dead):
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                assert page_cache.kept_count(Touchpoint.objects.all()) == 4
            assert _counted(queries)


def test_a_count_is_read_again_each_minute(logged, monkeypatch):
    """As for kept pages: should the generation fail to move on after a write, no count is
    more than a minute behind."""
    touchpoints = Touchpoint.objects.all()
    page_cache.kept_count(touchpoints)
    with CaptureQueriesContext(connection) as queries:
        assert page_cache.kept_count(touchpoints) == 4
    assert not _counted(queries)
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-29 10:01")
    with CaptureQueriesContext(connection) as queries:
        assert page_cache.kept_count(touchpoints) == 4
    assert _counted(queries)


def test_a_query_that_can_match_nothing_counts_none():
    # permissions.NOTHING, e.g. for a member whose membership is missing: no SQL to key it by.
    assert page_cache.kept_count(Touchpoint.objects.filter(pk__in=[])) == 0
    [member] = _signed_in(UserFactory(role=Role.MEMBER))
    assert member.get("/touchpoints/").status_code == 200

"""Choice lists kept between requests (workwell/filters.py, `kept_on`): a filter panel's list of
cohort groups or relationship managers is read from the database once, then again only after a
save or delete of one of its rows replaced the model's data version. These run outside a
test transaction (`transaction=True`), as requests do: inside one nothing is kept."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from tests.factories import (
    CohortGroupFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
    region,
)
from workwell import filters
from workwell.models import ProgrammeTheme, Role

GROUP_OPTIONS = 'SELECT "vanguards_cohortgroup"."slug"'  # the cohort group list's query
PEOPLE_OPTIONS = 'SELECT "workwell_user"."id" AS "pk", "workwell_user"."full_name"'


def _get(client, path):
    """The page's HTML and its queries' SQL."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


def _reads(sqls, start) -> int:
    return sum(sql.startswith(start) for sql in sqls)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_kept_list_is_read_again_only_after_a_save_or_delete(client, rm):
    client.force_login(rm)
    _html, sqls = _get(client, "/vanguards/")
    assert _reads(sqls, GROUP_OPTIONS) == 1
    _html, sqls = _get(client, "/vanguards/")
    assert _reads(sqls, GROUP_OPTIONS) == 0  # kept

    group = CohortGroupFactory(name="Kestrel group")
    html, sqls = _get(client, "/vanguards/")
    assert _reads(sqls, GROUP_OPTIONS) == 1
    assert '<option value="kestrel-group">Kestrel group</option>' in html

    group.name = "Merlin group"
    group.save()
    html, _sqls = _get(client, "/vanguards/")
    assert ">Merlin group</option>" in html
    assert "Kestrel group" not in html

    group.delete()
    html, _sqls = _get(client, "/vanguards/")
    assert "Merlin group" not in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_people_join_and_leave_the_relationship_manager_list_as_their_role_is_saved(client, rm):
    client.force_login(rm)
    _get(client, "/touchpoints/")
    _html, sqls = _get(client, "/touchpoints/")
    assert _reads(sqls, PEOPLE_OPTIONS) == 0  # kept

    newcomer = UserFactory(role=Role.LEARNING, full_name="Imogen Quarry")
    html, _sqls = _get(client, "/touchpoints/")
    assert "Imogen Quarry" not in html
    newcomer.role = Role.RM
    newcomer.save()
    html, _sqls = _get(client, "/touchpoints/")
    assert f'<option value="{newcomer.pk}">Imogen Quarry</option>' in html

    newcomer.role = Role.ADMIN
    newcomer.save()
    html, _sqls = _get(client, "/touchpoints/")
    assert "Imogen Quarry" not in html


def test_inside_a_transaction_nothing_is_kept(client, rm):
    # What a transaction sees may not be what other requests see, so it reads every time.
    client.force_login(rm)
    for _ in range(2):
        _html, sqls = _get(client, "/vanguards/")
        assert _reads(sqls, GROUP_OPTIONS) == 1


DEAD_REDIS = {
    "default": {"BACKEND": "workwell.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_lists_are_read_from_the_database_while_redis_is_down(client, rm, rm_lead):
    TouchpointFactory(author=rm)  # a list with rows shows its filters
    client.force_login(rm)
    with override_settings(CACHES=DEAD_REDIS):
        html, sqls = _get(client, "/touchpoints/")
    assert _reads(sqls, PEOPLE_OPTIONS) == 1
    assert f">{rm_lead.full_name}</option>" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_while_redis_is_down_goes_on_and_its_list_is_read_again_once_it_is_back(client, rm):
    group = CohortGroupFactory(name="Kestrel group")
    client.force_login(rm)
    _get(client, "/vanguards/")  # the list kept under the cohort groups' data version
    with override_settings(CACHES=DEAD_REDIS):
        group.name = "Merlin group"
        group.save()
    html, sqls = _get(client, "/vanguards/?sort=name")  # another address: not a kept page
    assert _reads(sqls, GROUP_OPTIONS) == 1
    assert ">Merlin group</option>" in html
    assert "Kestrel group" not in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_kept_list_is_read_again_after_a_minute_whatever_its_versions(client, rm, monkeypatch):
    """A save made while Redis did not answer, in a process that never reaches it again,
    leaves the version as it was: other processes read their lists again within a minute.
    (On the support menu, whose filters are drawn for each request: a page keeping its filter
    form drawn reads its options from the database when it draws it, filters.kept_form.)"""
    theme = ProgrammeTheme.objects.create(name="Kestrel theme", slug="kestrel", order=99)
    client.force_login(rm)
    _get(client, "/learning/offers/")
    ProgrammeTheme.objects.filter(pk=theme.pk).update(name="Merlin theme")  # no version replaced
    html, _sqls = _get(client, "/learning/offers/?channel=")
    assert ">Kestrel theme</option>" in html  # kept
    later = time.monotonic() + filters.KEPT_OPTIONS_SECONDS
    monkeypatch.setattr(filters.time, "monotonic", lambda: later)
    html, sqls = _get(client, "/learning/offers/?band=")
    assert _reads(sqls, THEME_OPTIONS) == 1
    assert ">Merlin theme</option>" in html


THEME_OPTIONS = 'SELECT "workwell_programmetheme"'


VANGUARD_OPTIONS = 'SELECT "vanguards_vanguard"."slug", "vanguards_vanguard"."name"'


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_vanguards_offered_are_kept_apart_for_each_scope_of_the_vanguards_seen(
    client, rm, regional_lead, vanguard_a, vanguard_b
):
    """The vanguard filter's options (the vanguards the user may see) are kept for everyone
    who sees the same vanguards (`permissions.vanguard_scope`), never shown to another."""
    alpha, bravo = '<option value="alpha">', '<option value="bravo">'
    for _ in range(2):  # read, then kept: each sees their own
        for user, sees, not_seen in ((rm, (alpha, bravo), ()), (regional_lead, (alpha,), (bravo,))):
            client.force_login(user)
            for path in ("/touchpoints/", "/actions/", "/support-requests/"):
                html, _sqls = _get(client, path)
                assert all(option in html for option in sees), (user, path)
                assert not any(option in html for option in not_seen), (user, path)
    client.force_login(regional_lead)
    _html, sqls = _get(client, "/touchpoints/")
    assert _reads(sqls, VANGUARD_OPTIONS) == 0  # kept

    VanguardFactory(name="Charlie Vanguard", slug="charlie", region=region("north-west"))
    for user in (rm, regional_lead):
        client.force_login(user)
        html, _sqls = _get(client, "/touchpoints/")
        assert '<option value="charlie">Charlie Vanguard</option>' in html
    assert bravo not in html  # the regional lead's, still their region's alone

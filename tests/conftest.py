"""The fixed cast of the test suite (DESIGN.md §6): one user per role, and two vanguards, A in
the RM's cohort group and the regional lead's region, B in neither."""

import contextlib

import pytest
from celery.result import allow_join_result
from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import set_script_prefix

from workwell import kept, page_cache
from workwell.models import Role

from .factories import (
    CohortGroupFactory,
    OrganisationFactory,
    UserFactory,
    VanguardFactory,
    join_group,
    make_member,
    make_network_partner,
    make_regional_lead,
    region,
)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Redis is shared by every test: rate-limit counters must not leak between them; nor may
    # a result one test's process kept (workwell/kept.py).
    cache.clear()
    kept.forget()
    yield
    cache.clear()
    kept.forget()


@pytest.fixture
def kept_afresh(monkeypatch):
    """For tests of kept results (workwell/kept.py, outside a transaction): the clock's minute
    (part of the key) held, and nothing learned or kept yet in this process."""
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-29 10:00")
    monkeypatch.setattr(kept, "_TABLES_READ", {})
    monkeypatch.setattr(kept, "_IN_PROCESS", kept.OrderedDict())


@pytest.fixture
def calls_to(monkeypatch):
    """calls_to(module, name): a list that grows by one at each call of `module.name`, which
    is still called (how often something is drawn or worked out)."""

    def counting(module, name: str) -> list:
        calls, original = [], getattr(module, name)

        def counted(*args, **kwargs):
            calls.append(1)
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
        return calls

    return counting


@pytest.fixture
def page_as():
    """page_as(user, path): a function of a query string ("" or "?...") giving the page's
    markup as `user` sees it, checked to be 200."""

    def pages(user, path: str):
        client = Client()
        client.force_login(user)

        def page(query: str = "") -> str:
            response = client.get(path + query)
            assert response.status_code == 200
            return response.content.decode()

        return page

    return pages


@pytest.fixture
def mounted_below():
    """mounted_below("/portal/"): a context in which requests are served as by a server
    mounted below that prefix (which sets it for each request)."""

    @contextlib.contextmanager
    def mounted(prefix: str):
        set_script_prefix(prefix)
        try:
            yield
        finally:
            set_script_prefix("/")

    return mounted


@pytest.fixture(autouse=True)
def _joins_allowed():
    # Eager `.delay()` marks "a join would block" in a process-wide flag while the task runs,
    # then puts back the value it saw. Two threads doing that at once (the live server's
    # request threads, a concurrency test) can leave it set, and a later test's `.get()` on a
    # real worker's result is then refused as if it ran inside a task.
    with allow_join_result():
        yield


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True, full_name="Ada Admin")


@pytest.fixture
def programme_lead(db):
    return UserFactory(role=Role.PROGRAMME_LEAD, full_name="Pat Lead")


@pytest.fixture
def rm(db):
    return UserFactory(role=Role.RM, full_name="Rita Manager")


@pytest.fixture
def rm_lead(db):
    return UserFactory(role=Role.RM_LEAD, full_name="Raj Lead")


@pytest.fixture
def learning_user(db):
    return UserFactory(role=Role.LEARNING, full_name="Lee Learning")


@pytest.fixture
def vanguard_a(db, rm):
    vanguard = VanguardFactory(name="Alpha Vanguard", slug="alpha", region=region("north-west"))
    join_group(vanguard, CohortGroupFactory(name="Alpha group", relationship_manager=rm))
    return vanguard


@pytest.fixture
def vanguard_b(db, rm_lead):
    vanguard = VanguardFactory(name="Bravo Vanguard", slug="bravo", region=region("london"))
    join_group(vanguard, CohortGroupFactory(name="Bravo group", relationship_manager=rm_lead))
    return vanguard


@pytest.fixture
def regional_lead(db):
    return make_regional_lead("north-west", full_name="Reg Northwest")


@pytest.fixture
def member_a(vanguard_a):
    return make_member(vanguard_a, full_name="Mem Alpha")


@pytest.fixture
def member_b(vanguard_b):
    return make_member(vanguard_b, full_name="Mem Bravo")


@pytest.fixture
def network_partner(db):
    """A person from a non-vanguard ICB in the Learning and Change Network."""
    organisation = OrganisationFactory(name="Network Partner ICB", is_network_partner=True)
    return make_network_partner(organisation, full_name="Nia Partner")


CAST = [
    "admin_user",
    "programme_lead",
    "regional_lead",
    "rm",
    "rm_lead",
    "learning_user",
    "member_a",
    "member_b",
    "network_partner",
]


@pytest.fixture
def cast(request, vanguard_a, vanguard_b):
    """Every role's user by fixture name, with both vanguards in place."""
    return {name: request.getfixturevalue(name) for name in CAST}


@pytest.fixture
def admin_client(client, admin_user):
    """The test client, signed in as the cast's admin (not pytest-django's own admin user)."""
    client.force_login(admin_user)
    return client


@pytest.fixture
def rm_client(client, rm):
    """The test client, signed in as the cast's relationship manager."""
    client.force_login(rm)
    return client


@pytest.fixture
def login(client):
    """Sign `user` in on the test client and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def _read_once(self) -> bytes:
    """A streamed download read through `.content` in a test: read once and kept, as a browser
    saves it, since tests written against whole responses read the body again and again. The
    streaming itself is tested through `streaming_content` (workwell/test_streamed_exports.py)."""
    if not hasattr(self, "_downloaded"):
        self._downloaded = b"".join(self.streaming_content)
    return self._downloaded


StreamingHttpResponse.content = property(_read_once)

"""Results kept until the tables they read change (workwell/kept.py), and the tables'
generations the database backend moves on (workwell/postgresql). These run outside a test
transaction (`transaction=True`), as requests do: inside one nothing is kept."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from feedback.selectors.results import quarter_results
from tests.factories import (
    AssessmentCycleFactory,
    CohortGroupFactory,
    DimensionFactory,
    EventFactory,
    FrameworkVersionFactory,
    OrganisationFactory,
    RegistrationFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
    join_group,
    make_assessment,
    make_member,
    region,
)
from tests.feedback.pulse import answer, open_survey
from vanguards.models import Partnership, ProgrammeSettings, Touchpoint, Vanguard
from vanguards.permissions import dashboard_peer_slugs, may_raise_support_requests
from vanguards.selectors.cadence import programme_settings
from vanguards.selectors.registry import vanguard_profile
from vanguards.services.touchpoints import touchpoint_create
from workwell import kept, page_cache
from workwell.dates import Quarter
from workwell.models import Role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    """Hold the clock's minute (part of the key), and start with nothing learned or kept."""
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-29 10:00")
    monkeypatch.setattr(kept, "_TABLES_READ", {})
    monkeypatch.setattr(kept, "_IN_PROCESS", kept.OrderedDict())


class Counted:
    """A result that says how many times it was worked out: the vanguards' names."""

    def __init__(self):
        self.times = 0

    def __call__(self):
        self.times += 1
        return sorted(Vanguard.objects.values_list("name", flat=True))


def _kept(result, depends_on="all", name="names"):
    return kept.kept(name, depends_on, result)


def test_a_result_is_shared_until_a_table_it_read_is_written(vanguard_a, vanguard_b, rm):
    names = Counted()
    _kept(names)  # the first in a process learns the tables it reads
    first = _kept(names)
    assert names.times == 2
    kept._IN_PROCESS.clear()  # as another process: from the cache
    with CaptureQueriesContext(connection) as queries:
        assert _kept(names) == first
    assert names.times == 2
    assert len(queries) == 1  # the tables' generation, nothing else

    # A write to a table it does not read leaves it kept...
    TouchpointFactory(vanguards=[vanguard_a], author=rm)
    assert _kept(names) == first and names.times == 2
    # ...a write to one it reads does not.
    Vanguard.objects.filter(pk=vanguard_a.pk).update(name="Renamed")
    assert "Renamed" in _kept(names)
    assert names.times == 3


def test_logging_a_touchpoint_in_one_statement_moves_each_table_it_writes_on(vanguard_a, rm):
    """vanguards.services.touchpoints writes the touchpoint, its rows and its history record in
    one statement led by common table expressions: every table it writes moves on."""

    def counted(read):
        def result():
            result.times += 1
            return read()

        result.times = 0
        return result

    reads = {
        "links": counted(lambda: list(Touchpoint.vanguards.through.objects.values_list("pk"))),
        "records": counted(lambda: list(Touchpoint.history.values_list("history_id"))),
        "record rows": counted(
            lambda: list(Touchpoint.history.model.vanguards.model.objects.values_list("pk"))
        ),
        "names": Counted(),
    }
    for name, read in reads.items():
        _kept(read, name=name)
        _kept(read, name=name)
    touchpoint_create(
        author=rm,
        vanguards=[vanguard_a],
        date=datetime.date.today(),
        kind="check_in",
        channel="video",
        duration_minutes=30,
        summary="Logged in one statement",
    )
    for name, read in reads.items():
        assert _kept(read, name=name) is not None
    assert [reads[name].times for name in ("links", "records", "record rows")] == [3, 3, 3]
    assert reads["names"].times == 2  # the vanguards' table was only read


def test_a_transaction_moves_its_tables_on_when_it_commits(vanguard_a):
    names = Counted()
    _kept(names)
    _kept(names)
    with transaction.atomic():
        Vanguard.objects.filter(pk=vanguard_a.pk).update(name="Inside")
        assert names() and names.times == 3  # inside a transaction: worked out, never kept
        _kept(names)
        assert names.times == 4
    assert "Inside" in _kept(names)
    assert names.times == 5


def test_a_rolled_back_write_keeps_nothing_stale(vanguard_a):
    names = Counted()
    _kept(names)
    before = _kept(names)
    with pytest.raises(RuntimeError), transaction.atomic():
        Vanguard.objects.filter(pk=vanguard_a.pk).update(name="Never")
        raise RuntimeError
    assert _kept(names) == before


def test_different_dependencies_and_minutes_are_kept_apart(vanguard_a, monkeypatch):
    names = Counted()
    _kept(names)
    _kept(names, depends_on="one")
    _kept(names, depends_on="other")
    assert names.times == 3
    _kept(names, depends_on="one")
    assert names.times == 3
    monkeypatch.setattr(page_cache, "minute", lambda: "2026-11-29 10:01")
    _kept(names, depends_on="one")
    assert names.times == 4


def test_a_table_read_only_on_a_later_branch_is_learned_before_anything_is_kept(
    vanguard_a, rm, monkeypatch
):
    touchpoints = {"read": False}

    def result():
        if touchpoints["read"]:
            return Touchpoint.objects.count()
        return Vanguard.objects.count()

    assert _kept(result) == 1  # learns: vanguards only
    touchpoints["read"] = True
    assert _kept(result) == 0  # reads touchpoints: not kept, the table learned
    assert "vanguards_touchpoint" in kept._TABLES_READ["names"]
    assert _kept(result) == 0  # kept now, under the touchpoints' generation too
    TouchpointFactory(vanguards=[vanguard_a], author=rm)
    assert _kept(result) == 1


def test_results_are_worked_out_when_the_cache_does_not_answer(vanguard_a):
    names = Counted()
    _kept(names)
    dead = {
        "default": {"BACKEND": "workwell.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    with override_settings(CACHES=dead):
        assert _kept(names) == [vanguard_a.name]
        assert names.times == 2
        Vanguard.objects.filter(pk=vanguard_a.pk).update(name="Renamed")
        assert _kept(names) == ["Renamed"]  # the process's own copy is kept by the same rule
    assert names.times == 3


def test_clear_page_cache_forgets_every_kept_result(vanguard_a):
    names = Counted()
    _kept(names)
    _kept(names)
    call_command("clear_page_cache", stdout=io.StringIO())
    _kept(names)
    assert names.times == 3


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "vanguards_touchpoint" ("date") VALUES (%s)', "vanguards_touchpoint"),
        ('UPDATE "vanguards_vanguard" SET "name" = %s', "vanguards_vanguard"),
        ('DELETE FROM "maturity_dimensionscore" WHERE id = 1', "maturity_dimensionscore"),
        ('TRUNCATE "vanguards_vanguard", "vanguards_touchpoint" CASCADE', page_cache.EVERY_TABLE),
        ("update vanguards_vanguard set name = 'x'", page_cache.EVERY_TABLE),
    ],
)
def test_the_table_a_statement_writes(sql, table):
    assert page_cache.writes(sql)
    assert page_cache.written_tables(sql) == [table]


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        ('WITH x AS (SELECT 1) UPDATE "vanguards_vanguard" SET name = 1', ["vanguards_vanguard"]),
        (
            'WITH t AS (INSERT INTO "vanguards_touchpoint" ("date") VALUES (%s) RETURNING *), '
            'v AS (INSERT INTO "vanguards_touchpoint_vanguards" ("touchpoint_id") '
            'SELECT t."id" FROM t) SELECT "id" FROM t',
            ["vanguards_touchpoint", "vanguards_touchpoint_vanguards"],
        ),
        ("WITH x AS (DELETE FROM vanguards_vanguard) SELECT 1", [page_cache.EVERY_TABLE]),
        (
            'WITH x AS (INSERT INTO "workwell_table_generation" ("name") VALUES (%s) '
            'ON CONFLICT ("name") DO UPDATE SET "generation" = 1) SELECT 1',
            ["workwell_table_generation"],
        ),
    ],
)
def test_the_tables_a_statement_led_by_common_table_expressions_writes(sql, tables):
    assert page_cache.writes(sql)
    assert page_cache.written_tables(sql) == tables


@pytest.mark.parametrize(
    "sql",
    [
        'WITH x AS (SELECT 1) SELECT "id" FROM "vanguards_vanguard"',
        'WITH x AS (SELECT 1) SELECT "id" FROM "vanguards_vanguard" FOR UPDATE',
        'WITH x AS (SELECT 1) SELECT "id" FROM "vanguards_vanguard" FOR NO KEY UPDATE SKIP LOCKED',
        'SELECT "updated_at" FROM "vanguards_vanguard"',
    ],
)
def test_a_statement_that_only_reads_writes_nothing(sql):
    assert not page_cache.writes(sql)


def test_signing_in_leaves_results_that_name_people_kept(rm, rm_lead):
    """A sign-in sets the person's last_login, which nothing kept shows; any other change to
    a person does move results that read people on."""

    def people():
        people.times += 1
        return sorted(UserFactory._meta.model.objects.values_list("full_name", flat=True))

    people.times = 0
    _kept(people, name="people")
    first = _kept(people, name="people")
    Client().force_login(rm_lead)  # update_last_login, as every sign-in
    assert rm_lead.__class__.objects.get(pk=rm_lead.pk).last_login is not None
    assert _kept(people, name="people") == first and people.times == 2
    rm.full_name = "Rita Renamed"
    rm.save(update_fields=["full_name", "last_login"])
    assert "Rita Renamed" in _kept(people, name="people")
    assert people.times == 3


def test_a_write_to_an_unknown_table_moves_every_result_on(vanguard_a):
    names = Counted()
    _kept(names)
    _kept(names)
    with connection.cursor() as cursor:  # raw SQL Django would not write: every table
        cursor.execute("update vanguards_touchpoint set summary = summary where false")
    _kept(names)
    assert names.times == 3


@override_settings(PAGE_CACHE=False)  # every request rendered, no page sent again
def test_the_heatmap_is_shared_by_everyone_who_sees_the_same_rows_until_an_assessment_changes(
    vanguard_a, vanguard_b
):
    framework = FrameworkVersionFactory(name="Matrix v1")
    for order, name in enumerate(["Leadership", "Data"], start=1):
        DimensionFactory(framework=framework, order=order, name=name)
    cycle = AssessmentCycleFactory(
        name="Baseline", framework=framework, opens_on=datetime.date(2025, 4, 1), is_baseline=True
    )
    make_assessment(vanguard_a, cycle, [2, 2])
    lead, other_lead = (UserFactory(role=Role.PROGRAMME_LEAD) for _ in range(2))
    clients = [Client(), Client()]
    for client, user in zip(clients, (lead, other_lead), strict=True):
        client.force_login(user)

    def heatmap(client):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/maturity/")
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    heatmap(clients[0])  # the process learns what the heatmap reads
    html, rendered = heatmap(clients[0])
    assert "2.00" in html
    html, shared = heatmap(clients[1])  # another person, the same rows
    assert shared < rendered
    assert "2.00" in html
    make_assessment(vanguard_b, cycle, [4, 4])
    html, queries = heatmap(clients[1])  # worked out again (its filters' form still kept)
    assert shared < queries <= rendered and "4.00" in html


@override_settings(PAGE_CACHE=False)
def test_the_heatmap_is_kept_apart_for_each_scope_of_vanguards_and_each_filter_given(
    vanguard_a, vanguard_b, regional_lead
):
    """Kept under what the rules are made from and the filters as the address gave them,
    not the rules' SQL: a regional lead, a filter and its junk value each get their own."""
    framework = FrameworkVersionFactory(name="Matrix v1")
    DimensionFactory(framework=framework, order=1, name="Leadership")
    cycle = AssessmentCycleFactory(
        name="Baseline", framework=framework, opens_on=datetime.date(2025, 4, 1), is_baseline=True
    )
    make_assessment(vanguard_a, cycle, [2])
    make_assessment(vanguard_b, cycle, [4])
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    clients = {}
    for user in (lead, regional_lead):
        clients[user] = Client()
        clients[user].force_login(user)

    def names(user, address="/maturity/"):
        response = clients[user].get(address)
        assert response.status_code == 200
        html = response.content.decode()
        return [name for name in ("Alpha Vanguard", "Bravo Vanguard") if name in html]

    everyone = ["Alpha Vanguard", "Bravo Vanguard"]
    assert names(lead) == everyone  # learns the tables read
    assert names(lead) == everyone  # kept
    assert names(regional_lead) == ["Alpha Vanguard"]  # the region's alone
    assert names(lead, "/maturity/?region=london") == ["Bravo Vanguard"]
    assert names(lead, "/maturity/?region=north-west") == ["Alpha Vanguard"]
    assert names(lead, "/maturity/?region=london&sort=name") == ["Bravo Vanguard"]
    assert names(regional_lead, "/maturity/?region=london") == []  # not theirs to see
    assert names(lead) == everyone


@override_settings(PAGE_CACHE=False)
def test_a_list_page_is_kept_for_everyone_with_the_same_scope_until_its_rows_change(
    vanguard_a, vanguard_b, rm, rm_lead
):
    """workwell.tables.kept_list_page: the touchpoint list drawn once for the NST's scope,
    apart for a member (their vanguard's alone) and a programme lead (no internal notes, no
    drafts), apart for each address, and drawn again once a touchpoint is written."""
    TouchpointFactory(vanguards=[vanguard_a], summary="Alpha call", internal_notes="Alpha note")
    TouchpointFactory(vanguards=[vanguard_b], summary="Bravo call")
    TouchpointFactory(vanguards=[vanguard_a], status=Touchpoint.Status.DRAFT, completed_at=None)
    member, lead = make_member(vanguard_a), UserFactory(role=Role.PROGRAMME_LEAD)
    other_rm = UserFactory(role=Role.RM)
    clients = {}
    for user in (rm, other_rm, rm_lead, member, lead):
        clients[user] = Client()
        clients[user].force_login(user)

    def shown(user, address="/touchpoints/"):
        with CaptureQueriesContext(connection) as queries:
            response = clients[user].get(address)
        assert response.status_code == 200
        html = response.content.decode()
        rows = html.split("<tbody", 1)[-1].split("</tbody>", 1)[0]  # not the filters' options
        names = [name for name in ("Alpha Vanguard", "Bravo Vanguard") if name in rows]
        count = re.search(r'<p class="govuk-body">([\d,]+) touchpoints?\.', html)[1]
        return names, count, len(queries)

    shown(rm)  # the process learns what the list reads
    everything = (["Alpha Vanguard", "Bravo Vanguard"], "3")
    names, count, drawn = shown(rm)
    assert (names, count) == everything
    names, count, shared = shown(other_rm)  # another with the same scope: kept
    assert (names, count) == everything and shared < drawn
    assert shown(rm_lead)[:2] == everything
    assert shown(member)[:2] == (["Alpha Vanguard"], "1")
    assert shown(lead)[:2] == (["Alpha Vanguard", "Bravo Vanguard"], "2")  # no draft
    assert shown(rm, "/touchpoints/?vanguard=bravo")[:2] == (["Bravo Vanguard"], "1")
    TouchpointFactory(vanguards=[vanguard_b], summary="Another")
    assert shown(rm_lead)[:2] == (["Alpha Vanguard", "Bravo Vanguard"], "4")
    assert shown(member)[:2] == (["Alpha Vanguard"], "1")


@override_settings(PAGE_CACHE=False)
def test_a_list_pages_filters_are_kept_with_it_until_their_options_change(vanguard_a, rm):
    """The filter form is drawn and kept with the list's page; its options are read from the
    database when it is drawn to be kept, so a renamed vanguard is offered by its new name at
    once, and a value the filters refuse is still told apart from one they take."""
    client = Client()
    client.force_login(rm)

    def page(address="/touchpoints/"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    page()  # learnt
    html, drawn = page()
    assert '<option value="alpha">Alpha Vanguard</option>' in html
    html, kept_queries = page()
    assert kept_queries < drawn and '<option value="alpha">Alpha Vanguard</option>' in html
    vanguard_a.name = "Alpha Renamed"
    vanguard_a.save()
    html, _queries = page()
    assert '<option value="alpha">Alpha Renamed</option>' in html
    assert "Alpha Vanguard" not in html
    for _ in range(2):  # a refused value, drawn and then kept with its error
        html, _queries = page("/touchpoints/?vanguard=nowhere")
        assert "There is a problem" in html and 'href="#id_vanguard"' in html
        assert "<title>Error: Touchpoints" in html
    html = page()[0]
    assert "There is a problem" not in html and "<title>Touchpoints" in html


@override_settings(PAGE_CACHE=False)
def test_the_events_list_is_kept_for_each_person_whose_places_it_shows(vanguard_a):
    """The events are the same for everyone with the same scope, but the "Your place" column
    is the viewer's own: two members of one vanguard each see theirs, kept."""
    event = EventFactory(title="Employers webinar")
    registered, other = make_member(vanguard_a), make_member(vanguard_a)
    RegistrationFactory(event=event, person=registered)
    clients = {}
    for user in (registered, other):
        clients[user] = Client()
        clients[user].force_login(user)

    def place(user) -> bool:
        response = clients[user].get("/learning/events/")
        assert response.status_code == 200 and "Employers webinar" in response.content.decode()
        return "You are registered" in response.content.decode()

    for _ in range(2):  # learnt, then kept
        assert (place(registered), place(other)) == (True, False)
    RegistrationFactory(event=event, person=other)
    assert (place(registered), place(other)) == (True, True)


def test_the_pulse_figures_are_kept_until_an_answer_comes_in(vanguard_a, admin_user):
    survey = open_survey()
    people = [make_member(vanguard_a) for _ in range(2)]
    answer(survey, people[0], satisfaction=5)
    quarter = Quarter(survey.year, survey.number)

    def responses():
        return quarter_results(user=admin_user, quarter=quarter).national.pulse.count

    assert responses() == 1  # learns what the figures read
    assert responses() == 1  # keeps them
    with CaptureQueriesContext(connection) as kept_once:
        assert responses() == 1
    answer(survey, people[1], satisfaction=4)
    with CaptureQueriesContext(connection) as worked_out:
        assert responses() == 2
    assert len(kept_once) < len(worked_out)


@override_settings(PAGE_CACHE=False)
def test_the_homes_vanguards_are_kept_until_a_vanguard_changes(vanguard_a, admin_user):
    client = Client()
    client.force_login(admin_user)
    client.get("/")  # learns what the home reads
    assert vanguard_a.name in client.get("/").content.decode()
    Vanguard.objects.filter(pk=vanguard_a.pk).update(name="Renamed Vanguard")
    assert "Renamed Vanguard" in client.get("/").content.decode()


def test_a_result_kept_inside_another_passes_its_tables_on(vanguard_a, rm):
    def inner():
        return Touchpoint.objects.count()

    def outer():
        return (kept.kept("inner", "all", inner), Vanguard.objects.count())

    for _ in range(3):  # both learned and kept; the inner one is kept before the outer
        kept.kept("inner", "all", inner)
    kept.forget()
    kept._TABLES_READ.pop("outer", None)
    assert kept.kept("outer", "all", outer) == (0, 1)  # the inner one sent no query
    assert "vanguards_touchpoint" in kept._TABLES_READ["outer"]
    assert kept.kept("outer", "all", outer) == (0, 1)
    TouchpointFactory(vanguards=[vanguard_a], author=rm)
    assert kept.kept("outer", "all", outer) == (1, 1)


def test_a_key_given_as_a_function_is_worked_out_only_to_keep_a_result(vanguard_a):
    names, asked = Counted(), []

    def key():
        asked.append(True)
        return "all"

    _kept(names, depends_on=key)  # learns what it reads: nothing is kept, no key needed
    assert asked == []
    first = _kept(names, depends_on=key)
    assert asked == [True]
    assert _kept(names, depends_on="all") == first  # kept under the key the function gave
    assert names.times == 2
    with override_settings(KEPT_RESULTS=False):
        _kept(names, depends_on=key)
    assert asked == [True] and names.times == 3


@override_settings(KEPT_RESULTS=False)
def test_nothing_is_kept_with_kept_results_off(vanguard_a):
    names = Counted()
    for _ in range(3):
        _kept(names)
    assert names.times == 3


def test_the_profiles_reads_are_kept_until_its_partners_or_people_change(vanguard_a, rm):
    vanguard_profile(vanguard=vanguard_a)  # learns the tables it reads
    first = vanguard_profile(vanguard=vanguard_a)
    with CaptureQueriesContext(connection) as queries:
        assert vanguard_profile(vanguard=vanguard_a) == first
    assert len(queries) == 1  # the tables' generation, nothing else

    TouchpointFactory(vanguards=[vanguard_a], author=rm)  # a table it does not read
    with CaptureQueriesContext(connection) as queries:
        vanguard_profile(vanguard=vanguard_a)
    assert len(queries) == 1

    partner = OrganisationFactory(name="Northern Council")
    Partnership.objects.create(vanguard=vanguard_a, organisation=partner)
    partnerships = vanguard_profile(vanguard=vanguard_a)["partnerships"]
    assert [p.organisation.name for p in partnerships if p.organisation_id == partner.pk] == [
        "Northern Council"
    ]
    make_member(vanguard_a, full_name="Nadia New")
    people = vanguard_profile(vanguard=vanguard_a)["people"]
    assert "Nadia New" in [person.user.full_name for person in people]


def test_each_vanguard_has_its_own(vanguard_a, vanguard_b):
    make_member(vanguard_a, full_name="Only In Alpha")
    for _ in range(2):
        alpha, beta = vanguard_profile(vanguard=vanguard_a), vanguard_profile(vanguard=vanguard_b)
    assert "Only In Alpha" in [person.user.full_name for person in alpha["people"]]
    assert "Only In Alpha" not in [person.user.full_name for person in beta["people"]]


@override_settings(PAGE_CACHE=False)
def test_the_page_shows_a_new_person_and_a_viewer_who_may_not_see_it_still_gets_404(
    vanguard_a, vanguard_b, rm
):
    member_b = make_member(vanguard_b)
    client = Client()
    client.force_login(rm)
    for _ in range(2):  # learned, then kept
        assert client.get(f"/vanguards/{vanguard_a.slug}/").status_code == 200
    make_member(vanguard_a, full_name="Priya Person")
    assert "Priya Person" in client.get(f"/vanguards/{vanguard_a.slug}/").content.decode()
    client.force_login(member_b)
    assert client.get(f"/vanguards/{vanguard_a.slug}/").status_code == 404


def test_the_rm_leads_cadence_is_kept_once_for_every_way_of_asking_for_page_one(
    vanguard_a, rm_lead, monkeypatch
):
    """Junk in the address (`?page=abc`) is page 1, so it keys page 1's kept cadence: a
    crawler's junk makes no cache entries of its own."""
    from reporting.selectors import home

    worked_out = []
    real = home._national_cadence_of
    monkeypatch.setattr(
        home, "_national_cadence_of", lambda *a, **kw: worked_out.append(1) or real(*a, **kw)
    )
    client = Client()
    client.force_login(rm_lead)
    client.get("/")  # the first time learns which tables the result reads
    worked_out.clear()
    for query in ("", "?page=abc", "?page=1&workloads_page=", "?page=1.5&workloads_page=x"):
        assert client.get(f"/{query}").status_code == 200
    assert len(worked_out) == 1
    client.get("/?page=2")  # past the last page: the last page, kept apart from page 1's key
    assert len(worked_out) == 2


def test_markup_drawn_from_a_kept_result_is_drawn_once_for_that_very_result_and_key():
    drawn = kept.Drawn(2)
    calls = []

    def draw(label):
        calls.append(label)
        return f"<p>{label}</p>"

    result, equal = {"figures": 1}, {"figures": 1}
    assert drawn(result, ("a",), lambda: draw("a")) == "<p>a</p>"
    assert drawn(result, ("a",), lambda: draw("again")) == "<p>a</p>"  # kept
    assert drawn(result, ("b",), lambda: draw("b")) == "<p>b</p>"  # another key
    assert drawn(equal, ("a",), lambda: draw("new")) == "<p>new</p>"  # a new result, though equal
    assert calls == ["a", "b", "new"]
    # Only the last two are kept: the first is drawn again.
    assert drawn(result, ("a",), lambda: draw("a2")) == "<p>a2</p>"
    assert calls == ["a", "b", "new", "a2"]


@override_settings(PAGE_CACHE=False)
def test_a_request_reads_every_tables_generation_in_one_query(vanguard_a, rm):
    """A page keeping several results (the profile keeps six) asks for the tables'
    generations once, not once for each result."""
    client = Client()
    client.force_login(rm)
    for _ in range(2):  # the first request learns what each result reads
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/vanguards/{vanguard_a.slug}/").status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if "workwell_table_generation" in q["sql"]]
    assert len(reads) == 1


def test_a_request_that_writes_reads_the_generations_again(vanguard_a):
    """The generations read for a request are dropped when it writes, so a result it keeps
    afterwards is not one kept before its own write; outside a request each result reads them."""
    counted = Counted()
    _kept(counted)  # learnt
    kept.request_started()
    try:
        assert _kept(counted) == ["Alpha Vanguard"]
        Vanguard.objects.filter(pk=vanguard_a.pk).update(name="Alpha Renamed")
        assert _kept(counted) == ["Alpha Renamed"]
    finally:
        kept.request_finished()
    Vanguard.objects.filter(pk=vanguard_a.pk).update(name="Alpha Again")
    assert _kept(counted) == ["Alpha Again"]


@override_settings(PAGE_CACHE=False)
def test_a_pages_filter_form_is_kept_until_its_options_change(vanguard_a, rm):
    """filters.kept_form: the maturity results' filters drawn once for each scope and address,
    drawn again when a region they offer is renamed; a refused value keeps its error."""
    client = Client()
    client.force_login(rm)

    def page(address="/maturity/"):
        response = client.get(address)
        assert response.status_code == 200
        return response.content.decode()

    region = vanguard_a.region
    option = f'<option value="{region.slug}">{region.name}</option>'
    for _ in range(3):  # learnt, drawn, kept
        assert option in page()
    region.name = "Renamed Region"
    region.save()
    assert f'<option value="{region.slug}">Renamed Region</option>' in page()
    for _ in range(2):
        html = page("/maturity/?region=nowhere")
        assert "There is a problem" in html and "<title>Error: Maturity results" in html


def test_the_programme_settings_are_kept_until_they_are_saved():
    """vanguards.selectors.cadence.programme_settings: read once, then kept, until saved."""
    ProgrammeSettings.objects.create(pk=1, contact_cadence_days=14)
    assert programme_settings().contact_cadence_days == 14  # learnt
    assert programme_settings().contact_cadence_days == 14
    with CaptureQueriesContext(connection) as queries:
        assert programme_settings().contact_cadence_days == 14
    assert len(queries) == 1  # the tables' generation, not the settings
    ProgrammeSettings.objects.filter(pk=1).update(contact_cadence_days=7)
    assert programme_settings().contact_cadence_days == 7


def test_dashboard_peers_are_kept_for_each_scope_until_a_vanguard_changes(
    vanguard_a, vanguard_b, regional_lead
):
    """permissions.dashboard_peer_slugs: a member's peers are every vanguard (lettered), a
    regional lead's those of their region (named), each kept apart, and a new vanguard joins
    them at once."""
    member = make_member(vanguard_a)
    for _ in range(2):  # learnt, then kept
        assert dashboard_peer_slugs(member, vanguard_a) == {"alpha", "bravo"}
        assert dashboard_peer_slugs(regional_lead, vanguard_a) == {"alpha"}
    VanguardFactory(name="Charlie Vanguard", slug="charlie", region=region("north-west"))
    assert dashboard_peer_slugs(member, vanguard_a) == {"alpha", "bravo", "charlie"}
    assert dashboard_peer_slugs(regional_lead, vanguard_a) == {"alpha", "charlie"}


def test_whether_someone_may_raise_support_is_kept_until_their_groups_change(vanguard_a):
    """permissions.may_raise_support_requests: kept for the user, their role and vanguard
    scope; an RM given a cohort group may raise requests at once."""
    newcomer = UserFactory(role=Role.RM)
    member = make_member(vanguard_a)
    for _ in range(2):  # learnt, then kept
        assert may_raise_support_requests(newcomer) is False
        assert may_raise_support_requests(member) is True
    group = CohortGroupFactory(name="Newcomer group", relationship_manager=newcomer)
    join_group(VanguardFactory(name="Charlie Vanguard", slug="charlie"), group)
    assert may_raise_support_requests(newcomer) is True

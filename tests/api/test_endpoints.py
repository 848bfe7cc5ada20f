"""Each endpoint returns what the same user sees in the portal (DESIGN.md §3): their own
vanguard's records, never another's (absent from lists, 404 by address), the NST's internal
notes only to the NST, and nothing to anyone without a live token."""

import datetime

import pytest
from django.utils import timezone

from api.models import ApiToken
from api.schema import openapi_schema
from api.serializers.feedback import CONCERN_TEXT
from api.services import token_create, token_revoke
from tests.api.conftest import bearer
from tests.factories import ActionFactory, SupportRequestFactory, TouchpointFactory
from tests.reporting.conftest import make_strand
from tests.roles import OK, each_role_gets, in_the_programme
from tests.vanguards.test_permission_matrix import SEES as MATRIX_SEES
from vanguards.models import Touchpoint

pytestmark = pytest.mark.django_db

# Which vanguards' records each role sees (A: the RM's group and the regional lead's region);
# network partners see none.
SEES = {**MATRIX_SEES, "network_partner": ""}
NST = {"admin_user", "rm", "rm_lead", "learning_user"}


@pytest.fixture
def records(cast, vanguard_a, vanguard_b, rm, rm_lead):
    """One record of each kind per vanguard (and a draft touchpoint each), by key A or B."""
    made = {}
    for key, vanguard, author in (("A", vanguard_a, rm), ("B", vanguard_b, rm_lead)):
        touchpoint = TouchpointFactory(author=author, vanguards=[vanguard])
        draft = TouchpointFactory(
            author=author, vanguards=[vanguard], status=Touchpoint.Status.DRAFT, completed_at=None
        )
        made[key] = {
            "vanguards": vanguard.slug,
            "touchpoints": touchpoint.pk,
            "draft": draft.pk,
            "actions": ActionFactory(vanguard=vanguard, owner=author, touchpoint=draft).pk,
            "support-requests": SupportRequestFactory(vanguard=vanguard).pk,
            "strands": make_strand(vanguard, "Main service").pk,
        }
    return made


KINDS = ["vanguards", "touchpoints", "actions", "support-requests", "strands"]


def _keys(rows) -> set:
    return {row.get("id", row.get("slug")) for row in rows}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", list(SEES))
def test_each_list_shows_what_the_role_sees(client, cast, records, secret_for, kind, role):
    response = client.get(f"/api/v1/{kind}/", **bearer(secret_for(cast[role])))
    assert response.status_code == 200
    listed = _keys(response.json()["results"])
    expected = {records[key][kind] for key in SEES[role]}
    if kind == "touchpoints" and role in NST:
        expected |= {records[key]["draft"] for key in SEES[role]}  # the NST see drafts
    assert listed == expected


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", list(SEES))
def test_each_record_answers_404_where_the_list_leaves_it_out(
    client, cast, records, secret_for, kind, role
):
    secret = secret_for(cast[role])
    for key in "AB":
        response = client.get(f"/api/v1/{kind}/{records[key][kind]}/", **bearer(secret))
        assert response.status_code == (200 if key in SEES[role] else 404)
        if response.status_code == 404:
            assert str(records[key][kind]) not in response.content.decode()


@pytest.mark.parametrize("role", list(SEES))
def test_internal_notes_are_for_the_nst_only(client, cast, records, secret_for, role):
    secret = secret_for(cast[role])
    for page in (
        client.get("/api/v1/touchpoints/", **bearer(secret)).json()["results"],
        [
            client.get(
                f"/api/v1/touchpoints/{records['A']['touchpoints']}/", **bearer(secret)
            ).json()
        ],
    ):
        for row in page:
            if "id" not in row:
                continue  # a 404
            assert ("internal_notes" in row) is (role in NST)
    header = client.get("/api/v1/touchpoints/?format=csv", **bearer(secret)).content.decode()
    assert ("internal_notes" in header.splitlines()[0]) is (role in NST)


@each_role_gets(in_the_programme(OK))
def test_a_cohort_session_names_only_the_vanguards_the_user_sees(
    client, cast, rm, vanguard_a, vanguard_b, secret_for, role, expected
):
    session = TouchpointFactory(author=rm, vanguards=[vanguard_a, vanguard_b])
    response = client.get(f"/api/v1/touchpoints/{session.pk}/", **bearer(secret_for(cast[role])))
    assert response.status_code == expected
    if expected == OK:
        assert response.json()["vanguards"] == sorted(
            slug for slug, key in (("alpha", "A"), ("bravo", "B")) if key in SEES[role]
        )


@pytest.mark.parametrize("role", ["admin_user", "member_a"])
def test_an_action_names_its_touchpoint_only_when_the_user_sees_it(
    client, cast, records, secret_for, role
):
    row = client.get(
        f"/api/v1/actions/{records['A']['actions']}/", **bearer(secret_for(cast[role]))
    ).json()
    # Its touchpoint is a draft: the NST see it, a member does not.
    assert row["touchpoint"] == (records["A"]["draft"] if role in NST else None)


# The lists tested in their own modules (tests/api/test_<kind>.py) are refused here too.
OTHER_KINDS = [
    "returns",
    "funding",
    "pulse-results",
    "concerns",
    "events",
    "registrations",
    "snapshots",
]
URLS = [f"/api/v1/{kind}/" for kind in [*KINDS, *OTHER_KINDS]] + ["/api/v1/", "/api/v1/schema/"]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_revoked_and_expired_are_refused_everywhere(client, member_a, url):
    assert client.get(url).status_code == 401
    revoked, secret = token_create(owner=member_a, name="Revoked", expires_in_days=7)
    token_revoke(token=revoked, by=member_a)
    assert client.get(url, **bearer(secret)).status_code == 401
    expired, secret = token_create(owner=member_a, name="Expired", expires_in_days=7)
    ApiToken.objects.filter(pk=expired.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert client.get(url, **bearer(secret)).status_code == 401


def test_the_root_links_every_list(client, member_a, secret_for):
    links = client.get("/api/v1/", **bearer(secret_for(member_a))).json()
    assert set(links) == {"schema", "documentation", "assessments", *OTHER_KINDS, *KINDS}
    assert links["touchpoints"] == "http://testserver/api/v1/touchpoints/"


def _record_schema(kind: str) -> dict:
    """The schema component a record of `kind` is documented as (its GET by id)."""
    schema = openapi_schema()
    [path] = [p for p in schema["paths"] if p.startswith(f"/api/v1/{kind}/{{")]
    content = schema["paths"][path]["get"]["responses"]["200"]["content"]
    name = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    return schema["components"]["schemas"][name]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ["admin_user", "rm", "member_a"])
def test_each_record_has_the_fields_its_schema_documents(
    client, cast, records, secret_for, kind, role
):
    component = _record_schema(kind)
    row = client.get(
        f"/api/v1/{kind}/{records['A'][kind]}/", **bearer(secret_for(cast[role]))
    ).json()
    assert set(component.get("required", [])) <= set(row) <= set(component["properties"])
    if role in NST:  # every field, the NST's own included
        assert set(row) == set(component["properties"])


def test_the_fields_for_the_nst_only_are_documented_as_optional():
    for kind, names in (("touchpoints", ["internal_notes"]), ("concerns", CONCERN_TEXT)):
        component = _record_schema(kind)
        for name in names:
            assert "NST only" in component["properties"][name]["description"], name
            assert name not in component.get("required", []), name


@pytest.mark.parametrize(
    ("role", "found_in"),
    [
        ("member_a", {"north-west"}),
        ("member_b", {"london"}),
        ("admin_user", {"north-west", "london"}),
    ],
)
def test_the_region_filter_never_tells_another_vanguards_region(
    client, cast, rm, vanguard_a, vanguard_b, secret_for, role, found_in
):
    # A cohort session with Alpha (north-west) and Bravo (London).
    session = TouchpointFactory(author=rm, vanguards=[vanguard_a, vanguard_b])
    secret = secret_for(cast[role])
    for region_slug in ("north-west", "london"):
        response = client.get("/api/v1/touchpoints/", {"region": region_slug}, **bearer(secret))
        assert response.status_code == 200
        listed = {row["id"] for row in response.json()["results"]}
        assert listed == ({session.pk} if region_slug in found_in else set()), region_slug

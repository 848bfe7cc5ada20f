"""/api/v1/assessments/: each self-assessment a role may see in the portal (drafts for admins,
the vanguard's members and its RM), with its levels; moderated levels only where the
assessment page shows moderation (the NST while in progress, everyone once agreed)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maturity.models import SelfAssessment
from tests.api.conftest import bearer
from tests.factories import AssessmentCycleFactory, make_assessment, make_framework

pytestmark = pytest.mark.django_db

URL = "/api/v1/assessments/"
NST = {"admin_user", "rm", "rm_lead", "learning_user"}


@pytest.fixture
def assessments(cast, vanguard_a, vanguard_b):
    """A draft, a submitted and an agreed assessment (a cycle each) for both vanguards; the
    submitted and agreed ones moderated up a level on the first dimension."""
    framework = make_framework(3)
    made = {}
    for status in SelfAssessment.Status.values:
        cycle = AssessmentCycleFactory(framework=framework, name=f"{status} cycle")
        for key, vanguard in (("A", vanguard_a), ("B", vanguard_b)):
            moderated = None if status == "draft" else [3, None, None]
            made[key, status] = make_assessment(
                vanguard, cycle, levels=[2, 2, 4], moderated=moderated, status=status
            ).pk
    return made


# Which of A's and B's assessments each role sees, by status (DESIGN.md §3).
NOT_DRAFT = {"submitted", "agreed"}
SEES = {
    "admin_user": {"A": {"draft", *NOT_DRAFT}, "B": {"draft", *NOT_DRAFT}},
    "programme_lead": {"A": NOT_DRAFT, "B": NOT_DRAFT},
    "regional_lead": {"A": NOT_DRAFT},
    "rm": {"A": {"draft", *NOT_DRAFT}, "B": NOT_DRAFT},  # A is in the RM's group
    "rm_lead": {"A": NOT_DRAFT, "B": {"draft", *NOT_DRAFT}},  # B is in the RM lead's
    "learning_user": {"A": NOT_DRAFT, "B": NOT_DRAFT},
    "member_a": {"A": {"draft", *NOT_DRAFT}},
    "member_b": {"B": {"draft", *NOT_DRAFT}},
    "network_partner": {},
}


def _listed(client, secret, **params):
    return client.get(URL, params, **bearer(secret)).json()["results"]


@pytest.mark.parametrize("role", list(SEES))
def test_each_role_lists_the_assessments_it_sees(client, cast, assessments, secret_for, role):
    rows = _listed(client, secret_for(cast[role]))
    expected = {
        assessments[key, status] for key, statuses in SEES[role].items() for status in statuses
    }
    assert {row["id"] for row in rows} == expected
    for pk in assessments.values():
        response = client.get(f"{URL}{pk}/", **bearer(secret_for(cast[role])))
        assert response.status_code == (200 if pk in expected else 404)


@pytest.mark.parametrize("role", list(SEES))
def test_moderated_levels_follow_the_assessment_pages_rule(
    client, cast, assessments, secret_for, role
):
    for row in _listed(client, secret_for(cast[role])):
        first = row["levels"][0]
        assert [level["self_level"] for level in row["levels"]] == [2, 2, 4]
        shown = row["status"] == "agreed" or role in NST
        if row["status"] == "draft":
            assert first["moderated_level"] is None
        else:
            assert first["moderated_level"] == (3 if shown else None)
        # The band counts moderated levels once agreed, the vanguard's own before.
        assert row["level_basis"] == ("moderated" if row["status"] == "agreed" else "self")
        assert first["counted_level"] == (3 if row["status"] == "agreed" else 2)
        assert row["mean_level"] == ("3.00" if row["status"] == "agreed" else "2.67")


@pytest.mark.parametrize("role", ["admin_user", "rm", "member_a"])
def test_filters_and_csv(client, cast, assessments, secret_for, role):
    secret = secret_for(cast[role])
    rows = _listed(client, secret, vanguard="alpha", quarter="2025-26-q1")
    assert rows and {row["vanguard"] for row in rows} == {"alpha"}
    assert _listed(client, secret, quarter="2026-27-q1") == []
    response = client.get(URL, {"format": "csv"}, **bearer(secret))
    assert response.status_code == 200
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert table[0]["levels"].startswith("dimension=Dimension 1, order=1, self_level=2")


@pytest.mark.parametrize("role", ["admin_user", "rm", "member_a"])
def test_queries_do_not_grow_with_the_page(client, cast, assessments, secret_for, role):
    secret = secret_for(cast[role])
    client.get(URL, **bearer(secret))
    counts = []
    for size in (1, 50):
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, {"page_size": size}, **bearer(secret))
        counts.append(len(queries))
    # token and owner; a member's vanguard; the page; its scores with their dimensions; for an
    # RM, whether they see a draft's moderation is asked once per vanguard with drafts (1).
    assert counts[0] == counts[1] <= 5

"""Small leaks (issue 7, item 5): the actions export names only touchpoints the user may see,
and a touchpoint's action count counts only actions the user may see."""

import csv
import io

import pytest
from django.utils import timezone

from tests.factories import ActionFactory, TouchpointFactory
from tests.roles import NOT_FOUND, OK, each_role_gets
from vanguards.models import Touchpoint

pytestmark = pytest.mark.django_db

NAMED, HIDDEN, NO_ROWS = "named", "", "no rows"


def rows_of(response) -> list[dict]:
    assert response.status_code == OK
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def hidden_touchpoints(rm, vanguard_a):
    """An action from a draft touchpoint and one from an archived touchpoint, both vanguard A's."""
    draft = TouchpointFactory(
        author=rm, vanguards=[vanguard_a], status=Touchpoint.Status.DRAFT, completed_at=None
    )
    archived = TouchpointFactory(author=rm, vanguards=[vanguard_a], archived_at=timezone.now())
    ActionFactory(vanguard=vanguard_a, touchpoint=draft, owner=rm, description="From the draft")
    ActionFactory(vanguard=vanguard_a, touchpoint=archived, owner=rm, description="From archive")


# NST roles see drafts and archived touchpoints, so their export names them; nobody else's.
@each_role_gets(
    {
        "admin_user": NAMED,
        "rm": NAMED,
        "rm_lead": NAMED,
        "learning_user": NAMED,
        "programme_lead": HIDDEN,
        "regional_lead": HIDDEN,
        "member_a": HIDDEN,
        "member_b": NO_ROWS,  # sees none of vanguard A's actions at all
    }
)
def test_actions_export_names_only_touchpoints_the_user_may_see(
    client, cast, hidden_touchpoints, role, expected
):
    client.force_login(cast[role])
    response = client.get("/actions/?mine=no&_export=csv")
    if expected == NOT_FOUND:  # network partners: no actions page at all
        assert response.status_code == NOT_FOUND
        return
    rows = rows_of(response)
    if expected == NO_ROWS:
        assert rows == []
        return
    assert {row["Action"] for row in rows} == {"From the draft", "From archive"}
    named = {row["From touchpoint"] for row in rows}
    assert named == ({HIDDEN} if expected == HIDDEN else {str(t) for t in Touchpoint.objects.all()})


@pytest.fixture
def cohort_session(rm_lead, vanguard_a, vanguard_b):
    """One session with both vanguards: one action for A, two for B."""
    session = TouchpointFactory(author=rm_lead, vanguards=[vanguard_a, vanguard_b])
    ActionFactory(vanguard=vanguard_a, touchpoint=session)
    ActionFactory(vanguard=vanguard_b, touchpoint=session)
    ActionFactory(vanguard=vanguard_b, touchpoint=session)
    return session


@each_role_gets(
    {
        "admin_user": "3",
        "programme_lead": "3",
        "regional_lead": "1",
        "rm": "3",
        "rm_lead": "3",
        "learning_user": "3",
        "member_a": "1",
        "member_b": "2",
    }
)
def test_action_count_counts_only_actions_the_user_may_see(
    client, cast, cohort_session, role, expected
):
    client.force_login(cast[role])
    response = client.get("/touchpoints/?_export=csv")
    if expected == NOT_FOUND:  # network partners: no touchpoints page at all
        assert response.status_code == NOT_FOUND
        return
    (row,) = rows_of(response)
    assert row["Follow-up actions"] == expected

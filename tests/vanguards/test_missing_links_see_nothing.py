"""Scopes fail closed (issue 7, item 4): a vanguard member with no vanguard, or a regional lead
with no region, sees nothing of any record kind — not every record whose vanguard is missing
(a filter on `None` reads as IS NULL in SQL)."""

import pytest

from maturity.models import SelfAssessment
from tests.factories import (
    ActionFactory,
    AssessmentCycleFactory,
    SupportRequestFactory,
    TouchpointFactory,
    UserFactory,
    make_assessment,
)
from vanguards import permissions
from workwell.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[Role.MEMBER, Role.REGIONAL_LEAD])
def unlinked(request):
    """A member with no vanguard membership, or a regional lead with no region."""
    return UserFactory(role=request.param, full_name="Una Linked")


@pytest.fixture
def orphan_touchpoint(rm):
    """A completed touchpoint whose vanguards have all been taken off."""
    return TouchpointFactory(author=rm, summary="Orphaned check-in summary")


def test_no_touchpoint_without_a_vanguard_shows(client, unlinked, orphan_touchpoint):
    client.force_login(unlinked)
    export = client.get("/touchpoints/?_export=csv").content.decode()
    assert "Orphaned check-in summary" not in export
    assert client.get(f"/touchpoints/{orphan_touchpoint.pk}/").status_code == 404


def test_every_record_kind_is_empty(cast, unlinked, vanguard_a, orphan_touchpoint):
    TouchpointFactory(vanguards=[vanguard_a])
    ActionFactory(vanguard=vanguard_a)
    SupportRequestFactory(vanguard=vanguard_a)
    make_assessment(vanguard_a, AssessmentCycleFactory(), levels=[])
    assert not permissions.vanguards_visible_to(unlinked).exists()
    assert not permissions.touchpoints_visible_to(unlinked).exists()
    assert not permissions.actions_visible_to(unlinked).exists()
    assert not permissions.support_requests_visible_to(unlinked).exists()
    assert not permissions.assessments_visible_to(unlinked, SelfAssessment.objects.all()).exists()
    assert not permissions.support_request_vanguards(unlinked).exists()
    assert not permissions.can_view_touchpoint(unlinked, orphan_touchpoint)


@pytest.mark.parametrize("url", ["/vanguards/?_export=csv", "/actions/?_export=csv"])
def test_lists_name_no_vanguard(client, unlinked, vanguard_a, vanguard_b, url):
    ActionFactory(vanguard=vanguard_a, description="Alpha's action")
    client.force_login(unlinked)
    body = client.get(url).content.decode()
    assert "Alpha" not in body
    assert "Bravo" not in body

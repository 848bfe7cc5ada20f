"""The homes read their vanguards once and hand them to the blocks that ask about the same
vanguards, where vanguards/permissions.py says the sets are the same. These tests hold the
permissions to that: for every role, where a predicate says yes, the two rules give the same
vanguards (a closed vanguard, one in no group and one in another RM's group included)."""

import pytest

from tests.conftest import CAST
from tests.factories import (
    CohortGroupFactory,
    UserFactory,
    VanguardFactory,
    join_group,
    make_member,
)
from vanguards import permissions
from vanguards.models import Vanguard
from workwell.models import Role


@pytest.fixture
def more_vanguards(cast, rm):
    closed = VanguardFactory(status=Vanguard.Status.CLOSED)
    join_group(closed, CohortGroupFactory(relationship_manager=rm))
    VanguardFactory()  # in no cohort group
    other_rm = UserFactory(role=Role.RM)
    join_group(VanguardFactory(), CohortGroupFactory(relationship_manager=other_rm))


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def _home_vanguards(user) -> set[int]:
    """What the home reads first: the cadence rows' vanguards, or the vanguards they may see."""
    if permissions.tracks_contact_cadence(user):
        return _ids(permissions.cadence_vanguards(user))
    return _ids(permissions.vanguards_visible_to(user))


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
def test_returns_chased_are_the_home_vanguards_when_the_permissions_say_so(
    cast, more_vanguards, role
):
    user = cast[role]
    if permissions.returns_chased_are_home_vanguards(user):
        assert _ids(permissions.returns_chased_vanguards(user)) == _home_vanguards(user)


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
def test_plan_attention_vanguards_are_the_cadence_vanguards_when_the_permissions_say_so(
    cast, more_vanguards, role
):
    user = cast[role]
    if permissions.plan_attention_are_cadence_vanguards(user):
        assert _ids(permissions.plan_attention_vanguards(user)) == _ids(
            permissions.cadence_vanguards(user)
        )


@pytest.mark.django_db
def test_the_homes_that_chase_returns_or_plans_share_their_vanguards(cast, more_vanguards):
    """The predicates are in use: the RM, the RM lead and admins answer yes (else the tests
    above would check nothing), and those who chase nothing answer no."""
    for role in ("rm", "rm_lead", "admin_user"):
        assert permissions.returns_chased_are_home_vanguards(cast[role]), role
    for role in ("rm", "rm_lead"):
        assert permissions.plan_attention_are_cadence_vanguards(cast[role]), role
    for role in ("programme_lead", "regional_lead", "learning_user", "member_a"):
        assert not permissions.returns_chased_are_home_vanguards(cast[role]), role
    assert not permissions.plan_attention_are_cadence_vanguards(cast["member_a"])


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
def test_member_vanguard_is_the_one_vanguard_they_may_see(cast, more_vanguards, role):
    user = cast[role]
    vanguard = permissions.member_vanguard(user)
    if permissions.member_vanguard_id(user) is None:
        assert vanguard is None
    else:
        assert [vanguard] == list(permissions.vanguards_visible_to(user))


@pytest.mark.django_db
def test_an_unlinked_member_has_no_vanguard(cast):
    member = UserFactory(role=Role.MEMBER)
    assert permissions.member_vanguard(member) is None
    assert not permissions.vanguards_visible_to(member).exists()
    linked = make_member(cast["member_a"].vanguard_membership.vanguard)
    assert permissions.member_vanguard(linked) == cast["member_a"].vanguard_membership.vanguard

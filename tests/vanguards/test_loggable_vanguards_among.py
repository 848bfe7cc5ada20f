"""permissions.loggable_vanguards_among: the vanguards sent with a touchpoint, checked in a
statement compiled once per role and number of ids. It must give exactly what the rule
(`loggable_vanguards`) gives, for every role, and the form must refuse what it refuses."""

import pytest

from tests.conftest import CAST
from tests.factories import (
    CohortGroupFactory,
    UserFactory,
    VanguardFactory,
    join_group,
    touchpoint_form_data,
)
from vanguards import permissions
from vanguards.models import Touchpoint

URL = "/touchpoints/new/"


@pytest.fixture
def vanguards(cast, vanguard_a, vanguard_b):
    """Alpha (the RM's), Bravo (the RM lead's group) and a vanguard in no group."""
    return [vanguard_a, vanguard_b, VanguardFactory(name="Charlie Vanguard", slug="charlie")]


@pytest.mark.parametrize("role", CAST)
def test_it_gives_what_the_rule_gives_for_every_role_and_every_choice(cast, vanguards, role):
    user = cast[role]
    ids = [vanguard.pk for vanguard in vanguards]
    for chosen in ([ids[0]], [ids[1]], [ids[2]], ids, [ids[2], ids[0]], [10**9]):
        expected = list(permissions.loggable_vanguards(user).filter(pk__in=chosen).order_by("name"))
        assert permissions.loggable_vanguards_among(user, chosen) == expected, (role, chosen)


def test_an_rm_is_given_their_own_vanguards_only_and_another_rm_theirs(cast, vanguards, rm):
    alpha, bravo, charlie = vanguards
    ids = [alpha.pk, bravo.pk, charlie.pk]
    assert permissions.loggable_vanguards_among(rm, ids) == [alpha]
    # The same compiled statement, another RM: their own group's vanguard.
    assert permissions.loggable_vanguards_among(cast["rm_lead"], ids) == [alpha, bravo, charlie]
    other = UserFactory(role=rm.role, full_name="Otto Manager")
    join_group(charlie, CohortGroupFactory(name="Charlie group", relationship_manager=other))
    assert permissions.loggable_vanguards_among(other, ids) == [charlie]
    assert permissions.loggable_vanguards_among(rm, ids) == [alpha]


def test_many_ids_are_checked_through_the_orm_with_the_same_answer(rm, vanguards):
    alpha = vanguards[0]
    ids = [alpha.pk, *range(10**6, 10**6 + permissions.COMPILED_IDS)]
    assert permissions.loggable_vanguards_among(rm, ids) == [alpha]


def test_no_ids_give_no_vanguards(rm, vanguards):
    assert permissions.loggable_vanguards_among(rm, []) == []


@pytest.mark.parametrize(
    "sent, message",
    [
        (["abc"], "is not a valid value"),
        (["1.5"], "is not a valid value"),
        (["0"], "Select only vanguards in the cohort groups you look after"),
        (["-3"], "Select only vanguards in the cohort groups you look after"),
        ([str(2**63)], "Select only vanguards in the cohort groups you look after"),
        ([str(10**30)], "Select only vanguards in the cohort groups you look after"),
    ],
)
def test_a_crafted_vanguard_id_is_refused_next_to_the_field(rm_client, vanguard_a, sent, message):
    data = touchpoint_form_data([vanguard_a], summary="Keep me")
    data["vanguards"] = [str(vanguard_a.pk), *sent]
    response = rm_client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'href="#id_vanguards"' in html
    assert "Keep me" in html
    assert not Touchpoint.objects.exists()


def test_the_same_vanguard_sent_twice_is_logged_once(rm_client, vanguard_a):
    data = touchpoint_form_data([vanguard_a])
    data["vanguards"] = [str(vanguard_a.pk), str(vanguard_a.pk)]
    assert rm_client.post(URL, data).status_code == 302
    assert list(Touchpoint.objects.get().vanguards.all()) == [vanguard_a]


NOT_YOURS = "Select only vanguards in the cohort groups you look after"


@pytest.mark.parametrize(
    "written, message",
    [
        (" {}", NOT_YOURS),
        ("0{}", NOT_YOURS),
        ("+{}", NOT_YOURS),
        ("{}.0", "is not a valid value"),
    ],
)
def test_an_id_written_otherwise_is_refused_as_django_refuses_it(
    rm_client, vanguard_a, written, message
):
    data = touchpoint_form_data([vanguard_a])
    data["vanguards"] = [written.format(vanguard_a.pk)]
    response = rm_client.post(URL, data)
    assert response.status_code == 200
    assert not Touchpoint.objects.exists()
    html = response.content.decode()
    assert 'href="#id_vanguards"' in html
    assert message in html


def test_the_rm_lead_logs_for_a_vanguard_in_no_group(client, rm_lead, vanguards):
    client.force_login(rm_lead)
    charlie = vanguards[2]
    assert client.post(URL, touchpoint_form_data([charlie])).status_code == 302
    assert list(Touchpoint.objects.get().vanguards.all()) == [charlie]

"""The touchpoint form's NST participants when the National Support Team is large (56 people at
national scale): past twenty, the form lists the person filling it in, anyone already chosen
and who took part in their touchpoints in the last six months, with a button that draws the
page again listing everyone, keeping everything typed. With twenty or fewer, everyone is
listed as before. Whoever is listed, any NST person may be chosen."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TouchpointFactory, UserFactory, touchpoint_form_data
from vanguards.forms.choosing import MANY_PEOPLE, RECENT_DAYS
from vanguards.models import Touchpoint
from workwell.models import Role

URL = "/touchpoints/new/"
TODAY = datetime.date.today()


def _team(size: int) -> list:
    """NST people (RMs and the learning team) to `size` beside the cast's, and one member."""
    UserFactory(role=Role.MEMBER, full_name="Mo Member")
    return [
        UserFactory(role=Role.LEARNING if number % 3 else Role.RM, full_name=f"Nia {number:02}")
        for number in range(size)
    ]


@pytest.fixture
def team(rm, rm_lead, learning_user, admin_user):
    return _team(MANY_PEOPLE)


def _people(html: str) -> dict[int, bool]:
    """The NST participant checkboxes listed: pk to whether it is ticked."""
    found = re.findall(r'name="nst_participants" type="checkbox" value="(\d+)"( checked)?', html)
    return {int(pk): bool(checked) for pk, checked in found}


def _took_part(rm, *people, days_ago: int):
    touchpoint = TouchpointFactory(author=rm, date=TODAY - datetime.timedelta(days=days_ago))
    touchpoint.nst_participants.set(people)


def test_past_twenty_an_rm_is_listed_themselves_and_recent_colleagues(
    rm_client, rm, vanguard_a, team
):
    _took_part(rm, team[0], team[1], days_ago=10)
    _took_part(rm, team[2], days_ago=RECENT_DAYS + 1)  # too long ago
    other = UserFactory(role=Role.RM, full_name="Oli Other")
    _took_part(other, team[3], days_ago=5)  # someone else's touchpoint
    html = rm_client.get(URL).content.decode()
    assert _people(html) == {rm.pk: True, team[0].pk: False, team[1].pk: False}
    assert 'name="list_everyone"' in html
    assert "Listed: you, anyone already selected and the people who took part" in html


def test_a_colleague_in_a_touchpoint_the_rm_took_part_in_is_listed(rm_client, rm, vanguard_a, team):
    _took_part(team[5], rm, team[6], days_ago=30)  # written by someone else, with the RM
    assert set(_people(rm_client.get(URL).content.decode())) == {rm.pk, team[5].pk, team[6].pk}


@pytest.mark.parametrize(("extra", "everyone"), [(0, True), (1, False)])
def test_everyone_is_listed_up_to_twenty_people(
    rm_client, rm, rm_lead, learning_user, admin_user, vanguard_a, extra, everyone
):
    _team(MANY_PEOPLE - 4 + extra)  # the cast's four NST people, then the team
    html = rm_client.get(URL).content.decode()
    assert (len(_people(html)) == MANY_PEOPLE + extra) is everyone
    assert ('name="list_everyone"' in html) is not everyone
    assert ("Listed:" in html) is not everyone


def test_listing_everyone_keeps_what_was_typed_and_stays_while_redrawn(
    rm_client, rm, vanguard_a, team
):
    data = touchpoint_form_data(
        [vanguard_a], summary="Half-typed summary", nst_participants=[rm.pk], list_everyone="1"
    )
    response = rm_client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Touchpoint.objects.exists()
    assert "There is a problem" not in html  # still filling it in
    assert len(_people(html)) == MANY_PEOPLE + 4
    assert _people(html)[rm.pk] is True
    assert "Half-typed summary" in html
    assert f"Listed: all {MANY_PEOPLE + 4} people in the National Support Team." in html
    assert '<input type="hidden" name="nst_everyone" value="1">' in html
    assert 'name="list_everyone"' not in html
    # Drawn again for another reason (another action row): everyone still listed.
    data = data | {"nst_everyone": "1", "add_action": "1"}
    del data["list_everyone"]
    html = rm_client.post(URL, data).content.decode()
    assert len(_people(html)) == MANY_PEOPLE + 4


def test_someone_not_listed_can_be_saved_and_stays_ticked_after_an_error(
    rm_client, rm, vanguard_a, team
):
    far = team[7]
    data = touchpoint_form_data([vanguard_a], summary="", nst_participants=[rm.pk, far.pk])
    html = rm_client.post(URL, data).content.decode()
    assert "Enter a summary of the touchpoint" in html
    assert _people(html) == {rm.pk: True, far.pk: True}
    response = rm_client.post(URL, data | {"summary": "Agreed the employer offer."})
    assert response.status_code == 302
    assert set(Touchpoint.objects.get().nst_participants.all()) == {rm, far}


def test_someone_outside_the_nst_is_still_refused(rm_client, rm, vanguard_a, team):
    member = UserFactory(role=Role.MEMBER, full_name="Mo Two")
    data = touchpoint_form_data([vanguard_a], nst_participants=[rm.pk, member.pk])
    html = rm_client.post(URL, data).content.decode()
    assert "Select only people from the National Support Team" in html
    assert not Touchpoint.objects.exists()


def test_editing_lists_the_touchpoints_participants_ticked(rm_client, rm, vanguard_a, team):
    touchpoint = TouchpointFactory(author=rm, vanguards=[vanguard_a], date=TODAY)
    touchpoint.nst_participants.set([team[8], team[9]])
    html = rm_client.get(f"/touchpoints/{touchpoint.pk}/edit/").content.decode()
    # The RM and the two (who took part in a touchpoint the RM wrote: listed either way).
    assert _people(html) == {rm.pk: False, team[8].pk: True, team[9].pk: True}


def test_the_forms_queries_do_not_grow_with_the_team_or_the_touchpoints(
    rm_client, rm, vanguard_a, team
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert rm_client.get(URL).status_code == 200
        return len(queries)

    _took_part(rm, team[0], days_ago=3)
    before = count()
    more = _team(MANY_PEOPLE)
    for person in more[:10]:
        _took_part(rm, person, team[1], days_ago=4)
    assert count() == before

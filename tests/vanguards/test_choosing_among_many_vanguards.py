"""The touchpoint and action forms for someone who may act for many vanguards (admins and the
RM lead: 215 at national scale): past thirty, one cohort group's vanguards are listed at a time,
with those already chosen, and a cohort group select draws the page again with another group's,
keeping everything typed. With thirty or fewer, every vanguard is listed as before."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CohortGroupFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
    join_group,
    touchpoint_form_data,
)
from vanguards.forms.choosing import MANY_VANGUARDS
from vanguards.models import Action, CohortGroup, Touchpoint
from workwell.models import Role

URL = "/touchpoints/new/"
ACTION_URL = "/actions/new/"
DUE = datetime.date.today() + datetime.timedelta(days=14)


def _spread(total: int) -> dict[str, list]:
    """Vanguards beside the cast's Alpha (RM's group) and Bravo (RM lead's group), to `total`,
    in two more groups: Charlie and Delta."""
    extra = total - 2
    groups = {"Charlie": CohortGroupFactory(name="Charlie group")}
    groups["Delta"] = CohortGroupFactory(name="Delta group")
    made = {"Charlie": [], "Delta": []}
    for number in range(extra):
        name = "Charlie" if number < extra // 2 else "Delta"
        vanguard = VanguardFactory(name=f"{name} {number:02}", slug=f"{name.lower()}-{number}")
        join_group(vanguard, groups[name])
        made[name].append(vanguard)
    return made


@pytest.fixture
def many(vanguard_a, vanguard_b):
    return _spread(MANY_VANGUARDS + 2)


def _boxes(html: str) -> dict[int, bool]:
    """The vanguard checkboxes listed: pk to whether it is ticked."""
    found = re.findall(r'name="vanguards" type="checkbox" value="(\d+)"( checked)?', html)
    return {int(pk): bool(checked) for pk, checked in found}


def _options(html: str, name: str) -> dict[str, bool]:
    """A select's options: value to whether it is selected."""
    select = re.search(rf'<select[^>]* name="{name}".*?</select>', html, re.S).group(0)
    found = re.findall(r'<option value="([^"]*)"( selected)?', select)
    return {value: bool(selected) for value, selected in found}


def _group(name: str) -> str:
    return str(CohortGroup.objects.get(name=f"{name} group").pk)


def test_past_thirty_vanguards_the_rm_lead_is_shown_their_own_group_first(
    client, rm_lead, vanguard_a, vanguard_b, many
):
    client.force_login(rm_lead)
    html = client.get(URL).content.decode()
    assert _boxes(html) == {vanguard_b.pk: False}  # Bravo: the group the RM lead looks after
    groups = _options(html, "cohort_group")
    assert list(groups) == [_group(name) for name in ("Alpha", "Bravo", "Charlie", "Delta")]
    assert groups[_group("Bravo")] is True
    assert 'name="choose_group"' in html
    assert "There are 32 vanguards." in html
    assert "Listed: the vanguards in Bravo group, and any already selected." in html


@pytest.mark.parametrize(
    ("total", "grouped"), [(MANY_VANGUARDS, False), (MANY_VANGUARDS + 1, True)]
)
def test_the_vanguards_are_listed_a_group_at_a_time_only_past_thirty(
    admin_client, vanguard_a, vanguard_b, total, grouped
):
    _spread(total)
    for url in (URL, ACTION_URL):
        html = admin_client.get(url).content.decode()
        assert ('name="cohort_group"' in html) is grouped
        assert ("Listed: the vanguards in" in html) is grouped
        if url == URL:
            # An admin looks after no group: the first is listed.
            assert _boxes(html) == (
                {vanguard_a.pk: False} if grouped else dict.fromkeys(_boxes(html), False)
            )
            assert len(_boxes(html)) == (1 if grouped else total)
        else:
            assert len(_options(html, "vanguard")) == (1 + 1 if grouped else 1 + total)
        if grouped:  # one vanguard is chosen on the action form, several on the touchpoint's
            one = url == ACTION_URL
            assert ("The vanguard selected stays selected." in html) is one
            assert ("Vanguards already selected stay selected." in html) is not one
            assert ("and the one selected, if any." in html) is one


def test_an_rm_sees_no_cohort_group_select(rm_client, vanguard_a, many):
    html = rm_client.get(URL).content.decode()
    assert 'name="cohort_group"' not in html
    assert _boxes(html) == {vanguard_a.pk: False}


def test_choosing_a_group_lists_its_vanguards_keeping_the_ticked_and_the_typed(
    admin_client, vanguard_a, many, rm
):
    data = touchpoint_form_data(
        [vanguard_a],
        summary="Half-typed summary",
        actions=[{"description": "Send the employer pack", "owner": rm, "due": DUE}],
        cohort_group=_group("Charlie"),
        choose_group="1",
    )
    response = admin_client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Touchpoint.objects.exists()
    assert "There is a problem" not in html  # still filling it in
    listed = {vanguard_a.pk: True} | {vanguard.pk: False for vanguard in many["Charlie"]}
    assert _boxes(html) == listed
    assert _options(html, "cohort_group")[_group("Charlie")] is True
    assert "Half-typed summary" in html
    assert "Send the employer pack" in html


def test_vanguards_ticked_in_two_groups_are_saved(admin_client, admin_user, vanguard_a, many):
    charlie = many["Charlie"][0]
    data = touchpoint_form_data([vanguard_a, charlie], cohort_group=_group("Charlie"))
    response = admin_client.post(URL, data)
    touchpoint = Touchpoint.objects.get()
    assert response.status_code == 302
    assert set(touchpoint.vanguards.all()) == {vanguard_a, charlie}
    assert touchpoint.author == admin_user


def test_errors_keep_the_vanguards_chosen_in_every_group(admin_client, vanguard_a, many):
    charlie, delta = many["Charlie"][0], many["Delta"]
    data = touchpoint_form_data([vanguard_a, charlie], summary="", cohort_group=_group("Delta"))
    response = admin_client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Touchpoint.objects.exists()
    assert "There is a problem" in html
    assert "Enter a summary of the touchpoint" in html
    listed = {vanguard_a.pk: True, charlie.pk: True} | {v.pk: False for v in delta}
    assert _boxes(html) == listed
    assert _options(html, "cohort_group")[_group("Delta")] is True


def test_no_vanguard_chosen_is_an_error_linked_to_the_listed_checkboxes(admin_client, many):
    response = admin_client.post(URL, touchpoint_form_data([], cohort_group=_group("Delta")))
    html = response.content.decode()
    assert '<a href="#id_vanguards">Select at least one vanguard</a>' in html
    assert 'id="id_vanguards" name="vanguards" type="checkbox"' in html


def test_an_unknown_group_sent_lists_the_first_chosen_vanguards_group(
    client, rm_lead, vanguard_a, many
):
    client.force_login(rm_lead)
    data = touchpoint_form_data([many["Delta"][0]], cohort_group="999999", choose_group="1")
    html = client.post(URL, data).content.decode()
    assert _options(html, "cohort_group")[_group("Delta")] is True
    assert set(_boxes(html)) == {vanguard.pk for vanguard in many["Delta"]}


def test_editing_lists_the_touchpoints_first_vanguards_group(client, rm_lead, vanguard_b, many):
    touchpoint = TouchpointFactory(author=rm_lead)
    touchpoint.vanguards.set([many["Charlie"][1]])
    client.force_login(rm_lead)
    html = client.get(f"/touchpoints/{touchpoint.pk}/edit/").content.decode()
    assert _options(html, "cohort_group")[_group("Charlie")] is True
    assert _boxes(html)[many["Charlie"][1].pk] is True
    assert vanguard_b.pk not in _boxes(html)


def test_an_rm_still_cannot_send_a_vanguard_outside_their_groups(rm_client, many):
    data = touchpoint_form_data([many["Charlie"][0]], cohort_group=_group("Charlie"))
    html = rm_client.post(URL, data).content.decode()
    assert not Touchpoint.objects.exists()
    assert "Select only vanguards in the cohort groups you look after" in html


# --- Add an action ---------------------------------------------------------------------


def _action_data(vanguard, owner, **fields) -> dict:
    data = {
        "vanguard": vanguard.pk if vanguard else "",
        "description": "Share the referral template",
        "owner": owner.pk,
        "due_date_0": DUE.day,
        "due_date_1": DUE.month,
        "due_date_2": DUE.year,
    }
    return data | fields


def test_the_action_form_lists_the_chosen_group_and_the_chosen_vanguard(
    client, rm_lead, vanguard_a, many
):
    client.force_login(rm_lead)
    data = _action_data(vanguard_a, rm_lead, cohort_group=_group("Delta"), choose_group="1")
    response = client.post(ACTION_URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Action.objects.exists()
    assert "There is a problem" not in html
    listed = {str(vanguard_a.pk): True} | {str(v.pk): False for v in many["Delta"]}
    assert _options(html, "vanguard") == {"": False} | listed
    assert _options(html, "cohort_group")[_group("Delta")] is True
    assert "Share the referral template" in html


def test_an_action_is_saved_for_a_vanguard_outside_the_listed_group(client, rm_lead, many):
    client.force_login(rm_lead)
    charlie = many["Charlie"][0]
    response = client.post(ACTION_URL, _action_data(charlie, rm_lead, cohort_group=_group("Delta")))
    assert response.status_code == 302
    assert Action.objects.get().vanguard == charlie


def test_vanguards_in_no_cohort_group_are_a_choice_of_their_own(admin_client, many):
    loose = VanguardFactory(name="Zulu Vanguard", slug="zulu")  # in no group now
    html = admin_client.get(URL).content.decode()
    groups = _options(html, "cohort_group")
    assert list(groups)[-1] == "none"
    assert "Not in a cohort group</option>" in html
    data = touchpoint_form_data([], cohort_group="none", choose_group="1")
    html = admin_client.post(URL, data).content.decode()
    assert _boxes(html) == {loose.pk: False}


def test_the_form_reads_the_same_queries_however_many_vanguards(
    client, rm_lead, vanguard_a, vanguard_b, django_assert_num_queries
):
    # The vanguards and their groups are one query, whatever their number: none a vanguard
    # or a group, for the select or the checkboxes.
    _spread(MANY_VANGUARDS + 2)
    client.force_login(rm_lead)
    client.get(URL)
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    keeper = UserFactory(role=Role.RM)  # one RM: the NST people listed stay as few
    for number in range(MANY_VANGUARDS):
        vanguard = VanguardFactory(name=f"Echo {number:02}", slug=f"echo-{number}")
        join_group(
            vanguard, CohortGroupFactory(name=f"Echo group {number}", relationship_manager=keeper)
        )
    with django_assert_num_queries(len(first)):
        html = client.get(URL).content.decode()
    assert len(_options(html, "cohort_group")) == 4 + MANY_VANGUARDS

"""The touchpoint and action forms draw their checkbox lists, radios and selects once per process
and key (workwell.forms.render_field) from choices read as values (pk, label), not model
instances (vanguards/forms/choosing.people_choices). Drawn once per key, a change must still
show at once (a new contact, a renamed vanguard), and one person's options must never be drawn
for another who may act for fewer vanguards. The labels read as values are those the fields'
own model choice iterators give (the rule before), and what is sent is still checked against
the fields' querysets."""

import re

import pytest

from tests.factories import UserFactory, make_member, touchpoint_form_data
from vanguards.forms.actions import OwnerChoiceField as ActionOwnerField
from vanguards.forms.choosing import people_choices
from vanguards.forms.touchpoints import OwnerChoiceField, VanguardPeopleField
from vanguards.models import Touchpoint, Vanguard
from vanguards.selectors.actions import action_owner_candidates
from vanguards.selectors.touchpoints import nst_users, vanguard_people
from workwell.models import Role

URL = "/touchpoints/new/"
ACTION_URL = "/actions/new/"


def _checkboxes(html: str, name: str) -> dict[str, str]:
    """A checkbox list's boxes: value to label."""
    found = re.findall(
        rf'name="{name}" type="checkbox" value="([^"]*)"[^>]*>\s*<label[^>]*>\s*(.*?)\s*</label>',
        html,
        re.S,
    )
    return dict(found)


def _options(html: str, name: str) -> dict[str, str]:
    """A select's options: value to label."""
    select = re.search(rf'<select[^>]* name="{name}".*?</select>', html, re.S).group(0)
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select))


def _redraw_with_people(client, vanguards, **fields):
    """The touchpoint form sent to list the chosen vanguards' people ("Show their people")."""
    data = touchpoint_form_data(vanguards, choose_people="1", **fields)
    return client.post(URL, data).content.decode()


def test_a_new_contact_and_a_renamed_vanguard_show_at_once(login, rm, vanguard_a, member_a):
    client = login(rm)
    html = client.get(URL).content.decode()
    assert "Mem Alpha (Alpha Vanguard)" in _checkboxes(html, "vanguard_contacts").values()
    assert _checkboxes(html, "vanguards") == {str(vanguard_a.pk): "Alpha Vanguard"}

    make_member(vanguard_a, full_name="Nell Newcomer")
    Vanguard.objects.filter(pk=vanguard_a.pk).update(name="Alpha & Co")
    html = client.get(URL).content.decode()
    contacts = set(_checkboxes(html, "vanguard_contacts").values())
    assert contacts == {"Mem Alpha (Alpha &amp; Co)", "Nell Newcomer (Alpha &amp; Co)"}
    assert _checkboxes(html, "vanguards") == {str(vanguard_a.pk): "Alpha &amp; Co"}
    owners = set(_options(html, "actions-0-owner").values())
    assert {"Mem Alpha (Alpha &amp; Co)", "Nell Newcomer (Alpha &amp; Co)"} <= owners
    assert _options(html, "actions-0-vanguard")[str(vanguard_a.pk)] == "Alpha &amp; Co"


def test_a_ticked_contact_shows_ticked_and_another_draw_does_not(login, rm, vanguard_a, member_a):
    client = login(rm)
    ticked = _redraw_with_people(client, [vanguard_a], vanguard_contacts=[member_a.pk])
    assert f'value="{member_a.pk}" checked' in ticked
    assert f'value="{member_a.pk}" checked' not in client.get(URL).content.decode()


def test_another_persons_options_are_never_drawn_for_someone_who_may_act_for_fewer(
    login, rm, rm_lead, vanguard_a, vanguard_b, member_a, member_b
):
    # The RM lead (every vanguard) draws Bravo's and Alpha's people and vanguards first.
    lead_html = _redraw_with_people(login(rm_lead), [vanguard_a, vanguard_b])
    assert "Mem Bravo (Bravo Vanguard)" in _checkboxes(lead_html, "vanguard_contacts").values()
    assert str(vanguard_b.pk) in _checkboxes(lead_html, "vanguards")

    # The RM (Alpha only) asks for the same, Bravo included: only what they may act for.
    for html in (
        _redraw_with_people(login(rm), [vanguard_a, vanguard_b]),
        login(rm).get(URL).content.decode(),
    ):
        assert _checkboxes(html, "vanguards") == {str(vanguard_a.pk): "Alpha Vanguard"}
        assert set(_checkboxes(html, "vanguard_contacts").values()) == {
            "Mem Alpha (Alpha Vanguard)"
        }
        assert "Bravo" not in html
        assert str(member_b.pk) not in _options(html, "actions-0-owner")
        assert str(vanguard_b.pk) not in _options(html, "actions-0-vanguard")


def test_a_contact_or_owner_from_a_vanguard_not_offered_is_still_refused(
    login, rm, vanguard_a, member_b
):
    data = touchpoint_form_data(
        [vanguard_a],
        vanguard_contacts=[member_b.pk],
        **{"actions-0-description": "Call", "actions-0-owner": member_b.pk},
    )
    response = login(rm).post(URL, data)
    assert response.status_code == 200
    assert "Select only people from the vanguards selected" in response.content.decode()
    assert "Select an owner from the NST or the vanguards selected" in response.content.decode()
    assert not Touchpoint.objects.exists()


def _as_before(field) -> list[tuple[str, str]]:
    """The field's choices as Django's model choice iterator gives them (the rule before)."""
    return [("" if value == "" else str(value), label) for value, label in field.choices]


@pytest.mark.parametrize("twins", [False, True])
def test_people_read_as_values_are_labelled_as_the_fields_label_model_instances(
    cast, vanguard_a, vanguard_b, twins
):
    make_member(vanguard_a, full_name="Dev Clarke", email="dev.a@example.com")
    make_member(vanguard_b, full_name="Ola Only", email="ola@example.com")
    UserFactory(role=Role.RM, full_name="Dev Clarke" if twins else "Dee Other")
    make_member(vanguard_b, full_name="", email="no.name@example.com")
    vanguards = Vanguard.objects.order_by("name")
    owners = (nst_users() | vanguard_people(vanguards)).order_by("full_name", "email")
    cases = [
        (OwnerChoiceField(queryset=owners), OwnerChoiceField.vanguard_detail),
        (
            VanguardPeopleField(queryset=vanguard_people(vanguards).order_by("full_name", "email")),
            VanguardPeopleField.vanguard_detail,
        ),
        (
            ActionOwnerField(queryset=action_owner_candidates(vanguards=vanguards)),
            ActionOwnerField.vanguard_detail,
        ),
    ]
    for field, detail in cases:
        field.empty_label = None
        drawn = [(str(pk), label) for pk, label in people_choices(field.queryset, detail=detail)]
        assert drawn == _as_before(field)
        assert any("Dev Clarke" in label for _pk, label in drawn)


def test_people_of_the_same_name_are_offered_in_the_order_of_their_emails(login, rm, vanguard_a):
    """Sorted by name alone, two people of one name came in the order of their rows, which a
    sign-in (a new `last_login`) moves: the form's markup changed from one request to the next."""
    first = UserFactory(role=Role.RM, full_name="Sam Jones", email="sam.jones1@example.com")
    second = UserFactory(role=Role.RM, full_name="Sam Jones", email="sam.jones2@example.com")
    first.save()  # a new row version for the first: after the second's in the table
    html = login(rm).get(URL).content.decode()
    participants = list(_checkboxes(html, "nst_participants"))
    assert participants.index(str(first.pk)) < participants.index(str(second.pk))
    owners = list(_options(html, "actions-0-owner"))
    assert owners.index(str(first.pk)) < owners.index(str(second.pk))

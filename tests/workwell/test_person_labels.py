"""People offered as choices (checkboxes, selects, list filters) whose names repeat in the list
are told apart by their email address, by one rule (workwell.forms.person_labels); a name that
is unique in the list is shown as before."""

import re

import pytest

from tests.factories import (
    ActionFactory,
    SupportRequestFactory,
    TouchpointFactory,
    UserFactory,
    make_member,
)
from workwell.forms import person_labels
from workwell.models import Role


def test_unique_names_are_left_as_they_are():
    people = [("Ann Lee", "ann@example.com", None), ("Bo Kay", "bo@example.com", "Leeds")]
    assert person_labels(people) == ["Ann Lee", "Bo Kay (Leeds)"]


def test_repeated_names_get_their_email_address_after_any_detail():
    people = [
        ("Dev Clarke", "dev.clarke@example.com", None),
        ("Dev Clarke", "dev.clarke2@example.com", "NST"),
        ("Ann Lee", "ann@example.com", "NST"),
    ]
    assert person_labels(people) == [
        "Dev Clarke (dev.clarke@example.com)",
        "Dev Clarke (NST, dev.clarke2@example.com)",
        "Ann Lee (NST)",
    ]


def test_people_without_a_name_are_shown_by_email_once():
    people = [("", "x@example.com", None), ("", "y@example.com", "Leeds")]
    assert person_labels(people) == ["x@example.com", "y@example.com (Leeds)"]


@pytest.fixture
def namesakes(db):
    """Two NST people called Dev Clarke: an RM and one of the learning team."""
    first = UserFactory(role=Role.RM, full_name="Dev Clarke", email="dev.clarke@example.com")
    second = UserFactory(role=Role.LEARNING, full_name="Dev Clarke", email="dev.c2@example.com")
    return first, second


def _option_texts(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]* name="{name}".*?</select>', html, re.S).group(0)
    return [text.strip() for text in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def _checkbox_labels(html: str, name: str) -> list[str]:
    pattern = rf'name="{name}" type="checkbox"[^>]*>\s*<label[^>]*>\s*([^<]*?)\s*</label>'
    return re.findall(pattern, html)


def test_the_touchpoint_form_tells_namesakes_apart(rm_client, vanguard_a, namesakes, member_a):
    html = rm_client.get("/touchpoints/new/").content.decode()
    participants = _checkbox_labels(html, "nst_participants")
    assert "Dev Clarke (dev.clarke@example.com)" in participants
    assert "Dev Clarke (dev.c2@example.com)" in participants
    assert "Rita Manager" in participants  # unique: as before
    assert "Mem Alpha (Alpha Vanguard)" in _checkbox_labels(html, "vanguard_contacts")
    owners = _option_texts(html, "actions-0-owner")
    assert "Dev Clarke (NST, dev.clarke@example.com)" in owners
    assert "Dev Clarke (NST, dev.c2@example.com)" in owners
    assert "Mem Alpha (Alpha Vanguard)" in owners


def test_a_vanguard_member_sharing_an_nst_name_is_told_apart_too(rm_client, vanguard_a, namesakes):
    make_member(vanguard_a, full_name="Dev Clarke", email="dev@alpha.example.com")
    html = rm_client.get("/actions/new/").content.decode()
    owners = _option_texts(html, "owner")
    assert "Dev Clarke (Alpha Vanguard, dev@alpha.example.com)" in owners
    assert "Dev Clarke (National Support Team, dev.clarke@example.com)" in owners
    assert "Rita Manager (National Support Team)" in owners


def test_list_filters_tell_namesakes_apart(admin_client, vanguard_a, namesakes):
    rm_dev, learning_dev = namesakes
    TouchpointFactory(author=rm_dev, vanguards=[vanguard_a])
    for person in namesakes:
        ActionFactory(owner=person, vanguard=vanguard_a)
    authors = _option_texts(admin_client.get("/touchpoints/").content.decode(), "author")
    assert "Dev Clarke" in authors  # the only relationship manager of that name
    owners = _option_texts(admin_client.get("/actions/").content.decode(), "owner")
    assert "Dev Clarke (dev.clarke@example.com)" in owners
    assert "Dev Clarke (dev.c2@example.com)" in owners


def test_support_assignees_and_cohort_group_rms_are_told_apart(admin_client, vanguard_a, namesakes):
    UserFactory(role=Role.RM_LEAD, full_name="Dev Clarke", email="lead.dev@example.com")
    request = SupportRequestFactory(vanguard=vanguard_a)
    html = admin_client.get(f"/support-requests/{request.pk}/").content.decode()
    assignees = _option_texts(html, "triage-assigned_to")
    assert "Dev Clarke (dev.c2@example.com)" in assignees
    html = admin_client.get("/vanguards/groups/new/").content.decode()
    managers = _option_texts(html, "relationship_manager")
    assert "Dev Clarke (Relationship manager, dev.clarke@example.com)" in managers
    assert "Dev Clarke (Relationship manager lead, lead.dev@example.com)" in managers


def test_a_concern_can_name_either_of_two_rms_of_one_name(client, regional_lead, namesakes):
    UserFactory(role=Role.RM, full_name="Dev Clarke", email="dev.other@example.com")
    client.force_login(regional_lead)
    html = client.get("/feedback/concerns/new/").content.decode()
    rms = _option_texts(html, "about_rm")
    assert "Dev Clarke (dev.clarke@example.com)" in rms
    assert "Dev Clarke (dev.other@example.com)" in rms

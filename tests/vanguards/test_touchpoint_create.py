"""/touchpoints/new/: logging a touchpoint with its follow-up actions, and every bad input
refused next to its field with nothing typed lost."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    ActionFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
    join_group,
    make_member,
    touchpoint_form_data,
)
from vanguards.models import RAG, Action, Touchpoint
from vanguards.services.touchpoints import (
    ActionDraft,
    LoggableVanguards,
    TouchpointError,
    touchpoint_create,
)
from workwell.models import ProgrammeTheme, Role

URL = "/touchpoints/new/"
TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def vanguard_c(vanguard_a):
    """A second vanguard in the RM's cohort group, for cohort sessions."""
    vanguard = VanguardFactory(name="Charlie Vanguard", slug="charlie")
    join_group(vanguard, vanguard_a.group_memberships.get().cohort_group)
    return vanguard


def html_of(response) -> str:
    return response.content.decode()


# --- Logging ------------------------------------------------------------------------------


def test_rm_logs_a_cohort_session_for_two_vanguards_with_an_action(
    rm_client, rm, vanguard_a, vanguard_c, learning_user
):
    sro = make_member(vanguard_c, full_name="Cara Sro")
    theme = ProgrammeTheme.objects.get(slug="service-design-and-delivery")
    data = touchpoint_form_data(
        [vanguard_a, vanguard_c],
        kind=Touchpoint.Kind.COHORT_SESSION,
        channel=Touchpoint.Channel.IN_PERSON,
        duration_minutes="90",
        nst_participants=[rm.pk, learning_user.pk],
        vanguard_contacts=[sro.pk],
        other_attendees="Two employers from the local chamber",
        internal_notes="Charlie is behind on recruitment.",
        themes=[theme.pk],
        rag="amber",
        rag_reason="Referrals below plan",
        actions=[
            {
                "description": "Share the employer toolkit",
                "owner": sro,
                "due": TODAY + datetime.timedelta(days=10),
            }
        ],
    )

    response = rm_client.post(URL, data)

    touchpoint = Touchpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/touchpoints/{touchpoint.pk}/"
    assert set(touchpoint.vanguards.all()) == {vanguard_a, vanguard_c}
    assert touchpoint.author == rm
    assert set(touchpoint.nst_participants.all()) == {rm, learning_user}
    assert list(touchpoint.vanguard_contacts.all()) == [sro]
    assert list(touchpoint.themes.all()) == [theme]
    assert (touchpoint.rag, touchpoint.rag_reason) == (RAG.AMBER, "Referrals below plan")
    assert touchpoint.status == Touchpoint.Status.COMPLETE
    assert touchpoint.completed_at is not None
    assert touchpoint.date == YESTERDAY
    assert touchpoint.duration_minutes == 90
    action = Action.objects.get()
    # The owner is Charlie's SRO, so the action is Charlie's, not the first vanguard's.
    assert (action.vanguard, action.owner, action.touchpoint) == (vanguard_c, sro, touchpoint)
    assert action.created_by == rm
    follow = rm_client.get(response["Location"])
    assert "has been saved." in html_of(follow)


def test_the_touchpoint_page_shows_what_was_typed_as_text(rm_client, rm, vanguard_a):
    touchpoint = TouchpointFactory(
        author=rm,
        vanguards=[vanguard_a],
        rag=RAG.RED,
        rag_reason="SRO <b>left</b>",
        other_attendees="Jo & Sam\n<script>alert(1)</script>",
    )
    ActionFactory(
        touchpoint=touchpoint, vanguard=vanguard_a, owner=rm, description="Call <i>Jo</i>"
    )

    html = html_of(rm_client.get(f"/touchpoints/{touchpoint.pk}/"))

    assert '<strong class="govuk-tag govuk-tag--red">' in html
    assert "SRO &lt;b&gt;left&lt;/b&gt;" in html
    assert "Jo &amp; Sam<br>&lt;script&gt;alert(1)&lt;/script&gt;" in html  # a line each
    assert ">Call &lt;i&gt;Jo&lt;/i&gt;</a>" in html
    assert f'<a class="govuk-link" href="/vanguards/{vanguard_a.slug}/">' in html


def test_saving_as_draft_leaves_it_a_draft(rm_client, vanguard_a):
    rm_client.post(URL, touchpoint_form_data([vanguard_a], status="draft"))
    touchpoint = Touchpoint.objects.get()
    assert touchpoint.status == Touchpoint.Status.DRAFT
    assert touchpoint.completed_at is None


def test_action_vanguard_defaults_to_the_first_for_nst_owners(
    rm_client, rm, vanguard_a, vanguard_c
):
    due = TODAY + datetime.timedelta(days=7)
    data = touchpoint_form_data(
        [vanguard_c, vanguard_a],
        actions=[{"description": "Book the site visit", "owner": rm, "due": due}],
    )
    rm_client.post(URL, data)
    assert Action.objects.get().vanguard == vanguard_a  # Alpha comes first by name


def test_the_page_prefills_the_vanguard_and_the_author(rm_client, rm, vanguard_a, vanguard_c):
    html = html_of(rm_client.get(f"{URL}?vanguard=charlie"))
    assert f'name="vanguards" type="checkbox" value="{vanguard_c.pk}" checked' in html
    assert f'name="vanguards" type="checkbox" value="{vanguard_a.pk}">' in html
    assert f'name="nst_participants" type="checkbox" value="{rm.pk}" checked' in html


def test_vanguard_choices_are_only_those_the_rm_may_log_for(rm_client, vanguard_a, vanguard_b):
    html = html_of(rm_client.get(f"{URL}?vanguard=bravo"))
    assert "Alpha Vanguard" in html
    assert "Bravo Vanguard" not in html


def test_blank_action_rows_are_ignored(rm_client, vanguard_a):
    response = rm_client.post(URL, touchpoint_form_data([vanguard_a], rows=5))
    assert response.status_code == 302
    assert not Action.objects.exists()


def test_add_another_action_adds_a_row_and_keeps_everything_typed(rm_client, rm, vanguard_a):
    data = touchpoint_form_data(
        [vanguard_a],
        summary="Half-typed summary",
        actions=[{"description": "First action", "owner": rm}],
        rows=3,
        add_action="1",
    )
    del data["status"]
    response = rm_client.post(URL, data)
    html = html_of(response)
    assert response.status_code == 200
    assert not Touchpoint.objects.exists()
    assert 'name="actions-3-description"' in html  # a fourth row
    assert 'name="actions-TOTAL_FORMS" value="4"' in html
    assert "Half-typed summary" in html
    assert 'value="First action"' in html
    assert "There is a problem" not in html  # no errors while still typing


# --- Admins and the RM lead: the people of the vanguards chosen ---------------------------
# They may log for every vanguard (215 at national scale, with a thousand members): offering
# every member as a contact and in each action row's owner list made a page 60,000px long.


def _contact_box(person) -> str:
    return f'name="vanguard_contacts" type="checkbox" value="{person.pk}"'


def _owner_option(person) -> str:
    return f'<option value="{person.pk}">'


def test_the_rm_lead_is_offered_no_vanguard_people_before_choosing(
    client, rm_lead, rm, member_a, member_b
):
    client.force_login(rm_lead)
    html = html_of(client.get(URL))
    for person in (member_a, member_b):
        assert _contact_box(person) not in html
        assert _owner_option(person) not in html
    assert _owner_option(rm) in html  # NST staff own actions whatever was chosen
    assert 'name="choose_people"' in html
    assert "choose \u201cShow their people\u201d" in html


def test_the_rm_lead_is_offered_the_prefilled_vanguards_people(
    client, rm_lead, vanguard_a, member_a, member_b
):
    client.force_login(rm_lead)
    html = html_of(client.get(f"{URL}?vanguard={vanguard_a.slug}"))
    assert _contact_box(member_a) in html
    assert _owner_option(member_a) in html
    assert _contact_box(member_b) not in html
    assert _owner_option(member_b) not in html


def test_show_their_people_lists_the_chosen_vanguards_people_keeping_everything_typed(
    admin_client, vanguard_a, vanguard_b, member_a, member_b
):
    data = touchpoint_form_data([vanguard_b], summary="Half-typed summary", choose_people="1")
    response = admin_client.post(URL, data)
    html = html_of(response)
    assert response.status_code == 200
    assert not Touchpoint.objects.exists()
    assert _contact_box(member_b) in html
    assert _owner_option(member_b) in html
    assert _contact_box(member_a) not in html
    assert "Half-typed summary" in html
    assert "There is a problem" not in html  # no errors while still typing


def test_the_rm_lead_logs_a_touchpoint_with_a_chosen_vanguards_contact_and_owner(
    client, rm_lead, vanguard_b, member_b
):
    client.force_login(rm_lead)
    due = TODAY + datetime.timedelta(days=7)
    data = touchpoint_form_data(
        [vanguard_b],
        vanguard_contacts=[member_b.pk],
        actions=[{"description": "Send the plan", "owner": member_b, "due": due}],
    )
    response = client.post(URL, data)
    assert response.status_code == 302
    touchpoint = Touchpoint.objects.get()
    assert list(touchpoint.vanguard_contacts.all()) == [member_b]
    assert Action.objects.get().owner == member_b


def test_the_rm_lead_may_not_name_a_contact_from_a_vanguard_not_chosen(
    client, rm_lead, vanguard_a, vanguard_b, member_a
):
    client.force_login(rm_lead)
    html = _refused(client, touchpoint_form_data([vanguard_b], vanguard_contacts=[member_a.pk]))
    assert "Select only people from the vanguards selected" in html
    assert not Touchpoint.objects.exists()


def test_an_rm_is_offered_every_person_of_their_vanguards(rm_client, vanguard_a, member_a):
    # A cohort group's handful of vanguards: no extra step.
    html = html_of(rm_client.get(URL))
    assert _contact_box(member_a) in html
    assert 'name="choose_people"' not in html


# --- Bad input ----------------------------------------------------------------------------


def _refused(client, data) -> str:
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not Touchpoint.objects.exists()
    assert not Action.objects.exists()
    html = html_of(response)
    assert html.count("There is a problem") == 1
    assert "<title>Error: " in html
    return html


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        (
            {"date_0": "1", "date_1": "1", "date_2": str(TODAY.year + 1)},
            "id_date_0",
            "Enter a date in the past or today, for example "
            f"{TODAY.day} {TODAY.month} {TODAY.year}",
        ),
        (
            {"date_0": "", "date_1": "", "date_2": ""},
            "id_date_0",
            "Enter the date of the touchpoint, for example 3 3 2026",
        ),
        (
            {"date_0": "31", "date_1": "2", "date_2": "2026"},
            "id_date_0",
            "Enter a real date, for example 27 3 2025",
        ),
        (
            {"duration_minutes": "0"},
            "id_duration_minutes",
            "Enter a duration from 1 to 1,440 minutes (24 hours), for example 45",
        ),
        (
            {"duration_minutes": "-5"},
            "id_duration_minutes",
            "Enter a duration from 1 to 1,440 minutes (24 hours), for example 45",
        ),
        (
            {"duration_minutes": "1441"},
            "id_duration_minutes",
            "Enter a duration from 1 to 1,440 minutes (24 hours), for example 45",
        ),
        (
            {"duration_minutes": "an hour"},
            "id_duration_minutes",
            "Enter the duration as a whole number of minutes, for example 45",
        ),
        ({"vanguards": []}, "id_vanguards", "Select at least one vanguard"),
        (
            {"rag": "amber", "rag_reason": " "},
            "id_rag_reason",
            "Enter a one-line reason for the amber status",
        ),
        ({"rag": "red"}, "id_rag_reason", "Enter a one-line reason for the red status"),
        ({"summary": ""}, "id_summary", "Enter a summary of the touchpoint"),
        ({"kind": ""}, "id_kind", "Select the kind of touchpoint"),
    ],
)
def test_bad_touchpoint_input_is_refused_next_to_the_field(
    rm_client, vanguard_a, fields, field_id, message
):
    data = touchpoint_form_data(
        [vanguard_a], summary="Keep me", internal_notes="Keep these notes too"
    )
    data.update(fields)
    html = _refused(rm_client, data)
    assert message in html
    assert f'href="#{field_id}"' in html  # the error summary links to the field
    if "summary" not in fields:
        assert "Keep me" in html
    assert "Keep these notes too" in html


def test_a_duration_of_exactly_24_hours_is_accepted(rm_client, vanguard_a):
    response = rm_client.post(URL, touchpoint_form_data([vanguard_a], duration_minutes="1440"))
    assert response.status_code == 302


def test_today_is_accepted(rm_client, vanguard_a):
    response = rm_client.post(URL, touchpoint_form_data([vanguard_a], day=timezone.localdate()))
    assert response.status_code == 302


def test_a_vanguard_the_rm_may_not_log_for_is_refused(rm_client, vanguard_a, vanguard_b):
    html = _refused(rm_client, touchpoint_form_data([vanguard_a, vanguard_b]))
    assert "Select only vanguards in the cohort groups you look after" in html
    # the choice that was fine is kept
    assert f'name="vanguards" type="checkbox" value="{vanguard_a.pk}" checked' in html


def test_a_contact_from_another_vanguard_is_refused(rm_client, vanguard_a, vanguard_c):
    outsider = make_member(vanguard_c, full_name="Cara Sro")
    data = touchpoint_form_data([vanguard_a], vanguard_contacts=[outsider.pk])
    html = _refused(rm_client, data)
    assert "Cara Sro is not from the vanguards selected. Select their vanguard too" in html
    assert f'name="vanguard_contacts" type="checkbox" value="{outsider.pk}" checked' in html


def test_a_non_nst_participant_is_refused(rm_client, vanguard_a, programme_lead):
    data = touchpoint_form_data([vanguard_a], nst_participants=[programme_lead.pk])
    html = _refused(rm_client, data)
    assert "Select only people from the National Support Team" in html


@pytest.mark.parametrize(
    ("action", "field", "message"),
    [
        (
            {"description": "", "owner": "rm", "due": TODAY},
            "description",
            "Enter what needs to be done",
        ),
        ({"description": "Call", "owner": None, "due": TODAY}, "owner", "Select who owns"),
        ({"description": "Call", "owner": "rm", "due": None}, "due_date", "Enter the due date"),
        (
            {"description": "Call", "owner": "rm", "due": YESTERDAY - datetime.timedelta(days=1)},
            "due_date",
            "The due date must be on or after the touchpoint date",
        ),
        (
            {"description": "Call", "owner": "regional_lead", "due": TODAY},
            "owner",
            "Select an owner from the NST or the vanguards selected",
        ),
        (
            {"description": "Call", "owner": "member_b", "due": TODAY},
            "owner",
            "Select an owner from the NST or the vanguards selected",
        ),
        (
            {"description": "Call", "owner": "rm", "due": TODAY, "vanguard": "vanguard_c"},
            "vanguard",
            "Choose one of the vanguards selected for this touchpoint",
        ),
        (
            {"description": "Call", "owner": "member_c", "due": TODAY},
            "owner",
            "Cara Sro is in another vanguard. Choose an owner from Alpha Vanguard or the NST",
        ),
    ],
)
def test_a_bad_action_row_is_refused_on_that_row_keeping_every_row(
    request, rm_client, rm, vanguard_a, vanguard_c, action, field, message
):
    people = {"rm": rm, "member_c": make_member(vanguard_c, full_name="Cara Sro")}
    people |= {
        name: request.getfixturevalue(name)
        for name in ("regional_lead", "member_b")
        if action["owner"] == name
    }
    bad = dict(action, owner=people.get(action["owner"]))
    if "vanguard" in bad:
        bad["vanguard"] = vanguard_c
    good = {"description": "A good action", "owner": rm, "due": TODAY}
    # Only Alpha is chosen (Charlie's members and Charlie itself are on the page as choices).
    data = touchpoint_form_data([vanguard_a], actions=[good, bad], summary="Keep me")
    html = _refused(rm_client, data)
    assert message in html
    assert f'href="#id_actions-1-{field}' in html  # the second row's field
    assert f"Action 2: {message}" in html  # the error summary says which row
    assert 'href="#id_actions-0-' not in html
    assert 'value="A good action"' in html
    assert "Keep me" in html
    if action["description"]:
        assert f'value="{action["description"]}"' in html


def test_row_errors_show_with_the_touchpoints_own_errors(rm_client, rm, vanguard_a):
    early = {"description": "Call", "owner": rm, "due": YESTERDAY - datetime.timedelta(days=3)}
    data = touchpoint_form_data([vanguard_a], actions=[early], summary="", duration_minutes="0")
    html = _refused(rm_client, data)
    assert "Enter a summary of the touchpoint" in html
    assert "Action 1: The due date must be on or after the touchpoint date" in html


def test_at_most_20_action_rows(rm_client, rm, vanguard_a):
    data = touchpoint_form_data([vanguard_a], rows=21)
    html = _refused(rm_client, data)
    assert "Add at most 20 actions at once" in html
    data = touchpoint_form_data([vanguard_a], rows=20, add_action="1")
    html = rm_client.post(URL, data).content.decode()
    assert 'name="actions-TOTAL_FORMS" value="20"' in html


# --- The service, called directly ---------------------------------------------------------


def _create(author, vanguards, **overrides):
    kwargs = {
        "author": author,
        "vanguards": vanguards,
        "date": YESTERDAY,
        "kind": Touchpoint.Kind.CHECK_IN,
        "channel": Touchpoint.Channel.PHONE,
        "duration_minutes": 30,
        "summary": "Quick call",
    }
    return touchpoint_create(**kwargs | overrides)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": TODAY + datetime.timedelta(days=1)}, "date"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 1441}, "duration_minutes"),
        ({"rag": RAG.RED, "rag_reason": ""}, "rag_reason"),
        ({"vanguards": []}, "vanguards"),
        ({"kind": "party"}, "kind"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_the_service_rechecks_every_rule(rm, vanguard_a, overrides, field):
    overrides = dict(overrides)
    with pytest.raises(TouchpointError) as refused:
        _create(rm, overrides.pop("vanguards", [vanguard_a]), **overrides)
    assert refused.value.field == field
    assert not Touchpoint.objects.exists()


def test_the_service_refuses_vanguards_the_author_may_not_log_for(rm, vanguard_a, vanguard_b):
    with pytest.raises(TouchpointError) as refused:
        _create(rm, [vanguard_a, vanguard_b])
    assert refused.value.message.startswith("You cannot log touchpoints for Bravo Vanguard.")
    with pytest.raises(TouchpointError):
        _create(UserFactory(role=Role.LEARNING), [vanguard_a])


def test_the_rm_lead_may_log_for_any_vanguard(rm_lead, vanguard_a, vanguard_b):
    touchpoint = _create(rm_lead, [vanguard_a, vanguard_b])
    assert touchpoint.vanguards.count() == 2
    assert list(touchpoint.nst_participants.all()) == [rm_lead]  # the author by default


def test_a_refused_action_rolls_back_the_whole_touchpoint(rm, vanguard_a, regional_lead):
    actions = [
        ActionDraft(description="Fine", owner=rm, due_date=TODAY),
        ActionDraft(description="Not NST", owner=regional_lead, due_date=TODAY),
    ]
    with pytest.raises(TouchpointError) as refused:
        _create(rm, [vanguard_a], actions=actions)
    assert (refused.value.field, refused.value.action_index) == ("owner", 1)
    assert "cannot own actions" in refused.value.message
    assert not Touchpoint.objects.exists()
    assert not Action.objects.exists()


def test_the_service_refuses_due_dates_before_the_touchpoint(rm, vanguard_a):
    early = ActionDraft(description="Late", owner=rm, due_date=YESTERDAY - datetime.timedelta(1))
    with pytest.raises(TouchpointError) as refused:
        _create(rm, [vanguard_a], actions=[early])
    assert (refused.value.field, refused.value.action_index) == ("due_date", 0)


def test_logging_makes_one_history_record_with_the_vanguards(rm, vanguard_a):
    touchpoint = _create(rm, [vanguard_a])
    record = touchpoint.history.get()
    assert record.history_type == "+"
    assert record.history_user == rm
    assert [row.vanguard for row in record.vanguards.all()] == [vanguard_a]


@pytest.mark.django_db
def test_a_touchpoint_names_itself_with_a_govuk_date():
    touchpoint = TouchpointFactory(date=datetime.date(2026, 9, 1))
    assert str(touchpoint) == "Check-in on 1 September 2026"


# --- What sending the form costs ----------------------------------------------------------


def _sent_by_a_browser(data: dict) -> dict:
    """With the page's CSRF token, as a browser sends it: the same-form guard claims it."""
    return data | {"csrfmiddlewaretoken": "t" * 64}


def test_logging_a_touchpoint_takes_six_queries(
    rm_client, rm, vanguard_a, django_assert_max_num_queries
):
    # The page as most touchpoints are logged (the bench's "touchpoint form submit"): one
    # vanguard, the action rows left blank. 1 the same-form guard claims the form (one INSERT
    # … ON CONFLICT), 2 session, 3 user, 4 the vanguard chosen, read and checked against the
    # RM's cohort groups at once (not again by the service; the blank rows read no owners or
    # vanguards), 5 the touchpoint, its vanguard, its one history record and the record's
    # vanguard, in one statement (all or nothing by itself: no transaction about it), 6 the
    # guard keeps where the form led.
    data = _sent_by_a_browser(touchpoint_form_data([vanguard_a]))
    with django_assert_max_num_queries(6):
        response = rm_client.post(URL, data)
    touchpoint = Touchpoint.objects.get()
    assert response["Location"] == f"/touchpoints/{touchpoint.pk}/"
    assert "has been saved." in html_of(rm_client.get(response["Location"]))
    # The one record is the touchpoint as saved, as simple-history would have written it.
    record = touchpoint.history.get()
    assert (record.history_type, record.history_user) == ("+", rm)
    assert record.history_change_reason is None
    fields = [field.attname for field in Touchpoint.history.model.tracked_fields]
    assert [getattr(record, name) for name in fields] == [
        getattr(touchpoint, name) for name in fields
    ]
    assert [row.vanguard for row in record.vanguards.all()] == [vanguard_a]


def test_vanguards_checked_for_one_person_are_checked_again_for_another(rm, rm_lead, vanguard_b):
    checked = LoggableVanguards([vanguard_b], actor=rm_lead)  # the RM lead may log for any
    with pytest.raises(TouchpointError) as refused:
        _create(rm, checked)
    assert refused.value.message.startswith("You cannot log touchpoints for Bravo Vanguard.")


def test_a_full_cohort_session_takes_fifteen_queries(
    rm_client, rm, vanguard_a, vanguard_c, learning_user, django_assert_max_num_queries
):
    sro = make_member(vanguard_c, full_name="Cara Sro")
    theme = ProgrammeTheme.objects.get(slug="service-design-and-delivery")
    data = touchpoint_form_data(
        [vanguard_a, vanguard_c],
        nst_participants=[rm.pk, learning_user.pk],
        vanguard_contacts=[sro.pk],
        themes=[theme.pk],
        actions=[{"description": "Share the toolkit", "owner": sro, "due": TODAY}],
    )
    # 1 the same-form guard, 2 session, 3 user, 4 vanguards, 5 NST participants, 6 contacts
    # (with their vanguards, which the checks use), 7 themes: each list read and checked in one
    # query; 8 the action's owner, 9 savepoint, 10 the touchpoint, its vanguards, themes,
    # participants and contacts, its history record and the record's themes and vanguards, in
    # one statement, 11 the action's vanguard checked (vanguards.services.actions), 12 the
    # action, 13 its history, 14 release, 15 the guard keeps where the form led.
    with django_assert_max_num_queries(15):
        response = rm_client.post(URL, _sent_by_a_browser(data))
    assert response.status_code == 302
    touchpoint = Touchpoint.objects.get()
    record = touchpoint.history.get()
    assert {row.vanguard for row in record.vanguards.all()} == {vanguard_a, vanguard_c}
    assert [row.programmetheme for row in record.themes.all()] == [theme]
    assert set(touchpoint.nst_participants.all()) == {rm, learning_user}


# --- One statement, as the ORM would write it ----------------------------------------------


def _written(touchpoint: Touchpoint) -> dict:
    """Everything logging `touchpoint` wrote, but for its ids and times."""
    record = touchpoint.history.get()
    tracked = [field.attname for field in Touchpoint.history.model.tracked_fields]
    moment = ("id", "created_at", "completed_at")
    return {
        "touchpoint": [getattr(touchpoint, name) for name in tracked if name not in moment],
        "links": {
            name: [
                getattr(row, f"{field.m2m_reverse_field_name()}_id")
                for row in field.remote_field.through.objects.filter(
                    touchpoint=touchpoint
                ).order_by("pk")
            ]
            for name in ("vanguards", "themes", "nst_participants", "vanguard_contacts")
            for field in [Touchpoint._meta.get_field(name)]
        },
        "record": [getattr(record, name) for name in tracked if name not in moment]
        + [record.history_type, record.history_user_id, record.history_change_reason],
        "record is the touchpoint": [getattr(record, name) for name in tracked]
        == [getattr(touchpoint, name) for name in tracked],
        # The record's rows are the touchpoint's rows: the same ids, in the same order.
        "record rows": {
            name: [
                (row.id, getattr(row, f"{target}_id"))
                for row in getattr(record, name).order_by("m2m_history_id")
            ]
            == [
                (link.pk, getattr(link, f"{target}_id"))
                for link in getattr(Touchpoint, name)
                .through.objects.filter(touchpoint=touchpoint)
                .order_by("pk")
            ]
            for name, target in (("vanguards", "vanguard"), ("themes", "programmetheme"))
        },
    }


def test_the_one_statement_writes_what_the_orm_writes(rm, vanguard_a, vanguard_c, learning_user):
    """On PostgreSQL a touchpoint, its rows and its record are inserted in one statement;
    elsewhere (SQLite, for `make run`) one INSERT at a time: both write the same."""
    from vanguards.services import touchpoints as services

    sro = make_member(vanguard_c, full_name="Cara Sro")
    themes = list(ProgrammeTheme.objects.order_by("name")[:2])
    related = {
        "vanguards": [vanguard_c, vanguard_a],
        "themes": themes,
        "nst_participants": [learning_user, rm],
        "vanguard_contacts": [sro],
    }
    written = []
    for insert in (services._insert_as_one_record, services._insert_with_the_orm):
        touchpoint = Touchpoint(
            date=YESTERDAY, kind="check_in", channel="video", duration_minutes=45, author=rm,
            summary="Both ways", rag=RAG.AMBER, rag_reason="Slow start", status="complete",
            completed_at=timezone.now(),
        )  # fmt: skip
        insert(touchpoint, rm, related)
        assert touchpoint.pk and not touchpoint._state.adding
        written.append(_written(Touchpoint.objects.get(pk=touchpoint.pk)))
    assert written[0] == written[1]
    assert written[0]["links"]["vanguards"] == [vanguard_c.pk, vanguard_a.pk]  # in the order given
    assert written[0]["links"]["themes"] == [theme.pk for theme in themes]
    assert written[0]["record is the touchpoint"] is True
    assert written[0]["record rows"] == {"vanguards": True, "themes": True}


def test_nothing_but_simple_history_listens_to_a_touchpoint_being_saved():
    """The one statement sends no save signals, as the ORM's bulk inserts send none, and writes
    the record simple-history's receiver would: a receiver added later would be passed over
    when a touchpoint is logged."""
    from django.db.models.signals import post_save, pre_save
    from simple_history.models import HistoricalRecords

    for signal in (pre_save, post_save):
        receivers = [receiver for found in signal._live_receivers(Touchpoint) for receiver in found]
        assert {type(getattr(receiver, "__self__", receiver)) for receiver in receivers} <= {
            HistoricalRecords
        }

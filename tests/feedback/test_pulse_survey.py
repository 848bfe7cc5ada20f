"""Answering the pulse survey: one response per person per quarter, changed by sending it
again while the survey is open, refused once it has closed, and bad input refused with a
message saying how to fix it, keeping what was typed."""

import datetime

import pytest
from django.urls import reverse

from feedback.models import PulseInvitation, PulseResponse, PulseSurvey
from feedback.services.pulse import PulseError, pulse_response_submit
from tests.roles import OK, each_role_gets

from .pulse import ANSWERS, answer, open_survey

URL = "/feedback/pulse/"


def post(client, **changes):
    data = {**ANSWERS, **changes}
    data["may_contact"] = "on" if data["may_contact"] else ""
    return client.post(URL, {k: v for k, v in data.items() if v != ""})


@pytest.mark.django_db
def test_a_member_answers_and_their_groups_are_recorded(login, member_a, vanguard_a, rm):
    survey = open_survey()
    response = post(login(member_a))
    assert response.status_code == 302 and response["Location"] == reverse("feedback:pulse_done")
    saved = PulseResponse.objects.get()
    assert (saved.satisfaction, saved.rm_support, saved.learning_usefulness) == (4, 5, 3)
    assert saved.vanguard == vanguard_a and saved.relationship_manager == rm
    assert saved.cohort_group.name == "Alpha group" and saved.region == vanguard_a.region
    # Answering counts them among those asked, for the response rate.
    assert PulseInvitation.objects.filter(survey=survey, person=member_a).exists()


@pytest.mark.django_db
def test_a_second_submission_changes_the_first(login, member_a):
    survey = open_survey()
    client = login(member_a)
    post(client)
    page = client.get(URL)
    assert "Change your answers" in page.content.decode()
    assert 'value="4" checked' in page.content.decode().replace("\n", " ").replace("  ", " ")
    post(client, satisfaction=1, even_better="Quicker replies")
    assert PulseResponse.objects.filter(survey=survey, person=member_a).count() == 1
    saved = PulseResponse.objects.get()
    assert (saved.satisfaction, saved.even_better) == (1, "Quicker replies")
    assert saved.submitted_at < saved.updated_at


@pytest.mark.django_db
def test_one_response_per_person_per_quarter_next_quarter_is_new(member_a):
    survey = open_survey()
    answer(survey, member_a)
    next_one = open_survey(survey.quarter.next())
    answer(next_one, member_a, satisfaction=2)
    assert PulseResponse.objects.filter(person=member_a).count() == 2


@pytest.mark.django_db
def test_a_closed_survey_refuses_answers_and_changes(login, member_a):
    survey = open_survey()
    answer(survey, member_a)
    PulseSurvey.objects.filter(pk=survey.pk).update(status=PulseSurvey.Status.CLOSED)
    survey.refresh_from_db()
    with pytest.raises(PulseError, match="closed"):
        answer(survey, member_a, satisfaction=1)
    assert PulseResponse.objects.get().satisfaction == 4
    page = login(member_a).get(URL)
    assert "The pulse survey is not open" in page.content.decode()


@pytest.mark.django_db
def test_a_survey_past_its_closing_day_refuses_changes_even_before_the_beat_closes_it(
    member_a,
):
    survey = open_survey()
    with pytest.raises(PulseError, match="closed"):
        answer(survey, member_a, today=survey.closes_on + datetime.timedelta(days=1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("satisfaction", "6", "Select how satisfied you are with the support, from 1 to 5"),
        ("rm_support", "0", "meets your needs, from 1 to 5"),
        ("learning_usefulness", "-1", "Select how useful the learning offer is, from 1 to 5"),
        ("satisfaction", "", "Select how satisfied you are with the support"),
        ("rm_support", "", "Select how well your relationship manager"),
        ("learning_usefulness", "", "Select how useful the learning offer is"),
        ("went_well", "x" * 2001, "2,000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_with_a_fix_and_nothing_typed_is_lost(
    login, member_a, field, value, message
):
    open_survey()
    response = post(login(member_a), **{field: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    # What was typed comes back: the free text and the other answers.
    if field != "even_better":
        assert ANSWERS["even_better"] in html
    assert PulseResponse.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("rating", [0, 6, None, "5"])
def test_the_service_refuses_ratings_outside_1_to_5(member_a, rating):
    with pytest.raises(PulseError, match="from 1 to 5"):
        pulse_response_submit(
            survey=open_survey(), person=member_a, **{**ANSWERS, "rm_support": rating}
        )


@pytest.mark.django_db
def test_only_members_answer(rm):
    with pytest.raises(PulseError, match="Only members"):
        answer(open_survey(), rm)


@pytest.mark.django_db
@each_role_gets({"member_a": OK, "member_b": OK})
def test_only_members_reach_the_survey(client, cast, role, expected):
    open_survey()
    client.force_login(cast[role])
    assert client.get(URL).status_code == expected
    assert client.get("/feedback/pulse/done/").status_code == expected


@pytest.mark.django_db
def test_the_form_has_the_govuk_scale_and_the_personal_information_hint(login, member_a):
    open_survey()
    html = login(member_a).get(URL).content.decode()
    for label in ("Very satisfied", "Neither satisfied nor dissatisfied", "Very dissatisfied"):
        assert label in html
    assert html.count("Do not include personal information") == 2
    assert "You may contact me about my answers" in html


@pytest.mark.django_db
def test_the_member_home_shows_the_open_survey_as_a_task(login, member_a):
    client = login(member_a)
    assert "Pulse survey" not in client.get("/").content.decode()
    survey = open_survey()
    html = client.get("/").content.decode()
    assert f"Tell us how the National Support Team is doing: {survey.quarter}" in html
    assert "Not started" in html
    answer(survey, member_a)
    html = client.get("/").content.decode()
    assert "You can change your answers until then" in html

"""The NST tags free-text pulse answers and concerns with programme themes, which the
quarterly strategic review counts: who may tag what (another's hidden concern or an answer
about themselves is a 404), what is shown, and a bad choice refused with nothing changed."""

import pytest

from feedback.selectors.quality import theme_counts
from tests.factories import ConcernFactory, make_member
from tests.roles import each_role_gets
from workwell.models import ProgrammeTheme

from .pulse import answer, open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    return [
        ProgrammeTheme.objects.get_or_create(slug=slug, defaults={"name": name, "order": n})[0]
        for n, (slug, name) in enumerate(
            [("employers", "Employer engagement"), ("data", "Data and evaluation")]
        )
    ]


@pytest.fixture
def response(cast):
    survey = open_survey()
    return answer(survey, cast["member_a"], even_better="Sessions clash with clinics.")


def _tag_answer(client, response, themes):
    return client.post(
        f"/feedback/results/answers/{response.pk}/themes/",
        {"themes": [theme.pk for theme in themes]},
    )


@pytest.mark.parametrize("role", ["admin_user", "rm_lead", "learning_user"])
def test_readers_of_free_text_tag_an_answer_and_see_the_tags(client, cast, role, response, themes):
    client.force_login(cast[role])
    reply = _tag_answer(client, response, themes[:1])
    assert reply.status_code == 302 and f"#answer-{response.pk}" in reply["Location"]
    assert list(response.themes.all()) == themes[:1]
    page = client.get(reply["Location"].split("#")[0]).content.decode()
    assert "Employer engagement" in page.split("What members said")[1]
    assert "Tag this answer with themes" in page
    assert [(c.theme, c.pulse_answers) for c in theme_counts(response.survey.quarter)] == [
        ("Employer engagement", 1)
    ]


@pytest.mark.parametrize("role", ["rm", "member_a", "regional_lead", "programme_lead"])
def test_others_cannot_tag_answers(client, cast, role, response, themes):
    client.force_login(cast[role])
    assert _tag_answer(client, response, themes).status_code == 404
    assert not response.themes.exists()


def test_an_answer_about_the_rm_lead_is_not_theirs_to_tag(client, cast, response, themes):
    type(response).objects.filter(pk=response.pk).update(relationship_manager=cast["rm_lead"])
    client.force_login(cast["rm_lead"])
    assert _tag_answer(client, response, themes).status_code == 404


def test_an_unknown_theme_is_refused_and_nothing_changes(client, cast, response, themes):
    response.themes.set(themes[:1])
    client.force_login(cast["admin_user"])
    reply = client.post(
        f"/feedback/results/answers/{response.pk}/themes/", {"themes": ["999999"]}, follow=True
    )
    assert "Select themes from the list" in reply.content.decode()
    assert list(response.themes.all()) == themes[:1]


def test_no_themes_removes_the_tags(client, cast, response, themes):
    response.themes.set(themes)
    client.force_login(cast["admin_user"])
    _tag_answer(client, response, [])
    assert not response.themes.exists()


def test_the_nst_tags_a_concern_it_handles(client, cast, vanguard_a, themes):
    concern = ConcernFactory(vanguard=vanguard_a, raised_by=cast["member_a"])
    client.force_login(cast["rm"])
    page = client.get(f"/feedback/concerns/{concern.pk}/").content.decode()
    assert "Programme themes" in page and "Not tagged yet." in page
    reply = client.post(
        f"/feedback/concerns/{concern.pk}/themes/", {"themes": [themes[1].pk]}, follow=True
    )
    assert "Tagged with Data and evaluation." in reply.content.decode()
    assert list(concern.themes.all()) == [themes[1]]


def test_the_raiser_neither_sees_nor_sets_the_tags(client, cast, vanguard_a, themes):
    concern = ConcernFactory(vanguard=vanguard_a, raised_by=cast["member_a"])
    concern.themes.set(themes[:1])
    client.force_login(cast["member_a"])
    page = client.get(f"/feedback/concerns/{concern.pk}/").content.decode()
    assert "Employer engagement" not in page
    reply = client.post(f"/feedback/concerns/{concern.pk}/themes/", {"themes": [themes[1].pk]})
    assert reply.status_code == 404
    assert list(concern.themes.all()) == themes[:1]


def test_a_complaint_about_an_rm_stays_hidden_from_them(client, cast, vanguard_a, themes):
    concern = ConcernFactory(
        vanguard=vanguard_a, raised_by=cast["member_a"], kind="complaint", about_rm=cast["rm"]
    )
    client.force_login(cast["rm"])
    reply = client.post(f"/feedback/concerns/{concern.pk}/themes/", {"themes": [themes[0].pk]})
    assert reply.status_code == 404
    assert not concern.themes.exists()


FOUND = 302  # tagged, and sent back to the page


@each_role_gets({"admin_user": FOUND, "rm_lead": FOUND, "learning_user": FOUND})
def test_each_role_tagging_an_answer(client, cast, role, expected, response, themes):
    client.force_login(cast[role])
    assert _tag_answer(client, response, themes).status_code == expected
    assert response.themes.exists() is (expected == FOUND)


@each_role_gets({"admin_user": FOUND, "rm_lead": FOUND, "rm": FOUND})
def test_each_role_tagging_a_concern(client, cast, role, expected, vanguard_a, themes):
    concern = ConcernFactory(vanguard=vanguard_a, raised_by=cast["member_a"])
    client.force_login(cast[role])
    reply = client.post(f"/feedback/concerns/{concern.pk}/themes/", {"themes": [themes[0].pk]})
    assert reply.status_code == expected
    assert concern.themes.exists() is (expected == FOUND)


@pytest.fixture
def many_answers(cast, vanguard_a):
    """27 answers with free text in this quarter's survey: two pages of 25."""
    survey = open_survey()
    people = [cast["member_a"], *(make_member(vanguard_a) for _ in range(26))]
    return [
        answer(survey, person, even_better=f"Answer number {n}.") for n, person in enumerate(people)
    ]


def test_free_text_answers_are_shown_25_a_page(client, cast, many_answers):
    client.force_login(cast["learning_user"])
    first = client.get("/feedback/results/").content.decode()
    assert "27 answers with free text this quarter." in first
    assert first.count('class="govuk-summary-card" id="answer-') == 25
    assert "Answer number 0." in first and "Answer number 25." not in first
    assert 'aria-label="Pages of what members said"' in first
    second = client.get("/feedback/results/", {"answers_page": "2"}).content.decode()
    assert second.count('class="govuk-summary-card" id="answer-') == 2
    assert "Answer number 25." in second and "Answer number 26." in second
    # A page past the last, or not a number, shows the last or the first, as lists do.
    assert "Answer number 26." in client.get("/feedback/results/?answers_page=99").content.decode()
    assert "Answer number 0." in client.get("/feedback/results/?answers_page=x").content.decode()


def test_tagging_an_answer_returns_to_the_page_it_is_on(client, cast, many_answers, themes):
    client.force_login(cast["learning_user"])
    last = many_answers[-1]
    reply = _tag_answer(client, last, themes[:1])
    assert f"answers_page=2#answer-{last.pk}" in reply["Location"]
    page = client.get(reply["Location"].split("#")[0]).content.decode()
    assert f'id="answer-{last.pk}"' in page
    reply = _tag_answer(client, many_answers[0], themes[:1])
    assert f"answers_page=1#answer-{many_answers[0].pk}" in reply["Location"]

"""/learning/lessons/: filters (status, theme, vanguard, search), pagination, empty states and a
query budget that does not grow with the lessons."""

import pytest

from learning.models import Lesson
from tests.factories import LessonFactory
from workwell.models import ProgrammeTheme

Status = Lesson.Status


def theme(slug) -> ProgrammeTheme:
    return ProgrammeTheme.objects.get(slug=slug)


@pytest.fixture
def library(cast, vanguard_a, vanguard_b):
    champions = LessonFactory(
        title="Employer champions",
        vanguard=vanguard_a,
        author=cast["member_a"],
        status=Status.PUBLISHED,
        tried="Champions in the chamber of commerce.",
    )
    champions.themes.set([theme("partnership-and-system-working")])
    huddles = LessonFactory(
        title="Advisers in GP huddles", vanguard=vanguard_b, status=Status.PUBLISHED
    )
    huddles.themes.set([theme("health-and-employment-pathways")])
    draft = LessonFactory(title="Half-written idea", vanguard=vanguard_a, author=cast["member_a"])
    return {"champions": champions, "huddles": huddles, "draft": draft}


def titles(html: str, library) -> set[str]:
    return {key for key, lesson in library.items() if lesson.title in html}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"champions", "huddles", "draft"}),
        ("?status=draft", {"draft"}),
        ("?status=published", {"champions", "huddles"}),
        ("?theme=health-and-employment-pathways", {"huddles"}),
        ("?vanguard=alpha", {"champions", "draft"}),
        ("?q=chamber+commerce", {"champions"}),  # every word, in any part of the lesson
        ("?q=chamber+huddles", set()),
    ],
)
def test_filters_narrow_the_list(client, cast, library, query, expected):
    client.force_login(cast["member_a"])
    html = client.get(f"/learning/lessons/{query}").content.decode()
    assert titles(html, library) == expected


@pytest.mark.django_db
def test_a_network_partner_gets_no_status_filter_and_only_published_vanguards(
    client, cast, library, vanguard_a, vanguard_b
):
    library["huddles"].delete()  # Bravo now has no published lesson
    client.force_login(cast["network_partner"])
    html = client.get("/learning/lessons/?status=draft").content.decode()
    assert titles(html, library) == {"champions"}  # the status filter is not theirs
    assert 'name="status"' not in html
    assert f'value="{vanguard_a.slug}"' in html
    assert f'value="{vanguard_b.slug}"' not in html  # nothing about a vanguard beyond lessons


@pytest.mark.django_db
def test_empty_states(client, cast, library):
    client.force_login(cast["network_partner"])
    html = client.get("/learning/lessons/?q=nothing-like-this").content.decode()
    assert "No lessons match these filters." in html
    Lesson.objects.all().delete()
    html = client.get("/learning/lessons/").content.decode()
    assert "No lessons have been published yet." in html
    assert "Write the first one" not in html  # partners do not write lessons
    client.force_login(cast["member_a"])
    assert "Write the first one" in client.get("/learning/lessons/").content.decode()


@pytest.mark.django_db
def test_the_list_is_paginated(client, cast):
    for number in range(21):
        LessonFactory(title=f"Lesson number {number:02d}", status=Status.PUBLISHED)
    client.force_login(cast["network_partner"])
    first = client.get("/learning/lessons/?sort=title").content.decode()
    assert "govuk-pagination" in first
    assert "Lesson number 00" in first and "Lesson number 20" not in first
    assert "Lesson number 20" in client.get("/learning/lessons/?sort=title&page=2").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member_a", "learning_user", "network_partner"])
def test_list_query_budget_does_not_grow_with_lessons(
    client, cast, vanguard_a, role, django_assert_max_num_queries
):
    client.force_login(cast[role])
    for more in (2, 15):
        for _ in range(more):
            lesson = LessonFactory(vanguard=vanguard_a, status=Status.PUBLISHED)
            lesson.themes.set([theme("workforce-and-skills")])
        # 1 session, 2 user, 3 the user's registry link (membership or partner organisation),
        # 4 the member's vanguard for the navigation, 5 the paginator's count, 6 the theme
        # choices, 7 the vanguard choices of the filters, 8 one page of lessons with their
        # vanguards and authors, 9 their themes (one prefetch).
        with django_assert_max_num_queries(9):
            assert client.get("/learning/lessons/").status_code == 200

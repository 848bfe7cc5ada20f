"""Who may open each lesson page, per role (DESIGN.md §3 and issue 9): published lessons are
for everyone signed in, network partners included; drafts, submitted and returned lessons for
their author, their vanguard's members and the NST; only the author changes a draft or a
returned lesson; the learning team and admins review and link."""

import pytest

from learning.models import Lesson
from tests.factories import LessonFactory
from tests.roles import OK, each_role_gets, everyone
from vanguards import permissions

Status = Lesson.Status
NST = {"admin_user": OK, "rm": OK, "rm_lead": OK, "learning_user": OK}
REVIEWERS = {"admin_user": OK, "learning_user": OK}


@pytest.fixture
def lessons(cast, vanguard_a, vanguard_b):
    """Vanguard A's lessons in every state, by member A; B's draft by member B; one NST draft."""
    author = cast["member_a"]
    made = {
        status: LessonFactory(vanguard=vanguard_a, author=author, status=status)
        for status in Status.values
    }
    made["b_draft"] = LessonFactory(vanguard=vanguard_b, author=cast["member_b"])
    made["nst_draft"] = LessonFactory(vanguard=None, author=cast["learning_user"])
    return made


PAGES = {
    # Vanguard A's lessons
    "/learning/lessons/{draft}/": {**NST, "member_a": OK},
    "/learning/lessons/{submitted}/": {**NST, "member_a": OK},
    "/learning/lessons/{returned}/": {**NST, "member_a": OK},
    "/learning/lessons/{published}/": everyone(OK),
    # Another vanguard's draft is a 404 to vanguard A (existence does not leak).
    "/learning/lessons/{b_draft}/": {**NST, "member_b": OK},
    # A lesson the NST wrote about the programme as a whole.
    "/learning/lessons/{nst_draft}/": NST,
    "/learning/lessons/999999/": {},
    # Only the author changes a draft or a returned lesson.
    "/learning/lessons/{draft}/edit/": {"member_a": OK},
    "/learning/lessons/{returned}/edit/": {"member_a": OK},
    "/learning/lessons/{submitted}/edit/": {},
    "/learning/lessons/{published}/edit/": {},
    "/learning/lessons/{nst_draft}/edit/": {"learning_user": OK},
    # The learning team and admins review submitted lessons and link published ones.
    "/learning/lessons/{submitted}/review/": REVIEWERS,
    "/learning/lessons/{draft}/review/": {},
    "/learning/lessons/{published}/review/": {},
    "/learning/lessons/{published}/links/": REVIEWERS,
    "/learning/lessons/{submitted}/links/": {},
}


@each_role_gets(PAGES)
def test_lesson_pages_answer_each_role(client, cast, lessons, url, role, expected):
    client.force_login(cast[role])
    ids = {key: lesson.pk for key, lesson in lessons.items()}
    response = client.get(url.format(**ids))
    assert response.status_code == expected


@each_role_gets({**NST, "member_a": OK})
def test_the_list_shows_drafts_only_to_those_who_may_see_them(
    client, cast, lessons, role, expected
):
    client.force_login(cast[role])
    html = client.get("/learning/lessons/").content.decode()
    assert lessons["published"].title in html  # everyone
    for status in (Status.DRAFT, Status.SUBMITTED, Status.RETURNED):
        assert (lessons[status].title in html) is (expected == OK)


@pytest.mark.django_db
def test_the_yes_no_answer_agrees_with_the_list_for_every_role_and_lesson(cast, lessons):
    every = Lesson.objects.all()
    for user in cast.values():
        listed = set(permissions.lessons_visible_to(user, every).values_list("pk", flat=True))
        for lesson in lessons.values():
            assert permissions.can_view_lesson(user, lesson) is (lesson.pk in listed)


@pytest.mark.django_db
def test_a_member_who_moved_vanguard_no_longer_edits_their_old_vanguards_draft(
    client, cast, lessons, vanguard_b
):
    member = cast["member_a"]
    member.vanguard_membership.vanguard = vanguard_b
    member.vanguard_membership.save()
    client.force_login(member)
    assert client.get(f"/learning/lessons/{lessons['draft'].pk}/edit/").status_code == 404
    # They still read what they wrote.
    assert client.get(f"/learning/lessons/{lessons['draft'].pk}/").status_code == 200


@pytest.mark.django_db
def test_network_partners_see_no_return_reason_or_history_of_a_published_lesson(
    client, cast, lessons
):
    lesson = lessons["published"]
    client.force_login(cast["network_partner"])
    html = client.get(f"/learning/lessons/{lesson.pk}/").content.decode()
    assert lesson.title in html
    assert "History of this lesson" not in html
    client.force_login(cast["member_a"])
    assert (
        "History of this lesson" in client.get(f"/learning/lessons/{lesson.pk}/").content.decode()
    )

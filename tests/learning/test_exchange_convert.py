"""The learning team turns a thread into a draft lesson or a draft toolkit item, prefilled from
the thread (the answer that helped first, hidden posts left out) and linked both ways."""

import pytest

from learning.models import ExchangeQuestion, Lesson, ToolkitItem, ToolkitVersion
from learning.services.exchange import helpful_mark, post_hide
from tests.factories import ToolkitVersionFactory

from .exchange_helpers import answer, ask, theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(cast):
    question = ask(
        cast["member_a"],
        "Has anyone got GP fit-note referrals working?",
        themes=[theme(), theme("workforce-and-skills")],
    )
    answer(cast["rm"], question, "Try the Chamber of Commerce.")
    helped = answer(cast["network_partner"], question, "Advisers in the PCN huddles.")
    secret = answer(cast["member_b"], question, "Call Mrs Smith directly.")
    post_hide(actor=cast["learning_user"], post=secret, reason="A person's name")
    helpful_mark(actor=cast["member_a"], question=question, answer=helped)
    return question


def test_a_thread_becomes_a_draft_lesson_linked_back(client, cast, thread):
    client.force_login(cast["learning_user"])
    response = client.post(f"/learning/exchange/{thread.pk}/convert/", {"into": "lesson"})
    lesson = Lesson.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/learning/lessons/{lesson.pk}/edit/"
    assert lesson.status == Lesson.Status.DRAFT
    assert lesson.title == thread.title
    assert lesson.author == cast["learning_user"]
    assert lesson.vanguard is None  # the NST's, not a vanguard's record
    assert "Our GPs send few fit-note referrals" in lesson.problem
    assert lesson.tried.index("PCN huddles") < lesson.tried.index("Chamber of Commerce")
    assert "Mrs Smith" not in lesson.tried
    assert f"/learning/exchange/{thread.pk}/" in lesson.takeaways
    assert set(lesson.themes.values_list("slug", flat=True)) == {
        "health-and-employment-pathways",
        "workforce-and-skills",
    }
    assert ExchangeQuestion.objects.get(pk=thread.pk).lesson == lesson
    page = client.get(f"/learning/exchange/{thread.pk}/").content.decode()
    assert f'href="/learning/lessons/{lesson.pk}/"' in page
    # A second conversion into a lesson is refused: the thread already has one.
    client.post(f"/learning/exchange/{thread.pk}/convert/", {"into": "lesson"})
    assert Lesson.objects.count() == 1


def test_a_thread_becomes_a_draft_toolkit_item_in_the_open_version(client, cast, thread):
    version = ToolkitVersionFactory(number="0.3")
    client.force_login(cast["admin_user"])
    response = client.post(f"/learning/exchange/{thread.pk}/convert/", {"into": "toolkit_item"})
    item = ToolkitItem.objects.get()
    assert response["Location"] == f"/learning/toolkit/0.3/items/{item.pk}/edit/"
    assert item.version == version and version.status == ToolkitVersion.Status.DRAFT
    assert item.kind == ToolkitItem.Kind.GUIDE
    assert "PCN huddles" in item.body and "Mrs Smith" not in item.body
    assert f"/learning/exchange/{thread.pk}/" in item.body
    assert item.themes.count() == 2
    assert ExchangeQuestion.objects.get(pk=thread.pk).toolkit_item == item


def test_no_open_toolkit_version_is_said_plainly(client, cast, thread):
    client.force_login(cast["learning_user"])
    response = client.post(
        f"/learning/exchange/{thread.pk}/convert/", {"into": "toolkit_item"}, follow=True
    )
    assert "Start a draft version of the toolkit first." in response.content.decode()
    assert not ToolkitItem.objects.exists()


@pytest.mark.parametrize("role", ["rm", "member_a", "network_partner"])
def test_only_the_learning_team_and_admins_convert(client, cast, thread, role):
    client.force_login(cast[role])
    response = client.post(f"/learning/exchange/{thread.pk}/convert/", {"into": "lesson"})
    assert response.status_code == 404
    assert not Lesson.objects.exists()

"""The lesson review workflow (issue 9): a vanguard member writes a lesson and submits it;
the learning team returns it with a reason or publishes it; the author changes a returned
lesson and resubmits it; published lessons are read by everyone and linked to what they
informed. Every step keeps the lesson's history."""

import pytest
from django.db import IntegrityError

from learning.models import Lesson
from learning.selectors.lessons import lesson_history
from learning.services.lessons import LessonError, lesson_publish, lesson_return
from maturity.selectors.framework import framework_current
from tests.factories import (
    LessonFactory,
    SupportOfferFactory,
    ToolkitItemFactory,
    publish_toolkit_version,
)
from workwell.models import ProgrammeTheme

Status = Lesson.Status


def lesson_data(**fields) -> dict:
    theme = ProgrammeTheme.objects.get(slug="health-and-employment-pathways")
    dimension = framework_current().dimensions.order_by("order").first()
    data = {
        "title": "Employer champions cut referral waits",
        "problem": "Employers did not know the service existed.",
        "tried": "We recruited **employer champions** in the chamber of commerce.",
        "happened": "Self-referrals from employers rose by a third.",
        "takeaways": "* Work through bodies employers already trust\n* Start small",
        "themes": [theme.pk],
        "dimensions": [dimension.pk],
        "action": "save",
    }
    data.update(fields)
    return data


@pytest.mark.django_db
def test_a_member_writes_submits_gets_it_returned_resubmits_and_it_is_published(
    client, cast, vanguard_a, vanguard_b
):
    member, learning = cast["member_a"], cast["learning_user"]
    client.force_login(member)
    # A member writes for their own vanguard, whatever the request says.
    response = client.post("/learning/lessons/new/", lesson_data(vanguard=vanguard_b.pk))
    lesson = Lesson.objects.get()
    assert response.status_code == 302
    assert (lesson.vanguard, lesson.author, lesson.status) == (vanguard_a, member, Status.DRAFT)
    assert [t.slug for t in lesson.themes.all()] == ["health-and-employment-pathways"]
    assert lesson.dimensions.count() == 1

    client.post(f"/learning/lessons/{lesson.pk}/edit/", lesson_data(action="submit"))
    lesson.refresh_from_db()
    assert lesson.status == Status.SUBMITTED

    client.force_login(learning)
    url = f"/learning/lessons/{lesson.pk}/review/"
    response = client.post(url, {"decision": "return", "reason": "  "})
    assert response.status_code == 200
    assert "Enter why you are returning the lesson" in response.content.decode()
    lesson.refresh_from_db()
    assert lesson.status == Status.SUBMITTED

    client.post(url, {"decision": "return", "reason": "Say how many employers took part."})
    lesson.refresh_from_db()
    assert lesson.status == Status.RETURNED
    assert lesson.reviewed_by == learning

    client.force_login(member)
    html = client.get(f"/learning/lessons/{lesson.pk}/").content.decode()
    assert "Say how many employers took part." in html
    client.post(
        f"/learning/lessons/{lesson.pk}/edit/",
        lesson_data(happened="Forty employers took part.", action="submit"),
    )
    lesson.refresh_from_db()
    assert (lesson.status, lesson.happened) == (Status.SUBMITTED, "Forty employers took part.")
    assert lesson.return_reason == ""

    client.force_login(learning)
    client.post(url, {"decision": "publish"})
    lesson.refresh_from_db()
    assert lesson.status == Status.PUBLISHED
    assert lesson.published_at is not None

    # Published: read by a network partner, changed by no one.
    client.force_login(cast["network_partner"])
    html = client.get(f"/learning/lessons/{lesson.pk}/").content.decode()
    assert "<strong>employer champions</strong>" in html
    client.force_login(member)
    response = client.post(f"/learning/lessons/{lesson.pk}/edit/", lesson_data(title="Changed"))
    assert response.status_code == 404
    lesson.refresh_from_db()
    assert lesson.title == "Employer champions cut referral waits"

    # One entry per save, newest first (the rows simple-history adds for the themes and
    # dimensions set by the same save are folded into it).
    history = lesson_history(lesson)
    assert [entry.status for entry in history] == [
        "published",
        "submitted",
        "returned",
        "submitted",
        "draft",
    ]
    assert [entry.history_user for entry in history] == [learning, member, learning, member, member]


@pytest.mark.django_db
def test_nst_staff_write_lessons_about_the_programme_as_a_whole(client, cast, vanguard_a):
    client.force_login(cast["rm"])
    client.post("/learning/lessons/new/", lesson_data(vanguard=""))
    client.post("/learning/lessons/new/", lesson_data(title="About Alpha", vanguard=vanguard_a.pk))
    lessons = {lesson.title: lesson.vanguard for lesson in Lesson.objects.all()}
    assert lessons == {"Employer champions cut referral waits": None, "About Alpha": vanguard_a}


@pytest.mark.django_db
def test_a_missing_answer_is_reported_and_the_rest_of_the_form_is_kept(client, cast):
    client.force_login(cast["member_a"])
    response = client.post("/learning/lessons/new/", lesson_data(problem=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter what the problem was" in html
    assert "Self-referrals from employers rose by a third." in html
    assert not Lesson.objects.exists()


@pytest.mark.django_db
def test_text_is_rendered_as_markdown_without_raw_html(client, cast):
    lesson = LessonFactory(
        status=Status.PUBLISHED, problem="<script>alert(1)</script>Slow *referrals*"
    )
    client.force_login(cast["network_partner"])
    html = client.get(f"/learning/lessons/{lesson.pk}/").content.decode()
    assert "<script>alert(1)" not in html
    assert "Slow <em>referrals</em>" in html


@pytest.mark.django_db
def test_only_submitted_lessons_are_reviewed_and_only_once(cast):
    lesson = LessonFactory(status=Status.SUBMITTED)
    lesson_publish(actor=cast["learning_user"], lesson=lesson)
    with pytest.raises(LessonError):
        lesson_return(actor=cast["admin_user"], lesson=lesson, reason="Too late")
    with pytest.raises(LessonError):  # a member cannot review, even through the service
        lesson_publish(actor=cast["member_a"], lesson=LessonFactory(status=Status.SUBMITTED))


@pytest.mark.django_db
def test_the_database_refuses_a_returned_lesson_without_a_reason():
    with pytest.raises(IntegrityError):
        LessonFactory(status=Status.RETURNED, return_reason="")


@pytest.mark.django_db
def test_the_learning_team_links_a_published_lesson_to_the_support_it_informed(client, cast):
    lesson = LessonFactory(status=Status.PUBLISHED)
    offer = SupportOfferFactory(title="Employer engagement masterclass")
    client.force_login(cast["learning_user"])
    response = client.post(f"/learning/lessons/{lesson.pk}/links/", {"support_offers": [offer.pk]})
    assert response.status_code == 302
    assert list(lesson.support_offers.all()) == [offer]
    client.force_login(cast["network_partner"])
    html = client.get(f"/learning/lessons/{lesson.pk}/").content.decode()
    assert f'href="/learning/offers/{offer.pk}/">Employer engagement masterclass' in html


@pytest.mark.django_db
def test_a_published_lesson_is_linked_to_the_toolkit_items_it_shaped(client, cast):
    lesson = LessonFactory(status=Status.PUBLISHED)
    item = ToolkitItemFactory(title="Employer engagement guide")
    draft_item = ToolkitItemFactory(title="Not yet published")
    publish_toolkit_version(item.version)
    client.force_login(cast["learning_user"])
    page = client.get(f"/learning/lessons/{lesson.pk}/links/").content.decode()
    assert f"Employer engagement guide (toolkit version {item.version.number})" in page
    assert "Not yet published" not in page  # only items of published versions
    url = f"/learning/lessons/{lesson.pk}/links/"
    assert client.post(url, {"toolkit_items": [draft_item.pk]}).status_code == 200  # refused
    client.post(url, {"toolkit_items": [item.pk]})
    assert list(lesson.toolkit_items.all()) == [item]
    client.force_login(cast["network_partner"])
    html = client.get(f"/learning/lessons/{lesson.pk}/").content.decode()
    assert f'href="/learning/toolkit/{item.version.number}/items/{item.pk}/">' in html

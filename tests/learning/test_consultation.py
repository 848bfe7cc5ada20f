"""Consultation comments: sent while a version is in consultation, answered by the learning
team (accepted, declined with a reason, answered), and an accepted one linked to the change it
led to, shown to the commenter on the comment, the item and the comparison."""

import pytest

from learning.models import ConsultationComment, ToolkitItem, ToolkitVersion
from learning.services import consultation as services
from learning.services import toolkit as toolkit_services
from tests.factories import ToolkitItemFactory, ToolkitVersionFactory, publish_toolkit_version
from vanguards import permissions

pytestmark = pytest.mark.django_db
Status = ConsultationComment.Status


def _first_item(version):
    return version.items.order_by("order").first()


def test_a_member_comments_on_an_item_from_its_page(client, member_a, in_consultation):
    item = _first_item(in_consultation)
    client.force_login(member_a)
    page = client.get(f"/learning/toolkit/0.2/items/{item.pk}/").content.decode()
    assert 'action="/learning/toolkit/0.2/comments/new/"' in page
    assert 'name="comment-item"' in page and f'value="{item.pk}"' in page

    response = client.post(
        "/learning/toolkit/0.2/comments/new/",
        {"comment-item": item.pk, "comment-text": "Add a version for small employers."},
    )
    assert response.status_code == 302
    sent = ConsultationComment.objects.get()
    assert (sent.item, sent.author, sent.vanguard) == (
        item,
        member_a,
        member_a.vanguard_membership.vanguard,
    )
    assert sent.status == Status.OPEN


def test_an_nst_comment_on_the_whole_version_has_no_vanguard(client, rm, in_consultation):
    client.force_login(rm)
    assert "Comment on version 0.2" in client.get("/learning/toolkit/0.2/").content.decode()
    response = client.post(
        "/learning/toolkit/0.2/comments/new/", {"comment-text": "Shorter, please."}
    )
    assert response.status_code == 302
    sent = ConsultationComment.objects.get()
    assert sent.item is None and sent.vanguard is None and sent.on_whole_version


def test_an_empty_comment_is_refused_and_says_why(client, member_a, in_consultation):
    client.force_login(member_a)
    response = client.post("/learning/toolkit/0.2/comments/new/", {"comment-text": " "})
    assert response.status_code == 200
    assert "Enter your comment" in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_comments_are_taken_only_while_a_version_is_in_consultation(client, member_a, db):
    draft = ToolkitVersionFactory(number="0.9")
    with pytest.raises(services.ConsultationError):
        services.comment_add(author=member_a, version=draft, text="Too early")
    published = publish_toolkit_version(ToolkitVersionFactory(number="0.8"))
    client.force_login(member_a)
    response = client.post("/learning/toolkit/0.8/comments/new/", {"comment-text": "Too late"})
    assert response.status_code == 404
    assert "Comment on version" not in client.get("/learning/toolkit/0.8/").content.decode()
    assert published.consultation_comments.count() == 0


@pytest.mark.parametrize(
    ("status", "response", "error"),
    [
        (Status.DECLINED, "", "Enter the reason for declining the comment"),
        (Status.ANSWERED, "", "Enter your answer to the comment"),
    ],
)
def test_declining_needs_a_reason_and_answering_an_answer(
    client,
    learning_user,
    comments,
    status,
    response,
    error,
):
    client.force_login(learning_user)
    page = client.post(
        f"/learning/comments/{comments['a'].pk}/answer/", {"status": status, "response": response}
    )
    assert page.status_code == 200
    assert error in page.content.decode()
    comments["a"].refresh_from_db()
    assert comments["a"].status == Status.OPEN


def test_the_commenters_vanguard_sees_the_learning_teams_answer(
    client,
    learning_user,
    member_a,
    comments,
):
    client.force_login(learning_user)
    response = client.post(
        f"/learning/comments/{comments['a'].pk}/answer/",
        {"status": Status.DECLINED, "response": "Out of scope for the toolkit."},
    )
    assert response.status_code == 302
    comments["a"].refresh_from_db()
    assert comments["a"].status == Status.DECLINED
    assert comments["a"].answered_by == learning_user

    client.force_login(member_a)
    page = client.get(f"/learning/comments/{comments['a'].pk}/").content.decode()
    assert "Declined" in page
    assert "Reason for declining" in page and "Out of scope for the toolkit." in page
    assert "Answer the comment" not in page  # the form is the learning team's


def test_a_member_lists_only_their_own_vanguards_comments(client, member_a, comments):
    client.force_login(member_a)
    page = client.get("/learning/comments/?version=0.2").content.decode()
    assert "Alpha&#x27;s comment" in page or "Alpha's comment" in page
    assert "Bravo" not in page
    assert "The RM&#x27;s comment" not in page and "The RM's comment" not in page


def test_the_learning_team_filters_the_comments_by_status_and_item(
    client,
    learning_user,
    comments,
):
    services.comment_answer(
        actor=learning_user, comment=comments["b"], status=Status.ACCEPTED, response=""
    )
    client.force_login(learning_user)
    accepted = client.get("/learning/comments/?version=0.2&status=accepted").content.decode()
    assert "Bravo&#x27;s comment" in accepted and "Alpha&#x27;s comment" not in accepted
    item = comments["a"].item
    on_item = client.get(f"/learning/comments/?version=0.2&item={item.pk}").content.decode()
    assert "Alpha&#x27;s comment" in on_item and "The RM&#x27;s comment" not in on_item


# --- The change an accepted comment led to ----------------------------------------------------


@pytest.fixture
def accepted_and_changed(learning_user, comments):
    """Member A's comment on 0.2 accepted; 0.2 published; 0.3 (in consultation) changes the
    item, and the comment is linked to the changed copy."""
    services.comment_answer(
        actor=learning_user, comment=comments["a"], status=Status.ACCEPTED, response="Agreed."
    )
    old_item = comments["a"].item
    version = ToolkitVersion.objects.get(number="0.2")
    toolkit_services.toolkit_version_move(actor=learning_user, version=version, to="published")
    following = ToolkitVersionFactory(number="0.3")
    changed = ToolkitItemFactory(
        version=following,
        lineage=old_item.lineage,
        copied_from=old_item,
        title=old_item.title,
        summary=old_item.summary,
        body="Read this first. Then see the example for small employers.",
    )
    services.comment_link_change(actor=learning_user, comment=comments["a"], item=changed)
    following.status = ToolkitVersion.Status.CONSULTATION
    following.save()
    return changed


def test_the_commenter_sees_their_comment_led_to_the_change(
    client,
    member_a,
    comments,
    accepted_and_changed,
):
    client.force_login(member_a)
    on_comment = client.get(f"/learning/comments/{comments['a'].pk}/").content.decode()
    assert "Your comment led to this change" in on_comment
    assert f"/learning/toolkit/0.3/items/{accepted_and_changed.pk}/" in on_comment

    on_item = client.get(f"/learning/toolkit/0.3/items/{accepted_and_changed.pk}/").content.decode()
    assert "Your comment led to this change" in on_item

    compare = client.get("/learning/toolkit/compare/?from=0.2&to=0.3").content.decode()
    assert "Your comment led to this change" in compare
    assert f"/learning/comments/{comments['a'].pk}/" in compare


def test_another_vanguard_does_not_see_whose_comment_led_to_the_change(
    client,
    member_b,
    comments,
    accepted_and_changed,
):
    client.force_login(member_b)
    compare = client.get("/learning/toolkit/compare/?from=0.2&to=0.3").content.decode()
    assert "led to this change" not in compare
    assert client.get(f"/learning/comments/{comments['a'].pk}/").status_code == 404


def test_the_nst_sees_which_comment_led_to_the_change(
    client,
    rm,
    comments,
    accepted_and_changed,
):
    client.force_login(rm)
    compare = client.get("/learning/toolkit/compare/?from=0.2&to=0.3").content.decode()
    assert "A consultation comment led to this change" in compare
    assert "comment from Mem Alpha, Alpha Vanguard" in compare


def test_the_learning_team_links_an_accepted_comment_through_its_page(
    client,
    learning_user,
    comments,
    accepted_and_changed,
):
    services.comment_link_change(actor=learning_user, comment=comments["a"], item=None)
    client.force_login(learning_user)
    page = client.get(f"/learning/comments/{comments['a'].pk}/").content.decode()
    assert "Which item in the next version makes the change?" in page
    response = client.post(
        f"/learning/comments/{comments['a'].pk}/change/", {"item": accepted_and_changed.pk}
    )
    assert response.status_code == 302
    comments["a"].refresh_from_db()
    assert comments["a"].led_to == accepted_and_changed


def test_only_an_accepted_comment_links_to_an_item_of_the_next_version(
    learning_user,
    comments,
    accepted_and_changed,
):
    with pytest.raises(services.ConsultationError):  # an item of the same version
        services.comment_link_change(
            actor=learning_user, comment=comments["a"], item=comments["a"].item
        )
    with pytest.raises(services.ConsultationError):  # not accepted
        services.comment_link_change(
            actor=learning_user, comment=comments["b"], item=accepted_and_changed
        )


def test_a_comment_no_longer_accepted_loses_its_link(
    learning_user,
    comments,
    accepted_and_changed,
):
    services.comment_answer(
        actor=learning_user,
        comment=comments["a"],
        status=Status.ANSWERED,
        response="Changed our mind.",
    )
    comments["a"].refresh_from_db()
    assert comments["a"].led_to is None


def test_only_the_learning_team_answers(rm, comments):
    with pytest.raises(services.ConsultationError):
        services.comment_answer(
            actor=rm, comment=comments["a"], status=Status.ACCEPTED, response=""
        )


# --- One rule ---------------------------------------------------------------------------------


def test_the_list_filter_and_the_yes_no_agree_for_every_role(cast, comments):
    for user in cast.values():
        shown = set(
            permissions.consultation_comments_visible_to(
                user, ConsultationComment.objects.all()
            ).values_list("pk", flat=True)
        )
        for each in ConsultationComment.objects.all():
            assert permissions.can_view_consultation_comment(user, each) is (each.pk in shown)


def test_an_item_removed_during_consultation_keeps_its_comments(learning_user, comments):
    item = comments["a"].item
    ToolkitItem.objects.filter(pk=item.pk).delete()
    comments["a"].refresh_from_db()
    assert comments["a"].item is None
    assert comments["a"].item_title == item.title


def test_the_commenter_is_emailed_the_answer(
    learning_user, member_a, comments, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_answer(
            actor=learning_user,
            comment=comments["a"],
            status=Status.DECLINED,
            response="Out of scope for the toolkit.",
        )
    (email,) = mailoutbox
    assert email.to == [member_a.email]
    assert "version 0.2" in email.subject
    assert "Declined" in email.body and "Out of scope for the toolkit." in email.body
    assert f"/learning/comments/{comments['a'].pk}/" in email.body

"""What each role gets on the consultation routes (DESIGN.md §3, "consultation comment"): the
NST and the programme lead read every comment, a member their own vanguard's; vanguard members
and the NST comment while a version is in consultation; the learning team (and admins) answer.
Another vanguard's comment is a 404."""

import pytest

from learning.models import ConsultationComment
from tests.roles import OK, REDIRECT, each_role_gets, in_the_programme

pytestmark = pytest.mark.django_db

# The list: members see it filtered to their own vanguard's comments. (The programme lead reads
# every comment, but sees a version only once it is published: vanguards/permissions.py.)
READERS = in_the_programme(OK, "regional_lead")
COMMENTERS = {
    role: OK for role in ("admin_user", "rm", "rm_lead", "learning_user", "member_a", "member_b")
}
ANSWERERS = {"admin_user": REDIRECT, "learning_user": REDIRECT}


@each_role_gets(
    {
        "/learning/comments/?version=0.2": READERS,
        "/learning/toolkit/0.2/comments/new/": COMMENTERS,
        "/learning/comments/{a}/": in_the_programme(OK, "regional_lead", "member_b"),
        "/learning/comments/{b}/": in_the_programme(OK, "regional_lead", "member_a"),
        "/learning/comments/{rm}/": in_the_programme(OK, "regional_lead", "member_a", "member_b"),
    }
)
def test_pages(client, cast, comments, url, role, expected):
    client.force_login(cast[role])
    url = url.format(**{key: comment.pk for key, comment in comments.items()})
    assert client.get(url).status_code == expected


@each_role_gets(
    {"/learning/toolkit/0.1/comments/new/": {}, "/learning/comments/?version=0.1": READERS}
)
def test_a_published_version_takes_no_comments(client, cast, in_consultation, url, role, expected):
    client.force_login(cast[role])
    assert client.get(url).status_code == expected


@each_role_gets({**ANSWERERS, "programme_lead": 404})
def test_who_answers(client, cast, comments, role, expected):
    client.force_login(cast[role])
    url = f"/learning/comments/{comments['a'].pk}/answer/"
    response = client.post(url, {"status": "accepted", "response": ""})
    assert response.status_code == expected
    comments["a"].refresh_from_db()
    assert (comments["a"].status == "accepted") is (expected == REDIRECT)


@each_role_gets(ANSWERERS)
def test_who_links_a_comment_to_a_change(client, cast, comments, role, expected):
    ConsultationComment.objects.filter(pk=comments["a"].pk).update(status="accepted")
    client.force_login(cast[role])
    # No next version yet: unlinking is the only valid answer, and it still needs the right.
    response = client.post(f"/learning/comments/{comments['a'].pk}/change/", {"item": ""})
    assert response.status_code == expected


@each_role_gets(COMMENTERS)
def test_who_comments(client, cast, in_consultation, role, expected):
    client.force_login(cast[role])
    response = client.post("/learning/toolkit/0.2/comments/new/", {"comment-text": "A comment"})
    saved = ConsultationComment.objects.exists()
    assert response.status_code == (REDIRECT if expected == OK else expected)
    assert saved is (expected == OK)


def test_answer_and_change_routes_refuse_get(client, learning_user, comments):
    client.force_login(learning_user)
    for step in ("answer", "change"):
        assert client.get(f"/learning/comments/{comments['a'].pk}/{step}/").status_code == 405

"""The comments list costs the same number of queries for 3 comments or 30."""

import re

import pytest

from tests.learning.conftest import comment

pytestmark = pytest.mark.django_db


def _rows(response) -> int:
    return len(re.findall(r'href="/learning/comments/\d+/"', response.content.decode()))


# session, user, the versions (to pick the one shown, and the filter's choices), the filter's
# item choices, the count, the page of rows (with author and vanguard joined)
LEARNING_TEAM_BUDGET = 6
# ... and the member's vanguard link (read by the visibility rule) and their vanguard (the
# service navigation's "My vanguard")
MEMBER_BUDGET = LEARNING_TEAM_BUDGET + 2


def _comments(version, authors, each):
    items = list(version.items.all())
    for n in range(each):
        for author in authors:
            comment(version, author, item=items[n % len(items)], text=f"Comment {n}")


@pytest.mark.parametrize("each", [1, 10])
def test_the_learning_teams_list(
    client, cast, in_consultation, django_assert_max_num_queries, each
):
    _comments(in_consultation, [cast["member_a"], cast["member_b"], cast["rm"]], each)
    client.force_login(cast["learning_user"])
    with django_assert_max_num_queries(LEARNING_TEAM_BUDGET):
        response = client.get("/learning/comments/?version=0.2&status=open")
    assert _rows(response) == min(3 * each, 25)


@pytest.mark.parametrize("each", [1, 10])
def test_a_members_list(client, cast, in_consultation, django_assert_max_num_queries, each):
    _comments(in_consultation, [cast["member_a"], cast["member_b"]], each)
    client.force_login(cast["member_a"])
    with django_assert_max_num_queries(MEMBER_BUDGET):
        response = client.get("/learning/comments/?version=0.2")
    assert _rows(response) == each

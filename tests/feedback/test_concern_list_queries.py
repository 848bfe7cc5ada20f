"""The concerns list costs the same number of queries however many concerns there are."""

import pytest

from tests.factories import make_member

from .conftest import raise_concern

pytestmark = pytest.mark.django_db


def _grow(vanguard, rm, count):
    for _ in range(count):
        raise_concern(make_member(vanguard))


# 1 session, 2 user, 3 the count of the filtered concerns, 4 one page of them with who raised
# each, its vanguard, region, handler and the RM it is about joined.
BUDGETS = {"rm_lead": 4, "member_a": 6, "rm": 5}
# member_a: + the member's vanguard link (their visibility rule) and their vanguard (the
# navigation's "Your vanguard"); rm: + "is this user the programme director?" (the rule's
# escalated concerns); the RM's cohort groups are a subquery, not a query.


@pytest.mark.parametrize("role", BUDGETS)
@pytest.mark.parametrize("url", ["/feedback/concerns/", "/feedback/concerns/?overdue=on"])
def test_concern_list_query_budget_does_not_grow(
    client, cast, vanguard_a, rm, role, url, django_assert_max_num_queries
):
    client.force_login(cast[role])
    for more in (1, 30):
        _grow(vanguard_a, rm, more)
        with django_assert_max_num_queries(BUDGETS[role]):
            assert client.get(url).status_code == 200


def test_the_export_query_budget_does_not_grow(
    client, rm_lead, vanguard_a, rm, django_assert_max_num_queries
):
    client.force_login(rm_lead)
    for more in (1, 30):
        _grow(vanguard_a, rm, more)
        # 1 session, 2 user, 3 every concern with its people and places joined.
        with django_assert_max_num_queries(3):  # the download read inside: it streams
            assert client.get("/feedback/concerns/?_export=csv").content

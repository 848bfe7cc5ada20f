"""The toolkit list and a version page cost a fixed number of queries whatever the number of
items and versions; and search ranks title matches above summary matches above body matches
(PostgreSQL full-text search)."""

import pytest
from django.db import connection

from learning.models import ToolkitVersion
from learning.selectors.toolkit import search_toolkit_items, toolkit_items_for_list
from tests.factories import ToolkitItemFactory, ToolkitVersionFactory, publish_toolkit_version
from workwell.models import ProgrammeTheme

pytestmark = pytest.mark.django_db

# Queries on the toolkit list and a version page, for a vanguard member:
#   1 session, 2 user (the sign-in)
#   3 the versions the user may see (the list of versions, and the published one among them)
#     [a version page: + the version by number]
#   4 count of the items for the pagination, 5 the page of items, 6 their themes (prefetch)
#   7 the theme choices, 8 the dimension choices of the filter panel
#   9 membership, 10 vanguard: the "My vanguard" link in the navigation (members only)
BUDGET = 10


def _toolkit(items: int, versions: int = 3):
    theme = ProgrammeTheme.objects.first()
    for n in range(versions):
        version = ToolkitVersionFactory(number=f"0.{n + 1}")
        for i in range(items):
            item = ToolkitItemFactory(version=version, title=f"Guide {i}")
            item.themes.set([theme])
        if n < versions - 1:
            if n:
                previous = ToolkitVersion.objects.get(status=ToolkitVersion.Status.PUBLISHED)
                previous.status = ToolkitVersion.Status.SUPERSEDED
                previous.save()
            publish_toolkit_version(version)


@pytest.mark.parametrize("items", [2, 20])
def test_the_toolkit_list_has_a_fixed_budget(
    client, member_a, django_assert_max_num_queries, items
):
    _toolkit(items)
    client.force_login(member_a)
    with django_assert_max_num_queries(BUDGET):
        response = client.get("/learning/toolkit/", {"theme": "", "kind": ""})
    assert response.context["table"].paginator.count == items


@pytest.mark.parametrize("items", [2, 20])
def test_a_version_page_has_a_fixed_budget(client, member_a, django_assert_max_num_queries, items):
    _toolkit(items, versions=4)
    ToolkitVersion.objects.filter(number="0.4").update(status=ToolkitVersion.Status.CONSULTATION)
    client.force_login(member_a)
    with django_assert_max_num_queries(BUDGET + 1):  # + the version by its number
        response = client.get("/learning/toolkit/0.4/")
    assert response.context["table"].paginator.count == items


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_search_ranks_title_then_summary_then_body():
    version = ToolkitVersionFactory()
    ToolkitItemFactory(version=version, title="Data guide", summary="Other.", body="Employers.")
    ToolkitItemFactory(
        version=version, title="Checklist", summary="Engaging employers early.", body=""
    )
    ToolkitItemFactory(version=version, title="Employer engagement toolkit", summary="Other.")
    ToolkitItemFactory(version=version, title="Unrelated", summary="Nothing here.")
    found = search_toolkit_items(toolkit_items_for_list(version=version), "employer")
    assert [item.title for item in found] == [
        "Employer engagement toolkit",  # in the title
        "Checklist",  # in the summary ("employers" stems to "employ", as "employer" does)
        "Data guide",  # in the body
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_search_takes_phrases_and_exclusions_and_never_fails():
    version = ToolkitVersionFactory()
    ToolkitItemFactory(version=version, title="Return to work plan", summary="Plan.")
    ToolkitItemFactory(version=version, title="Work and health", summary="Plan.")
    items = toolkit_items_for_list(version=version)
    assert [i.title for i in search_toolkit_items(items, '"return to work"')] == [
        "Return to work plan"
    ]
    assert [i.title for i in search_toolkit_items(items, "work -return")] == ["Work and health"]
    for hostile in ("'", "&|!", "(((", ":*", "' OR 1=1 --", "x" * 5000):
        list(search_toolkit_items(items, hostile))

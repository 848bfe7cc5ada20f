"""The toolkit list and a version page, with items to search, asked with hostile query strings
by every role (the portal-wide test asks them with no toolkit): never a 5xx, and the same
status as the plain page."""

import pytest

from tests.conftest import CAST
from tests.factories import ToolkitItemFactory, ToolkitVersionFactory, publish_toolkit_version
from tests.workwell.test_hostile_query_strings import _hostile_queries, _with_downloads

pytestmark = pytest.mark.django_db

EXTRA = (
    {"q": "' OR 1=1 --"},
    {"q": "&|!(():*"},
    {"q": '"unclosed'},
    {"q": "x" * 5000},
    {"q": "nul\x00byte"},
    {"q": ["two", "values"]},
    {"dimension": "abc", "theme": "../../etc", "band": "<script>"},
)


@pytest.fixture
def toolkit():
    version = ToolkitVersionFactory(number="0.1")
    ToolkitItemFactory.create_batch(3, version=version, body="Return to work plans.")
    publish_toolkit_version(version)


@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize("route", ["/learning/toolkit/", "/learning/toolkit/0.1/"])
def test_hostile_query_strings_answer_as_the_plain_page(client, cast, toolkit, route, role):
    client.force_login(cast[role])
    client.raise_request_exception = False  # count a 500 as an answer, and carry on
    plain = client.get(route)
    assert plain.status_code == 200
    failures = []
    for query in [*_with_downloads(_hostile_queries(plain)), *EXTRA]:
        response = client.get(route, query)
        if response.status_code != plain.status_code:
            failures.append((query, response.status_code))
    assert not failures, f"{route} as {role}: {failures[:5]}"

"""The OpenAPI 3 schema is generated from the code, validates, and lists every route of the
API; the documentation page in the portal is built from it."""

import pytest
import yaml
from django.urls import URLResolver, get_resolver
from drf_spectacular.validation import validate_schema

from api.schema import openapi_schema
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def _api_routes() -> set[str]:
    """Every route under /api/v1/ but the documentation page (HTML, not the API), as the
    schema writes it (/api/v1/touchpoints/{id}/)."""
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "api":
            return {
                "/api/v1/"
                + str(pattern.pattern).replace("<int:pk>", "{id}").replace("<slug:slug>", "{slug}")
                for pattern in entry.url_patterns
                if pattern.name not in ("docs", "schema")
            }
    raise AssertionError("the api namespace is not mounted")


def test_the_schema_validates_against_openapi_3():
    schema = openapi_schema()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document


def test_the_schema_lists_every_api_route_and_no_other():
    assert set(openapi_schema()["paths"]) == _api_routes()


def test_every_list_documents_its_filters_and_formats():
    for path, operations in openapi_schema()["paths"].items():
        if "{" in path or path == "/api/v1/":
            continue
        names = {parameter["name"] for parameter in operations["get"]["parameters"]}
        assert {"cursor", "page_size", "format", "quarter", "updated_since"} <= names, path
        assert "text/csv" in operations["get"]["responses"]["200"]["content"], path


def test_the_schema_is_served_to_token_holders(client, member_a, secret_for):
    response = client.get("/api/v1/schema/", **bearer(secret_for(member_a)))
    assert response.status_code == 200
    served = yaml.safe_load(response.content)
    assert set(served["paths"]) == _api_routes()
    as_json = client.get("/api/v1/schema/?format=json", **bearer(secret_for(member_a)))
    assert as_json.json()["info"]["title"] == "WorkWell National Support Portal data API"


def test_the_documentation_page_lists_every_endpoint_and_the_conventions(client, member_a):
    client.force_login(member_a)
    html = client.get("/api/v1/docs/").content.decode()
    for path in _api_routes() - {"/api/v1/"}:
        assert f"GET {path}" in html
    for words in (
        "Authorization: Bearer",
        "page_size",
        "format=csv",
        "Retry-After",
        "120 requests a minute",
    ):
        assert words in html
    for name in ("quarter", "vanguard", "region", "updated_since"):
        assert f"<code>{name}</code>" in html
    # Each list's own meaning of the quarter.
    assert "touchpoints: Only records whose date is in this UK financial quarter" in html
    assert 'href="/api/v1/schema/' in html
    assert 'href="/api/tokens/"' in html

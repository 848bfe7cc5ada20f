"""The data API, version 1: read-only JSON and CSV for analysts and BI tools (README "Data API").

Conventions every endpoint follows (the shared pieces are in api/base.py):

- Authentication: a personal API token, `Authorization: Bearer wwp_…` (made and revoked at
  /api/tokens/), or a signed-in browser session for GET. Unknown, revoked or expired tokens
  and inactive accounts get 401 with a JSON `detail`. Rate limit per token (429, Retry-After).
- Visibility: a list is exactly what its user sees in the portal. An endpoint's `visible()`
  starts from the kind's `*_visible_to` function in vanguards/permissions.py, never a rule of
  its own; a record the user may not see is a 404, as in the portal.
- Lists: cursor-paginated by id (`next`/`previous` links, also a `Link` header), `page_size`
  1–500 (default 100). Filters: `quarter` (2026-27-q2), `vanguard` (slug), `region` (slug),
  `updated_since` (ISO 8601), each where it makes sense; a bad value or an unknown parameter
  is a 400 saying how to fix it.
- Formats: JSON, or CSV with `?format=csv` or `Accept: text/csv` (same rows and page; columns in
  the serializer's order; cells safe from formula injection).
- Queries per request do not grow with the page size: each `visible()` joins or prefetches
  what its serializer reads, and the tests hold each list to a budget.

Adding an endpoint for another app: api/serializers/<app>.py, api/views/<app>.py (an
`Endpoint` subclass), a block below, rows in tests/vanguards/test_permission_matrix.py
(API_MATRIX), and tests in tests/api/test_<kind>.py.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from .views import docs, feedback, learning, maturity, reporting, vanguards

app_name = "api"


def endpoint(prefix: str, viewset, name: str, lookup: str = "<int:pk>") -> list:
    """A kind's list at `prefix/` and one record at `prefix/<lookup>/` (names `<name>-list`
    and `<name>-detail`)."""
    return [
        path(f"{prefix}/", viewset.as_view({"get": "list"}), name=f"{name}-list"),
        path(f"{prefix}/{lookup}/", viewset.as_view({"get": "retrieve"}), name=f"{name}-detail"),
    ]


urlpatterns = [
    path("", docs.api_root, name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.documentation, name="docs"),
    # vanguards
    *endpoint("vanguards", vanguards.VanguardEndpoint, "vanguard", "<slug:slug>"),
    *endpoint("touchpoints", vanguards.TouchpointEndpoint, "touchpoint"),
    *endpoint("actions", vanguards.ActionEndpoint, "action"),
    *endpoint("support-requests", vanguards.SupportRequestEndpoint, "support-request"),
    # maturity
    *endpoint("assessments", maturity.AssessmentEndpoint, "assessment"),
    # learning
    *endpoint("events", learning.EventEndpoint, "event"),
    *endpoint("registrations", learning.RegistrationEndpoint, "registration"),
    # feedback
    *endpoint("pulse-results", feedback.PulseResultsEndpoint, "pulse-results"),
    *endpoint("concerns", feedback.ConcernEndpoint, "concern"),
    # reporting
    *endpoint("strands", reporting.DeliveryStrandEndpoint, "strand"),
    *endpoint("returns", reporting.QuarterlyReturnEndpoint, "return"),
    *endpoint("funding", reporting.FundingEndpoint, "funding", "<slug:slug>"),
    *endpoint("snapshots", reporting.SnapshotEndpoint, "snapshot"),
]

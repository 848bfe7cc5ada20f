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

from .views import docs, reporting, vanguards

app_name = "api"

LIST = {"get": "list"}
DETAIL = {"get": "retrieve"}

urlpatterns = [
    path("", docs.api_root, name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.documentation, name="docs"),
    # vanguards
    path("vanguards/", vanguards.VanguardEndpoint.as_view(LIST), name="vanguard-list"),
    path(
        "vanguards/<slug:slug>/",
        vanguards.VanguardEndpoint.as_view(DETAIL),
        name="vanguard-detail",
    ),
    path("touchpoints/", vanguards.TouchpointEndpoint.as_view(LIST), name="touchpoint-list"),
    path(
        "touchpoints/<int:pk>/",
        vanguards.TouchpointEndpoint.as_view(DETAIL),
        name="touchpoint-detail",
    ),
    path("actions/", vanguards.ActionEndpoint.as_view(LIST), name="action-list"),
    path("actions/<int:pk>/", vanguards.ActionEndpoint.as_view(DETAIL), name="action-detail"),
    path(
        "support-requests/",
        vanguards.SupportRequestEndpoint.as_view(LIST),
        name="support-request-list",
    ),
    path(
        "support-requests/<int:pk>/",
        vanguards.SupportRequestEndpoint.as_view(DETAIL),
        name="support-request-detail",
    ),
    # reporting
    path("strands/", reporting.DeliveryStrandEndpoint.as_view(LIST), name="strand-list"),
    path(
        "strands/<int:pk>/",
        reporting.DeliveryStrandEndpoint.as_view(DETAIL),
        name="strand-detail",
    ),
]

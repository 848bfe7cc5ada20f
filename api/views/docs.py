"""The API's root (links to each list, the schema and the documentation) and its
documentation page in the portal, built from the same OpenAPI schema the code generates."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .. import presenters
from ..schema import endpoints

ROOT_LINKS = inline_serializer(
    "ApiRoot", {name: serializers.URLField() for name in ("schema", "documentation")}
)


@extend_schema(responses=ROOT_LINKS, summary="Links to every list, the schema and the docs")
@api_view(["GET"])
def api_root(request):
    links = {
        "schema": request.build_absolute_uri(reverse("api:schema")),
        "documentation": request.build_absolute_uri(reverse("api:docs")),
    }
    for endpoint in endpoints():
        if not endpoint.has_id:
            links[endpoint.name] = request.build_absolute_uri(endpoint.path)
    return Response(links)


@login_required
def documentation(request):
    context = {
        "endpoints": presenters.endpoint_rows(endpoints()),
        "filters": presenters.filter_rows(endpoints()),
        "rate": presenters.rate_in_words(
            settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]
        ),
        "max_page_size": presenters.MAX_PAGE_SIZE,
        "default_page_size": presenters.DEFAULT_PAGE_SIZE,
    }
    return render(request, "api/docs.html", context)

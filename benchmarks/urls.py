"""The portal's URLs plus the bench's baseline: mounted only by benchmarks.settings."""

from django.http import HttpResponse
from django.urls import include, path

from workwell.urls import handler404, handler500  # noqa: F401 - the portal's error pages


def bare(request):
    """What Django itself costs per request (the whole middleware stack, no template, no query
    of its own): every page pays this before it does anything."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare", bare),
    path("", include("workwell.urls")),
]

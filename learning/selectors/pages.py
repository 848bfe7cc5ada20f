"""Reads for the network's pages on /learning/."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models import NetworkPage

# The pages the network keeps, in the order the home page lists them.
NETWORK_PAGE_SLUGS = ("terms-of-reference", "model-agenda", "forward-programme")


def network_pages() -> list[NetworkPage]:
    pages = {page.slug: page for page in NetworkPage.objects.only("slug", "title", "summary")}
    ordered = [pages.pop(slug) for slug in NETWORK_PAGE_SLUGS if slug in pages]
    return ordered + sorted(pages.values(), key=lambda page: page.title)


def get_network_page_or_404(slug: str) -> NetworkPage:
    """Every network page is visible to everyone signed in."""
    return get_object_or_404(NetworkPage.objects.select_related("updated_by"), slug=slug)


def network_page_history(page: NetworkPage) -> QuerySet:
    return page.history.select_related("history_user").order_by("-history_date")[:20]

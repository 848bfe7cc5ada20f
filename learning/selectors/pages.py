"""Reads for the network's pages on /learning/."""

from django.db.models import QuerySet
from django.http import Http404

from ..models import NetworkPage

# The pages the network keeps, in the order the home page lists them, with their first titles.
# Until the learning team writes one it does not exist; its edit page starts it.
NETWORK_PAGES = {
    "terms-of-reference": "Terms of reference",
    "model-agenda": "Model agenda",
    "forward-programme": "Forward programme",
}


def network_pages(*, with_unwritten: bool = False) -> list[NetworkPage]:
    """The network's pages in order; with `with_unwritten`, unsaved stand-ins for the ones not
    written yet (for the learning team, who can start them)."""
    pages = {page.slug: page for page in NetworkPage.objects.only("slug", "title", "summary")}
    ordered = []
    for slug, title in NETWORK_PAGES.items():
        if slug in pages:
            ordered.append(pages.pop(slug))
        elif with_unwritten:
            ordered.append(NetworkPage(slug=slug, title=title))
    return ordered + sorted(pages.values(), key=lambda page: page.title)


def get_network_page_or_404(slug: str) -> NetworkPage:
    """Every network page is visible to everyone signed in."""
    page = NetworkPage.objects.select_related("updated_by").filter(slug=slug).first()
    if page is None:
        raise Http404("No network page matches that address.")
    return page


def network_page_to_edit(slug: str) -> NetworkPage:
    """A page to edit: a written one, or a new one of the network's own pages; else 404."""
    page = NetworkPage.objects.filter(slug=slug).first()
    if page is None and slug in NETWORK_PAGES:
        page = NetworkPage(slug=slug, title=NETWORK_PAGES[slug])
    if page is None:
        raise Http404("No network page matches that address.")
    return page


def network_page_history(page: NetworkPage) -> QuerySet:
    return page.history.select_related("history_user").order_by("-history_date")[:20]

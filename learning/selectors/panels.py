"""Reads for the review panels."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from vanguards import permissions
from workwell.kept import kept

from ..models import Panel, PanelMember, PanelReview, ToolkitVersion


def panel_or_404(*, user, panel: str) -> Panel:
    if not permissions.can_see_panel_members(user) or panel not in Panel.values:
        raise Http404
    return Panel(panel)


def panel_members(panel: str) -> QuerySet:
    return PanelMember.objects.filter(panel=panel).order_by("-is_active", "full_name")


def panel_member_or_404(*, user, pk: int) -> PanelMember:
    if not permissions.can_manage_panels(user):
        raise Http404
    return get_object_or_404(PanelMember, pk=pk)


def reviewer_choices() -> QuerySet:
    """Everyone now on a panel, for the review form."""
    return PanelMember.objects.filter(is_active=True).order_by("panel", "full_name")


def panel_summaries() -> list[dict]:
    """Each panel with its members, for the panels page."""
    members = list(PanelMember.objects.order_by("-is_active", "full_name"))
    return [
        {"panel": panel, "members": [m for m in members if m.panel == panel]} for panel in Panel
    ]


def panel_reviews(*, version: ToolkitVersion | None = None, panel: str | None = None) -> QuerySet:
    """Reviews (of a version, or by a panel), newest first, with their reviewers."""
    reviews = PanelReview.objects.select_related("version").prefetch_related(
        Prefetch("reviewers", queryset=PanelMember.objects.order_by("full_name"), to_attr="people")
    )
    if version is not None:
        reviews = reviews.filter(version=version)
    if panel is not None:
        reviews = reviews.filter(panel=panel)
    return reviews


def version_reviews(version: ToolkitVersion) -> list[PanelReview]:
    """A version's reviews, newest first, with their reviewers: the same for everyone (whether
    the reviewers' names show is the page's question, asked per viewer), so kept until the
    reviews, their reviewers or the versions change (workwell/kept.py). Shared: read only."""
    return kept(
        "learning.version_reviews", version.pk, lambda: list(panel_reviews(version=version))
    )

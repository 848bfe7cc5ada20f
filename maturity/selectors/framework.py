"""Reads for the Maturity Assessment Matrix. Each selector owns its joins and query count."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from vanguards import permissions

from ..models import Dimension, FrameworkVersion


def framework_current() -> FrameworkVersion | None:
    """The newest published version: the one new cycles and the framework page use."""
    return (
        FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )


def framework_versions(*, user) -> QuerySet[FrameworkVersion]:
    """Every version the user may see: drafts are for the people who can edit them."""
    versions = FrameworkVersion.objects.select_related("based_on").order_by("-pk")
    if permissions.can_manage_maturity_framework(user):
        return versions
    return versions.filter(status=FrameworkVersion.Status.PUBLISHED)


def get_framework_or_404(user, pk: int) -> FrameworkVersion:
    framework = framework_versions(user=user).filter(pk=pk).first()
    if framework is None:
        raise Http404("No framework version matches that address.")
    return framework


def framework_dimensions(*, framework: FrameworkVersion) -> list[Dimension]:
    """The matrix: dimensions in order, each with its theme and five level descriptors."""
    return list(
        framework.dimensions.select_related("theme").prefetch_related(
            Prefetch("levels", to_attr="level_list")
        )
    )


def get_dimension_or_404(framework: FrameworkVersion, pk: int) -> Dimension:
    dimension = (
        framework.dimensions.select_related("framework").prefetch_related("levels").filter(pk=pk)
    ).first()
    if dimension is None:
        raise Http404("No dimension matches that address.")
    return dimension

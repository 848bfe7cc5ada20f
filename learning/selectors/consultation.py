"""Reads for consultation comments: each filtered through the permissions module's one rule."""

from collections import defaultdict
from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from vanguards import permissions
from workwell.kept import kept

from ..models import ConsultationComment, ToolkitItem, ToolkitVersion
from ..services.consultation import next_version
from .toolkit import get_toolkit_version_or_404


def version_or_404(*, user, number: str) -> ToolkitVersion:
    """A toolkit version the user may see, by its number."""
    return get_toolkit_version_or_404(user, number)


def commentable_version_or_404(*, user, number: str) -> ToolkitVersion:
    """A version in consultation that the user may comment on; 404 otherwise."""
    version = version_or_404(user=user, number=number)
    open_for_comments = version.status == ToolkitVersion.Status.CONSULTATION
    if not (open_for_comments and permissions.can_comment_on_toolkit(user, version)):
        raise Http404
    return version


def _visible(user) -> QuerySet:
    return permissions.consultation_comments_visible_to(user, ConsultationComment.objects.all())


def consulted_versions(*, user) -> QuerySet:
    """Versions that have been (or are) in consultation that the user may see, newest first."""
    versions = ToolkitVersion.objects.exclude(status=ToolkitVersion.Status.DRAFT)
    return permissions.toolkit_versions_visible_to(user, versions.order_by("-major", "-minor"))


def chosen_version(versions: list[ToolkitVersion], number: str | None) -> ToolkitVersion | None:
    """The version asked for, else the newest one (None when there is none)."""
    by_number = {version.number: version for version in versions}
    return by_number.get(number or "") or (versions[0] if versions else None)


def comments_for_list(*, user, version: ToolkitVersion | None) -> QuerySet:
    """The comments on `version` the user may see, with what each row shows."""
    return _visible(user).filter(version=version).select_related("author", "vanguard")


def comment_or_404(*, user, pk: int) -> ConsultationComment:
    queryset = ConsultationComment.objects.select_related(
        "version", "author", "vanguard", "item", "answered_by", "led_to__version"
    )
    return permissions.get_consultation_comment_or_404(user, queryset, pk)


def version_items(version: ToolkitVersion) -> QuerySet:
    return version.items.order_by("order", "title")


def next_version_items(comment: ConsultationComment) -> QuerySet:
    """Items of the version after the comment's: where an accepted comment's change is made."""
    following = next_version(comment.version)
    if following is None:
        return ToolkitItem.objects.none()
    return version_items(following)


def comment_counts(*, user, version: ToolkitVersion) -> dict[str, int]:
    """How many comments on `version` the user may see, by status (every status present): one
    statement, compiled once per process for each rule and version (`_count_statement`), its
    counts kept under it until a comment is written (workwell/kept.py)."""
    counts = dict.fromkeys(ConsultationComment.Status.values, 0)
    statement = _count_statement(permissions.consultation_comment_rule(user), version.pk)
    if statement is not None:

        def count() -> list:
            with connection.cursor() as cursor:
                cursor.execute(*statement)
                return cursor.fetchall()

        counts.update(kept("consultation.comment_counts", statement, count))
    return counts


@lru_cache(maxsize=256)
def _count_statement(rule: Q, version_id: int) -> tuple[str, tuple] | None:
    """The SQL and parameters counting the comments on a version under `rule` by status, or
    None when the rule matches nothing. Keyed on the rule itself (a member's holds their
    vanguard), so two viewers share a statement only when they see the same comments; its
    rows are statuses and whole numbers, which the driver gives as Django would. Building
    and compiling it per request was a quarter of the toolkit page's Python calls."""
    rows = (
        ConsultationComment.objects.filter(rule)
        .filter(version=version_id)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    try:
        return rows.query.sql_with_params()
    except EmptyResultSet:
        return None


def comments_that_led_to(*, user, items) -> dict[int, list[ConsultationComment]]:
    """The accepted comments (that the user may see) each of `items` made its change for."""
    comments = _visible(user).filter(led_to__in=items).select_related("author", "vanguard")
    led_to = defaultdict(list)
    for comment in comments.order_by("created_at", "pk"):
        led_to[comment.led_to_id].append(comment)
    return dict(led_to)

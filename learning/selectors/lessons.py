"""Reads for lessons learnt: the list, one lesson, what a user may do with it."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from maturity.models import Dimension
from maturity.selectors.framework import framework_current
from vanguards import permissions
from vanguards.models import Vanguard

from ..models import Lesson, ToolkitItem, ToolkitVersion

TEXT_FIELDS = ("title", "problem", "tried", "happened", "takeaways")


def lessons_for_list(*, user) -> QuerySet[Lesson]:
    """The lessons the user may see, with what the list shows in two queries (the page, its
    themes)."""
    lessons = Lesson.objects.select_related("vanguard", "author").prefetch_related("themes")
    return permissions.lessons_visible_to(user, lessons)


def search_lessons(queryset: QuerySet[Lesson], words: str) -> QuerySet[Lesson]:
    """Lessons with every word of `words` somewhere in their text."""
    for word in words.split()[:10]:  # a long query string is not a long query
        match = Q()
        for field in TEXT_FIELDS:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def lesson_vanguards(*, user) -> QuerySet[Vanguard]:
    """Vanguards with a lesson the user may see, for the list's filter (a network partner
    learns of no vanguard beyond those of published lessons)."""
    visible = permissions.lessons_visible_to(user, Lesson.objects.filter(vanguard=OuterRef("pk")))
    return Vanguard.objects.filter(Exists(visible)).order_by("name")


def get_lesson_or_404(user, pk: int) -> Lesson:
    lessons = Lesson.objects.select_related("vanguard", "author", "reviewed_by").prefetch_related(
        "themes", Prefetch("dimensions", Dimension.objects.select_related("framework"))
    )
    return permissions.get_lesson_or_404(user, lessons, pk)


def lesson_dimensions() -> QuerySet[Dimension]:
    """The dimensions a lesson can be tagged with: those of the current framework."""
    framework = framework_current()
    if framework is None:
        return Dimension.objects.none()
    return Dimension.objects.filter(framework=framework).order_by("order")


def lesson_history(lesson: Lesson) -> list:
    """Who changed the lesson and when, newest first."""
    return list(lesson.history.select_related("history_user").order_by("-history_date"))


def lesson_toolkit_item_choices() -> QuerySet[ToolkitItem]:
    """Items a published lesson can be linked to: those of published (and superseded)
    toolkit versions, newest version first."""
    published = [ToolkitVersion.Status.PUBLISHED, ToolkitVersion.Status.SUPERSEDED]
    return (
        ToolkitItem.objects.filter(version__status__in=published)
        .select_related("version")
        .order_by("-version__pk", "order", "title")
    )

"""Reads for lessons learnt: the list, one lesson, what a user may do with it."""

import datetime

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


# One save writes a history row for the lesson and one more for each set of themes,
# dimensions, offers or toolkit items it changes, within moments of each other.
ONE_SAVE = datetime.timedelta(seconds=5)


def history_saves(entries) -> list[list]:
    """History rows (oldest first) grouped into saves: consecutive rows by the same person,
    leaving the same status, within ONE_SAVE of each other."""
    saves: list[list] = []
    for entry in entries:
        last = saves[-1][-1] if saves else None
        if (
            last is not None
            and last.history_user_id == entry.history_user_id
            and last.status == entry.status
            and entry.history_date - last.history_date <= ONE_SAVE
        ):
            saves[-1].append(entry)
        else:
            saves.append([entry])
    return saves


def lesson_history(lesson: Lesson) -> list:
    """Who changed the lesson and when, newest first: one entry per save."""
    entries = lesson.history.select_related("history_user").order_by("history_date", "history_id")
    return [save[-1] for save in reversed(history_saves(entries))]


def lesson_toolkit_item_choices() -> QuerySet[ToolkitItem]:
    """Items a published lesson can be linked to: those of published (and superseded)
    toolkit versions, newest version first."""
    published = [ToolkitVersion.Status.PUBLISHED, ToolkitVersion.Status.SUPERSEDED]
    return (
        ToolkitItem.objects.filter(version__status__in=published)
        .select_related("version")
        .order_by("-version__pk", "order", "title")
    )

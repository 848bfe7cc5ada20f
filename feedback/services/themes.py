"""Tagging feedback with programme themes: the NST tags free-text pulse answers and concerns
so the quarterly strategic review can count them by theme."""

from django.db import transaction

from vanguards import permissions
from workwell.errors import ServiceError


class ThemeTagError(ServiceError):
    pass


@transaction.atomic
def themes_tag(*, item, by, themes) -> None:
    """Replace the themes of `item` (a pulse response or a concern the caller has already
    fetched through the permissions module)."""
    if not permissions.tags_feedback_themes(by):
        raise ThemeTagError("Only the National Support Team tags feedback with themes.")
    item.themes.set(themes)

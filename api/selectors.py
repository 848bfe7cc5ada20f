"""Reads for the API token pages."""

from django.db.models import QuerySet

from vanguards import permissions

from .models import ApiToken


def own_tokens(*, user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (the personal page lists no one else's)."""
    return permissions.api_tokens_visible_to(user, ApiToken.objects.all()).filter(owner=user)


def everyones_tokens(*, user) -> QuerySet[ApiToken]:
    """Every token the user may see (admins: all), with its owner, newest first."""
    return permissions.api_tokens_visible_to(user, ApiToken.objects.select_related("owner"))

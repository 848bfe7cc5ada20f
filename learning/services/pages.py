"""Writes for the network's pages on /learning/."""

from django.db import transaction

from vanguards import permissions
from workwell.errors import ServiceError
from workwell.models import User

from ..models import NetworkPage


class NetworkPageError(ServiceError):
    """A rule about the network's pages was broken; the message is safe to show."""


def network_page_save(*, editor: User, page: NetworkPage, data: dict) -> NetworkPage:
    """Change a network page; its history keeps who changed it and when."""
    if not permissions.can_keep_network_pages(editor):
        raise NetworkPageError("Only the learning team can edit the network's pages.")
    with transaction.atomic():
        for field in ("title", "summary", "body"):
            setattr(page, field, data[field])
        page.updated_by = editor
        page._history_user = editor
        page.save()
    return page

""" "You said, we did": the NST records what changed because of feedback and publishes it."""

from django.db import transaction
from django.utils import timezone

from learning.models import WhatWeHeard
from vanguards import permissions
from workwell.errors import ServiceError
from workwell.models import User

from ..models import YouSaidWeDid

LINKS = ("pulse_themes", "concerns", "consultation_comments", "regional_feedback")


class YouSaidError(ServiceError):
    """A rule about "you said, we did" was broken; the message is safe to show to the user."""


def you_said_save(
    *, by: User, entry: YouSaidWeDid | None = None, published: bool, **data
) -> YouSaidWeDid:
    """Create an entry (entry None) or change one. Publishing records the day; unpublishing
    clears it; an entry published earlier keeps its day."""
    if not permissions.keeps_you_said_we_did(by):
        raise YouSaidError('Only the National Support Team records "you said, we did".')
    if not 1 <= data["number"] <= 4:
        raise YouSaidError("Choose a quarter from the list", field="quarter")
    event = data.get("event")
    if event is not None and (
        event.ends_at > timezone.now()
        or not WhatWeHeard.objects.filter(event=event, published_at__isnull=False).exists()
    ):
        raise YouSaidError(
            "Choose an event that is over and whose key points are published", field="event"
        )
    links = {name: data.pop(name, []) for name in LINKS}
    with transaction.atomic():
        if entry is None:
            entry = YouSaidWeDid(created_by=by)
        for name, value in data.items():
            setattr(entry, name, value)
        if not published:
            entry.published_on = None
        elif entry.published_on is None:
            entry.published_on = timezone.localdate()
        entry.save()
        for name, values in links.items():
            getattr(entry, name).set(values)
    return entry

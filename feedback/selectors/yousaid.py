"""Reads for "you said, we did": the published list (newest first), one entry, what an entry
may be linked to, and the published changes a concern led to."""

from django.db.models import QuerySet
from django.utils import timezone

from learning.models import ConsultationComment, Event
from vanguards import permissions
from workwell.models import ProgrammeTheme

from ..models import Concern, RegionalFeedback, YouSaidWeDid


def you_said_for_list(user, *, published_only: bool = True) -> QuerySet:
    """Entries the user may see (the keepers their drafts too, unless published_only),
    newest first, with their themes (2 queries)."""
    entries = permissions.you_said_visible_to(user, YouSaidWeDid.objects.all())
    if published_only:
        entries = entries.filter(published_on__isnull=False)
    return (
        entries.select_related("event")
        .prefetch_related("pulse_themes")
        .order_by("-published_on", "-pk")
    )


def you_said_drafts(user) -> QuerySet:
    return permissions.you_said_visible_to(
        user, YouSaidWeDid.objects.filter(published_on__isnull=True)
    ).order_by("-pk")


def link_sources(user) -> dict[str, QuerySet]:
    """What an entry may be linked to, as far as the user may see it."""
    return {
        "pulse_themes": ProgrammeTheme.objects.all(),
        "concerns": permissions.concerns_visible_to(user, Concern.objects.all()).order_by("-pk"),
        "consultation_comments": permissions.consultation_comments_visible_to(
            user, ConsultationComment.objects.all()
        ).order_by("-pk"),
        "regional_feedback": permissions.regional_feedback_visible_to(
            user, RegionalFeedback.objects.select_related("region")
        ),
        "event": events_heard_from(user),
    }


def events_heard_from(user) -> QuerySet:
    """Past events with published "what we heard" that the user may see, latest first: what an
    entry may say led to its change."""
    events = Event.objects.filter(
        ends_at__lte=timezone.now(), what_we_heard__published_at__isnull=False
    )
    return permissions.events_visible_to(user, events).order_by("-starts_at", "-pk")


def visible_event_ids(user, entries) -> set[int]:
    """Which of the entries' events the user may open (the link is shown only for those)."""
    ids = {entry.event_id for entry in entries if entry.event_id}
    if not ids:
        return set()
    events = permissions.events_visible_to(user, Event.objects.filter(pk__in=ids))
    return set(events.values_list("pk", flat=True))


def changes_from_concern(concern: Concern) -> QuerySet:
    """The published changes a concern led to (shown to its raiser)."""
    return concern.changes_made.filter(published_on__isnull=False).order_by("-published_on")

"""A vanguard's timeline: its touchpoints, follow-up actions and support requests, newest first.

Three queries, whatever the vanguard's history: the newest TIMELINE_LENGTH of each kind are
read, merged in Python and cut to TIMELINE_LENGTH. Internal notes are never read here.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone

from .. import permissions
from ..models import Action, Touchpoint, Vanguard
from .touchpoints import rag_tag

TIMELINE_LENGTH = 20

ACTION_TAGS = {
    Action.Status.OPEN: "govuk-tag--blue",
    Action.Status.DONE: "govuk-tag--green",
    Action.Status.CANCELLED: "govuk-tag--grey",
}


@dataclass
class TimelineEntry:
    kind: str  # "Touchpoint", "Action" or "Support request": the entry's caption
    date: datetime.date
    # Orders entries of the same day: when the record was made.
    stamp: datetime.datetime
    title: str
    text: str = ""
    meta: str = ""
    href: str = ""
    tags: list[dict] = field(default_factory=list)


def _tag(text: str, classes: str) -> dict:
    return {"text": text, "classes": classes}


def _touchpoint_entries(user, vanguard) -> list[TimelineEntry]:
    on_vanguard = Touchpoint.vanguards.through.objects.filter(vanguard=vanguard)
    touchpoints = (
        permissions.touchpoints_visible_to(user)
        # A subquery, not a join, so that the count below counts every vanguard.
        .filter(pk__in=on_vanguard.values("touchpoint_id"))
        .select_related("author")
        .annotate(vanguard_count=Count("vanguards"))
        .only(
            "date",
            "kind",
            "channel",
            "summary",
            "rag",
            "rag_reason",
            "status",
            "archived_at",
            "created_at",
            "author__full_name",
            "author__email",
        )
        .order_by("-date", "-created_at")[:TIMELINE_LENGTH]
    )
    entries = []
    for touchpoint in touchpoints:
        tags = [rag_tag(touchpoint)]
        if touchpoint.status == Touchpoint.Status.DRAFT:
            tags.append(_tag("Draft", "govuk-tag--grey"))
        if touchpoint.is_archived:
            tags.append(_tag("Archived", "govuk-tag--grey"))
        others = touchpoint.vanguard_count - 1
        meta = f"{touchpoint.get_channel_display()}, logged by {touchpoint.author}"
        if others:
            meta += f", with {others} other vanguard{'s' if others > 1 else ''}"
        entries.append(
            TimelineEntry(
                kind="Touchpoint",
                date=touchpoint.date,
                title=touchpoint.get_kind_display(),
                text=touchpoint.summary,
                meta=meta,
                href=reverse("touchpoints:detail", args=[touchpoint.pk]),
                tags=tags,
                stamp=touchpoint.created_at,
            )
        )
    return entries


def _action_entries(user, vanguard) -> list[TimelineEntry]:
    actions = (
        permissions.actions_visible_to(user)
        .filter(vanguard=vanguard)
        .select_related("owner")
        # Actions agreed at a touchpoint sit on the touchpoint's day.
        .annotate(on=Coalesce("touchpoint__date", TruncDate("created_at")))
        .order_by("-on", "-created_at")[:TIMELINE_LENGTH]
    )
    today = timezone.localdate()
    entries = []
    for action in actions:
        tags = [_tag(action.get_status_display(), ACTION_TAGS[action.status])]
        if action.status == Action.Status.OPEN and action.due_date < today:
            tags.append(_tag("Overdue", "govuk-tag--red"))
        entries.append(
            TimelineEntry(
                kind="Action",
                date=action.on,
                title=action.description,
                meta=f"Owner {action.owner}, due {action.due_date.day} {action.due_date:%B %Y}",
                href=reverse("actions:detail", args=[action.pk]),
                tags=tags,
                stamp=action.created_at,
            )
        )
    return entries


def _support_request_entries(user, vanguard) -> list[TimelineEntry]:
    requests = (
        permissions.support_requests_visible_to(user)
        .filter(vanguard=vanguard)
        .select_related("offer")
        .order_by("-raised_at")[:TIMELINE_LENGTH]
    )
    return [
        TimelineEntry(
            kind="Support request",
            date=timezone.localdate(request.raised_at),
            title=request.offer.title if request.offer else "Support request",
            text=request.need,
            meta=request.get_urgency_display(),
            href=reverse("support:detail", args=[request.pk]),
            tags=[_tag(request.get_status_display(), "govuk-tag--blue")],
            stamp=request.raised_at,
        )
        for request in requests
    ]


def vanguard_timeline(*, user, vanguard: Vanguard) -> list[TimelineEntry]:
    """The newest TIMELINE_LENGTH things that happened with the vanguard, that `user` may see."""
    entries = [
        *_touchpoint_entries(user, vanguard),
        *_action_entries(user, vanguard),
        *_support_request_entries(user, vanguard),
    ]
    entries.sort(key=lambda entry: (entry.date, entry.stamp), reverse=True)
    return entries[:TIMELINE_LENGTH]

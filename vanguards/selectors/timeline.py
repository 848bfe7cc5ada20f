"""A vanguard's timeline: its touchpoints, follow-up actions and support requests, newest first.

Three queries, whatever the vanguard's history: the newest TIMELINE_LENGTH of each kind are
read, merged in Python and cut to TIMELINE_LENGTH. Internal notes are never read here.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone

from .. import permissions
from ..models import Action, SupportRequest, Touchpoint, Vanguard

TIMELINE_LENGTH = 20


@dataclass
class TimelineEntry:
    kind: str  # "Touchpoint", "Action" or "Support request": the entry's caption
    date: datetime.date
    # Orders entries of the same day: when the record was made.
    stamp: datetime.datetime
    title: str
    # What the entry is about; `presenters.timeline_items` adds its tags and line of detail.
    record: Touchpoint | Action | SupportRequest
    text: str = ""
    href: str = ""


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
    return [
        TimelineEntry(
            kind="Touchpoint",
            date=touchpoint.date,
            title=touchpoint.get_kind_display(),
            record=touchpoint,
            text=touchpoint.summary,
            href=reverse("touchpoints:detail", args=[touchpoint.pk]),
            stamp=touchpoint.created_at,
        )
        for touchpoint in touchpoints
    ]


def _action_entries(user, vanguard) -> list[TimelineEntry]:
    actions = (
        permissions.actions_visible_to(user)
        .filter(vanguard=vanguard)
        .select_related("owner")
        # Actions agreed at a touchpoint sit on the touchpoint's day.
        .annotate(on=Coalesce("touchpoint__date", TruncDate("created_at")))
        .order_by("-on", "-created_at")[:TIMELINE_LENGTH]
    )
    return [
        TimelineEntry(
            kind="Action",
            date=action.on,
            title=action.description,
            record=action,
            href=reverse("actions:detail", args=[action.pk]),
            stamp=action.created_at,
        )
        for action in actions
    ]


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
            record=request,
            text=request.need,
            href=reverse("support:detail", args=[request.pk]),
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

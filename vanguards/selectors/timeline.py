"""A vanguard's timeline: its touchpoints, follow-up actions and support requests, newest first,
TIMELINE_LENGTH to a page with "Show older".

At most four queries, whatever the vanguard's history or the page: one UNION of the three kinds'
(kind, id, day, stamp) keys, sorted and cut to the page in the database, then one query per
kind for that page's records. Internal notes are never read here.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Count, F, QuerySet, Value
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


TOUCHPOINT, ACTION, SUPPORT_REQUEST = "touchpoint", "action", "support_request"


def _visible_touchpoints(user, vanguard) -> QuerySet:
    on_vanguard = Touchpoint.vanguards.through.objects.filter(vanguard=vanguard)
    # A subquery, not a join, so that a touchpoint's vanguard count counts every vanguard.
    return permissions.touchpoints_visible_to(user).filter(
        pk__in=on_vanguard.values("touchpoint_id")
    )


def _visible_actions(user, vanguard) -> QuerySet:
    # Actions agreed at a touchpoint sit on the touchpoint's day.
    return (
        permissions.actions_visible_to(user)
        .filter(vanguard=vanguard)
        .annotate(on=Coalesce("touchpoint__date", TruncDate("created_at")))
    )


def _visible_support_requests(user, vanguard) -> QuerySet:
    return permissions.support_requests_visible_to(user).filter(vanguard=vanguard)


def _keys(queryset: QuerySet, kind: str, on, stamp: str) -> QuerySet:
    return queryset.annotate(
        entry_kind=Value(kind, output_field=CharField()),
        entry_id=F("pk"),
        entry_on=on,
        entry_stamp=F(stamp),
    ).values_list("entry_kind", "entry_id", "entry_on", "entry_stamp")


def _page_keys(user, vanguard, number: int) -> list[tuple]:
    """The page's keys, plus the first of the next page (so we know whether there is one)."""
    keys = _keys(_visible_touchpoints(user, vanguard), TOUCHPOINT, F("date"), "created_at").union(
        _keys(_visible_actions(user, vanguard), ACTION, F("on"), "created_at"),
        _keys(
            _visible_support_requests(user, vanguard),
            SUPPORT_REQUEST,
            TruncDate("raised_at"),
            "raised_at",
        ),
        all=True,
    )
    start = (number - 1) * TIMELINE_LENGTH
    ordered = keys.order_by("-entry_on", "-entry_stamp", "entry_kind", "-entry_id")
    return list(ordered[start : start + TIMELINE_LENGTH + 1])


def _touchpoint_entries(user, vanguard, ids) -> list[TimelineEntry]:
    touchpoints = (
        _visible_touchpoints(user, vanguard)
        .filter(pk__in=ids)
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


def _action_entries(user, vanguard, ids) -> list[TimelineEntry]:
    actions = _visible_actions(user, vanguard).filter(pk__in=ids).select_related("owner")
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


def _support_request_entries(user, vanguard, ids) -> list[TimelineEntry]:
    requests = _visible_support_requests(user, vanguard).filter(pk__in=ids).select_related("offer")
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


ENTRIES = {
    TOUCHPOINT: _touchpoint_entries,
    ACTION: _action_entries,
    SUPPORT_REQUEST: _support_request_entries,
}


@dataclass
class TimelinePage:
    entries: list[TimelineEntry]
    number: int  # 1 is the newest page
    has_older: bool

    @property
    def has_newer(self) -> bool:
        return self.number > 1

    # A sequence of its entries, like Django's Page.
    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def timeline_page_number(value) -> int:
    """The page asked for in the query string; anything but a whole number from 1 is page 1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 1


def vanguard_timeline(*, user, vanguard: Vanguard, page=None) -> TimelinePage:
    """Page `page` (newest first, TIMELINE_LENGTH entries) of what happened with the vanguard
    that `user` may see. A page past the end falls back to the first."""
    number = timeline_page_number(page)
    keys = _page_keys(user, vanguard, number)
    if not keys and number > 1:
        number, keys = 1, _page_keys(user, vanguard, 1)
    shown = keys[:TIMELINE_LENGTH]
    entries = []
    for kind, build in ENTRIES.items():
        ids = [key for entry_kind, key, _on, _stamp in shown if entry_kind == kind]
        if ids:
            entries.extend(build(user, vanguard, ids))
    entries.sort(key=lambda entry: (entry.date, entry.stamp), reverse=True)
    return TimelinePage(entries=entries, number=number, has_older=len(keys) > TIMELINE_LENGTH)

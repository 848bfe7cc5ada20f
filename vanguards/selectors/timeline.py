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

from .. import permissions
from ..models import Action, SupportRequest, Touchpoint, Vanguard

TIMELINE_LENGTH = 20
# By value, read once (`get_kind_display()` rebuilds the choices on every call).
KIND_LABELS = dict(Touchpoint.Kind.choices)


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
    # Without the model's ordering: the UNION is ordered as a whole, and each part's own
    # ORDER BY was compiled (and sorted by PostgreSQL) for nothing.
    return (
        queryset.order_by()
        .annotate(
            entry_kind=Value(kind, output_field=CharField()),
            entry_id=F("pk"),
            entry_on=on,
            entry_stamp=F(stamp),
        )
        .values_list("entry_kind", "entry_id", "entry_on", "entry_stamp")
    )


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


_SAMPLE_PK = 987654321


def _url_maker(name: str):
    """`reverse(name, args=[pk])` for every pk at the cost of one reverse: the page's entries
    differ only in the pk at the end of the path."""
    path = reverse(name, args=[_SAMPLE_PK])
    head, tail = path.rsplit(str(_SAMPLE_PK), 1)
    return lambda pk: f"{head}{pk}{tail}"


# The records of a page's keys, one query per kind. The keys query has already applied what
# the user may see (its ids are the only ones read here) and worked out each entry's date and
# stamp, so these read the records by id alone.


def _touchpoint_entries(ids, keys) -> list[TimelineEntry]:
    touchpoints = (
        Touchpoint.objects.filter(pk__in=ids)
        .select_related("author")
        .annotate(vanguard_count=Count("vanguards"))
        # Grouped queries drop the model's ordering; entries of the same moment keep this one.
        .order_by("pk")
        .only(
            "date",
            "kind",
            "channel",
            "summary",
            "rag",
            "rag_reason",
            "status",
            "archived_at",
            "author__full_name",
            "author__email",
        )
    )
    url = _url_maker("touchpoints:detail")
    return [
        TimelineEntry(
            kind="Touchpoint",
            date=keys[touchpoint.pk][0],
            title=KIND_LABELS.get(touchpoint.kind, touchpoint.kind),
            record=touchpoint,
            text=touchpoint.summary,
            href=url(touchpoint.pk),
            stamp=keys[touchpoint.pk][1],
        )
        for touchpoint in touchpoints
    ]


def _action_entries(ids, keys) -> list[TimelineEntry]:
    actions = (
        Action.objects.filter(pk__in=ids)
        .select_related("owner")
        .only("description", "due_date", "status", "owner__full_name", "owner__email")
    )
    url = _url_maker("actions:detail")
    return [
        TimelineEntry(
            kind="Action",
            date=keys[action.pk][0],
            title=action.description,
            record=action,
            href=url(action.pk),
            stamp=keys[action.pk][1],
        )
        for action in actions
    ]


def _support_request_entries(ids, keys) -> list[TimelineEntry]:
    requests = (
        SupportRequest.objects.filter(pk__in=ids)
        .select_related("offer")
        .only("need", "status", "urgency", "offer__title")
    )
    url = _url_maker("support:detail")
    return [
        TimelineEntry(
            kind="Support request",
            date=keys[request.pk][0],
            title=request.offer.title if request.offer else "Support request",
            record=request,
            text=request.need,
            href=url(request.pk),
            stamp=keys[request.pk][1],
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
        of_kind = {pk: (on, stamp) for entry_kind, pk, on, stamp in shown if entry_kind == kind}
        if of_kind:
            entries.extend(build(list(of_kind), of_kind))
    entries.sort(key=lambda entry: (entry.date, entry.stamp), reverse=True)
    return TimelinePage(entries=entries, number=number, has_older=len(keys) > TIMELINE_LENGTH)

"""A vanguard's timeline: its touchpoints, follow-up actions and support requests, newest first,
TIMELINE_LENGTH to a page with "Show older".

One query, whatever the vanguard's history or the page (two for a page past the end): a UNION
of the three kinds' keys (kind, id, day, stamp) and the few columns each entry shows, sorted
and cut to the page in the database (kept drawn until its tables change:
`presenters.drawn_timeline`). Internal notes are never read here.
"""

import datetime
import functools
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    CharField,
    Count,
    DateField,
    DateTimeField,
    F,
    IntegerField,
    Lookup,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
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
    record: "TouchpointRecord | ActionRecord | SupportRequestRecord"
    text: str = ""
    href: str = ""


TOUCHPOINT, ACTION, SUPPORT_REQUEST = "touchpoint", "action", "support_request"


# What an entry's tags and line of detail read (presenters.timeline_items): the few columns
# the page shows, read in the timeline's one query, not a model instance each.
@dataclass(frozen=True)
class TouchpointRecord:
    pk: int
    kind: str
    channel: str
    rag: str
    status: str
    archived_at: datetime.datetime | None
    author: str  # as the account reads (`str(user)`)
    vanguard_count: int


@dataclass(frozen=True)
class ActionRecord:
    pk: int
    status: str
    due_date: datetime.date
    owner: str  # as the account reads (`str(user)`)


@dataclass(frozen=True)
class SupportRequestRecord:
    pk: int
    status: str
    urgency: str


def _visible_touchpoints(user, vanguard, end: int) -> QuerySet:
    """The touchpoint part: the first `end` touchpoints on the vanguard the user may see, in the
    timeline's order, with the columns their entries show."""
    on_vanguard = Touchpoint.vanguards.through.objects.filter(vanguard=vanguard)
    # A subquery, not a join, so that the rule's own joins cannot drop or repeat a row; and
    # `id = ANY(ARRAY(…))`, not `id IN (…)`, so that PostgreSQL reads the vanguard's links first
    # and then their touchpoints by key. Given IN, it may instead walk every touchpoint from the
    # newest (`touchpoint_newest_idx`) testing each for a link, which it expects to stop soon but
    # which reads every touchpoint logged since the vanguard's 21st newest: at 200 vanguards
    # 4,400 touchpoints and 30-40 ms for a vanguard of 500, all 100,000 and over 100 ms for one
    # of 28. The array's length is unknown when planning, so that walk is never chosen.
    keys = permissions.touchpoints_visible_to(user, Touchpoint.objects.all()).filter(
        _AnyOf(F("pk"), ArraySubquery(on_vanguard.values("touchpoint_id")))
    )
    # The page's touchpoints are picked from their keys alone (id, day, stamp and what the
    # rule reads), then only those `end` are read with their author and vanguard count: joined
    # to the authors before the cut, PostgreSQL sorted every one of the vanguard's touchpoints
    # by author (3,859 for Greater Manchester in the bench's scale data: 13 ms, now 6).
    newest = keys.order_by("-date", "-created_at", "-pk").values("pk")[:end]
    return _parts()[TOUCHPOINT].filter(_AnyOf(F("pk"), ArraySubquery(newest)))[:end]


class _AnyOf(Lookup):
    """`lhs = ANY(rhs)`, rhs an array (the lookup's own parentheses around it)."""

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY{rhs}", (*lhs_params, *rhs_params)


def _visible_actions(user, vanguard) -> QuerySet:
    return permissions.actions_visible_to(user, _parts()[ACTION]).filter(vanguard=vanguard)


def _visible_support_requests(user, vanguard) -> QuerySet:
    return permissions.support_requests_visible_to(user, _parts()[SUPPORT_REQUEST]).filter(
        vanguard=vanguard
    )


# The columns of the timeline's one query: each kind's key (kind, id, day, stamp), named for
# the UNION's order, then what its entry shows, by position (NULL where another kind's is):
# status, title, text, person's name and email, touchpoint kind, channel, RAG, archived,
# vanguard count, action due date, request urgency. Plain field names and NULLs in
# `values_list`, not an annotation each, which cost twice as much to build.
_NULL_TEXT = Value(None, output_field=CharField())
_NULL_TIME = Value(None, output_field=DateTimeField())
_NULL_NUMBER = Value(None, output_field=IntegerField())
_NULL_DATE = Value(None, output_field=DateField())


def _vanguard_count() -> Subquery:
    """How many vanguards the touchpoint is on, all of them (not only those the user may see):
    "with N other vanguards". A subquery of its own, so that a join in the permission rule
    cannot narrow the count."""
    return Subquery(
        Touchpoint.vanguards.through.objects.filter(touchpoint_id=OuterRef("pk"))
        .order_by()
        .values("touchpoint_id")
        .annotate(count=Count("pk"))
        .values("count"),
        output_field=IntegerField(),
    )


# The timeline's order; within one kind the keys are unique (entry_id), so cutting each kind to
# its first rows in this order and sorting the union again gives the same page.
NEWEST_FIRST = ("-entry_on", "-entry_stamp", "entry_kind", "-entry_id")


def _part(queryset: QuerySet, kind: str, on, stamp: str, *columns) -> QuerySet:
    # In the timeline's order, not the model's: each part is cut to its first rows in it.
    keys = queryset.order_by().annotate(
        entry_kind=Value(kind, output_field=CharField()),
        entry_id=F("pk"),
        entry_on=on,
        entry_stamp=F(stamp),
    )
    columns = keys.values_list("entry_kind", "entry_id", "entry_on", "entry_stamp", *columns)
    return columns.order_by(*NEWEST_FIRST)


@functools.cache
def _parts() -> dict[str, QuerySet]:
    """Each kind's columns, in the timeline's order: built once per process (they hold nothing
    of a request; each request filters them by the user's rule and the vanguard), since
    resolving their annotations and columns cost about a quarter of the timeline's Python.
    Never evaluated here: read only through the filters that copy them."""
    touchpoints = _part(
        Touchpoint.objects.annotate(vanguard_count=_vanguard_count()),
        TOUCHPOINT,
        F("date"),
        "created_at",
        *("status", _NULL_TEXT, "summary", "author__full_name", "author__email", "kind"),
        *("channel", "rag", "archived_at", "vanguard_count", _NULL_DATE, _NULL_TEXT),
    )
    actions = _part(
        # Actions agreed at a touchpoint sit on the touchpoint's day.
        Action.objects.annotate(on=Coalesce("touchpoint__date", TruncDate("created_at"))),
        ACTION,
        F("on"),
        "created_at",
        *("status", "description", _NULL_TEXT, "owner__full_name", "owner__email", _NULL_TEXT),
        *(_NULL_TEXT, _NULL_TEXT, _NULL_TIME, _NULL_NUMBER, "due_date", _NULL_TEXT),
    )
    support_requests = _part(
        SupportRequest.objects.all(),
        SUPPORT_REQUEST,
        TruncDate("raised_at"),
        "raised_at",
        *("status", "offer__title", "need", _NULL_TEXT, _NULL_TEXT, _NULL_TEXT, _NULL_TEXT),
        *(_NULL_TEXT, _NULL_TIME, _NULL_NUMBER, _NULL_DATE, "urgency"),
    )
    return {TOUCHPOINT: touchpoints, ACTION: actions, SUPPORT_REQUEST: support_requests}


def _page_rows(user, vanguard, number: int) -> list[tuple]:
    """The page's rows, plus the first of the next page (so we know whether there is one): the
    three kinds in one UNION, sorted and cut to the page in the database."""
    start = (number - 1) * TIMELINE_LENGTH
    end = start + TIMELINE_LENGTH + 1
    # Each kind cut to what the page could take from it before the UNION, so a vanguard's
    # years of touchpoints are not all read (and their columns worked out) for 21 rows.
    parts = [
        _visible_touchpoints(user, vanguard, end),
        _visible_actions(user, vanguard)[:end],
        _visible_support_requests(user, vanguard)[:end],
    ]
    rows = parts[0].union(*parts[1:], all=True)
    return list(rows.order_by(*NEWEST_FIRST)[start:end])


_SAMPLE_PK = 987654321


def _url_maker(name: str):
    """`reverse(name, args=[pk])` for every pk at the cost of one reverse: the page's entries
    differ only in the pk at the end of the path."""
    path = reverse(name, args=[_SAMPLE_PK])
    head, tail = path.rsplit(str(_SAMPLE_PK), 1)
    return lambda pk: f"{head}{pk}{tail}"


def _person(full_name, email) -> str:
    return full_name or email  # what `User.__str__` gives


def _touchpoint_entries(rows) -> list[TimelineEntry]:
    url = _url_maker("touchpoints:detail")
    # Entries of the same moment keep this order (the oldest record first).
    return [
        TimelineEntry(
            kind="Touchpoint",
            date=on,
            title=KIND_LABELS.get(kind, kind),
            record=TouchpointRecord(
                pk=pk,
                kind=kind,
                channel=channel,
                rag=rag,
                status=status,
                archived_at=archived_at,
                author=_person(name, email),
                vanguard_count=vanguards or 0,
            ),
            text=text,
            href=url(pk),
            stamp=stamp,
        )
        for (
            _,
            pk,
            on,
            stamp,
            status,
            _title,
            text,
            name,
            email,
            kind,
            channel,
            rag,
            archived_at,
            vanguards,
            _due,
            _urgency,
        ) in sorted(rows, key=lambda row: row[1])
    ]


def _action_entries(rows) -> list[TimelineEntry]:
    url = _url_maker("actions:detail")
    # In the model's order (due date, then id) for entries of the same moment.
    return [
        TimelineEntry(
            kind="Action",
            date=row[2],
            title=row[5],
            record=ActionRecord(
                pk=row[1], status=row[4], due_date=row[14], owner=_person(row[7], row[8])
            ),
            href=url(row[1]),
            stamp=row[3],
        )
        for row in sorted(rows, key=lambda row: (row[14], row[1]))
    ]


def _support_request_entries(rows) -> list[TimelineEntry]:
    url = _url_maker("support:detail")
    # In the model's order (the newest raised first) for entries of the same moment.
    return [
        TimelineEntry(
            kind="Support request",
            date=row[2],
            title="Support request" if row[5] is None else row[5],  # the offer, if any
            record=SupportRequestRecord(pk=row[1], status=row[4], urgency=row[15]),
            text=row[6],
            href=url(row[1]),
            stamp=row[3],
        )
        for row in sorted(rows, key=lambda row: row[3], reverse=True)
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
    rows = _page_rows(user, vanguard, number)
    if not rows and number > 1:
        number, rows = 1, _page_rows(user, vanguard, 1)
    shown = rows[:TIMELINE_LENGTH]
    entries = []
    for kind, build in ENTRIES.items():
        of_kind = [row for row in shown if row[0] == kind]
        if of_kind:
            entries.extend(build(of_kind))
    entries.sort(key=lambda entry: (entry.date, entry.stamp), reverse=True)
    return TimelinePage(entries=entries, number=number, has_older=len(rows) > TIMELINE_LENGTH)


def timeline_seen_as(*, user, vanguard: Vanguard, page=None) -> tuple:
    """All that `vanguard_timeline` reads of the viewer and the request, for keeping what is
    worked out from it (workwell/kept.py): the vanguard, the page asked for and what each
    kind's visibility rule (touchpoints, actions, support requests) is made from,
    `permissions.records_scope`, so two viewers share a page only when every rule gives them
    the same rows. Building and compiling the three rules' queries to key it cost more than
    the rest of a kept timeline."""
    return (vanguard.pk, timeline_page_number(page), permissions.records_scope(user))

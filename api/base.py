"""The pieces every endpoint of the data API shares (api/urls.py's docstring says how they fit).

- `Endpoint`: the base viewset. A subclass says which records the user may see (`visible`,
  always through vanguards/permissions.py), its serializer and its `filters`; the base
  checks the query string, applies the filters, adds `updated` and paginates.
- `Filter` and its builders (`quarter_filter`, `vanguard_filter`, `region_filter`,
  `updated_since_filter`, and `vanguard_record_filters` for the usual four): one query-string
  parameter each, parsed with a message that says how to fix a bad value (400, never 500).

Beside it (separate modules, because REST_FRAMEWORK settings import them while DRF loads):
- api/pagination.py `CursorPagination`: pages ordered by id, which never changes and only
  grows, so a page already read never moves while rows are added; `page_size` up to 500.
- api/formats.py `CSVRenderer`: the same rows as CSV (`?format=csv` or `Accept: text/csv`),
  columns in the serializer's order, cells made safe against spreadsheet formula injection;
  `ContentNegotiation`: an unknown format is a 406 that names the formats, not DRF's 404.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import DateTimeField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from feedback.forms.quality import quarter_from_slug
from vanguards import permissions
from vanguards.models import Region
from workwell.dates import Quarter

# Query parameters every list reads besides its filters.
LIST_PARAMETERS = ("cursor", "page_size", "format")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,150}")


# --- Filters ------------------------------------------------------------------------------


class FilterError(Exception):
    """A query-string value that cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Filter:
    """One query-string parameter of a list: `parse` turns the text into a value (or raises
    FilterError), `apply` narrows the queryset by it."""

    name: str
    description: str
    parse: Callable[[str, object], object]
    apply: Callable[[QuerySet, object], QuerySet]
    example: str = ""

    def parameter(self) -> OpenApiParameter:
        return OpenApiParameter(
            self.name, OpenApiTypes.STR, description=self.description, examples=[]
        )


def _parse_quarter(text: str, user) -> Quarter:
    quarter = quarter_from_slug(text.strip().lower())
    if quarter is None:
        raise FilterError(
            "Give the quarter as the financial year and quarter number, like 2026-27-q2 "
            "(2026/27 Q2, July to September 2026)."
        )
    return quarter


def quarter_filter(*, on: str | None = None, start: str = "", end: str = "") -> Filter:
    """Records whose date `on` falls in the quarter, or whose `start`–`end` span overlaps it."""

    def apply(queryset: QuerySet, quarter: Quarter) -> QuerySet:
        if on:
            return queryset.filter(**{f"{on}__gte": quarter.start, f"{on}__lte": quarter.end})
        return queryset.filter(**{f"{start}__lte": quarter.end, f"{end}__gte": quarter.start})

    what = f"whose {on.split('__')[0].replace('_', ' ')} is in" if on else "running at any time in"
    return Filter(
        "quarter",
        f"Only records {what} this UK financial quarter, like 2026-27-q2.",
        _parse_quarter,
        apply,
        example="2026-27-q2",
    )


def period_filter(year: str = "year", number: str = "number") -> Filter:
    """Records kept per quarter (a `year` and quarter `number`, as returns and snapshots are)
    for this quarter."""

    def apply(queryset: QuerySet, quarter: Quarter) -> QuerySet:
        return queryset.filter(**{year: quarter.year, number: quarter.number})

    return Filter(
        "quarter",
        "Only records for this UK financial quarter, like 2026-27-q2.",
        _parse_quarter,
        apply,
        example="2026-27-q2",
    )


def quarter_choice_filter(description: str) -> Filter:
    """A `quarter` that chooses when figures are taken (a funding position at the quarter's
    end) rather than narrowing the records; the endpoint reads the parsed value itself."""
    return Filter(
        "quarter", description, _parse_quarter, lambda queryset, quarter: queryset, "2026-27-q2"
    )


def _one_of(queryset: QuerySet, path: str, many: bool, value) -> QuerySet:
    # Through a many-to-many link (a touchpoint's vanguards) a join would repeat a record once
    # per matching link, so match its ids instead.
    if many:
        matching = queryset.model._default_manager.filter(**{path: value}).values("pk")
        return queryset.filter(pk__in=matching)
    return queryset.filter(**{path: value})


def vanguard_filter(path: str = "vanguard", *, many: bool = False) -> Filter:
    """Records of one vanguard, named by its slug. A vanguard the user may not see reads as
    unknown, so the answer does not say whether it exists."""

    def parse(text: str, user) -> int:
        # Only a slug's characters reach the database (a NUL byte would be a 500 there).
        vanguard = (
            permissions.vanguards_visible_to(user).filter(slug=text.strip()).first()
            if SLUG.fullmatch(text.strip())
            else None
        )
        if vanguard is None:
            raise FilterError(
                f"There is no vanguard you can see with the slug “{text[:100]}”. Use a slug "
                "from /api/v1/vanguards/, like greater-manchester."
            )
        return vanguard.pk

    return Filter(
        "vanguard",
        "Only records of this vanguard, by its slug (see /api/v1/vanguards/).",
        parse,
        lambda queryset, pk: _one_of(queryset, path, many, pk),
        example="greater-manchester",
    )


def region_filter(path: str = "vanguard__region", *, many: bool = False) -> Filter:
    """Records of vanguards in one NHS England region, by its slug. Through a link to several
    vanguards (`many`: a cohort session's), only the vanguards the user may see count, so a
    record never says which region another vanguard it names is in."""

    def parse(text: str, user) -> int | list[int]:
        regions = dict(Region.objects.values_list("slug", "pk"))
        if text.strip() not in regions:
            raise FilterError(
                f"There is no region with the slug “{text[:100]}”. Use one of: "
                + ", ".join(sorted(regions))
                + "."
            )
        if many:
            visible = permissions.vanguards_visible_to(user).filter(region=regions[text.strip()])
            return list(visible.values_list("pk", flat=True))
        return regions[text.strip()]

    def apply(queryset: QuerySet, found) -> QuerySet:
        if many:
            return _one_of(queryset, f"{path.removesuffix('__region')}__in", True, found)
        return _one_of(queryset, path, False, found)

    return Filter(
        "region",
        "Only records of vanguards in this NHS England region, by its slug.",
        parse,
        apply,
        example="north-west",
    )


def _parse_moment(text: str, user) -> datetime.datetime:
    text = text.strip()
    try:
        moment = parse_datetime(text)
        day = None if moment else parse_date(text)
    except ValueError:
        moment = day = None
    if day is not None:
        moment = datetime.datetime.combine(day, datetime.time())
    if moment is None:
        raise FilterError(
            "Give an ISO 8601 date or date and time, like 2026-07-01 or 2026-07-01T09:30:00Z "
            "(without a time zone, UK time)."
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def updated_since_filter() -> Filter:
    return Filter(
        "updated_since",
        "Only records changed at or after this moment (ISO 8601; without a time zone, UK "
        "time), as each record's updated field reports.",
        _parse_moment,
        lambda queryset, moment: queryset.filter(updated__gte=moment),
        example="2026-07-01T09:30:00Z",
    )


def vanguard_record_filters(
    quarter: Filter, vanguard: str = "vanguard", *, many: bool = False
) -> tuple[Filter, ...]:
    """The filters of a list of records owned by a vanguard (at `vanguard`; `many` through a
    many-to-many link): `quarter` as given, then vanguard, region and updated_since."""
    return (
        quarter,
        vanguard_filter(vanguard, many=many),
        region_filter(f"{vanguard}__region", many=many),
        updated_since_filter(),
    )


def with_updated(queryset: QuerySet, created: str | None = None) -> QuerySet:
    """`updated`: when the record last changed, from its history (django-simple-history keeps
    one row per change), or when it was made (`created`) if it has no history, such as rows
    loaded in bulk. One correlated subquery inside the list's own query."""
    latest = last_changed(queryset.model)
    return queryset.annotate(updated=Coalesce(latest, F(created)) if created else latest)


def last_changed(model) -> Subquery:
    """When the outer row of `model` last changed, from its history (a correlated subquery)."""
    return Subquery(
        model.history.model.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1],
        output_field=DateTimeField(),
    )


def filtered(queryset: QuerySet, filters: tuple[Filter, ...], params, user) -> QuerySet:
    """`queryset` narrowed by the filters named in `params`; every problem with the query
    string at once, as a 400 that says how to fix each."""
    known = {f.name: f for f in filters}
    problems = {}
    for name in params:
        if name not in known and name not in LIST_PARAMETERS:
            problems[name] = (
                "This list has no parameter of this name. It takes: "
                + ", ".join([*known, *LIST_PARAMETERS])
                + "."
            )
    for name, spec in known.items():
        values = params.getlist(name)
        if not values:
            continue
        if len(values) > 1:
            problems[name] = "Give this parameter once."
            continue
        try:
            queryset = spec.apply(queryset, spec.parse(values[0], user))
        except FilterError as error:
            problems[name] = str(error)
    if problems:
        raise exceptions.ValidationError(problems)
    return queryset


# --- The base viewset ---------------------------------------------------------------------

FORMAT_PARAMETER = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=["json", "csv"], description="json (default) or csv."
)


class Endpoint(viewsets.ReadOnlyModelViewSet):
    """A read-only list and detail of one record kind.

    Subclasses set `serializer_class`, `filters` and `created` (the field `updated` falls back
    to) and define `visible(user) -> QuerySet`, which must start from the kind's
    `*_visible_to` function in vanguards/permissions.py and add the select_related/prefetch
    its serializer needs, so that a page costs the same queries however long it is.
    """

    filters: tuple[Filter, ...] = ()
    created: str | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The schema's summary is the docstring's first sentence; its parameters the filters.
        summary = (cls.__doc__ or "").split(".")[0].replace("\n", " ").strip()
        summary = " ".join(summary.split())
        parameters = [f.parameter() for f in cls.filters] + [FORMAT_PARAMETER]
        extend_schema_view(
            list=extend_schema(summary=summary, parameters=parameters),
            retrieve=extend_schema(
                summary=f"One of: {summary[0].lower()}{summary[1:]}", parameters=[FORMAT_PARAMETER]
            ),
        )(cls)

    def visible(self, user) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self):
        queryset = with_updated(self.visible(self.request.user), self.created)
        if self.action == "list":
            queryset = filtered(
                queryset, self.filters, self.request.query_params, self.request.user
            )
        return queryset

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

"""Endpoints for the reporting app's records: delivery strands, quarterly returns, funding
and closed quarters' snapshots."""

from django.db.models import DateTimeField, Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.response import Response

from feedback.forms.quality import quarter_from_slug, quarter_slug
from feedback.selectors.disclosure import disclosure_threshold
from reporting.models import (
    DeliveryStrand,
    FundingRule,
    QuarterlyReturn,
    QuarterlySnapshot,
    ReturnPeriod,
    StrandReturn,
)
from reporting.selectors.funding import funding_positions, programme_quarters
from reporting.selectors.snapshots import figures_scope
from vanguards import permissions
from vanguards.models import Vanguard

from ..base import (
    Endpoint,
    Filter,
    filtered,
    last_changed,
    period_filter,
    quarter_choice_filter,
    quarter_filter,
    region_filter,
    updated_since_filter,
    vanguard_filter,
    vanguard_record_filters,
)
from ..serializers.reporting import (
    DeliveryStrandSerializer,
    FundingSerializer,
    QuarterlyReturnSerializer,
    SnapshotSerializer,
)


class DeliveryStrandEndpoint(Endpoint):
    """The delivery strands on the profiles of the vanguards you may see. `quarter`: strands
    running in that quarter."""

    serializer_class = DeliveryStrandSerializer
    filters = vanguard_record_filters(quarter_filter(start="start_date", end="end_date"))

    def visible(self, user):
        # One query, the vanguard joined.
        return permissions.strands_visible_to(user, DeliveryStrand.objects.all()).select_related(
            "vanguard"
        )


class QuarterlyReturnEndpoint(Endpoint):
    """Quarterly returns you may see, with their status and figures per delivery strand. As
    the returns pages: in progress returns for admins, the vanguard's members, its RM and the
    RM lead; the programme lead and regional leads once the SRO has signed them off.
    `quarter`: the return for that quarter."""

    serializer_class = QuarterlyReturnSerializer
    created = "updated_at"
    filters = vanguard_record_filters(period_filter())

    def visible(self, user):
        # The page: one query (vanguard joined; only quarters with a due date, as the return
        # page answers 404 without one) and one for every row's strand figures with strands.
        rows = permissions.strand_returns_visible_to(
            user, StrandReturn.objects.select_related("strand")
        )
        period = ReturnPeriod.objects.filter(year=OuterRef("year"), number=OuterRef("number"))
        return permissions.quarterly_returns_visible_to(
            user,
            QuarterlyReturn.objects.filter(Exists(period))
            .select_related("vanguard")
            .prefetch_related(Prefetch("strand_returns", queryset=rows)),
        )


class FundingEndpoint(Endpoint):
    """The funding position of each vanguard whose funding page you may see, at the end of a
    quarter: allocation, guaranteed and performance parts, performance earned, paid to date
    and spend, by the programme's funding rule. `quarter`: the quarter (default, as on the
    funding pages, the last closed one); the record takes it too."""

    serializer_class = FundingSerializer
    lookup_field = "slug"
    filters = (
        # Chooses the quarter the positions are at (read by chosen_quarter); every vanguard
        # stays listed, as on the funding page.
        quarter_choice_filter(
            "The quarter the positions are at the end of, like 2026-27-q2 (default: the last "
            "closed quarter)."
        ),
        vanguard_filter("pk"),
        region_filter("region"),
        updated_since_filter(),
    )

    def visible(self, user):
        # The page: one query; its positions two more (the rule and the returns' figures).
        return permissions.funding_vanguards(user, Vanguard.objects.all())

    def get_queryset(self):
        # A position changes with its vanguard (allocation, dates), its returns' figures and
        # the funding rule: `updated` is the latest of the three (subqueries in the one query;
        # each stands in for a missing other, as SQLite's GREATEST is null if any is).
        returns = Subquery(
            QuarterlyReturn.objects.filter(vanguard=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1],
            output_field=DateTimeField(),
        )
        rule = Subquery(
            FundingRule.history.order_by("-history_date").values("history_date")[:1],
            output_field=DateTimeField(),
        )
        moments = ("vanguard_changed", "returns_changed", "rule_changed")
        queryset = (
            self.visible(self.request.user)
            .alias(
                vanguard_changed=last_changed(Vanguard), returns_changed=returns, rule_changed=rule
            )
            .annotate(
                updated=Greatest(
                    *(Coalesce(first, *moments) for first in moments),
                    output_field=DateTimeField(),
                )
            )
        )
        if self.action == "list":
            queryset = filtered(
                queryset, self.filters, self.request.query_params, self.request.user
            )
        return queryset

    def chosen_quarter(self):
        """As the funding pages: a quarter the programme has, by default the last closed."""
        quarters = programme_quarters(timezone.localdate())
        asked = self.request.query_params.get("quarter")
        if asked is None:
            return quarters[1] if len(quarters) > 1 else quarters[0]
        quarter = quarter_from_slug(asked.strip().lower())
        if quarter not in quarters:
            raise exceptions.ValidationError(
                {
                    "quarter": "Give a quarter of the programme, from "
                    f"{quarter_slug(quarters[-1])} to {quarter_slug(quarters[0])}."
                }
            )
        return quarter

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "request", None) is not None and self.request.user.is_authenticated:
            context["quarter"] = self.chosen_quarter()
        return context

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        context = self.get_serializer_context()
        rows = funding_positions(vanguards=page, quarter=context["quarter"])
        return self.get_paginated_response(FundingSerializer(rows, many=True, context=context).data)

    def retrieve(self, request, *args, **kwargs):
        context = self.get_serializer_context()
        [row] = funding_positions(vanguards=[self.get_object()], quarter=context["quarter"])
        return Response(FundingSerializer(row, context=context).data)


class SnapshotEndpoint(Endpoint):
    """Closed quarters' snapshots, every revision: the dashboard figures stored when each was
    built, as you read them on the dashboards. The NST and the programme lead get every
    vanguard and the national totals; a regional lead their region's vanguards; a member
    their own vanguard with the others lettered. `quarter`: that quarter's revisions."""

    serializer_class = SnapshotSerializer
    # `vanguard` and `region` narrow each snapshot's figures (which vanguards it names, and
    # their total), as the dashboard's filters do, not which snapshots are listed.
    filters = (
        period_filter(),
        Filter(
            "vanguard",
            "Only this vanguard's figures (and total) in each snapshot, by its slug.",
            vanguard_filter().parse,
            lambda queryset, pk: queryset,
            example="greater-manchester",
        ),
        Filter(
            "region",
            "Only the figures (and total) of vanguards in this NHS England region.",
            region_filter().parse,
            lambda queryset, pk: queryset,
            example="north-west",
        ),
        updated_since_filter(),
    )

    def visible(self, user):
        # The page: one query (the figures are stored JSON).
        return permissions.snapshots_visible_to(user, QuarterlySnapshot.objects.all())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "request", None) is not None and self.request.user.is_authenticated:
            # Which vanguards the user reads, and the threshold: once a request, not a row.
            context["scope"] = figures_scope(self.request.user)
            context["threshold"] = disclosure_threshold()
            if self.action == "list":  # checked by `filtered` (a 400 if unknown or not yours)
                params = self.request.query_params
                context["narrow"] = {
                    "vanguard": params.get("vanguard", "").strip(),
                    "region": params.get("region", "").strip(),
                }
        return context

    def get_queryset(self):
        # Snapshots never change once built (a rebuild is a new revision).
        queryset = self.visible(self.request.user).annotate(updated=F("built_at"))
        if self.action != "list":
            return queryset
        return filtered(queryset, self.filters, self.request.query_params, self.request.user)

"""Endpoints for the reporting app's records: delivery strands, quarterly returns (later:
funding, snapshots)."""

from django.db.models import Exists, OuterRef, Prefetch

from reporting.models import DeliveryStrand, QuarterlyReturn, ReturnPeriod, StrandReturn
from vanguards import permissions

from ..base import Endpoint, period_filter, quarter_filter, vanguard_record_filters
from ..serializers.reporting import DeliveryStrandSerializer, QuarterlyReturnSerializer


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

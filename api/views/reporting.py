"""Endpoints for the reporting app's records: delivery strands (later: returns, funding,
snapshots)."""

from reporting.models import DeliveryStrand
from vanguards import permissions

from ..base import Endpoint, quarter_filter, vanguard_record_filters
from ..serializers.reporting import DeliveryStrandSerializer


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

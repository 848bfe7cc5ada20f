"""Endpoints for the vanguards app's records: vanguards, touchpoints, actions and support
requests. Each list is exactly what the user sees in the portal (the `*_visible_to` functions
of vanguards/permissions.py), with the same trimming (internal notes, other vanguards on a
cohort session)."""

from django.db.models import Exists, OuterRef, Prefetch

from vanguards import permissions
from workwell.models import ProgrammeTheme

from ..base import (
    Endpoint,
    quarter_filter,
    region_filter,
    updated_since_filter,
    vanguard_record_filters,
)
from ..serializers.vanguards import (
    ActionSerializer,
    SupportRequestSerializer,
    TouchpointSerializer,
    VanguardSerializer,
)


class VanguardEndpoint(Endpoint):
    """Vanguards whose profile you may see. `quarter`: vanguards running in that quarter."""

    serializer_class = VanguardSerializer
    lookup_field = "slug"
    filters = (
        quarter_filter(start="start_date", end="end_date"),
        region_filter("region"),
        updated_since_filter(),
    )

    def visible(self, user):
        # The list: one query (region and lead organisation joined).
        return permissions.vanguards_visible_to(user).select_related("region", "lead_organisation")


class TouchpointEndpoint(Endpoint):
    """Touchpoints you may see: the NST every one (with internal notes), others completed
    ones of their vanguards. `quarter`: by the touchpoint's date."""

    serializer_class = TouchpointSerializer
    created = "created_at"
    filters = vanguard_record_filters(quarter_filter(on="date"), "vanguards", many=True)

    def visible(self, user):
        # The page: one query, plus one for its vanguards (only those the user sees) and one
        # for its themes, however many rows.
        return (
            permissions.touchpoints_visible_to(user)
            .select_related("author")
            .prefetch_related(
                Prefetch(
                    "vanguards",
                    permissions.vanguards_visible_to(user).only("slug").order_by("slug"),
                    to_attr="visible_vanguards",
                ),
                Prefetch("themes", ProgrammeTheme.objects.only("slug"), to_attr="theme_list"),
            )
        )


class ActionEndpoint(Endpoint):
    """Follow-up actions of the vanguards you may see. `quarter`: by the due date."""

    serializer_class = ActionSerializer
    created = "created_at"
    filters = vanguard_record_filters(quarter_filter(on="due_date"))

    def visible(self, user):
        # One query: vanguard and owner joined; whether the user may see the touchpoint an
        # action came from is a subquery of the same rule the touchpoint pages use.
        touchpoints = permissions.touchpoints_visible_to(user).filter(pk=OuterRef("touchpoint"))
        return (
            permissions.actions_visible_to(user)
            .select_related("vanguard", "owner")
            .annotate(touchpoint_shown=Exists(touchpoints))
        )


class SupportRequestEndpoint(Endpoint):
    """Support requests of the vanguards you may see. `quarter`: by when it was raised."""

    serializer_class = SupportRequestSerializer
    created = "raised_at"
    filters = vanguard_record_filters(quarter_filter(on="raised_at__date"))

    def visible(self, user):
        # One query: vanguard, offer and the two people joined.
        return permissions.support_requests_visible_to(user).select_related(
            "vanguard", "offer", "raised_by", "assigned_to"
        )

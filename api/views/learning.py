"""Endpoints for the learning app's records: network events and their registrations."""

from django.db.models import F

from learning.models import Event, Registration
from vanguards import permissions

from ..base import (
    Endpoint,
    filtered,
    quarter_filter,
    region_filter,
    updated_since_filter,
    vanguard_filter,
)
from ..serializers.learning import EventSerializer, RegistrationSerializer


class EventEndpoint(Endpoint):
    """Network events you may see on the events pages (for everyone, your cohort group's, the
    NST's for the NST). `quarter`: events starting in the quarter."""

    serializer_class = EventSerializer
    created = "created_at"
    filters = (quarter_filter(on="starts_at__date"), updated_since_filter())

    def visible(self, user):
        # The page: one query, the cohort group joined.
        return permissions.events_visible_to(user, Event.objects.select_related("cohort_group"))


class RegistrationEndpoint(Endpoint):
    """Places at events: your own, and for the events' organisers (the learning team and
    admins) everyone's, as on the attendance lists. `quarter`: by the event's start."""

    serializer_class = RegistrationSerializer
    filters = (
        quarter_filter(on="event__starts_at__date"),
        vanguard_filter("person__vanguard_membership__vanguard"),
        region_filter("person__vanguard_membership__vanguard__region"),
        updated_since_filter(),
    )

    def visible(self, user):
        # The page: one query, the person and their vanguard joined.
        return permissions.registrations_visible_to(
            user,
            Registration.objects.select_related("person__vanguard_membership__vanguard"),
        )

    def get_queryset(self):
        # Registrations keep no history: their own updated_at says when they last changed.
        queryset = self.visible(self.request.user).annotate(updated=F("updated_at"))
        if self.action != "list":
            return queryset
        return filtered(queryset, self.filters, self.request.query_params, self.request.user)

import datetime

import django_filters
from django import forms

from workwell.filters import ModelChoiceFilter

from .. import permissions
from ..models import SupportRequest
from ..presenters import flag_text
from ..selectors.support import flagged_q
from .scoped import VISIBLE_VANGUARDS, VanguardScopedFilterSet


class SupportRequestFilter(VanguardScopedFilterSet):
    vanguard = ModelChoiceFilter(
        **VISIBLE_VANGUARDS, to_field_name="slug", empty_label="All vanguards"
    )
    status = django_filters.ChoiceFilter(
        choices=SupportRequest.Status.choices, empty_label="Any status"
    )
    urgency = django_filters.ChoiceFilter(
        choices=SupportRequest.Urgency.choices, empty_label="Any urgency"
    )
    flagged = django_filters.BooleanFilter(
        label="Only requests not triaged in time",
        widget=forms.CheckboxInput,
        method="filter_flagged",
    )
    mine = django_filters.BooleanFilter(
        label="Only requests assigned to me", widget=forms.CheckboxInput, method="filter_mine"
    )

    vanguard_choosers = ("vanguard",)

    class Meta:
        model = SupportRequest
        fields = ["vanguard", "status", "urgency", "flagged", "mine"]

    def __init__(self, *args, request, today: datetime.date, limit: int, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.today, self.limit = today, limit
        self.filters["flagged"].label = f"Only requests {flag_text(limit).lower()}"
        if not permissions.is_nst(request.user):
            del self.filters["mine"]  # only NST staff are assigned requests

    def filter_flagged(self, queryset, name, value):
        return queryset.filter(flagged_q(today=self.today, limit=self.limit)) if value else queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assigned_to=self.request.user) if value else queryset

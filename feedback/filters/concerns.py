import datetime

import django_filters
from django import forms

from workwell.filters import FilterSet

from ..models import Concern
from ..selectors.concerns import overdue_q


class ConcernFilter(FilterSet):
    state = django_filters.ChoiceFilter(choices=Concern.State.choices, empty_label="Any state")
    kind = django_filters.ChoiceFilter(choices=Concern.Kind.choices, empty_label="Any kind")
    stage = django_filters.ChoiceFilter(choices=Concern.Stage.choices, empty_label="Any stage")
    overdue = django_filters.BooleanFilter(
        label="Only overdue concerns", widget=forms.CheckboxInput, method="filter_overdue"
    )

    class Meta:
        model = Concern
        fields = ["state", "kind", "stage", "overdue"]

    def __init__(self, *args, request, today: datetime.date, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.today = today

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(today=self.today)) if value else queryset

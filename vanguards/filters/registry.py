import django_filters
from django import forms

from workwell.filters import FilterSet

from ..models import CohortGroup, Region, Vanguard


class VanguardFilter(FilterSet):
    name = django_filters.CharFilter(
        label="Name contains", lookup_expr="icontains", widget=forms.TextInput()
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), to_field_name="slug", empty_label="All regions"
    )
    cohort_group = django_filters.ModelChoiceFilter(
        label="Cohort group",
        queryset=CohortGroup.objects.all(),
        to_field_name="slug",
        empty_label="All groups",
        method="filter_cohort_group",
    )
    status = django_filters.ChoiceFilter(choices=Vanguard.Status.choices, empty_label="Any status")

    class Meta:
        model = Vanguard
        fields = ["name", "region", "cohort_group", "status"]

    def filter_cohort_group(self, queryset, name, value):
        return queryset.filter(
            group_memberships__cohort_group=value, group_memberships__ended_on__isnull=True
        )

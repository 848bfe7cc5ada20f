import django_filters
from django import forms

from workwell.filters import ModelChoiceFilter

from ..models import Region, Vanguard
from .groups import cohort_group_filter, current_member_ids
from .scoped import VanguardScopedFilterSet


class VanguardFilter(VanguardScopedFilterSet):
    name = django_filters.CharFilter(
        label="Name contains", lookup_expr="icontains", widget=forms.TextInput()
    )
    region = ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label="All regions",
        kept_on=(Region,),
    )
    cohort_group = cohort_group_filter()
    status = django_filters.ChoiceFilter(choices=Vanguard.Status.choices, empty_label="Any status")

    # Every one of them: a list of one vanguard has nothing to narrow (and shows no filters).
    vanguard_choosers = ("name", "region", "cohort_group", "status")

    class Meta:
        model = Vanguard
        fields = ["name", "region", "cohort_group", "status"]

    def filter_cohort_group(self, queryset, name, value):
        return queryset.filter(pk__in=current_member_ids(value))

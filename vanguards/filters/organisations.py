import django_filters
from django import forms
from django.db.models import Q

from workwell.filters import FilterSet

from ..models import Organisation


class OrganisationFilter(FilterSet):
    search = django_filters.CharFilter(
        label="Name or ODS code contains", widget=forms.TextInput(), method="filter_search"
    )
    kind = django_filters.ChoiceFilter(
        label="Type", choices=Organisation.Kind.choices, empty_label="All types"
    )

    class Meta:
        model = Organisation
        fields = ["search", "kind"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(ods_code__iexact=value))

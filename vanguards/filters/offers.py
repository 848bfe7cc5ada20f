import django_filters
from django import forms

from workwell.filters import FilterSet, ModelChoiceFilter
from workwell.models import MaturityBand, ProgrammeTheme

from ..models import SupportOffer


class SupportOfferFilter(FilterSet):
    theme = ModelChoiceFilter(
        label="Theme",
        field_name="themes",
        queryset=ProgrammeTheme.objects.all(),
        to_field_name="slug",
        empty_label="All themes",
        kept_on=(ProgrammeTheme,),
    )
    channel = django_filters.ChoiceFilter(
        label="How it is delivered",
        choices=SupportOffer.Channel.choices,
        empty_label="Any way",
        error_messages={"invalid_choice": "Select how the support is delivered from the list"},
    )
    band = django_filters.ChoiceFilter(
        label="Suits vanguards that are",
        choices=MaturityBand.choices,
        empty_label="Any maturity band",
        error_messages={"invalid_choice": "Select a maturity band from the list"},
        method="filter_band",
    )
    scaffolded = django_filters.BooleanFilter(
        label="Only scaffolded support for emerging vanguards",
        widget=forms.CheckboxInput,
        method="filter_scaffolded",
    )

    class Meta:
        model = SupportOffer
        fields = ["theme", "channel", "band", "scaffolded"]

    def filter_band(self, queryset, name, value):
        # Bands are stored as one flag each (for_emerging, for_maturing, for_leading).
        return queryset.filter(**{f"for_{value}": True})

    def filter_scaffolded(self, queryset, name, value):
        return queryset.filter(scaffolded=True) if value else queryset

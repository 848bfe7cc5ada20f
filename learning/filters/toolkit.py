import django_filters

from maturity.models import Dimension, FrameworkVersion
from workwell.filters import FilterSet, ModelChoiceFilter
from workwell.models import MaturityBand, ProgrammeTheme

from ..models import ToolkitItem
from ..selectors.toolkit import search_toolkit_items, toolkit_dimension_choices


class ToolkitItemFilter(FilterSet):
    """Search and filters above a toolkit version's items."""

    q = django_filters.CharFilter(label="Search the toolkit", method="filter_search")
    kind = django_filters.ChoiceFilter(
        label="Kind of item",
        choices=ToolkitItem.Kind.choices,
        empty_label="All kinds",
    )
    theme = ModelChoiceFilter(
        label="Theme",
        field_name="themes",
        queryset=ProgrammeTheme.objects.only("name", "slug"),
        to_field_name="slug",
        empty_label="All themes",
        kept_on=(ProgrammeTheme,),
    )
    dimension = ModelChoiceFilter(
        label="Maturity dimension",
        field_name="dimensions",
        queryset=toolkit_dimension_choices(),
        empty_label="All dimensions",
        kept_on=(Dimension, FrameworkVersion),
    )
    band = django_filters.ChoiceFilter(
        label="Serves vanguards that are",
        choices=MaturityBand.choices,
        empty_label="Any maturity band",
        error_messages={"invalid_choice": "Select a maturity band from the list"},
        method="filter_band",
    )

    class Meta:
        model = ToolkitItem
        fields = ["q", "kind", "theme", "dimension", "band"]

    def filter_search(self, queryset, name, value):
        return search_toolkit_items(queryset, value)

    def filter_band(self, queryset, name, value):
        # Bands are stored as one flag each (for_emerging, for_maturing, for_leading).
        return queryset.filter(**{f"for_{value}": True})

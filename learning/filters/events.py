import django_filters
from django import forms

from workwell.filters import FilterSet

from ..models import Event
from ..selectors.events import PAST, UPCOMING


class EventFilter(FilterSet):
    # The selector orders and splits by `when` (the view reads it); here it is a question on
    # the filter form, so applying a kind keeps it.
    when = django_filters.ChoiceFilter(
        label="When",
        choices=[(UPCOMING, "Upcoming events"), (PAST, "Past events")],
        widget=forms.RadioSelect,
        method="filter_when",
        initial=UPCOMING,
        error_messages={"invalid_choice": "Select upcoming or past events"},
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of event",
        choices=Event.Kind.choices,
        empty_label="All kinds",
        error_messages={"invalid_choice": "Select a kind of event from the list"},
    )

    class Meta:
        model = Event
        fields = ["when", "kind"]

    def filter_when(self, queryset, name, value):
        return queryset

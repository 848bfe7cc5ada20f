import django_filters

from workwell.filters import FilterSet

from ..models import ConsultationComment


class CommentFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=ConsultationComment.Status.choices,
        empty_label="Any status",
    )
    item = django_filters.ModelChoiceFilter(
        label="About", queryset=None, empty_label="Any item", method="filter_item"
    )

    class Meta:
        model = ConsultationComment
        fields = ["status", "item"]

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["item"].queryset = items

    def filter_item(self, queryset, name, value):
        return queryset.filter(item=value)

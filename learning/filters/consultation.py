import django_filters

from workwell.filters import FilterSet, ModelChoiceFilter

from ..models import ConsultationComment


class CommentFilter(FilterSet):
    """The comments list: one version's comments (the view picks the latest consulted one when
    none is asked for), by status and by item of that version."""

    version = django_filters.ChoiceFilter(
        label="Version", choices=(), empty_label=None, method="filter_version"
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=ConsultationComment.Status.choices,
        empty_label="Any status",
    )
    item = ModelChoiceFilter(
        label="About", queryset=None, empty_label="Any item", option_text=("title",)
    )

    class Meta:
        model = ConsultationComment
        fields = ["version", "status", "item"]

    def __init__(self, *args, versions, items, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices from the list the view already read: no query to offer or check them.
        self.filters["version"].extra["choices"] = [
            (version.number, f"Version {version.number}") for version in versions
        ]
        self.filters["item"].queryset = items

    def filter_version(self, queryset, name, value):
        # The view gives the chosen version's comments (also when the address names a version
        # that is not there): the field only offers the choice.
        return queryset

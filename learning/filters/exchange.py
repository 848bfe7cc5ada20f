import django_filters

from workwell.filters import FilterSet, ModelChoiceFilter

from ..models import ExchangeQuestion
from ..selectors.exchange import search_exchange, theme_choices, with_answers


class ExchangeQuestionFilter(FilterSet):
    """Search and filters above the peer exchange's questions."""

    q = django_filters.CharFilter(
        label="Search questions and answers", method="filter_search", max_length=200
    )
    theme = ModelChoiceFilter(
        label="Theme",
        field_name="themes",
        queryset=theme_choices(),
        to_field_name="slug",
        empty_label="All themes",
    )
    answered = django_filters.ChoiceFilter(
        label="Answers",
        choices=[("yes", "Answered"), ("no", "Not answered yet")],
        empty_label="Answered or not",
        error_messages={"invalid_choice": "Select answered or not answered yet"},
        method="filter_answered",
    )

    class Meta:
        model = ExchangeQuestion
        fields = ["q", "theme", "answered"]

    def filter_search(self, queryset, name, value):
        return search_exchange(queryset, value)

    def filter_answered(self, queryset, name, value):
        return with_answers(queryset, value == "yes")

import django_filters

from vanguards import permissions
from workwell.filters import FilterSet, ModelChoiceFilter
from workwell.models import ProgrammeTheme

from ..models import Lesson
from ..selectors.lessons import lesson_vanguards, search_lessons


def _vanguards(request):
    return lesson_vanguards(user=request.user)


class LessonFilter(FilterSet):
    q = django_filters.CharFilter(label="Search", method="filter_search", max_length=200)
    status = django_filters.ChoiceFilter(
        choices=Lesson.Status.choices,
        empty_label="Any status",
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    theme = ModelChoiceFilter(
        label="Theme",
        field_name="themes",
        queryset=ProgrammeTheme.objects.all(),
        to_field_name="slug",
        empty_label="All themes",
    )
    vanguard = ModelChoiceFilter(
        queryset=_vanguards, to_field_name="slug", empty_label="All vanguards"
    )

    class Meta:
        model = Lesson
        fields = ["q", "status", "theme", "vanguard"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not (
            permissions.can_write_lessons(request.user) or permissions.reviews_lessons(request.user)
        ):
            del self.filters["status"]  # they see published lessons only

    def filter_search(self, queryset, name, value):
        return search_lessons(queryset, value)

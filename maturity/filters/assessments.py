import django_filters

from workwell.filters import FilterSet, ModelChoiceFilter

from ..models import AssessmentCycle, SelfAssessment


class AssessmentFilter(FilterSet):
    cycle = ModelChoiceFilter(
        queryset=AssessmentCycle.objects.order_by("-opens_on"), empty_label="All cycles"
    )
    status = django_filters.ChoiceFilter(
        choices=SelfAssessment.Status.choices, empty_label="Any status"
    )

    class Meta:
        model = SelfAssessment
        fields = ["cycle", "status"]

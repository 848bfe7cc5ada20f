"""Endpoints for the feedback app: the pulse survey's results (aggregates, never answers)."""

from django.db.models import DateTimeField
from django.db.models.functions import Coalesce
from django.utils import timezone

from feedback.models import PulseSurvey
from feedback.selectors.results import pulse_survey_quarters
from vanguards import permissions
from workwell.dates import Quarter

from ..base import Endpoint, filtered, period_filter, updated_since_filter
from ..serializers.feedback import PulseResultsSerializer


class PulseResultsEndpoint(Endpoint):
    """A quarter's pulse survey results as the results page shows them to you: nationally and
    per group you see, per question, with the support and event ratings of the quarter;
    groups under the disclosure threshold withheld (but for admins). `quarter`: the quarter
    (default, as on the results page, the newest closed survey's), one record a quarter."""

    serializer_class = PulseResultsSerializer
    filters = (period_filter(), updated_since_filter())

    def visible(self, user):
        # Opened surveys, for whoever the results page answers (a page: one record, whose
        # groups cost the results page's own queries, about eleven).
        surveys = PulseSurvey.objects.exclude(status=PulseSurvey.Status.SCHEDULED)
        return surveys if permissions.sees_national_results(user) else surveys.none()

    def get_queryset(self):
        # Surveys keep no history: a survey changes when it opens and when it closes.
        updated = Coalesce("closed_at", "opened_at", output_field=DateTimeField())
        queryset = self.visible(self.request.user).annotate(updated=updated)
        if self.action != "list":
            return queryset
        params = self.request.query_params
        if "quarter" not in params:
            # One quarter a list, so a page costs the same queries however long it is asked to be.
            _quarters, newest_final = pulse_survey_quarters()
            quarter = newest_final or Quarter.containing(timezone.localdate())
            queryset = queryset.filter(year=quarter.year, number=quarter.number)
        return filtered(queryset, self.filters, params, self.request.user)

"""Endpoints for the feedback app: the pulse survey's results (aggregates, never answers) and
concerns (clocks; text for the NST)."""

from django.db.models import DateTimeField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from feedback.models import PulseResponse, PulseSurvey
from feedback.selectors.concerns import concerns_for_list
from feedback.selectors.results import pulse_survey_quarters
from vanguards import permissions
from workwell.dates import Quarter

from ..base import (
    Endpoint,
    filtered,
    period_filter,
    quarter_filter,
    region_filter,
    updated_since_filter,
    vanguard_filter,
)
from ..serializers.feedback import ConcernSerializer, PulseResultsSerializer


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
        # Surveys keep no history: results change when the survey opens, with each answer
        # given or changed while it is open, and when it closes (the latest of the three).
        answered = Subquery(
            PulseResponse.objects.filter(survey=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1],
            output_field=DateTimeField(),
        )
        updated = Greatest(
            Coalesce("closed_at", "opened_at"),
            Coalesce(answered, "opened_at"),
            output_field=DateTimeField(),
        )
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


class ConcernEndpoint(Endpoint):
    """Concerns and complaints you may see on the concerns pages, with their clocks; what was
    said only for the NST. `quarter`: concerns raised in the quarter."""

    serializer_class = ConcernSerializer
    created = "raised_at"
    # A regional concern may have no vanguard: its region is its own field.
    filters = (
        quarter_filter(on="raised_at__date"),
        vanguard_filter(),
        region_filter("region"),
        updated_since_filter(),
    )

    def visible(self, user):
        # The concerns list's own selector (the overdue flag worked out in the database): the
        # page is one query.
        return concerns_for_list(user=user).order_by()

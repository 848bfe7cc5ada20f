"""Endpoints for the maturity app's records: self-assessments with their levels."""

from django.db.models import Prefetch

from maturity.models import DimensionScore, SelfAssessment
from vanguards import permissions

from ..base import Endpoint, quarter_filter, vanguard_record_filters
from ..serializers.maturity import AssessmentSerializer


class AssessmentEndpoint(Endpoint):
    """Maturity self-assessments you may see, with their levels per dimension. Drafts for
    admins, the vanguard's members and its RM; moderated levels once you may see moderation.
    `quarter`: assessments whose cycle is open at any time in the quarter."""

    serializer_class = AssessmentSerializer
    created = "updated_at"
    filters = vanguard_record_filters(
        quarter_filter(start="cycle__opens_on", end="cycle__closes_on")
    )

    def visible(self, user):
        # The page: one query (vanguard, cycle and framework joined) and one for every row's
        # scores with their dimensions.
        scores = DimensionScore.objects.select_related("dimension").order_by("dimension__order")
        return permissions.assessments_visible_to(
            user,
            SelfAssessment.objects.select_related("vanguard", "cycle__framework").prefetch_related(
                Prefetch("scores", queryset=scores)
            ),
        )

"""The feedback app's records as the API shows them: a quarter's pulse survey results per
group, each aggregate already through the disclosure rule (feedback/selectors/disclosure.py)
by the results page's own selector; concerns' counts and clocks (their text for the NST)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from feedback.forms.quality import quarter_slug
from feedback.models import Concern, PulseSurvey
from feedback.selectors.concerns import acknowledged_in_time, responded_in_time
from feedback.selectors.results import quarter_results
from vanguards import permissions

from . import fields_only_for


class TallySerializer(serializers.Serializer):
    """Ratings from 1 to 5: how many, their mean and the share rating 4 or 5 (0 to 1). Null
    throughout, with `withheld` true, where the group has fewer responses than the disclosure
    threshold (shown to admins only, as on the results page)."""

    withheld = serializers.BooleanField()
    count = serializers.IntegerField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    share_satisfied = serializers.FloatField(allow_null=True)

    def to_representation(self, tally):
        if getattr(tally, "withheld", False):
            return {"withheld": True, "count": None, "mean": None, "share_satisfied": None}
        return {
            "withheld": False,
            "count": tally.count,
            "mean": tally.mean,
            "share_satisfied": tally.share_satisfied,
        }


class GroupResultSerializer(serializers.Serializer):
    """One group's results: the pulse survey's three questions (with how many were asked),
    ratings of support delivered in the quarter and of its events."""

    breakdown = serializers.ChoiceField(
        choices=["national", "region", "cohort_group", "relationship_manager", "vanguard"]
    )
    group = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    withheld = serializers.BooleanField()
    asked = serializers.IntegerField(allow_null=True)
    response_rate = serializers.FloatField(allow_null=True)
    satisfaction = TallySerializer()
    rm_support = TallySerializer()
    learning = TallySerializer()
    support_ratings = TallySerializer()
    event_ratings = TallySerializer()

    def to_representation(self, row):
        pulse = row.pulse
        withheld = getattr(pulse, "withheld", False)
        tally = TallySerializer()
        return {
            "breakdown": row.breakdown,
            "group": None if row.key is None else str(row.key),
            "label": row.label,
            "withheld": withheld,
            "asked": None if withheld else pulse.asked,
            "response_rate": None if withheld else pulse.response_rate,
            **{
                name: tally.to_representation(pulse if withheld else getattr(pulse, name))
                for name in ("satisfaction", "rm_support", "learning")
            },
            "support_ratings": tally.to_representation(row.support),
            "event_ratings": tally.to_representation(row.events),
        }


class PulseResultsSerializer(serializers.ModelSerializer):
    quarter = serializers.SerializerMethodField()
    groups = serializers.SerializerMethodField()
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = PulseSurvey
        fields = ["id", "quarter", "status", "opens_on", "closes_on", "groups", "updated"]

    def get_quarter(self, survey) -> str:
        return quarter_slug(survey.quarter)

    @extend_schema_field(GroupResultSerializer(many=True))
    def get_groups(self, survey) -> list:
        """National first, then each breakdown the user sees (BREAKDOWNS), widest first."""
        results = quarter_results(user=self.context["request"].user, quarter=survey.quarter)
        return GroupResultSerializer(results.rows, many=True).data


# The concern's own words (and its thread's, which stays on its page): for the NST only.
CONCERN_TEXT = ["what_happened", "wanted_outcome", "about_service", "late_reason"]


class ConcernSerializer(serializers.ModelSerializer):
    """A concern or complaint's kind, state, stage and clocks (due dates in working days, and
    whether each step was on time). Its text only for the NST (permissions.is_nst): outside
    the NST the API gives counts and clocks, never what was said; nobody gets who said it."""

    vanguard = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    acknowledged_in_time = serializers.SerializerMethodField()
    responded_in_time = serializers.SerializerMethodField()
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Concern
        fields = [
            "id",
            "vanguard",
            "region",
            "kind",
            "state",
            "stage",
            "raised_at",
            "acknowledge_by",
            "acknowledged_at",
            "acknowledged_in_time",
            "respond_by",
            "responded_at",
            "responded_in_time",
            "is_overdue",
            "escalated_at",
            "closed_at",
            "closed_automatically",
            "reopened_at",
            *CONCERN_TEXT,
            "updated",
        ]
        extra_kwargs = {
            name: {"required": False, "help_text": "For the NST only: absent for everyone else."}
            for name in CONCERN_TEXT
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields_only_for(self, CONCERN_TEXT, permissions.is_nst)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_acknowledged_in_time(self, concern) -> bool | None:
        return acknowledged_in_time(concern)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_responded_in_time(self, concern) -> bool | None:
        return responded_in_time(concern)

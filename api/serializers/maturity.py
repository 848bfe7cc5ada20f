"""Maturity self-assessments as the API shows them: each with its levels per dimension, its
band and the basis of the band (moderated once agreed, self-assessed before)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from maturity.models import DimensionScore, SelfAssessment
from maturity.selectors.assessments import assessment_band, counted_level, level_basis
from vanguards import permissions


class LevelSerializer(serializers.ModelSerializer):
    """One dimension's levels. `moderated_level` is null until the user may see moderation
    (permissions.can_see_moderation: the NST while in progress, everyone once agreed)."""

    dimension = serializers.CharField(source="dimension.name", read_only=True)
    order = serializers.IntegerField(source="dimension.order", read_only=True)
    moderated_level = serializers.SerializerMethodField()
    counted_level = serializers.SerializerMethodField()

    class Meta:
        model = DimensionScore
        fields = [
            "dimension",
            "order",
            "self_level",
            "target_level",
            "moderated_level",
            "counted_level",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_moderated_level(self, score) -> int | None:
        return score.moderated_level if self.context["shows_moderation"](score) else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_counted_level(self, score) -> int | None:
        """The level the band counts: the agreed level once agreed, the self level before."""
        return counted_level(score, score.assessment)


class AssessmentSerializer(serializers.ModelSerializer):
    vanguard = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    cycle = serializers.CharField(source="cycle.name", read_only=True)
    cycle_opens_on = serializers.DateField(source="cycle.opens_on", read_only=True)
    cycle_closes_on = serializers.DateField(source="cycle.closes_on", read_only=True)
    framework = serializers.CharField(source="cycle.framework.name", read_only=True)
    band = serializers.SerializerMethodField()
    mean_level = serializers.SerializerMethodField()
    level_basis = serializers.SerializerMethodField()
    levels = serializers.SerializerMethodField()
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = SelfAssessment
        fields = [
            "id",
            "vanguard",
            "cycle",
            "cycle_opens_on",
            "cycle_closes_on",
            "framework",
            "status",
            "submitted_at",
            "agreed_at",
            "band",
            "mean_level",
            "level_basis",
            "levels",
            "updated",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.context["request"].user if "request" in self.context else None
        answers = {}

        def shows_moderation(score) -> bool:
            # Asked once per vanguard and status, not per row: the answer depends on nothing
            # else, so a page costs no more queries the longer it is.
            assessment = score.assessment
            key = (assessment.vanguard_id, assessment.status)
            if key not in answers:
                answers[key] = user is not None and permissions.can_see_moderation(
                    user, assessment.vanguard, assessment.status
                )
            return answers[key]

        self.context["shows_moderation"] = shows_moderation

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_band(self, assessment) -> str | None:
        return assessment_band(assessment).band

    @extend_schema_field(serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True))
    def get_mean_level(self, assessment):
        mean = assessment_band(assessment).mean
        return None if mean is None else f"{mean:.2f}"

    @extend_schema_field(serializers.ChoiceField(choices=["moderated", "self"]))
    def get_level_basis(self, assessment) -> str:
        return level_basis(assessment)

    @extend_schema_field(LevelSerializer(many=True))
    def get_levels(self, assessment) -> list:
        scores = assessment.scores.all()
        for score in scores:
            score.assessment = assessment  # counted_level and moderation read it
        return LevelSerializer(scores, many=True, context=self.context).data

"""Reporting's records as the API shows them: delivery strands, quarterly returns with their
figures per strand."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from feedback.forms.quality import quarter_slug
from reporting.models import DeliveryStrand, QuarterlyReturn, QuarterlySnapshot, StrandReturn
from reporting.models.returns import FIGURES
from reporting.presenters.dashboard import figures_seen


class DeliveryStrandSerializer(serializers.ModelSerializer):
    vanguard = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = DeliveryStrand
        fields = [
            "id",
            "vanguard",
            "name",
            "position",
            "participant_target",
            "in_work_share_target",
            "funding_allocation",
            "start_date",
            "end_date",
            "updated",
        ]


class StrandFiguresSerializer(serializers.ModelSerializer):
    """One strand's figures in a return (null where not yet given), in the form's order."""

    strand = serializers.IntegerField(source="strand_id", read_only=True)
    strand_name = serializers.CharField(source="strand.name", read_only=True)

    class Meta:
        model = StrandReturn
        fields = ["strand", "strand_name", "complete", *(field for field, _ in FIGURES)]


class QuarterlyReturnSerializer(serializers.ModelSerializer):
    """A vanguard's quarterly return: its status, when it was signed off and decided, and its
    figures per delivery strand. The narrative and query texts stay on the return's pages."""

    vanguard = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    quarter = serializers.SerializerMethodField()
    strands = StrandFiguresSerializer(source="strand_returns", many=True, read_only=True)
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = QuarterlyReturn
        fields = [
            "id",
            "vanguard",
            "quarter",
            "year",
            "number",
            "status",
            "signed_off_at",
            "decided_at",
            "strands",
            "updated",
        ]

    def get_quarter(self, report) -> str:
        """The quarter as the filters take it, like 2026-27-q2."""
        return quarter_slug(report.quarter)


def _money(name: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        source=f"position.{name}", max_digits=14, decimal_places=2, read_only=True
    )


class FundingSerializer(serializers.Serializer):
    """A vanguard's funding position at the end of a quarter, as its funding page shows it
    (reporting/funding.py's funding_position: the rule's arithmetic, written once)."""

    vanguard = serializers.CharField(source="vanguard.slug", read_only=True)
    quarter = serializers.SerializerMethodField()
    allocation = _money("allocation")
    guaranteed = _money("guaranteed")
    performance_available = _money("performance_available")
    performance_earned = _money("performance_earned")
    paid = _money("paid")
    spend = _money("spend")
    # The latest change to the vanguard, its returns or the funding rule.
    updated = serializers.DateTimeField(source="vanguard.updated", read_only=True, allow_null=True)

    def get_quarter(self, row) -> str:
        """The quarter the position is at the end of, like 2026-27-q2."""
        return quarter_slug(self.context["quarter"])


class SnapshotSerializer(serializers.ModelSerializer):
    """One revision of a closed quarter's snapshot: the dashboard figures stored when it was
    built (reporting/selectors/dashboard.py dashboard_figures), narrowed to what you read on
    the dashboards (reporting/presenters/dashboard.py figures_seen): `vanguards` by slug,
    `total` (theirs added up), `peers` (a member's lettered peers), `counterfactual`, and
    `quality`, `national` and `review` for whoever reads those. Satisfaction counted from
    fewer responses than the disclosure threshold is null with `satisfaction_withheld` true."""

    quarter = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = QuarterlySnapshot
        fields = ["id", "quarter", "year", "number", "revision", "built_at", "figures", "updated"]

    def get_quarter(self, snapshot) -> str:
        return quarter_slug(snapshot.quarter)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_figures(self, snapshot) -> dict:
        return figures_seen(
            snapshot.figures,
            self.context["scope"],
            threshold=self.context["threshold"],
            **self.context.get("narrow", {}),
        )

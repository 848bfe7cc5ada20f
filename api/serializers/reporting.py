"""Reporting's records as the API shows them: delivery strands."""

from rest_framework import serializers

from reporting.models import DeliveryStrand


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

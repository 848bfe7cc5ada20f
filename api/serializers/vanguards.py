"""Vanguards, touchpoints, actions and support requests, as the API shows them. Each names a
vanguard by its slug and a person by their name; `updated` is when the record last changed."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from vanguards import permissions
from vanguards.models import Action, SupportRequest, Touchpoint, Vanguard

from . import fields_only_for

SLUGS = serializers.ListField(child=serializers.CharField())


class VanguardSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lead_organisation = serializers.CharField(source="lead_organisation.name", read_only=True)
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Vanguard
        fields = [
            "slug",
            "name",
            "region",
            "lead_organisation",
            "status",
            "target_cohorts",
            "funding_allocation",
            "participant_target",
            "in_work_share_target",
            "start_date",
            "end_date",
            "updated",
        ]


class TouchpointSerializer(serializers.ModelSerializer):
    """Internal notes only for the NST, as on the touchpoint pages (can_see_internal_notes);
    the vanguards listed are the ones the user may see (a cohort session names others)."""

    vanguards = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()
    author = serializers.CharField(source="author.full_name", read_only=True)
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Touchpoint
        fields = [
            "id",
            "date",
            "kind",
            "channel",
            "duration_minutes",
            "vanguards",
            "themes",
            "author",
            "summary",
            "internal_notes",
            "rag",
            "rag_reason",
            "status",
            "completed_at",
            "created_at",
            "archived_at",
            "updated",
        ]
        extra_kwargs = {
            "internal_notes": {
                "required": False,
                "help_text": "For the NST only: absent for everyone else.",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields_only_for(self, ["internal_notes"], permissions.can_see_internal_notes)

    @extend_schema_field(SLUGS)
    def get_vanguards(self, touchpoint) -> list[str]:
        return [vanguard.slug for vanguard in touchpoint.visible_vanguards]

    @extend_schema_field(SLUGS)
    def get_themes(self, touchpoint) -> list[str]:
        return [theme.slug for theme in touchpoint.theme_list]


class ActionSerializer(serializers.ModelSerializer):
    vanguard = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    touchpoint = serializers.SerializerMethodField()
    owner = serializers.CharField(source="owner.full_name", read_only=True, allow_null=True)
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "description",
            "vanguard",
            "touchpoint",
            "owner",
            "due_date",
            "status",
            "cancel_reason",
            "created_at",
            "closed_at",
            "updated",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_touchpoint(self, action) -> int | None:
        """The touchpoint it came from, when the user may see that touchpoint."""
        return action.touchpoint_id if action.touchpoint_shown else None


class SupportRequestSerializer(serializers.ModelSerializer):
    vanguard = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    offer = serializers.CharField(source="offer.title", read_only=True, allow_null=True)
    raised_by = serializers.CharField(source="raised_by.full_name", read_only=True)
    assigned_to = serializers.CharField(
        source="assigned_to.full_name", read_only=True, allow_null=True
    )
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = SupportRequest
        fields = [
            "id",
            "vanguard",
            "need",
            "offer",
            "urgency",
            "needed_by",
            "status",
            "raised_by",
            "raised_at",
            "triaged_at",
            "decline_reason",
            "redirect_note",
            "assigned_to",
            "delivered_at",
            "closed_at",
            "rating",
            "updated",
        ]

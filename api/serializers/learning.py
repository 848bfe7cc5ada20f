"""The learning app's records as the API shows them: network events and registrations."""

from rest_framework import serializers

from learning.models import Event, Registration


class EventSerializer(serializers.ModelSerializer):
    """An event of the Learning and Change Network. The joining link stays on the event's
    page (it is for people with a place)."""

    cohort_group = serializers.CharField(source="cohort_group.name", read_only=True, default=None)
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "kind",
            "format",
            "starts_at",
            "ends_at",
            "venue",
            "capacity",
            "audience",
            "cohort_group",
            "updated",
        ]


class RegistrationSerializer(serializers.ModelSerializer):
    """A place (or a place on the waiting list) at an event: the person's name and vanguard as
    the attendance list shows them to organisers; your own place to you."""

    person = serializers.CharField(source="person.full_name", read_only=True)
    vanguard = serializers.SerializerMethodField()
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "person",
            "vanguard",
            "status",
            "waiting_since",
            "attended",
            "created_at",
            "updated",
        ]

    def get_vanguard(self, registration) -> str | None:
        membership = getattr(registration.person, "vanguard_membership", None)
        return membership.vanguard.slug if membership else None

"""The Django admin for maturity, held to the same rules as the portal: published framework
versions are read-only, cycles open through `cycle_open`, and assessments change only through
the portal's workflow (so history and actions stay right)."""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from .forms import CycleAdminForm
from .models import (
    AssessmentCycle,
    Dimension,
    DimensionScore,
    FrameworkVersion,
    LevelDescriptor,
    ReminderSent,
    SelfAssessment,
)
from .services.assessments import cycle_create_assessments, cycle_open


class ReadOnlyWhenPublished:
    """Published versions (and their dimensions) never change: view them, don't edit them."""

    def _framework_of(self, obj):
        return obj if isinstance(obj, FrameworkVersion) else getattr(obj, "framework", None)

    def has_change_permission(self, request, obj=None):
        framework = self._framework_of(obj) if obj else None
        if framework is not None and framework.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        framework = self._framework_of(obj) if obj else None
        if framework is not None and (framework.is_published or framework.cycles.exists()):
            return False
        return super().has_delete_permission(request, obj)


class DimensionInline(admin.TabularInline):
    model = Dimension
    fields = ["order", "name", "theme"]
    extra = 0
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    def has_add_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_published


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyWhenPublished, SimpleHistoryAdmin):
    list_display = ["name", "status", "published_at", "emerging_below", "maturing_below"]
    list_filter = ["status"]
    # Publishing goes through the portal's service, which checks every level is described.
    readonly_fields = ["status", "published_at", "based_on"]
    inlines = [DimensionInline]


class LevelDescriptorInline(admin.StackedInline):
    model = LevelDescriptor
    extra = 0
    max_num = 5

    def _editable(self, obj):
        return obj is None or not obj.framework.is_published

    def has_change_permission(self, request, obj=None):
        return self._editable(obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj)


@admin.register(Dimension)
class DimensionAdmin(ReadOnlyWhenPublished, admin.ModelAdmin):
    list_display = ["name", "framework", "order", "theme"]
    list_filter = ["framework"]
    inlines = [LevelDescriptorInline]


@admin.register(AssessmentCycle)
class AssessmentCycleAdmin(SimpleHistoryAdmin):
    form = CycleAdminForm
    list_display = ["name", "framework", "opens_on", "closes_on", "is_baseline"]
    actions = ["create_missing_assessments"]

    def get_readonly_fields(self, request, obj=None):
        # The drafts' scores follow the framework's dimensions, so it is fixed once open.
        return ["framework", "is_baseline"] if obj else ["is_baseline"]

    def save_model(self, request, obj, form, change):
        if change:
            obj._history_user = request.user
            obj.save()
            return
        opened = cycle_open(actor=request.user, **form.cleaned_data)
        obj.pk, obj.is_baseline = opened.pk, opened.is_baseline
        obj._state.adding = False  # the admin's "added" message and redirect find it

    @admin.action(description="Create drafts for live vanguards that have none")
    def create_missing_assessments(self, request, queryset):
        created = sum(cycle_create_assessments(cycle=c, actor=request.user) for c in queryset)
        messages.success(request, f"{created} draft self-assessments created.")


class DimensionScoreInline(admin.TabularInline):
    model = DimensionScore
    fields = ["dimension", "self_level", "target_level", "moderated_level"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(SimpleHistoryAdmin):
    """View only: vanguards and RMs change assessments in the portal."""

    list_display = ["vanguard", "cycle", "status", "updated_at"]
    list_filter = ["cycle", "status"]
    search_fields = ["vanguard__name"]
    inlines = [DimensionScoreInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["assessment", "days_before", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

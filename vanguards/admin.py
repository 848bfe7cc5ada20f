from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Action,
    CohortGroup,
    CohortGroupMembership,
    Organisation,
    Partnership,
    ProgrammeSettings,
    Region,
    RegionalLead,
    SupportOffer,
    SupportRequest,
    Touchpoint,
    Vanguard,
    VanguardMember,
)


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 1
    autocomplete_fields = ["organisation"]


class MembershipInline(admin.TabularInline):
    model = CohortGroupMembership
    extra = 0


class VanguardMemberInline(admin.TabularInline):
    model = VanguardMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Vanguard)
class VanguardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "lead_organisation", "status"]
    list_filter = ["region", "status"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartnershipInline, MembershipInline, VanguardMemberInline]
    list_select_related = ["region", "lead_organisation"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "ods_code"]
    list_filter = ["kind"]
    search_fields = ["name", "ods_code"]


@admin.register(CohortGroup)
class CohortGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "theme", "relationship_manager"]
    list_select_related = ["theme", "relationship_manager"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(VanguardMember)
class VanguardMemberAdmin(SimpleHistoryAdmin):
    list_display = ["user", "vanguard", "title"]
    list_filter = ["title", "vanguard"]
    list_select_related = ["user", "vanguard"]
    raw_id_fields = ["user"]


@admin.register(RegionalLead)
class RegionalLeadAdmin(SimpleHistoryAdmin):
    list_display = ["user", "region"]
    list_select_related = ["user", "region"]
    raw_id_fields = ["user"]


# --- Relationship management -------------------------------------------------------------
# Day-to-day work happens in the portal's own pages; the admin is for PMO corrections.


@admin.register(Touchpoint)
class TouchpointAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "author", "status", "rag", "archived_at"]
    list_filter = ["status", "kind", "channel", "rag"]
    search_fields = ["summary", "vanguards__name"]
    raw_id_fields = ["author", "archived_by", "nst_participants", "vanguard_contacts"]
    filter_horizontal = ["vanguards", "themes"]
    date_hierarchy = "date"


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "vanguard", "owner", "due_date", "status"]
    list_filter = ["status", "vanguard"]
    search_fields = ["description"]
    raw_id_fields = ["owner", "created_by", "closed_by", "touchpoint"]
    list_select_related = ["vanguard", "owner"]


@admin.register(SupportOffer)
class SupportOfferAdmin(SimpleHistoryAdmin):
    list_display = ["title", "channel", "delivered_by", "scaffolded", "is_active"]
    list_filter = ["channel", "scaffolded", "is_active", "themes"]
    search_fields = ["title", "description"]
    filter_horizontal = ["themes"]


@admin.register(SupportRequest)
class SupportRequestAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "urgency", "raised_at", "assigned_to"]
    list_filter = ["status", "urgency", "vanguard"]
    search_fields = ["need"]
    raw_id_fields = ["raised_by", "triaged_by", "assigned_to", "touchpoints"]
    list_select_related = ["vanguard", "assigned_to"]


@admin.register(ProgrammeSettings)
class ProgrammeSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "contact_cadence_days", "support_request_triage_working_days"]

    def has_add_permission(self, request):
        # One row (pk=1), created with its defaults the first time it is read.
        return not ProgrammeSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CohortGroup,
    CohortGroupMembership,
    Organisation,
    Partnership,
    Region,
    RegionalLead,
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
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ods_code"]
    list_filter = ["kind"]
    search_fields = ["name", "ods_code"]


@admin.register(CohortGroup)
class CohortGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "theme", "relationship_manager"]
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
    raw_id_fields = ["user"]


@admin.register(RegionalLead)
class RegionalLeadAdmin(SimpleHistoryAdmin):
    list_display = ["user", "region"]
    raw_id_fields = ["user"]

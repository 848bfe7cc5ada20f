from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import GeneratedDocument, ProgrammeTheme, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "role"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "invited_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "role", "password1", "password2"],
            },
        )
    ]
    # Staff and superuser status follow the role (User.save): shown, never set by hand.
    readonly_fields = ["is_staff", "is_superuser", "last_login", "date_joined", "invited_at"]
    # The "History" page lists name, role, email and active-status changes (User.history).
    history_list_display = ["full_name", "role", "is_active"]


@admin.register(ProgrammeTheme)
class ProgrammeThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    """Read-only: for the PMO to see what was built and why a build failed. Rows are made and
    changed only by workwell/documents.py (retry from the document's own page)."""

    list_display = ["title", "kind", "status", "attempts", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

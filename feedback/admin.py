from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Concern, ConcernEntry


class ConcernEntryInline(admin.TabularInline):
    model = ConcernEntry
    extra = 0
    readonly_fields = ("kind", "author", "text", "created_at")
    can_delete = False


@admin.register(Concern)
class ConcernAdmin(SimpleHistoryAdmin):
    """Read for admins; concerns change only through their steps on /feedback/concerns/."""

    list_display = ("pk", "kind", "vanguard", "region", "state", "stage", "handler", "raised_at")
    list_filter = ("state", "stage", "kind")
    inlines = [ConcernEntryInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

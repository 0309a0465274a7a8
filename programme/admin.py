from django.contrib import admin

from iag_portal.admin import OfficerAdmin
from programme.models import ProgrammeChange


@admin.register(ProgrammeChange)
class ProgrammeChangeAdmin(OfficerAdmin):
    """The record of programme changes: read only, it is the history."""

    list_display = [
        "meeting",
        "kind",
        "old_value",
        "new_value",
        "reason",
        "changed_by",
        "changed_at",
    ]
    list_filter = ["kind", "meeting__body"]
    list_select_related = ["meeting__body", "changed_by"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

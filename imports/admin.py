from django.contrib import admin

from iag_portal.admin import OfficerAdmin, OfficerInline
from imports.models import Flag, ImportRecord


class FlagInline(OfficerInline, admin.TabularInline):
    model = Flag
    extra = 0
    fields = ["point", "reason", "resolved"]
    readonly_fields = ["point", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImportRecord)
class ImportRecordAdmin(OfficerAdmin):
    """Where an officer reviews what an import flagged, and ticks it off."""

    list_display = ["source_name", "meeting", "imported_by", "imported_at", "open_flags"]
    list_filter = ["meeting__body"]
    search_fields = ["source_name"]
    list_select_related = ["meeting__body", "imported_by"]
    readonly_fields = ["meeting", "source_name", "sha256", "imported_by", "imported_at", "report"]
    inlines = [FlagInline]

    def get_queryset(self, request):
        from django.db.models import F, Func, OuterRef, Subquery

        # Counted for each import shown, not by a join and GROUP BY of every import.
        open_flags = (
            Flag.objects.filter(record=OuterRef("pk"), resolved=False)
            .order_by()
            .values("record")
            .annotate(n=Func(F("pk"), function="COUNT"))
            .values("n")
        )
        return super().get_queryset(request).annotate(open_flag_count=Subquery(open_flags))

    @admin.display(description="flags to review")
    def open_flags(self, obj):
        return obj.open_flag_count or 0

    def has_add_permission(self, request):
        return False

from django.contrib import admin

from advice.models import RECORD_FIELDS_LOCKED, Advice
from iag_portal.admin import OfficerAdmin, is_locked


@admin.register(Advice)
class AdviceAdmin(OfficerAdmin):
    # The history is on the advice's own page (advice:detail), read through the
    # permission module; simple_history's admin views would look past body_path.
    list_display = ["__str__", "addressee", "meeting", "response", "response_due", "confidential"]
    list_filter = ["response", "confidential", "meeting__body", "theme"]
    search_fields = ["text", "addressee"]
    list_select_related = ["meeting__body"]
    raw_id_fields = ["meeting", "point"]
    readonly_fields = ["raised_by", "responded_at", "responded_by", "outcome_at", "outcome_by"]

    # Advice of agreed minutes is still followed up (its response and outcome), but
    # what was advised, to whom and where is part of the record.
    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj) and not is_locked(obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if is_locked(obj):
            readonly += RECORD_FIELDS_LOCKED
        return readonly

    def save_model(self, request, obj, form, change):
        if "response" in form.changed_data:
            obj.stamp_response(by=request.user)
        if "outcome" in form.changed_data:
            obj.stamp_outcome(by=request.user)
        super().save_model(request, obj, form, change)

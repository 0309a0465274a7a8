from django.contrib import admin

from actions.models import Action
from iag_portal.admin import OfficerAdmin


@admin.register(Action)
class ActionAdmin(OfficerAdmin):
    body_path = "item__meeting__body"
    list_display = ["description", "owner_initials", "meeting", "due_date", "status"]
    list_filter = ["status", "item__meeting__body", "due_date"]
    search_fields = ["description", "owners__initials"]
    list_select_related = ["item__meeting__body"]
    raw_id_fields = ["item"]
    filter_horizontal = ["owners"]
    readonly_fields = ["closed_at", "closed_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("owners")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        action_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "owners" and action_id:
            kwargs["queryset"] = db_field.related_model.objects.filter(
                meeting__items__actions=action_id
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.set_status(obj.status, by=request.user)
        super().save_model(request, obj, form, change)

    @admin.display(description="owners")
    def owner_initials(self, action):
        return ", ".join(owner.initials for owner in action.owners.all())

    @admin.display(description="meeting", ordering="item__meeting__date")
    def meeting(self, action):
        return action.item.meeting

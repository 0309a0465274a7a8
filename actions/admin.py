from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple

from actions.models import Action, ActionNote, ReminderSent
from iag_portal.admin import OfficerAdmin, OfficerInline, is_locked


class ActionNoteInline(OfficerInline, admin.TabularInline):
    """Progress notes follow an action after its minutes are agreed."""

    model = ActionNote
    extra = 0

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission
    fields = ["created_at", "text", "new_status", "meeting", "created_by"]
    readonly_fields = ["created_by"]
    raw_id_fields = ["meeting"]


class ReminderSentInline(OfficerInline, admin.TabularInline):
    model = ReminderSent
    extra = 0
    fields = ["due_date", "sent_at", "recipients"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(OfficerAdmin):
    list_display = ["description", "owner_initials", "meeting", "due_date", "status"]
    list_filter = ["status", "item__meeting__body", "due_date"]
    search_fields = ["description", "owners__initials"]
    list_select_related = ["item__meeting__body"]
    raw_id_fields = ["item"]
    readonly_fields = ["closed_at", "closed_by"]
    inlines = [ActionNoteInline, ReminderSentInline]

    # An action of agreed minutes is still followed up (its status, its notes), but
    # what the minutes asked and of whom is part of the record.
    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if is_locked(obj):
            return [f.name for f in Action._meta.fields if f.name != "status"] + ["owners"]
        return super().get_readonly_fields(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("owners")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        action_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "owners" and action_id:
            kwargs["queryset"] = db_field.related_model.objects.filter(
                meeting__items__actions=action_id
            )
        if db_field.name == "owners":
            # As filter_horizontal would (refused by the admin's checks for a field
            # with a declared through model; see OfficerChoices).
            kwargs["widget"] = FilteredSelectMultiple(db_field.verbose_name, is_stacked=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.set_status(obj.status, by=request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is ActionNote:
            for note_form in formset.forms:
                if not note_form.instance.pk and note_form.has_changed():
                    note_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)

    @admin.display(description="owners")
    def owner_initials(self, action):
        return ", ".join(owner.initials for owner in action.owners.all())

    @admin.display(description="meeting", ordering="item__meeting__date")
    def meeting(self, action):
        return action.item.meeting

from django.contrib import admin, messages
from django.db.models import F, Func, OuterRef, Subquery

from actions.models import Action
from iag_portal.admin import OfficerAdmin, OfficerInline
from meetings import lifecycle
from meetings.models import AgendaItem, Attendance, Meeting, Point


class AttendanceInline(OfficerInline, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = [
        "order",
        "initials",
        "role",
        "person",
        "name",
        "capacity",
        "status",
        "is_minute_taker",
        "representing",
        "note",
    ]
    autocomplete_fields = ["person", "representing"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "representing")


class AgendaItemInline(OfficerInline, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "number", "title", "lead", "state", "confidential", "minute_number"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(OfficerAdmin):
    """Meetings and their attendance and agenda. The status is never typed here: it
    moves through meetings.lifecycle, from the meeting page."""

    readonly_fields = ["status"]
    actions = ["cancel_meetings", "reinstate_meetings"]
    list_display = ["date", "body", "topic", "status", "location", "item_count"]
    list_filter = ["body", "status", "date"]
    search_fields = ["topic", "location", "items__title"]
    date_hierarchy = "date"
    list_select_related = ["body"]
    inlines = [AttendanceInline, AgendaItemInline]

    def get_queryset(self, request):
        # A count per meeting shown, not COUNT(DISTINCT) over a join of every meeting
        # with every item (which the changelist's own count then had to repeat).
        items = (
            AgendaItem.objects.filter(meeting=OuterRef("pk"))
            .order_by()
            .values("meeting")
            .annotate(n=Func(F("pk"), function="COUNT"))
            .values("n")
        )
        return super().get_queryset(request).annotate(item_count=Subquery(items))

    @admin.display(description="items")
    def item_count(self, meeting):
        return meeting.item_count or 0

    def _take_step(self, request, queryset, name):
        """Take a lifecycle step on each selected meeting, as its page would."""
        done, refused = 0, []
        for meeting in queryset.select_related("body"):
            try:
                lifecycle.apply(meeting, name, by=request.user, note="From the admin.")
            except lifecycle.TransitionError as error:
                refused.append(f"{meeting}: {error}")
            else:
                done += 1
        if done:
            self.message_user(request, f"{lifecycle.STEPS[name].done.capitalize()}: {done}.")
        for line in refused:
            self.message_user(request, line, level=messages.WARNING)

    @admin.action(description="Cancel the selected meetings (not yet started)")
    def cancel_meetings(self, request, queryset):
        self._take_step(request, queryset, "cancel")

    @admin.action(description="Reinstate the selected cancelled meetings")
    def reinstate_meetings(self, request, queryset):
        self._take_step(request, queryset, "reinstate")


class ItemChildInline(OfficerInline):
    """Inline under an agenda item whose people are chosen from that meeting's attendance."""

    attendance_fields = ()

    def get_formset(self, request, obj=None, **kwargs):
        self.parent_item = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.attendance_fields:
            item = getattr(self, "parent_item", None)
            kwargs["queryset"] = Attendance.objects.filter(
                meeting_id=item.meeting_id if item else None
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PointInline(ItemChildInline, admin.StackedInline):
    model = Point
    extra = 0
    attendance_fields = ("speakers",)

    # Not the `fields` attribute: the admin's checks refuse a many-to-many field with
    # a declared through model there; see OfficerChoices.formfield_for_manytomany.
    def get_fields(self, request, obj=None):
        return [("order", "kind", "confidential"), "text", "speakers"]


class ActionInline(ItemChildInline, admin.TabularInline):
    model = Action
    extra = 0
    attendance_fields = ("owners",)

    def get_fields(self, request, obj=None):  # as PointInline.get_fields
        return ["order", "description", "owners", "due_date", "status"]


@admin.register(AgendaItem)
class AgendaItemAdmin(OfficerAdmin):
    list_display = ["__str__", "meeting", "lead", "state", "confidential"]
    list_filter = ["meeting__body", "state", "confidential"]
    search_fields = ["title", "lead", "points__text"]
    list_select_related = ["meeting__body"]
    inlines = [PointInline, ActionInline]
    raw_id_fields = ["meeting"]

    def save_formset(self, request, form, formset, change):
        if formset.model is Action:
            for action_form in formset.forms:
                if "status" in action_form.changed_data:
                    action_form.instance.set_status(action_form.instance.status, by=request.user)
        super().save_formset(request, form, formset, change)

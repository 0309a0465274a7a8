from django.contrib import admin

from committee.models import BodyCapacity, Decision, Declaration, Procedure
from iag_portal.admin import OfficerAdmin, meeting_of
from meetings.models import Attendance


@admin.register(Procedure)
class ProcedureAdmin(OfficerAdmin):
    list_display = ["body", "quorum", "numbering", "year_starts"]
    list_select_related = ["body"]


@admin.register(BodyCapacity)
class BodyCapacityAdmin(OfficerAdmin):
    """How a body prints each capacity of its attendance, and in what order."""

    list_display = ["body", "capacity", "heading", "order"]
    list_filter = ["body"]
    list_select_related = ["body"]


class MeetingAttendanceChoices:
    """Who moved a decision or declared an interest: someone on that meeting's list."""

    attendance_fields: tuple[str, ...] = ()

    def get_form(self, request, obj=None, **kwargs):
        self.editing = obj
        return super().get_form(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.attendance_fields:
            obj = getattr(self, "editing", None)
            kwargs["queryset"] = Attendance.objects.filter(
                meeting=meeting_of(obj)  # by the model's meeting_path; None when adding
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Decision)
class DecisionAdmin(MeetingAttendanceChoices, OfficerAdmin):
    """The decisions register. A decision's wording is its point's text (edited with
    the agenda item); agreed minutes' decisions are read-only (the lock)."""

    list_display = ["__str__", "reference", "meeting", "outcome", "vote"]
    list_filter = ["point__item__meeting__body", "outcome"]
    search_fields = ["point__text"]
    list_select_related = ["point__item__meeting__body"]
    raw_id_fields = ["point"]
    attendance_fields = ("proposer", "seconder")

    @admin.display(description="minute")
    def reference(self, decision):
        item = decision.point.item
        return item.minute_reference(item.meeting.body) or item.number

    @admin.display(description="meeting")
    def meeting(self, decision):
        return decision.point.item.meeting

    @admin.display(description="vote")
    def vote(self, decision):
        return decision.vote_text()


@admin.register(Declaration)
class DeclarationAdmin(MeetingAttendanceChoices, OfficerAdmin):
    list_display = ["attendee", "meeting", "item", "nature", "left_room"]
    list_filter = ["meeting__body", "nature"]
    search_fields = ["description", "attendee__name", "attendee__initials"]
    list_select_related = ["meeting__body", "attendee", "item"]
    raw_id_fields = ["meeting", "item"]
    attendance_fields = ("attendee",)

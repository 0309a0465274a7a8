"""The review records in the admin: an audit trail, read-only. Circulating,
signing off and amending happen from the meeting page, which sends the emails
and checks the state."""

from django.contrib import admin

from iag_portal.admin import OfficerAdmin, OfficerInline
from reviews.models import (
    Amendment,
    Circulation,
    Correction,
    Recipient,
    Review,
    SignOff,
    Transition,
)


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecipientInline(ReadOnly, OfficerInline, admin.TabularInline):
    model = Recipient
    extra = 0
    fields = ["person", "email", "sent", "error"]
    readonly_fields = fields


class ReviewInline(ReadOnly, OfficerInline, admin.TabularInline):
    model = Review
    extra = 0
    fields = ["person", "decision", "comment", "item", "point", "at"]
    readonly_fields = fields


class CorrectionInline(ReadOnly, OfficerInline, admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["person", "item", "point", "text", "suggested_text", "state", "answer", "at"]
    readonly_fields = fields


class AuditAdmin(ReadOnly, OfficerAdmin):
    """The record of what happened to the minutes: never changed by hand."""


@admin.register(Circulation)
class CirculationAdmin(AuditAdmin):
    list_display = ["meeting", "number", "by", "at"]
    list_select_related = ["meeting__body", "by"]
    fields = ["meeting", "number", "by", "at", "deadline", "note"]
    readonly_fields = fields
    inlines = [RecipientInline, ReviewInline, CorrectionInline]


@admin.register(Transition)
class TransitionAdmin(AuditAdmin):
    list_display = ["meeting", "what", "by", "at"]
    list_select_related = ["meeting__body", "by"]
    list_filter = ["to_status"]
    readonly_fields = ["meeting", "from_status", "to_status", "by", "at", "note"]


@admin.register(SignOff)
class SignOffAdmin(AuditAdmin):
    list_display = ["meeting", "agreed_at", "by", "at"]
    list_select_related = ["meeting__body", "agreed_at__body", "by"]
    readonly_fields = ["meeting", "agreed_at", "corrections", "by", "at", "fingerprint"]


@admin.register(Amendment)
class AmendmentAdmin(AuditAdmin):
    list_display = ["meeting", "by", "at", "reason"]
    list_select_related = ["meeting__body", "by"]
    readonly_fields = [
        "meeting",
        "by",
        "at",
        "reason",
        "item",
        "point",
        "confidential",
        "old_text",
        "new_text",
    ]

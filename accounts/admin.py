from django.contrib import admin

from accounts.models import AuditEvent, BodyPolicy, Invitation
from iag_portal.admin import OfficerAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(OfficerAdmin):
    """Read-only: the trail is written by the portal and changed by nobody."""

    list_display = ["at", "kind", "actor_name", "subject", "body", "ip", "detail"]
    list_filter = ["kind", "body"]
    search_fields = ["actor_name", "detail", "ip", "subject__username"]
    list_select_related = ["subject", "body"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        bodies = self._bodies(request)
        if bodies is None:
            return queryset
        return queryset.for_bodies(bodies)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(OfficerAdmin):
    list_display = ["name", "email", "body", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["body", "role"]
    search_fields = ["name", "email"]
    list_select_related = ["body"]
    readonly_fields = [
        "body",
        "email",
        "name",
        "role",
        "position",
        "initials",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
        "membership",
    ]

    # Invitations are sent from the People page, which emails the one-time link.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BodyPolicy)
class BodyPolicyAdmin(OfficerAdmin):
    list_display = [
        "body",
        "members_require_mfa",
        "keep_review_comments_years",
        "keep_import_sources_years",
        "keep_personal_details_years",
    ]

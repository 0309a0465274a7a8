from django.contrib import admin
from django.db.models import Exists, OuterRef

from accounts.audit import record_membership_deleted, record_membership_saved
from iag_portal.admin import OfficerAdmin, OfficerInline
from meetings.models import Attendance
from members.models import Body, Membership, Person, StandardItem


class StandardItemInline(OfficerInline, admin.TabularInline):
    model = StandardItem
    extra = 0
    fields = ["order", "title", "lead"]


class MembershipInline(OfficerInline, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["body", "initials", "position", "role", "start_date", "end_date"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("body")


@admin.register(Body)
class BodyAdmin(OfficerAdmin):
    list_display = ["short_name", "name", "minute_prefix", "default_location", "publishes_minutes"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [StandardItemInline]

    # Setting up a new body, or removing one, is for a superuser.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Person)
class PersonAdmin(OfficerAdmin):
    list_display = ["name", "organisation", "email", "user"]
    search_fields = ["name", "email", "organisation", "memberships__initials"]
    list_select_related = ["user"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        bodies = self._bodies(request)
        if bodies is None:
            return queryset
        # People of the officer's bodies, and anyone just added who has no
        # membership or attendance yet (or the officer could not find them again).
        # EXISTS for each, not an OR across joins: the joins made one row a person
        # for every attendance of theirs, scanned them all and needed a DISTINCT.
        memberships = Membership.objects.filter(person=OuterRef("pk"))
        attendance = Attendance.objects.filter(person=OuterRef("pk"))
        return queryset.filter(
            Exists(memberships.filter(body__in=bodies))
            | Exists(attendance.filter(meeting__body__in=bodies))
            | (~Exists(memberships) & ~Exists(attendance))
        )

    def get_readonly_fields(self, request, obj=None):
        # Linking a person to a login grants their role's rights: superusers only.
        return [] if request.user.is_superuser else ["user"]

    def save_formset(self, request, form, formset, change):
        """Role changes made here reach the audit trail, as from the People page."""
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        before = Membership.objects.in_bulk([f.instance.pk for f in formset.forms if f.instance.pk])
        super().save_formset(request, form, formset, change)
        for membership in formset.deleted_objects:
            record_membership_deleted(request, membership)
        for membership in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
            record_membership_saved(request, membership, before=before.get(membership.pk))


@admin.register(Membership)
class MembershipAdmin(OfficerAdmin):
    list_display = ["initials", "person", "position", "role", "body", "start_date", "end_date"]
    list_filter = ["body", "role", ("end_date", admin.EmptyFieldListFilter)]
    search_fields = ["initials", "person__name", "position"]
    list_select_related = ["person", "body"]
    autocomplete_fields = ["person"]

    def save_model(self, request, obj, form, change):
        before = Membership.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        record_membership_saved(request, obj, before=before)

    def delete_model(self, request, obj):
        record_membership_deleted(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("person", "body"):
            record_membership_deleted(request, membership)
        super().delete_queryset(request, queryset)

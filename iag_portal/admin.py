"""The officer's Django admin: its site and the base class of every model admin.

Access follows the portal's own roles (members.permissions), not is_staff or
Django's model permissions: an officer of a body manages that body's records.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from members.permissions import Perm, bodies_where, can_anywhere


class PortalAdminSite(admin.AdminSite):
    site_header = "IAG Portal administration"
    site_title = "IAG Portal admin"
    index_title = "Minutes, members and actions"

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or can_anywhere(user, Perm.USE_ADMIN))

    @method_decorator(never_cache)
    @method_decorator(login_not_required)
    def login(self, request, extra_context=None):
        # One sign-in page for the whole portal; someone signed in without the
        # right is refused here (sending them to sign in again would loop).
        if request.user.is_authenticated:
            raise PermissionDenied
        next_url = request.GET.get("next", reverse("admin:index"))
        return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")


# How each model that belongs to a body reaches it: every choice an officer is
# offered in the admin (a meeting, an item, an attendee, a body) is narrowed by it.
BODY_PATHS = {
    "members.body": "pk",
    "members.membership": "body",
    "members.standarditem": "body",
    "meetings.meeting": "body",
    "meetings.attendance": "meeting__body",
    "meetings.agendaitem": "meeting__body",
    "meetings.point": "item__meeting__body",
    "actions.action": "item__meeting__body",
}


def within_bodies(queryset, bodies):
    """`queryset` narrowed to `bodies` (None: every body) if its model belongs to a body."""
    path = BODY_PATHS.get(queryset.model._meta.label_lower)
    if bodies is None or path is None:
        return queryset
    return queryset.filter(**{f"{path}__in": bodies}).distinct()


class OfficerChoices:
    """Officers are offered only their own bodies' records, in every foreign key and
    many-to-many field (drop-downs, raw ids and inlines alike)."""

    def _bodies(self, request):
        return bodies_where(request.user, Perm.USE_ADMIN)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = kwargs.get("queryset", db_field.related_model._default_manager.all())
        kwargs["queryset"] = within_bodies(queryset, self._bodies(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = kwargs.get("queryset", db_field.related_model._default_manager.all())
        kwargs["queryset"] = within_bodies(queryset, self._bodies(request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OfficerAdmin(OfficerChoices, admin.ModelAdmin):
    """Officers see and change the records of the bodies they are officers of.

    `body_path` names the lookup from the model to its body ("meeting__body").
    """

    body_path = "body"

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        bodies = self._bodies(request)
        if bodies is None:
            return queryset
        return queryset.filter(**{f"{self.body_path}__in": bodies}).distinct()


class OfficerInline(OfficerChoices):
    """Inline counterpart of OfficerAdmin: the same permissions and choices, and only
    the rows of the officer's bodies (a person's memberships elsewhere stay hidden)."""

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def get_queryset(self, request):
        return within_bodies(super().get_queryset(request), self._bodies(request))

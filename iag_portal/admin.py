"""The officer's Django admin: its site and the base class of every model admin.

Access follows the portal's own roles (members.permissions), not is_staff or
Django's model permissions: an officer of a body manages that body's records.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html, format_html_join
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from members.models import in_bodies
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


def meeting_of(obj):
    """The meeting a record of the minutes is part of (None for other records), by the
    path its model declares (MinutesRow.meeting_path)."""
    path = getattr(type(obj), "meeting_path", None)
    if obj is None or path is None:
        return None
    if path == "pk":
        return obj
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


def is_locked(obj) -> bool:
    meeting = meeting_of(obj)
    return meeting is not None and meeting.is_locked


class OfficerChoices:
    """Officers are offered only their own bodies' records, in every foreign key and
    many-to-many field (drop-downs, raw ids and inlines alike)."""

    def _bodies(self, request):
        return bodies_where(request.user, Perm.USE_ADMIN)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = kwargs.get("queryset", db_field.related_model._default_manager.all())
        kwargs["queryset"] = in_bodies(queryset, self._bodies(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = kwargs.get("queryset", db_field.related_model._default_manager.all())
        kwargs["queryset"] = in_bodies(queryset, self._bodies(request))
        if not db_field.remote_field.through._meta.auto_created:
            # A point's speakers and an action's owners have a declared through model
            # only so that writing its rows meets the lock (meetings.LockedRow); it
            # holds nothing but the pair, so the field is chosen like any other.
            # (Django's admin leaves out every field with a declared through model.)
            return db_field.formfield(**kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OfficerRelatedFilter(admin.RelatedFieldListFilter):
    """A list filter by a foreign key (the body, the meeting's body, a theme) offering
    only the records of the bodies the user administers, as every drop-down does (an
    officer of one body is not offered the country's 400 bodies; with one choice the
    filter is not shown), its links written in one pass (a national superuser's body
    filter has 400: one template loop each cost tens of ms a page)."""

    template = "admin/officer_filter.html"

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        queryset = in_bodies(
            field.related_model._default_manager.complex_filter(field.get_limit_choices_to()),
            bodies_where(request.user, Perm.USE_ADMIN),
        )
        if ordering:
            queryset = queryset.order_by(*ordering)
        key = field.target_field.attname
        return [(getattr(row, key), str(row)) for row in queryset]

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        self.links = format_html_join(
            "\n",
            '<li{}><a href="{}">{}</a></li>',
            (
                (
                    format_html(' class="{}"', "selected") if choice["selected"] else "",
                    iri_to_uri(choice["query_string"]),
                    choice["display"],
                )
                for choice in choices
            ),
        )
        return choices


def officer_list_filter(model, entry):
    """`entry` of a `list_filter`, with a foreign key's filter made an OfficerRelatedFilter."""
    if not isinstance(entry, str):
        return entry
    try:
        field = get_fields_from_path(model, entry)[-1]
    except (FieldDoesNotExist, NotRelationField):
        return entry
    if getattr(field, "many_to_one", False) and field.concrete:
        return (entry, OfficerRelatedFilter)
    return entry


class OfficerAdmin(OfficerChoices, admin.ModelAdmin):
    """Officers see and change the records of the bodies they are officers of (each
    model's `body_path` says how a row reaches its body). Agreed minutes and their rows
    are shown read-only: they change only by a recorded amendment, on the meeting page.
    """

    # A national install holds hundreds of thousands of rows: no second COUNT(*) of the
    # whole table beside the filtered one ("3 results (1,000,000 total)").
    show_full_result_count = False
    list_per_page = 50
    # "Show counts" beside a filter's 400 bodies is 400 filtered COUNTs of the table.
    show_facets = admin.ShowFacets.NEVER

    def get_list_filter(self, request):
        entries = super().get_list_filter(request)
        return [officer_list_filter(self.model, entry) for entry in entries]

    def action_checkbox(self, obj):
        """Each row's checkbox, as Django's CheckboxInput writes it, without rendering a
        widget template per row (a fifth of a changelist's time)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    has_add_permission = has_view_permission

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj) and not is_locked(obj)

    has_delete_permission = has_change_permission

    def get_search_results(self, request, queryset, search_term):
        """Every word of the search in one of the search fields, as Django's admin does,
        but without a join and DISTINCT over every joined row: the model's own fields in
        one condition, each field across a relation (`points__text`) in a subquery of
        ids, the subqueries in one UNION. On PostgreSQL each part reads its field's
        trigram index (point text, item title and lead) instead of scanning the table."""
        fields = self.get_search_fields(request)
        if not search_term or not fields:
            return queryset, False
        manager = self.model._default_manager
        own = [field for field in fields if "__" not in field]
        related = [field for field in fields if "__" in field]
        for word in smart_split(search_term):
            if word[:1] in {'"', "'"} and word[-1:] == word[0]:
                word = unescape_string_literal(word)
            if not word:
                continue
            direct = Q()
            for field in own:
                direct |= Q(**{f"{field}__icontains": word})
            if not related:
                queryset = queryset.filter(direct)
                continue
            parts = [manager.filter(direct).values("pk")] if own else []
            parts += [manager.filter(**{f"{f}__icontains": word}).values("pk") for f in related]
            ids = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
            queryset = queryset.filter(pk__in=ids)
        return queryset, False

    def get_queryset(self, request):
        if getattr(self.model, "body_path", None) is None:
            raise ImproperlyConfigured(f"{self.model.__name__} declares no body_path.")
        return in_bodies(super().get_queryset(request), self._bodies(request))


class OfficerInline(OfficerChoices):
    """Inline counterpart of OfficerAdmin: the same permissions and choices, only the
    rows of the officer's bodies (a person's memberships elsewhere stay hidden), and
    nothing to add, change or delete under agreed minutes (`obj` is the parent)."""

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj) and not is_locked(obj)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission

    def get_queryset(self, request):
        return in_bodies(super().get_queryset(request), self._bodies(request))

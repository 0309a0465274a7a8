import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from actions.forms import CompactSelect, DateInput
from actions.models import Action, ActionStatus, overdue
from members.models import Body


def _register_bodies(request):
    from members import permissions
    from members.permissions import Perm

    bodies = permissions.bodies_where(request.user, Perm.VIEW_REGISTER)
    return Body.objects.all() if bodies is None else Body.objects.filter(pk__in=bodies)


class ActionFilter(django_filters.FilterSet):
    """The actions register's filters, shared by the page and its CSV export."""

    body = django_filters.ModelChoiceFilter(
        label=_("Body"),
        field_name="item__meeting__body",
        queryset=_register_bodies,
        empty_label=_("Any"),
        widget=CompactSelect,
    )
    owner = django_filters.CharFilter(
        label=_("Owner (initials or name)"), method="filter_owner", max_length=200
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActionStatus.choices, empty_label=_("Any")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=[("yes", _("Overdue only")), ("no", _("Not overdue"))],
        method="filter_overdue",
        empty_label=_("Either"),
    )
    raised_from = django_filters.DateFilter(
        label=_("Raised from"),
        field_name="item__meeting__date",
        lookup_expr="gte",
        widget=DateInput,
    )
    raised_to = django_filters.DateFilter(
        label=_("Raised to"), field_name="item__meeting__date", lookup_expr="lte", widget=DateInput
    )
    due_from = django_filters.DateFilter(
        label=_("Due from"), field_name="due_date", lookup_expr="gte", widget=DateInput
    )
    due_to = django_filters.DateFilter(
        label=_("Due to"), field_name="due_date", lookup_expr="lte", widget=DateInput
    )
    item = django_filters.CharFilter(
        label=_("Agenda item title contains"),
        field_name="item__title",
        lookup_expr="icontains",
        max_length=300,
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[("due_date", "due"), ("item__meeting__date", "raised")],
        field_labels={"due_date": _("Due date"), "item__meeting__date": _("Meeting raised at")},
        empty_label=None,
        null_label=None,
    )

    class Meta:
        model = Action
        fields = []

    def filter_owner(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        owners = Action.owners.through.objects.filter(action_id=OuterRef("pk")).filter(
            Q(attendance__initials__iexact=value)
            | Q(attendance__name__icontains=value)
            | Q(attendance__person__name__icontains=value)
        )
        return queryset.filter(Exists(owners))

    def filter_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(overdue())
        if value == "no":
            return queryset.exclude(overdue())
        return queryset

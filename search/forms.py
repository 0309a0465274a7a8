from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actions.forms import DateInput
from members import permissions
from members.models import Body
from members.permissions import Perm
from search.models import Kind
from search.queries import Filters

KIND_CHOICES = [("", _("Anything"))] + [
    (kind.value, kind.label)
    for kind in (Kind.POINT, Kind.DECISION, Kind.ACTION, Kind.ITEM, Kind.NOTE, Kind.ATTENDANCE)
]
ACTION_CHOICES = [("", _("Open or closed")), ("open", _("Open")), ("closed", _("Closed"))]


def searchable_bodies(user):
    """The bodies whose minutes the user may search: their own, and those that publish."""
    bodies = permissions.bodies_where(user, Perm.VIEW_MEETING)
    if bodies is None:
        return Body.objects.order_by("name")
    return Body.objects.filter(Q(pk__in=bodies) | Q(publishes_minutes=True)).order_by("name")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the minutes"), max_length=300, required=False, widget=forms.SearchInput
    )
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.none(), required=False, empty_label=_("Any")
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    speaker = forms.CharField(label=_("Speaker (initials or name)"), max_length=100, required=False)
    item = forms.CharField(label=_("Agenda item title"), max_length=300, required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)
    actions = forms.ChoiceField(label=_("Actions"), choices=ACTION_CHOICES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from themes.models import Theme

        bodies = searchable_bodies(user)
        self.fields["body"].queryset = bodies
        themes = Theme.objects.filter(body__in=bodies).select_related("body")
        self.fields["theme"].choices = [("", _("Any"))] + [
            (str(theme.pk), f"{theme.name} ({theme.body.short_name})") for theme in themes
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            query=data.get("q", ""),
            body_id=data["body"].pk if data.get("body") else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            speaker=data.get("speaker", ""),
            item=data.get("item", ""),
            theme_id=int(data["theme"]) if data.get("theme") else None,
            kind=data.get("kind", ""),
            action_state=data.get("actions", ""),
        )

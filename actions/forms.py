from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from actions.models import ActionStatus
from meetings.models import AgendaItem, Attendance, Meeting


class CompactSelect(forms.Select):
    """A drop-down whose options are written here, not by one template each: the
    register's body filter lists every body of a national install (400 options cost a
    superuser's register page a third of a second through the option template)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((o["value"], flatatt(o["attrs"]), o["label"]) for o in options),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, html)
                if group_name
                else html
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((group,) for group in groups)),
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class NoteForm(forms.Form):
    """A progress note; `meeting` is the meeting reviewing the action, if any.

    Pages list many actions, each with its own form: given `action`, the form's ids
    are its own ("note-<pk>-text") and its label names the action to screen readers.
    """

    text = forms.CharField(
        label=_("Progress update"),
        max_length=2000,
        error_messages={"required": _("Type an update before saving it.")},
        widget=forms.TextInput(attrs={"class": "action-update-input"}),
    )
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.all(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, action=None, **kwargs):
        if action is not None:
            kwargs.setdefault("auto_id", f"note-{action.pk}-%s")
        super().__init__(*args, **kwargs)
        self.action_pk = action.pk if action is not None else None
        if action is not None:
            self.fields["text"].label = format_html(
                '{}<span class="visually-hidden"> on: {}</span>',
                _("Progress update"),
                Truncator(action.description).chars(80),
            )


class CloseForm(forms.Form):
    """Close an action as done or dropped, with an optional last word."""

    status = forms.ChoiceField(
        label=_("Close as"),
        choices=[(ActionStatus.DONE, _("Done")), (ActionStatus.DROPPED, _("Dropped"))],
        error_messages={"required": _("Choose Done or Drop.")},
    )
    text = forms.CharField(label=_("Closing note"), max_length=2000, required=False)
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.all(), required=False, widget=forms.HiddenInput
    )


class ReopenForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.all(), required=False, widget=forms.HiddenInput
    )


class ActionForm(forms.Form):
    """Raise an action under one of a meeting's agenda items."""

    item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        empty_label=_("Choose an item"),
        error_messages={"required": _("Choose the agenda item the action was raised under.")},
    )
    description = forms.CharField(
        label=_("Action"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('As the minutes say it, e.g. "NS to seek links to the families".'),
        error_messages={"required": _("Say what is to be done.")},
    )
    owners = forms.ModelMultipleChoiceField(
        label=_("Owners"),
        queryset=Attendance.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one owner.")},
    )
    due_date = forms.DateField(
        label=_("Due"),
        required=False,
        widget=DateInput(),
        help_text=_("Defaults to the next meeting. Leave empty for no due date."),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        self.fields["owners"].queryset = meeting.attendance.all()
        self.fields["owners"].label_from_instance = lambda a: (
            f"{a.initials} {a.role}".strip() if a.role else a.initials
        )
        self.fields["item"].label_from_instance = str

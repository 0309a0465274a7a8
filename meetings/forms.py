import re

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from meetings.models import AgendaItem, Attendance, Meeting, Point
from meetings.services import AgendaSource
from members.models import INITIALS_PATTERN, Body

# A paragraph's opening word that reads as a speaker's initials: "MT", "AK/1",
# "EBr"; not "A" (an article) nor ordinary capitalised words.
LEADING_INITIALS = re.compile(r"[A-Z]{2,4}[a-z]?(?:/[1-9][0-9]?)?|[A-Z]/[1-9]")


def split_initials(value: str) -> list[str]:
    """ "MT, MH" / "MT MH" / "MT/MH"... -> ["MT", "MH"], keeping AK/1 whole."""
    return [token for token in re.split(r"[\s,;&+]+", value.strip()) if token]


AGENDA_CHOICES = [
    (AgendaSource.STANDARD, _("The body's standard agenda")),
    (AgendaSource.PREVIOUS, _("A copy of the previous meeting's agenda")),
    (AgendaSource.BLANK, _("A blank agenda")),
]


class MeetingCreateForm(forms.ModelForm):
    agenda = forms.ChoiceField(
        label=_("Start the agenda from"),
        choices=AGENDA_CHOICES,
        initial=AgendaSource.STANDARD,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Meeting
        fields = ["body", "date", "start_time", "end_time", "location", "topic"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].empty_label = None
        self.fields["start_time"].required = False
        self.fields["start_time"].help_text = _("Leave empty for the body's usual time.")
        self.fields["location"].help_text = _("Leave empty for the body's usual venue.")

    def clean(self):
        cleaned = super().clean()
        body: Body | None = cleaned.get("body")
        if body and not cleaned.get("start_time"):
            cleaned["start_time"] = body.default_start_time
            self.instance.start_time = body.default_start_time
        if body and not cleaned.get("location"):
            cleaned["location"] = body.default_location
            self.instance.location = body.default_location
        if body and not cleaned.get("end_time") and body.default_end_time:
            cleaned["end_time"] = body.default_end_time
            self.instance.end_time = body.default_end_time
        return cleaned

    def validate_unique(self):
        # start_time may have been filled from the body in clean(): check again.
        self.instance.start_time = self.cleaned_data.get("start_time")
        super().validate_unique()


class VersionedForm(forms.ModelForm):
    """A form for one autosaved row: it carries the version the editor last saw.

    The row's parent (its body, meeting or item) is not a field of the form, but
    the constraints that involve it (one meeting a time slot, unique initials on
    an attendance list) are still checked, so a clash is a form error, not a 500.
    """

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    # The parent fields named in the model's constraints; none for points and actions.
    parent_fields = {"body", "meeting"}

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() - self.parent_fields


class MeetingHeaderForm(VersionedForm):
    class Meta:
        model = Meeting
        fields = ["date", "start_time", "end_time", "location", "topic"]


class ItemForm(VersionedForm):
    class Meta:
        model = AgendaItem
        fields = ["number", "title", "lead", "state", "confidential"]


class AttendanceForm(VersionedForm):
    class Meta:
        model = Attendance
        fields = ["initials", "role", "status", "is_minute_taker", "note"]


class PeopleField(forms.CharField):
    """Initials typed by the officer, checked against the meeting's attendance."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=200, **kwargs)


class AttributedForm(VersionedForm):
    """A point or an action: people typed as initials must be on the attendance.

    Unknown initials are refused (reported in `unknown`), and everything else is
    saved: the officer's text is never held back because of a typo in initials.
    """

    people_field = ""

    def __init__(self, *args, attendance, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendance = {a.initials.lower(): a for a in attendance}
        self.unknown: list[str] = []
        self._people: list[Attendance] | None = None

    def people(self) -> list[Attendance]:
        """The attendees named, in order; unknown initials go to `self.unknown`."""
        if self._people is None:
            self._people = []
            for token in split_initials(self.cleaned_data.get(self.people_field, "")):
                attendee = self.attendance.get(token.lower())
                if attendee is None:
                    self.unknown.append(token)
                elif attendee not in self._people:
                    self._people.append(attendee)
        return self._people


class PointForm(AttributedForm):
    speakers_text = PeopleField(label=_("Speaker initials"))
    people_field = "speakers_text"

    class Meta:
        model = Point
        fields = ["kind", "text", "confidential"]

    def clean(self):
        cleaned = super().clean()
        # Minutes open a paragraph with the speaker: "MT reported...". When no
        # speaker is typed, that leading token is the speaker.
        if not cleaned.get("speakers_text"):
            first = (cleaned.get("text") or "").split(maxsplit=1)[:1]
            if first and LEADING_INITIALS.fullmatch(first[0]):
                cleaned["speakers_text"] = first[0]
        return cleaned


class ActionForm(AttributedForm):
    owners_text = PeopleField(label=_("Owner initials"))
    people_field = "owners_text"

    class Meta:
        model = Action
        fields = ["description", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}


class AddAttendeeForm(forms.Form):
    """Add a member by typing their initials or name."""

    who = forms.CharField(label=_("Initials or name"), max_length=200)
    status = forms.ChoiceField(choices=Attendance._meta.get_field("status").choices)


class AddGuestForm(forms.Form):
    """Add someone who is not a member: a guest, a partner officer, a Mayor."""

    name = forms.CharField(label=_("Name"), max_length=200)
    initials = forms.CharField(label=_("Initials"), max_length=9)
    role = forms.CharField(
        label=_("Position and area"),
        max_length=200,
        required=False,
        help_text=_('As it should be printed, e.g. "Guest representing JS".'),
    )
    representing = forms.CharField(label=_("Representing (initials)"), max_length=9, required=False)
    status = forms.ChoiceField(choices=Attendance._meta.get_field("status").choices)

    def clean_initials(self):
        initials = self.cleaned_data["initials"].strip()
        if not re.fullmatch(INITIALS_PATTERN, initials):
            raise forms.ValidationError(
                _("Initials are one to six letters starting with a capital, e.g. TSC or AK/2."),
                code="invalid_initials",
            )
        return initials

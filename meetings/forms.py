import re

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from meetings.models import AgendaItem, Attendance, Capacity, Meeting, Point
from meetings.people import Attendees, Resolved, leading_initials
from meetings.services import AgendaSource
from members.models import INITIALS_PATTERN, Body, validate_initials

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
    # Fields this form requires whose only constraint is that they are not empty (a
    # point's text: point_has_text): the required check has said so already, so the
    # constraint is not asked of the database again (Django's CheckConstraint.validate
    # is a query) on every autosave. The database still holds it.
    required_not_empty: frozenset[str] = frozenset()

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() - self.parent_fields

    def validate_constraints(self):
        exclude = self._get_validation_exclusions() | self.required_not_empty
        try:
            self.instance.validate_constraints(exclude=exclude)
        except forms.ValidationError as e:
            self._update_errors(e)


class MeetingHeaderForm(VersionedForm):
    class Meta:
        model = Meeting
        fields = [
            "date",
            "start_time",
            "end_time",
            "location",
            "topic",
            "public_count",
            "next_date",
            "next_time",
            "next_venue",
            "no_interests_declared",
        ]


class ItemForm(VersionedForm):
    class Meta:
        model = AgendaItem
        fields = [
            "number",
            "minute_number",
            "title",
            "lead",
            "state",
            "confidential",
            "exempt_paragraphs",
            "public_interest_test",
        ]

    def clean_exempt_paragraphs(self):
        # "1, 2", "2 and 1" -> "1,2": the paragraphs of Schedule 12A, in order.
        typed = self.cleaned_data.get("exempt_paragraphs", "")
        numbers = sorted(set(re.findall(r"\d+", typed)), key=int)
        if any(not 1 <= int(n) <= 7 for n in numbers):
            raise forms.ValidationError(
                _("Schedule 12A has paragraphs 1 to 7."), code="no_such_paragraph"
            )
        return ",".join(numbers)

    def clean_minute_number(self):
        number = self.cleaned_data.get("minute_number")
        meeting = self.instance.meeting if self.instance.meeting_id else None
        if number is None or meeting is None or not meeting.body.is_formal:
            return number
        from committee.numbering import number_taken

        clash = number_taken(meeting, number, item_pk=self.instance.pk)
        if clash is not None:
            raise forms.ValidationError(
                _("%(ref)s is already the minute of %(date)s: numbers are unique in the year."),
                code="minute_number_taken",
                params={
                    "ref": clash.minute_reference(meeting.body),
                    "date": f"{clash.meeting.date:%-d %B %Y}",
                },
            )
        return number


class AttendanceForm(VersionedForm):
    class Meta:
        model = Attendance
        fields = ["initials", "role", "capacity", "status", "is_minute_taker", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].required = False

    def clean_capacity(self):
        # Not sent (an older page, a script): the capacity stays as it was.
        return self.cleaned_data["capacity"] or self.instance.capacity or Capacity.MEMBER


class PeopleField(forms.CharField):
    """Initials typed by the officer, checked against the meeting's attendance."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=200, **kwargs)


class AttributedForm(VersionedForm):
    """A point or an action: people typed as initials must be on the attendance.

    Initials nobody on the attendance has are refused (`resolved.unknown`), and so
    are initials two attendees could be meant by (`resolved.ambiguous`); everything
    else is saved: the officer's text is never held back by a typo in initials.
    """

    people_field = ""
    allow_groups = False

    def __init__(self, *args, attendance, **kwargs):
        super().__init__(*args, **kwargs)
        self._attendance = attendance  # a queryset is read only when initials are typed
        self._resolved: Resolved | None = None

    @cached_property
    def attendees(self) -> Attendees:
        return Attendees(list(self._attendance))

    def typed_people(self) -> str:
        return self.cleaned_data.get(self.people_field, "")

    @property
    def resolved(self) -> Resolved:
        if self._resolved is None:
            typed = self.typed_people()
            self._resolved = (
                self.attendees.resolve(typed, groups=self.allow_groups)
                if typed.strip()
                else Resolved()
            )
        return self._resolved

    def people(self) -> list[Attendance]:
        """The attendees named, in order."""
        return self.resolved.people

    @property
    def unknown(self) -> list[str]:
        return self.resolved.unknown


class PointForm(AttributedForm):
    """A point; when it is a decision, who moved and seconded it and the vote, for the
    decisions register (committee.Decision)."""

    speakers_text = PeopleField(label=_("Speaker initials"))
    people_field = "speakers_text"

    proposer_text = PeopleField(label=_("Proposed by"))
    seconder_text = PeopleField(label=_("Seconded by"))
    votes_for = forms.IntegerField(label=_("For"), required=False, min_value=0, max_value=999)
    votes_against = forms.IntegerField(
        label=_("Against"), required=False, min_value=0, max_value=999
    )
    votes_abstained = forms.IntegerField(
        label=_("Abstained"), required=False, min_value=0, max_value=999
    )
    decision_fields = ("votes_for", "votes_against", "votes_abstained")

    def _one_attendee(self, name: str):
        typed = self.cleaned_data.get(name, "").strip()
        if not typed:
            return None
        found = self.attendees.resolve(typed)
        if found.unknown or found.ambiguous or len(found.people) != 1:
            raise forms.ValidationError(
                _("Type the initials of one person on the attendance."), code="not_one_attendee"
            )
        return found.people[0]

    def clean_proposer_text(self):
        self.proposer = self._one_attendee("proposer_text")
        return self.cleaned_data["proposer_text"]

    def clean_seconder_text(self):
        self.seconder = self._one_attendee("seconder_text")
        return self.cleaned_data["seconder_text"]

    def decision(self) -> dict:
        """What committee.services.record_decision writes for this point."""
        values = {name: self.cleaned_data.get(name) for name in self.decision_fields}
        return values | {
            "proposer": getattr(self, "proposer", None),
            "seconder": getattr(self, "seconder", None),
        }

    required_not_empty = frozenset({"text"})

    class Meta:
        model = Point
        fields = ["kind", "text", "confidential"]

    def typed_people(self) -> str:
        # Minutes open a paragraph with the speaker: "MT reported...", "NA: ...",
        # "AK – ...". When no speaker is typed, those initials are the speaker.
        return self.cleaned_data.get("speakers_text") or leading_initials(
            self.cleaned_data.get("text") or ""
        )


class ActionForm(AttributedForm):
    owners_text = PeopleField(label=_("Owner initials"))
    people_field = "owners_text"
    allow_groups = True
    required_not_empty = frozenset({"description"})

    class Meta:
        model = Action
        fields = ["description", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        cleaned = super().clean()
        # "All", "Chair", "TVP", a position: the group owner, kept beside the owners.
        cleaned["owner_group"] = ", ".join(self.resolved.groups)[:100]
        return cleaned


class AddAttendeeForm(forms.Form):
    """Add a member by typing their initials or name."""

    who = forms.CharField(label=_("Initials or name"), max_length=200)
    status = forms.ChoiceField(choices=Attendance._meta.get_field("status").choices)
    # The officer's answer when the initials are someone else's already.
    initials = forms.CharField(max_length=9, required=False, validators=[validate_initials])
    renumber = forms.BooleanField(required=False)


class AddGuestForm(forms.Form):
    """Add someone who is not a member: a guest, a partner officer, a Mayor."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    initials = forms.CharField(label=_("Initials"), max_length=9)
    role = forms.CharField(
        label=_("Position and area"),
        max_length=200,
        required=False,
        help_text=_('As it should be printed, e.g. "Guest representing JS".'),
    )
    representing = forms.CharField(label=_("Representing (initials)"), max_length=9, required=False)
    status = forms.ChoiceField(choices=Attendance._meta.get_field("status").choices)
    renumber = forms.BooleanField(required=False)

    def clean_initials(self):
        initials = self.cleaned_data["initials"].strip()
        if not re.fullmatch(INITIALS_PATTERN, initials):
            raise forms.ValidationError(
                _("Initials are one to six letters starting with a capital, e.g. TSC or AK/2."),
                code="invalid_initials",
            )
        return initials

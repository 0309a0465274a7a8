import datetime

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, MeetingStatus
from members.models import Body
from programme.parsing import BULLET, ProgrammeLine
from programme.services import ProgrammeRow

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]


class ProgrammeRowForm(forms.Form):
    """One meeting of the programme: its date, times, venue and topic, or its cancellation."""

    meeting_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    source = forms.CharField(required=False, widget=forms.HiddenInput)
    problem = forms.CharField(required=False, widget=forms.HiddenInput)
    date = forms.DateField(
        label=_("Date"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label=_("Starts"),
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_time = forms.TimeField(
        label=_("Ends"),
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    location = forms.CharField(label=_("Venue"), max_length=300, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=300, required=False)
    cancel = forms.BooleanField(label=_("Cancel this meeting"), required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=300,
        required=False,
        help_text=_("Sent to members with a move or cancellation."),
    )

    def __init__(self, *args, meetings: dict[int, Meeting], body: Body, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.body, self.year = body, year
        raw_id = (
            self.data.get(self.add_prefix("meeting_id"))
            if self.is_bound
            else self.initial.get("meeting_id")
        )
        self.meeting = meetings.get(_as_int(raw_id)) if raw_id not in (None, "") else None
        self.unknown_meeting = raw_id not in (None, "") and self.meeting is None
        if self.meeting is not None:
            # An existing meeting's row is always checked, even where the formset
            # would treat it as an optional extra row.
            self.empty_permitted = False
            self.initial = meeting_initial(self.meeting) | {
                "reason": self.initial.get("reason", "")
            }
            if self.meeting.has_minutes:
                for name in ("date", "start_time", "end_time", "location", "topic"):
                    self.fields[name].disabled = True
        else:
            self.fields["cancel"].label = _("Remove this row")
            self.fields["reason"].help_text = ""

    @property
    def removed(self) -> bool:
        """A new row the chair ticked to remove: nothing in it needs to be valid."""
        if not self.is_bound or self.meeting is not None or self.unknown_meeting:
            return False
        widget = self.fields["cancel"].widget
        return bool(widget.value_from_datadict(self.data, self.files, self.add_prefix("cancel")))

    def full_clean(self):
        if self.removed:
            self._errors = ErrorDict()
            self.cleaned_data = {"cancel": True}
            return
        super().full_clean()

    def clean(self):
        data = super().clean()
        if self.unknown_meeting:
            raise forms.ValidationError(
                _("This meeting is no longer in the %(year)s programme: reload the page."),
                code="unknown_meeting",
                params={"year": self.year},
            )
        if self.meeting is not None and self.meeting.has_minutes and data.get("cancel"):
            self.add_error(
                "cancel",
                forms.ValidationError(
                    _("This meeting has minutes (%(status)s), so it cannot be cancelled."),
                    code="has_minutes",
                    params={"status": self.meeting.get_status_display().lower()},
                ),
            )
        date = data.get("date")
        if "date" not in self.errors:
            if date is None:
                self.add_error(
                    "date",
                    forms.ValidationError(
                        data.get("problem") or _("Enter the date of the meeting."),
                        code="required",
                    ),
                )
            elif date.year != self.year:
                self.add_error(
                    "date",
                    forms.ValidationError(
                        _("This date is in %(other)s: it belongs in that year's programme."),
                        code="wrong_year",
                        params={"other": date.year},
                    ),
                )
        start = data.get("start_time") or self.body.default_start_time
        end = data.get("end_time")
        if end is not None and "start_time" not in self.errors and end <= start:
            self.add_error(
                "end_time",
                forms.ValidationError(
                    _("The meeting must end after it starts (%(start)s)."),
                    code="ends_before_start",
                    params={"start": start.strftime("%H:%M")},
                ),
            )
        return data

    @property
    def is_blank(self) -> bool:
        return self.meeting is None and not self.unknown_meeting and not self.has_changed()

    @property
    def slot(self) -> tuple[datetime.date, datetime.time] | None:
        date = self.cleaned_data.get("date")
        start = self.cleaned_data.get("start_time") or self.body.default_start_time
        return (date, start) if date else None

    def to_row(self) -> ProgrammeRow:
        data = self.cleaned_data
        return ProgrammeRow(
            meeting=self.meeting,
            date=data["date"],
            start_time=data.get("start_time"),
            end_time=data.get("end_time"),
            location=data.get("location", ""),
            topic=data.get("topic", ""),
            cancel=bool(data.get("cancel")),
            reason=data.get("reason", ""),
        )


class BaseProgrammeFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        taken = {}
        for number, form in enumerate(self.forms, start=1):
            if form.is_blank or form.removed:
                continue
            slot = form.slot
            if slot in taken:
                message = _(
                    "Row %(other)s already has a meeting on this date at %(time)s: "
                    "change the date or start time of one of them."
                ) % {"other": taken[slot], "time": slot[1].strftime("%H:%M")}
                form.add_error("date", forms.ValidationError(message, code="duplicate"))
                raise forms.ValidationError(message, code="duplicate")
            taken[slot] = number

    def rows(self) -> list[ProgrammeRow]:
        return [form.to_row() for form in self.forms if not (form.is_blank or form.removed)]


ProgrammeFormSet = forms.formset_factory(
    ProgrammeRowForm, formset=BaseProgrammeFormSet, extra=0, max_num=200, validate_max=True
)


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def meeting_initial(meeting: Meeting) -> dict:
    return {
        "meeting_id": meeting.pk,
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "location": meeting.location,
        "topic": meeting.topic,
        "cancel": meeting.status == MeetingStatus.CANCELLED,
    }


def pasted_row(line: ProgrammeLine, body: Body) -> dict:
    """The form data of a new row for one pasted line; an unreadable line keeps its text."""
    return {
        "date": line.date.isoformat() if line.date else "",
        "start_time": f"{body.default_start_time:%H:%M}",
        "end_time": f"{body.default_end_time:%H:%M}" if body.default_end_time else "",
        "location": body.default_location,
        "topic": line.topic if line.ok else BULLET.sub("", line.source).strip(),
        "source": line.source.strip(),
        "problem": "" if line.ok else f"Line {line.number}: {line.error}",
    }


class PasteForm(forms.Form):
    lines = forms.CharField(
        label=_("Paste lines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One meeting a line, as in the Chair's Report: “2nd February – Body Worn Video”. "
            "Dates without a year are in this programme's year. Each line becomes a row "
            "below for you to check before saving."
        ),
    )

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Meeting, MeetingStatus, Point
from reviews.models import Decision

WHOLE_ITEM = _("The item as a whole")


def concern_choices(
    meeting: Meeting, *, with_confidential: bool, blank: str, item_label=WHOLE_ITEM
):
    """Choices "item-<id>" / "point-<id>", grouped by item, in agenda order (2 queries)."""
    items = list(AgendaItem.objects.filter(meeting=meeting))
    points = Point.objects.filter(item__meeting=meeting)
    if not with_confidential:
        points = points.filter(confidential=False, item__confidential=False)
    by_item: dict[int, list] = {}
    for point in points:
        by_item.setdefault(point.item_id, []).append(point)
    choices = [("", blank)] if blank else []
    for item in items:
        label = str(item)
        group = [(f"item-{item.pk}", f"{item_label}: {label}")]
        group += [
            (f"point-{point.pk}", Truncator(point.text).chars(90))
            for point in by_item.get(item.pk, [])
        ]
        choices.append((label, group))
    return choices


def resolve_concern(meeting: Meeting, value: str):
    """(item, point) named by a concern choice value."""
    kind, _sep, pk = value.partition("-")
    if not pk.isdigit():
        return None, None
    if kind == "item":
        return AgendaItem.objects.filter(meeting=meeting, pk=pk).first(), None
    point = Point.objects.select_related("item").filter(item__meeting=meeting, pk=pk).first()
    return (point.item if point else None), point


class CirculateForm(forms.Form):
    note = forms.CharField(
        label=_("Note to members (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent with the link, e.g. what changed. Do not paste minutes text here."),
    )
    deadline = forms.DateField(
        label=_("Review by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Members are asked to answer by this date (14 days if left empty)."),
    )

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline is not None and deadline < timezone.localdate():
            raise ValidationError(_("The deadline cannot be in the past."), code="past")
        return deadline


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kept with the minutes' record of who did what, for officers, the chair and members."
        ),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your review"), choices=Decision.choices, widget=forms.RadioSelect
    )
    concerns = forms.ChoiceField(label=_("Which item or point does it concern?"), required=False)
    comment = forms.CharField(
        label=_("Your comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you ask for a correction: say what should change."),
    )

    def __init__(
        self,
        *args,
        meeting: Meeting,
        with_confidential: bool,
        has_corrections: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.has_corrections = has_corrections
        self.fields["decision"].choices = [
            (Decision.APPROVE, _("Approve: these minutes are a correct record")),
            (Decision.APPROVE_SUBJECT, _("Approve subject to my corrections")),
            (Decision.CORRECTION, _("Request changes")),
        ]
        self.fields["concerns"].choices = concern_choices(
            meeting, with_confidential=with_confidential, blank=_("The minutes as a whole")
        )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") in {Decision.CORRECTION, Decision.APPROVE_SUBJECT}
            and not data.get("comment", "").strip()
            and not self.has_corrections
        ):
            self.add_error(
                "comment",
                ValidationError(_("Say what should be corrected."), code="comment_required"),
            )
        data["item"], data["point"] = resolve_concern(self.meeting, data.get("concerns") or "")
        return data


class CorrectionForm(forms.Form):
    """A correction suggested to one point or item, where the member reads it."""

    target = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("What should change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what should be corrected.")},
    )
    suggested_text = forms.CharField(
        label=_("Suggested wording (optional)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        data = super().clean()
        data["item"], data["point"] = resolve_concern(self.meeting, data.get("target") or "")
        if data["item"] is None and "target" not in self.errors:
            self.add_error(
                None, ValidationError(_("That is not a point of these minutes."), code="target")
            )
        return data


class AnswerForm(forms.Form):
    """The officer's answer to a correction not taken as worded."""

    answer = forms.CharField(
        label=_("Your answer to the member"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the answer to the member.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class SignOffForm(forms.Form):
    agreed_at = forms.ModelChoiceField(
        label=_("Agreed at the meeting of"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Not at a meeting (agreed by correspondence)"),
    )
    corrections = forms.CharField(
        label=_("Corrections noted (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('Printed in the next minutes, e.g. "item 4: the date is 3 March".'),
    )
    confirm = forms.BooleanField(
        label=_("I confirm, as chair, that these minutes are a correct record"),
        error_messages={"required": _("Tick the box to sign the minutes off.")},
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_at"].queryset = agreeing_meetings(meeting)
        self.fields["agreed_at"].label_from_instance = lambda m: f"{m.date:%A %-d %B %Y}"
        following = meeting.next_meeting()
        if following is not None and "agreed_at" not in self.initial:
            self.initial["agreed_at"] = following.pk


def agreeing_meetings(meeting: Meeting):
    """The meetings at which these minutes can sensibly have been agreed: the body's
    later meetings, not cancelled, up to the first one from today on (minutes are
    agreed at a meeting held, or being held; not at one months ahead)."""
    later = Meeting.objects.filter(meeting.later()).exclude(status=MeetingStatus.CANCELLED)
    upcoming = (
        later.filter(date__gte=timezone.localdate())
        .order_by("date", "start_time")
        .values_list("date", flat=True)
        .first()
    )
    if upcoming is not None:
        later = later.filter(date__lte=upcoming)
    return later.order_by("date", "start_time")


class AmendForm(forms.Form):
    target = forms.ChoiceField(label=_("What to amend"))
    new_text = forms.CharField(
        label=_("New text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    reason = forms.CharField(
        label=_("Reason for the amendment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown with the minutes and kept in their history."),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["target"].choices = concern_choices(
            meeting,
            with_confidential=True,
            blank=_("Choose an item title or a point"),
            item_label=_("Title of item"),
        )

    def clean(self):
        data = super().clean()
        item, point = resolve_concern(self.meeting, data.get("target") or "")
        data["item"], data["point"] = (None, point) if point else (item, None)
        current = point.text if point else (item.title if item else None)
        if current is not None and data.get("new_text", "").strip() == current:
            self.add_error(
                "new_text",
                ValidationError(_("This is the text as it stands: change it."), code="unchanged"),
            )
        return data

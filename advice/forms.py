from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from advice.models import Advice, AdviceStatus, Response
from members.models import Membership, Person
from themes.models import Theme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# What was advised, to whom, confidential or not: the record, locked with the minutes.
RECORD_FIELDS = ("text", "addressee", "confidential")


class AdviceForm(forms.ModelForm):
    """The advice itself and how it is followed up. Once the minutes are agreed the
    record fields are shown but not taken (disabled): the model refuses them anyway."""

    class Meta:
        model = Advice
        fields = [*RECORD_FIELDS, "theme", "responder", "response_due"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "response_due": DateInput,
        }
        error_messages = {
            "text": {"required": _("Say what was advised.")},
            "addressee": {"required": _("Say to whom: the force, a department or a role.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        advice = self.instance
        body_id = advice.meeting.body_id
        self.fields["theme"].queryset = Theme.objects.filter(body_id=body_id)
        self.fields["responder"].queryset = Person.objects.filter(
            pk__in=Membership.objects.current().filter(body_id=body_id).values("person_id")
        )
        self.fields["text"].max_length = 5000
        if advice.meeting.is_locked:
            for name in RECORD_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Part of the agreed minutes.")
        elif advice.point_id and (advice.point.confidential or advice.point.item.confidential):
            self.fields["confidential"].disabled = True
            self.fields["confidential"].help_text = _("Raised from a confidential point.")
        self.helper = FormHelper()
        self.helper.form_id = "advice-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("save", _("Save the advice")))


class ResponseForm(forms.ModelForm):
    """The police response: accepted or not, why, what will be done and by when."""

    class Meta:
        model = Advice
        fields = ["response", "response_reasons", "response_plan", "response_plan_by"]
        widgets = {
            "response": forms.RadioSelect,
            "response_reasons": forms.Textarea(attrs={"rows": 3}),
            "response_plan": forms.Textarea(attrs={"rows": 3}),
            "response_plan_by": DateInput,
        }
        error_messages = {"response": {"required": _("Choose accepted, partly or not accepted.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].required = True
        self.fields["response"].choices = Response.choices


class OutcomeForm(forms.ModelForm):
    """What changed because of the advice, and the evidence."""

    class Meta:
        model = Advice
        fields = ["outcome", "outcome_evidence"]
        widgets = {
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "outcome_evidence": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"outcome": {"required": _("Say what changed (or that nothing did).")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True


class RaiseForm(forms.Form):
    """Turn a point into advice (the editor's shortcut, or a button without JavaScript)."""

    point = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class LedgerFilterForm(forms.Form):
    """The ledger's filters, shared by the page and its CSV export."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *AdviceStatus.choices]
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), required=False, queryset=Theme.objects.none(), empty_label=_("Any")
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    addressee = forms.CharField(label=_("Advised (contains)"), required=False, max_length=200)
    overdue = forms.BooleanField(label=_("Overdue responses only"), required=False)

    def __init__(self, *args, body, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(body=body)
        self.fields["year"].choices = [("", _("Any"))] + [(y, str(y)) for y in years]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "ledger-filters"
        self.helper.form_class = "card card-body mb-3"
        self.helper.add_input(Submit("filter", _("Filter"), css_class="btn-sm"))

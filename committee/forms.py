from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from committee.models import Declaration, Outcome


class DeclarationForm(forms.ModelForm):
    """A declaration typed in the editor: by whom (on the attendance), in which item."""

    class Meta:
        model = Declaration
        fields = ["attendee", "item", "nature", "description", "left_room"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee"].queryset = meeting.attendance.all()
        self.fields["attendee"].label_from_instance = lambda a: (
            f"{a.initials} {a.name}".strip() if a.name else a.initials
        )
        self.fields["item"].queryset = meeting.items.all()
        self.fields["item"].label_from_instance = lambda i: (
            f"{i.minute_reference(meeting.body) or i.number} {i.title}".strip()
        )
        self.fields["item"].empty_label = _("(not one item)")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class DecisionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the wording"), required=False, max_length=200)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("Any"))] + Outcome.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_q(self):
        return self.cleaned_data["q"].replace("\x00", "")

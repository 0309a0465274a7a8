from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from themes.models import Theme


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "group", "description", "keywords", "order"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "keywords": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_name(self):
        # The body is not a field of the form, so the model's unique constraint is not
        # checked by the form itself: the same rule, with its message.
        name = self.cleaned_data["name"].strip()
        taken = Theme.objects.filter(body=self.instance.body, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This body already has a theme of that name."), code="unique"
            )
        return name


class TagForm(forms.Form):
    """Tag (or untag) one row of the minutes with one theme, from the editor."""

    kind = forms.ChoiceField(choices=[("point", "point"), ("item", "item"), ("action", "action")])
    row = forms.IntegerField(min_value=1)
    theme = forms.IntegerField(min_value=1)
    on = forms.BooleanField(required=False)


class SuggestionForm(forms.Form):
    kind = forms.ChoiceField(choices=[("point", "point"), ("action", "action")])
    row = forms.IntegerField(min_value=1)
    theme = forms.IntegerField(min_value=1)
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])

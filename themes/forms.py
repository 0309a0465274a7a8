from crispy_forms.helper import FormHelper
from django import forms

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

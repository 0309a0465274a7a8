from django import forms
from django.utils.translation import gettext_lazy as _

from imports.batches import AT_ONCE
from imports.parsing import NotMinutes, parse_minutes
from imports.uploads import MAX_FILES, read_files
from members.models import Body


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MinutesFilesField(forms.FileField):
    """One or more uploaded files, each read into lines; the errors say which file."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError(
                _("Choose at least one .txt, .docx, .pdf or .zip file."), "required"
            )
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Upload at most %(max)d files at a time."), "too_many", {"max": MAX_FILES}
            )
        return read_files(files)


class UploadForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=Body.objects.none(),
        label=_("Body"),
        empty_label=None,
        help_text=_("The group whose minutes these are."),
    )
    files = MinutesFilesField(
        label=_("Minutes files"),
        help_text=_(
            "One or more .txt, .docx or text .pdf files, up to 2 MB and 5,000 lines each, "
            "or a .zip of years of them."
        ),
    )
    year = forms.IntegerField(
        label=_("Year (optional)"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_('Only needed when a date has no year ("DATE Tuesday 7th December").'),
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["files"].widget.attrs["accept"] = ".txt,.docx,.pdf,.zip"

    def clean(self):
        """Say, with the file's name, why a file cannot be read as minutes.

        Each readable file keeps what was read (``upload["parsed"]``), so the
        preview does not read it a second time. Files refused beside readable ones
        are reported with the preview; only when none can be read is it an error here.
        A batch of more than AT_ONCE files is read by a task, behind a progress bar.
        """
        cleaned = super().clean()
        uploads = cleaned.get("files") or []
        readable = sum(1 for upload in uploads if not upload.get("error"))
        for upload in uploads:
            if not upload.get("error") and readable <= AT_ONCE:
                try:
                    upload["parsed"] = parse_minutes(upload["lines"], year=cleaned.get("year"))
                except NotMinutes as not_minutes:
                    upload["error"] = str(not_minutes)
            if upload.get("error"):
                separator = (
                    " " if upload["error"].startswith(("is ", "was ", "has ", "holds ")) else ": "
                )
                upload["refusal"] = f"“{upload['name']}”{separator}{upload['error']}"
        if uploads and all(upload.get("error") for upload in uploads):
            for upload in uploads:
                self.add_error("files", upload["refusal"])
        return cleaned

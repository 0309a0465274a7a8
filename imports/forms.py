from django import forms
from django.utils.translation import gettext_lazy as _

from imports.docx_reader import read_upload
from imports.parsing import NotMinutes, parse_minutes
from members.models import Body

MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_FILES = 24


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MinutesFilesField(forms.FileField):
    """One or more uploaded files, each read into lines; the errors say which file."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError(_("Choose at least one .txt or .docx file."), "required")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Upload at most %(max)d files at a time."), "too_many", {"max": MAX_FILES}
            )
        read = []
        for upload in files:
            name = upload.name
            if not name.lower().endswith((".txt", ".docx")):
                read.append({"name": name, "error": _("is not a .txt or .docx file.")})
            elif upload.size > MAX_FILE_SIZE:
                read.append({"name": name, "error": _("is larger than 2 MB.")})
            else:
                try:
                    read.append({"name": name, "lines": read_upload(name, upload.read())})
                except NotMinutes as error:
                    read.append({"name": name, "error": str(error)})
        return read


class UploadForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=Body.objects.none(),
        label=_("Body"),
        empty_label=None,
        help_text=_("The group whose minutes these are."),
    )
    files = MinutesFilesField(
        label=_("Minutes files"),
        help_text=_("One or more .txt or .docx files, up to 2 MB each."),
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
        self.fields["files"].widget.attrs["accept"] = ".txt,.docx"

    def clean(self):
        """Refuse, with the file's name, anything that cannot be read as minutes.

        Each readable file keeps what was read (``upload["parsed"]``), so the
        preview does not read it a second time.
        """
        cleaned = super().clean()
        for upload in cleaned.get("files") or []:
            error = upload.get("error")
            if not error:
                try:
                    upload["parsed"] = parse_minutes(upload["lines"], year=cleaned.get("year"))
                except NotMinutes as not_minutes:
                    error = str(not_minutes)
            if error:
                separator = " " if error.startswith(("is ", "was ")) else ": "
                self.add_error("files", f"“{upload['name']}”{separator}{error}")
        return cleaned

"""What the preview shows of one file: each source line beside what it became.

A plain, frozen description built in the view from an ImportReport, so that the
template only formats (STYLE.md, principle 12).
"""

import datetime
from dataclasses import dataclass

from django.utils.html import format_html_join

from imports.parsing.corrections import LINE_KINDS, line_kinds
from imports.services import ImportReport

ROLE_LABELS = {
    "header": "Header (date, time, venue)",
    "structure": "Heading of the attendance",
    "state": "Item's state",
    "format": "Formatting only",
    "": "",
}


# The <option>s of a line's kind select, made once for each kind selected: a preview
# of thousands of lines would otherwise loop over the kinds for every line.
OPTIONS = {
    selected: format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if value == selected else "", label)
            for value, label in LINE_KINDS.items()
        ),
    )
    for selected in LINE_KINDS
}


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    kind: str  # a key of LINE_KINDS, or "" for a header or structure line
    label: str
    confidence: str  # "sure", "guess" or "check"
    why: str

    @property
    def options(self) -> str:
        return OPTIONS.get(self.kind, "")


@dataclass(frozen=True)
class PersonRow:
    index: int
    initials: str
    name: str
    role: str
    status: str
    is_new: bool
    is_minute_taker: bool


@dataclass(frozen=True)
class FilePreview:
    index: int
    report: ImportReport
    lines: tuple[SourceLine, ...]
    people: tuple[PersonRow, ...]
    # (the id of the field at fault, what is wrong), or None
    error: tuple[str, str] | None = None

    @property
    def prefix(self) -> str:
        return f"f{self.index}"

    @property
    def date_error(self) -> str:
        return self.error[1] if self.error and self.error[0].endswith("-date") else ""

    @property
    def people_error(self) -> str:
        return self.error[1] if self.error and not self.error[0].endswith("-date") else ""

    @property
    def needs_attendance(self) -> bool:
        return "attendance" in self.report.parsed.missing

    @property
    def needs_date(self) -> bool:
        return "date" in self.report.parsed.missing

    @property
    def guesses(self) -> int:
        return sum(line.confidence != "sure" for line in self.lines)


def file_preview(
    index: int, report: ImportReport, lines: list[str], error: str = ""
) -> FilePreview:
    parsed = report.parsed
    kinds = line_kinds(parsed)
    flags = {n: point.flag for point in parsed.flagged() for n in point.lines}
    source = []
    for number, raw in enumerate(lines, start=1):
        text = raw.replace("\f", "").strip()
        if not text:
            continue
        role = parsed.line_roles.get(number, "")
        kind = kinds.get(number, "")
        if number in flags:
            confidence, why = "check", flags[number]
        elif number in parsed.guesses:
            confidence, why = "guess", parsed.guesses[number]
        else:
            confidence, why = "sure", ""
        label = LINE_KINDS.get(kind) or ROLE_LABELS.get(role, role)
        source.append(SourceLine(number, text, kind, label, confidence, why))
    new = {person["initials"] for person in report.new_people}
    people = tuple(
        PersonRow(
            i,
            row.initials,
            row.name,
            row.role,
            row.status,
            row.initials in new,
            row.is_minute_taker,
        )
        for i, row in enumerate(parsed.attendance)
    )
    return FilePreview(index, report, tuple(source), people, error)


@dataclass(frozen=True)
class BatchEntry:
    """One file of a batch on the preview page: what its dry run found (kept with the
    file), and its full preview when it is shown at once."""

    index: int
    name: str
    summary: dict
    preview: FilePreview | None

    @property
    def failed(self) -> str:
        return self.summary.get("failed", "")

    @property
    def date(self):
        value = self.summary.get("date")
        return datetime.date.fromisoformat(value) if value else None

    @property
    def needs(self) -> str:
        if self.failed:
            return self.failed
        if self.summary.get("existing"):
            return "Already imported"
        if not self.date:
            return "The date"
        flagged = self.summary.get("flagged", 0)
        return f"{flagged} flagged" if flagged else "Nothing"


def batch_entries(files, previews: dict[int, FilePreview]) -> list[BatchEntry]:
    return [
        BatchEntry(file.index, file.name, file.preview or {}, previews.get(file.index))
        for file in files
    ]

"""The plain tree a reader builds from minutes: no database here."""

import datetime
from dataclasses import dataclass, field


class NotMinutes(ValueError):
    """The text cannot be read as minutes; the message says why."""


# --- The tree ---------------------------------------------------------------


@dataclass
class Header:
    date: datetime.date | None = None
    date_text: str = ""
    year_inferred_from: str = ""
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    location: str = ""
    location_lines: list[int] = field(default_factory=list)
    topic: str = ""
    body_name: str = ""


@dataclass
class AttendanceRow:
    initials: str
    role: str = ""
    name: str = ""
    status: str = "present"
    is_minute_taker: bool = False
    representing: str = ""
    section: str = ""
    capacity: str = ""
    printed_initials: str = ""
    lines: list[int] = field(default_factory=list)


@dataclass
class ParsedAction:
    description: str
    owners: list[str]
    lines: list[int] = field(default_factory=list)
    due: datetime.date | None = None


@dataclass
class ParsedPoint:
    text: str
    kind: str = "discussion"
    speakers: list[str] = field(default_factory=list)
    flag: str = ""
    flag_code: str = ""
    lines: list[int] = field(default_factory=list)
    programme: list[tuple[datetime.date, str]] = field(default_factory=list)


@dataclass
class ParsedItem:
    title: str
    number: str = ""
    lead: str = ""
    state: str = "discussed"
    confidential: bool = False
    minute_number: int | None = None
    exempt_paragraphs: str = ""
    points: list[ParsedPoint] = field(default_factory=list)
    actions: list[ParsedAction] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


@dataclass
class ParsedMinutes:
    style: str
    header: Header
    attendance: list[AttendanceRow]
    items: list[ParsedItem]
    next_meeting: datetime.date | None = None
    notes: list[str] = field(default_factory=list)
    line_roles: dict[int, str] = field(default_factory=dict)
    # Lines kept out of the meeting on purpose (a banner above the date), reported.
    not_imported: list[tuple[int, str]] = field(default_factory=list)
    # What could not be read and the officer is asked for: "date", "attendance".
    missing: list[str] = field(default_factory=list)
    # Lines read by a guess rather than a sure pattern: {line: why}, marked in the preview.
    guesses: dict[int, str] = field(default_factory=dict)
    public_count: int | None = None
    # The formal style: the next meeting's time as the minutes state it; "None disclosed".
    next_time: datetime.time | None = None
    no_interests_declared: bool = False

    def points(self):
        return [point for item in self.items for point in item.points]

    def flagged(self):
        return [point for point in self.points() if point.flag]

    @property
    def programme(self) -> list[tuple[datetime.date, str]]:
        return [entry for point in self.points() for entry in point.programme]


@dataclass
class Paragraph:
    """Consecutive non-blank lines, with their 1-based line numbers."""

    lines: list[tuple[int, str]]

    @property
    def text(self) -> str:
        return "\n".join(text for _n, text in self.lines)

    @property
    def numbers(self) -> list[int]:
        return [n for n, _text in self.lines]

"""Read legacy minutes, as lines of text, into a plain tree: no database here.

Two layouts are understood: the IAG's (a DATE/TIME/LOCATION header, an
``Init | Position and Area`` table, numbered items with a lead) and the formal
committee style (a "Minutes of the meeting of ... held on ..." sentence,
Present/Apologies lists of full names, SMK25-style minute references and
RESOLVED decisions). Every non-blank source line is claimed by some node of the
tree (``ParsedMinutes.line_roles``); text that fits no structure becomes a point
flagged for review, never dropped.
"""

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import islice

from programme.parsing import MONTHS, parse_programme

INITIALS = r"[A-Z][A-Za-z]{0,5}(?:/[1-9][0-9]?)?"
INITIALS_RE = re.compile(rf"^{INITIALS}$")
# "Apologies: None": nobody, although "None" and "Nil" are shaped like initials.
NOBODY = re.compile(r"^(?:none|nil|n/a|nobody|no one|no apologies)\b", re.IGNORECASE)
# What the meeting's fields hold (meetings.models, members.models): longer text is
# shortened to fit and kept whole in a point flagged for review (fit_fields).
FIELD_LENGTHS = {
    "location": 300,
    "topic": 300,
    "number": 10,
    "title": 300,
    "lead": 100,
    "role": 200,
    "name": 200,
}
TITLE_LENGTH = FIELD_LENGTHS["title"]
WEEKDAY_NAMES = {name.lower(): n for n, name in enumerate(calendar.day_name)}
SPEECH_VERBS = (
    "said|says|explained|reported|asked|discussed|raised|provided|spoke|mentioned|questioned|"
    "expressed|encouraged|thanked|welcomed|announced|highlighted|outlined|read|put|wanted|"
    "went|added|agreed|suggested|noted|confirmed|stated|informed|updated|showed|gave|presented|"
    "advised|commented|replied|responded|proposed|queried|felt|described|shared|stressed|"
    "emphasised|offered|requested"
)


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
    printed_initials: str = ""
    lines: list[int] = field(default_factory=list)


@dataclass
class ParsedAction:
    description: str
    owners: list[str]
    lines: list[int] = field(default_factory=list)


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


# --- Small readers ------------------------------------------------------------


def clean(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text.replace("**", "")).strip()


def parse_time(text: str) -> datetime.time | None:
    """18:00, 18:00 hrs, 6pm, 7.30pm, 2.00 pm."""
    match = re.search(
        r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", text.strip(), re.IGNORECASE
    )
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    meridiem = (match[3] or "").lower().replace(".", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if not match[2] and not meridiem and ":" not in text:
        # A bare number is only a time with am/pm or minutes ("6pm", "18:00").
        return None
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def parse_time_range(text: str) -> tuple[datetime.time | None, datetime.time | None]:
    parts = re.split(r"\s*(?:-|–|—|\bto\b|\buntil\b)\s*", text, maxsplit=1)
    start = parse_time(parts[0])
    end = parse_time(parts[1]) if len(parts) > 1 else None
    # "7.30am", not the "am" of "7.30 on Teams".
    morning = len(parts) > 1 and re.search(r"(?<![a-z])a\.?m\b", parts[1], re.IGNORECASE)
    if start and end and end.hour < 12 and start.hour >= 12 and not morning:
        end = datetime.time(end.hour + 12, end.minute)
    if start and end and end <= start:
        end = None
    return start, end


DATE_RE = re.compile(
    r"(?:(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>[A-Za-z]+)\.?,?"
    r"(?:\s+(?P<year>\d{4}))?",
    re.IGNORECASE,
)


def find_date(text: str):
    """The first "7th December [2021]" in the text: (day, month, year|None, weekday|None)."""
    for match in DATE_RE.finditer(text):
        month = MONTHS.get(match["month"].lower())
        if not month:
            continue
        weekday = WEEKDAY_NAMES.get((match["weekday"] or "").lower())
        return int(match["day"]), month, int(match["year"]) if match["year"] else None, weekday
    return None


def full_date(text: str) -> datetime.date | None:
    found = find_date(text)
    if not found or found[2] is None:
        return None
    try:
        return datetime.date(found[2], found[1], found[0])
    except ValueError:
        return None


def paragraphs(lines: list[str]) -> list[Paragraph]:
    found, current = [], []
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            current.append((number, raw.rstrip()))
        elif current:
            found.append(Paragraph(current))
            current = []
    if current:
        found.append(Paragraph(current))
    return found


# --- The entry point ------------------------------------------------------------


def parse_minutes(lines: list[str], *, year: int | None = None) -> ParsedMinutes:
    """Read minutes from their lines; raise NotMinutes if they are not minutes."""
    if not any(line.strip() for line in lines):
        raise NotMinutes("The file is empty.")
    paras = paragraphs(lines)
    if any(re.match(r"^\s*Minutes of the meeting of\b", p.text, re.I) for p in paras[:5]):
        parsed = FormalReader(paras).read()
    else:
        parsed = InformalReader(paras).read()
    if parsed.header.date is None and not parsed.header.date_text:
        raise NotMinutes(
            "This does not look like minutes: no meeting date was found "
            '(expected a "DATE: ..." line or "Minutes of the meeting of ... held on ...").'
        )
    if not parsed.attendance and not parsed.items:
        raise NotMinutes(
            "This does not look like minutes: no attendance list and no numbered agenda items."
        )
    settle_date(parsed, year)
    finish(parsed)
    fit_fields(parsed)
    return parsed


def settle_date(parsed: ParsedMinutes, year: int | None) -> None:
    """Give a header date without a year the year it must have had, and say how."""
    header = parsed.header
    if header.date is not None:
        found = find_date(header.date_text)
        check_weekday(parsed, found[3] if found else None)
        return
    found = find_date(header.date_text)
    if not found:
        raise NotMinutes(f"The meeting date “{header.date_text}” could not be read.")
    day, month, _none, weekday = found

    def make(y):
        try:
            return datetime.date(y, month, day)
        except ValueError:
            return None

    if year:
        header.date = make(year)
        header.year_inferred_from = f"the year given ({year})"
    elif parsed.next_meeting:
        nxt = parsed.next_meeting
        candidate = make(nxt.year)
        if candidate is None or candidate >= nxt:
            candidate = make(nxt.year - 1)
        header.date = candidate
        header.year_inferred_from = f"the next meeting date ({nxt:%-d %B %Y})"
    else:
        mentioned = [
            int(y)
            for point in parsed.points()
            for y in re.findall(r"\b(?:19|20)\d{2}\b", point.text)
        ]
        if mentioned:
            latest = max(mentioned)
            candidates = [make(y) for y in (latest, latest - 1)]
            matching = [d for d in candidates if d and (weekday is None or d.weekday() == weekday)]
            possible = matching or [d for d in candidates if d]
            if possible:  # none for 29 February when neither year was a leap year
                header.date = possible[0]
                header.year_inferred_from = f"the years mentioned in the minutes (latest {latest})"
    if header.date is None:
        raise NotMinutes(
            f"The meeting date “{header.date_text}” has no year and none could be inferred: "
            "give the year (the Year field on the upload page, or --year)."
        )
    check_weekday(parsed, weekday)
    parsed.notes.append(f"Year {header.date.year} inferred from {header.year_inferred_from}.")


def check_weekday(parsed: ParsedMinutes, weekday: int | None) -> None:
    date = parsed.header.date
    if weekday is not None and date.weekday() != weekday:
        parsed.notes.append(
            f"The header says {calendar.day_name[weekday]}, but {date:%-d %B %Y} was a {date:%A}."
        )


def finish(parsed: ParsedMinutes) -> None:
    """Read bulleted blocks of dates as the programme they are."""
    meeting_date = parsed.header.date
    for point in parsed.points():
        bullets = point.text.splitlines()
        if len(bullets) < 2 or not all(re.match(r"^\s*[-•➤*]\s", b) for b in bullets):
            continue
        read = parse_programme(point.text, meeting_date.year)
        if not all(line.ok for line in read):
            continue
        if read[0].date < meeting_date:
            read = parse_programme(point.text, meeting_date.year + 1)
        point.programme = [(line.date, line.topic) for line in read]


def shorten(text: str, limit: int) -> str:
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def kept_whole(label: str, text: str, limit: int, lines: list[int]) -> "ParsedPoint":
    return ParsedPoint(
        f"{label} (in full): {text}",
        flag=f"{label} is longer than the {limit} characters it can hold: shortened, "
        "and kept here in full.",
        flag_code="too_long",
        lines=list(lines),
    )


def fit_fields(parsed: ParsedMinutes) -> None:
    """Shorten text too long for its field; keep it whole in a point flagged for review.

    A point is where the officer reviewing the import sees it, and text has no limit
    there. (An overlong title is already kept whole as its item's first point.)
    """
    for item in parsed.items:
        kept = []
        for attr, label in (("number", "Item number"), ("lead", "Lead")):
            value, limit = getattr(item, attr), FIELD_LENGTHS[attr]
            if len(value) > limit:
                kept.append(kept_whole(label, value, limit, item.lines))
                setattr(item, attr, shorten(value, limit))
        item.points[:0] = kept
    header, kept = parsed.header, []
    if len(header.location) > FIELD_LENGTHS["location"]:
        limit = FIELD_LENGTHS["location"]
        kept.append(kept_whole("Location", header.location, limit, header.location_lines))
        header.location = shorten(header.location, limit)
    if len(header.topic) > FIELD_LENGTHS["topic"]:
        fit_topic(parsed)
    for row in parsed.attendance:
        who = row.initials or row.name
        for attr, label in (("name", "Name"), ("role", f"{who}'s position and area")):
            value, limit = getattr(row, attr), FIELD_LENGTHS[attr]
            if len(value) > limit:
                kept.append(kept_whole(label, value, limit, row.lines))
                setattr(row, attr, shorten(value, limit))
    if kept:
        if not parsed.items:
            parsed.items.append(ParsedItem(title="Before the agenda"))
        parsed.items[0].points[:0] = kept


def fit_topic(parsed: ParsedMinutes) -> None:
    """The topic comes from a heading, which keeps it whole: flag that heading."""
    header, limit = parsed.header, FIELD_LENGTHS["topic"]
    heading = next(
        (p for p in parsed.points() if p.kind == "heading" and header.topic in p.text), None
    )
    reason = f"The meeting's topic is longer than the {limit} characters it can hold: "
    if heading is not None and not heading.flag:
        heading.flag = reason + "shortened there, and kept here in full."
        heading.flag_code = "too_long"
    elif heading is None:
        parsed.items[0].points.insert(0, kept_whole("Topic", header.topic, limit, []))
    header.topic = shorten(header.topic, limit)


# --- Shared pieces of both readers ---------------------------------------------


class Reader:
    style = ""

    def __init__(self, paras: list[Paragraph]):
        self.paras = paras
        self.parsed = ParsedMinutes(style=self.style, header=Header(), attendance=[], items=[])
        self.roles = self.parsed.line_roles
        self.source = {number: text for para in paras for number, text in para.lines}

    def claim(self, numbers, role):
        for number in numbers:
            self.roles[number] = role

    def current_item(self) -> ParsedItem:
        if not self.parsed.items:
            # Text before the first item still belongs to the meeting: keep it
            # under a first item of its own rather than drop it.
            self.parsed.items.append(ParsedItem(title="Before the agenda"))
        return self.parsed.items[-1]

    def fold_preamble(self) -> None:
        """Text kept from before the first item goes to the top of that item."""
        items = self.parsed.items
        if (
            len(items) > 1
            and not items[0].number
            and items[0].title == "Before the agenda"
            and items[0].state == "discussed"
        ):
            items[1].points[:0] = items[0].points
            items[1].actions[:0] = items[0].actions
            del items[0]

    def split_before(self, index: int, position: int) -> None:
        """Break paragraph `index` before its line `position`, where a blank line was lost."""
        lines = self.paras[index].lines
        self.paras[index : index + 1] = [Paragraph(lines[:position]), Paragraph(lines[position:])]

    def fit_title(self, item: ParsedItem) -> None:
        """A heading run on into its discussion: the title is its start, a point keeps it all."""
        if len(item.title) > TITLE_LENGTH:
            item.points.insert(0, ParsedPoint(item.title, lines=list(item.lines)))
            item.title = shorten(item.title, TITLE_LENGTH)

    def stray(self, para: Paragraph, reason: str, code: str = "stray_text") -> None:
        item = self.current_item()
        last = item.points[-1] if item.points else None
        if (
            last is not None
            and last.flag_code == code == "stray_text"
            and self.adjacent(last, para)
        ):
            last.text += "\n" + clean_block(para.text)
            last.lines += para.numbers
        else:
            item.points.append(
                ParsedPoint(clean_block(para.text), flag=reason, flag_code=code, lines=para.numbers)
            )
        self.claim(para.numbers, "point")

    def adjacent(self, point: ParsedPoint, para: Paragraph) -> bool:
        return bool(point.lines) and para.numbers[0] - point.lines[-1] <= 3

    def listed_twice(self, number: int, text: str, who: str, first: AttendanceRow) -> None:
        """The same person printed twice on the list: kept once, the repeat flagged."""
        self.stray(
            Paragraph([(number, text)]),
            f"{who} is listed twice (also on line {first.lines[0]}): "
            "kept once on the attendance list, as first listed.",
            code="repeated_attendance",
        )


def at_most_words(text: str, most: int) -> bool:
    """``len(text.split()) <= most``, reading no further than the word after `most`."""
    return sum(1 for _word in islice(re.finditer(r"\S+", text), most + 1)) <= most


def clean_block(text: str) -> str:
    return "\n".join(clean(line) for line in text.splitlines())


def is_initials(text: str) -> bool:
    return bool(INITIALS_RE.match(text)) and not NOBODY.match(text)


# --- The IAG layout ------------------------------------------------------------

HEADER_KEY = re.compile(r"^\s*(DATE|TIME|LOCATION|VENUE|PLACE)\b\s*:?\s*(.*)$", re.IGNORECASE)
TABLE_HEADING = re.compile(
    r"^\s*(Init(?:ials)?|Initials)\s*(?:\t|\||\s{2,}|\s)\s*(Position(?: and Area)?|Role)\b",
    re.IGNORECASE,
)
SECTION = re.compile(
    r"^\s*(Apologies|Present|Guests?|In attendance|Minutes|Minute[- ]taker)\b\s*(:?)\s*(.*)$",
    re.IGNORECASE,
)
ITEM = re.compile(r"^\s*(\d{1,2}[a-z]?)[.)]\s+(.+)$")
DEFERRED = re.compile(r"^deferred\b.*\bnext meeting\.?$", re.IGNORECASE)
CARRIED_OVER = re.compile(r"^nothing to report\b.*carried (?:over|forward)\.?$", re.IGNORECASE)
STATES = (("deferred", DEFERRED), ("carried_over", CARRIED_OVER))
NEXT_MEETING = re.compile(r"next meeting", re.IGNORECASE)
KNOWN_LEADS = ["All", "IAG Chair", "Chair", "LPA Commander", "Vice Chair", "Secretary"]
MINUTE_TAKER = re.compile(r"\bminutes?\b|minute[- ]taker|admin support", re.IGNORECASE)
OPENER = re.compile(rf"^({INITIALS})(?=[\s–\-,:])")
OPENS_WITH_SPEECH = re.compile(rf"^{INITIALS}\s+(?:[–-]\s*)?(?i:{SPEECH_VERBS})\b")
# Capitals that speak, as "TL said": initials, though not on the attendance list
# (unlike "He said" or "All agreed").
UNKNOWN_SPEAKER = re.compile(rf"^[A-Z]{{2,4}}[a-z]?\s+(?:[–-]\s*)?(?i:{SPEECH_VERBS})\b")
# Initials followed by a verb of speech; "X said that JH spoke at..." reports what
# JH did elsewhere, so initials right after "that" are not speakers.
SPEAKER = re.compile(rf"(?<![\w/])(?<!that )({INITIALS})\s+(?i:{SPEECH_VERBS})\b")
LONGEST_INITIALS = 9  # "ABCDEF/12"
BULLETS = ("-", "•")
SENTENCE_END = tuple(".!?:;)\"'”>]")


def split_row(line: str) -> list[str]:
    cells = re.split(r"\t|\s*\|\s*|\s{2,}", line.strip().strip("|"))
    return [clean(cell) for cell in cells if cell.strip()]


def starts_attendance(line: str) -> bool:
    return bool(TABLE_HEADING.match(line)) or split_row_is_attendance(line)


def section_heading(line: str, cells: list[str]) -> tuple[str, str] | None:
    """("apologies", "JS") for "Apologies: JS"; None for a row or for text such as
    "Minutes of the last meeting were agreed", which only starts like a heading."""
    match = SECTION.match(clean(line))
    if not match or (len(cells) > 1 and INITIALS_RE.match(cells[0])):
        return None
    rest = match[3].strip()
    if rest and not (match[2] or NOBODY.match(rest) or opens_with_initials(rest)):
        return None
    return match[1].lower(), rest


def opens_with_initials(row: str) -> bool:
    cells = split_row(row)
    return bool(cells) and is_initials(cells[0])


class InformalReader(Reader):
    style = "informal"

    def read(self) -> ParsedMinutes:
        index = self.read_header()
        index = self.read_attendance(index)
        self.read_body(index)
        self.fold_preamble()
        return self.parsed

    # Header: DATE / TIME / LOCATION, in any order, location possibly on several lines.
    def read_header(self) -> int:
        header = self.parsed.header
        index = 0
        while index < len(self.paras):
            para = self.paras[index]
            if self.ends_header(para.lines[0][1]):
                break
            key = None
            for position, (number, text) in enumerate(para.lines):
                if position and self.ends_header(text):
                    self.split_before(index, position)
                    break
                match = HEADER_KEY.match(clean(text))
                if match:
                    key = match[1].upper()
                    self.header_field(key, match[2].strip())
                    self.roles[number] = "header"
                    if key in {"LOCATION", "VENUE", "PLACE"}:
                        header.location_lines.append(number)
                elif key in {"LOCATION", "VENUE", "PLACE"}:
                    header.location = ", ".join(filter(None, [header.location, clean(text)]))
                    header.location_lines.append(number)
                    self.roles[number] = "header"
                elif header.date is None and not header.date_text and number <= 3 and not key:
                    self.above_the_date(number, text)
                else:
                    self.stray(Paragraph([(number, text)]), "Text before the attendance list.")
            index += 1
        return index

    def above_the_date(self, number: int, text: str) -> None:
        """A title or marking over the minutes ("OFFICIAL-SENSITIVE", the group's name):
        not the minutes' text, so not imported, but reported with the import."""
        self.parsed.not_imported.append((number, clean(text)))
        self.parsed.notes.append(
            f"Line {number} “{clean(text)}”, above the date, was not imported "
            "(a title or a protective marking)."
        )
        self.roles[number] = "not_imported"

    @staticmethod
    def ends_header(line: str) -> bool:
        # "DATE<tab>Wednesday 2nd March" (a header typed as a table) is not an attendance row.
        if HEADER_KEY.match(clean(line)):
            return False
        return starts_attendance(line) or bool(ITEM.match(line))

    def header_field(self, key: str, value: str) -> None:
        header = self.parsed.header
        if key == "DATE":
            header.date_text = value
            found = find_date(value)
            if found and found[2]:
                try:
                    header.date = datetime.date(found[2], found[1], found[0])
                except ValueError as error:
                    raise NotMinutes(f"“{value}” is not a date.") from error
        elif key == "TIME":
            header.start_time, header.end_time = parse_time_range(value)
            if header.start_time is None:
                self.parsed.notes.append(f"The time “{value}” could not be read.")
        else:
            header.location = ", ".join(filter(None, [header.location, clean(value)]))

    def read_attendance(self, index: int) -> int:
        status, section = "present", "present"
        rows = self.parsed.attendance
        while index < len(self.paras):
            para = self.paras[index]
            if ITEM.match(para.lines[0][1]) and rows:
                break
            if not rows and not starts_attendance(para.lines[0][1]):
                break
            for position, (number, text) in enumerate(para.lines):
                if position and rows and ITEM.match(text):
                    self.split_before(index, position)
                    break
                cells = split_row(text)
                heading = section_heading(text, cells)
                if TABLE_HEADING.match(text):
                    self.roles[number] = "structure"
                elif heading:
                    section, rest = heading
                    status = "apologies" if section == "apologies" else "present"
                    self.roles[number] = "structure"
                    if rest and not NOBODY.match(rest):
                        if opens_with_initials(rest):
                            self.add_row(split_row(rest), number, status, section)
                        else:
                            self.stray(Paragraph([(number, text)]), "Unreadable attendance row.")
                elif cells and is_initials(cells[0]):
                    self.add_row(cells, number, status, section)
                elif NOBODY.match(clean(text)):
                    self.roles[number] = "structure"  # "None", under Apologies
                else:
                    self.stray(Paragraph([(number, text)]), "Unreadable attendance row.")
            index += 1
        self.disambiguate()
        return index

    def add_row(self, cells, number, status, section):
        role = " ".join(cells[1:])
        representing = re.search(rf"\brepresenting\s+({INITIALS})\b", role)
        taker = section.startswith("minute") or bool(MINUTE_TAKER.search(role))
        self.parsed.attendance.append(
            AttendanceRow(
                initials=cells[0],
                printed_initials=cells[0],
                role=role,
                status=status,
                is_minute_taker=taker,
                representing=representing[1] if representing else "",
                section=section,
                lines=[number],
            )
        )
        self.roles[number] = "attendance"

    def disambiguate(self):
        """Two rows printed "AK" become AK/1 and AK/2, in attendance order, as the minutes do.

        Initials printed twice with their number ("AK/1", "AK/1") are one person listed
        twice: the first listing is kept and the repeat flagged. Numbers the minutes
        already print are skipped ("AK/1", "AK", "AK": AK/1, AK/2, AK/3).
        """
        counts, kept = {}, []
        for row in self.parsed.attendance:
            same = counts.setdefault(row.initials.lower(), [])
            if same and "/" in row.initials:
                number = row.lines[0]
                self.listed_twice(number, self.source[number], row.initials, same[0])
                continue
            same.append(row)
            kept.append(row)
        self.parsed.attendance[:] = kept
        for same in counts.values():
            if len(same) > 1:
                base = same[0].initials
                free = (n for n in range(1, 100) if f"{base}/{n}".lower() not in counts)
                for row, n in zip(same, free, strict=False):
                    row.initials = f"{row.initials}/{n}"
                self.parsed.notes.append(
                    f"{same[0].printed_initials} appears {len(same)} times in the attendance: "
                    f"read as {', '.join(r.initials for r in same)} in attendance order."
                )

    # Items and their points.
    def read_body(self, index: int) -> None:
        self.attendees = {row.initials: row for row in self.parsed.attendance}
        self.bare = {}
        for row in self.parsed.attendance:
            if "/" in row.initials:
                self.bare.setdefault(row.initials.split("/")[0], row.initials)
        self.leads = list(KNOWN_LEADS)
        self.awaiting_lead = False
        self.last_number = 0
        for para in self.paras[index:]:
            self.read_paragraph(para)

    def read_paragraph(self, para: Paragraph) -> None:
        first_number, first = para.lines[0]
        match = ITEM.match(first)
        if match and self.is_next_item(match[1]):
            self.start_item(match[1], first_number, match[2])
            rest = Paragraph(para.lines[1:])
            if rest.lines:
                self.read_paragraph(rest)
            return
        text = clean_block(para.text)
        item = self.current_item()
        if self.awaiting_lead and self.looks_like_lead(text):
            item.lead = text
            self.awaiting_lead = False
            self.claim(para.numbers, "item")
            return
        self.awaiting_lead = False
        state = next((name for name, formula in STATES if formula.match(text)), "")
        if state:
            item.state = state
            if not re.search(r"[.;:!?]\s", text):
                # The formula alone: the item's state says it all.
                self.claim(para.numbers, "state")
                return
        self.add_point(para, text)

    def is_next_item(self, number: str) -> bool:
        value = int(re.match(r"\d+", number)[0])
        if self.parsed.items and not self.parsed.items[-1].number and value == 1:
            return True
        return self.last_number < value <= self.last_number + 3 or (
            value == self.last_number and number[-1].isalpha()
        )

    def start_item(self, number: str, line: int, heading: str) -> None:
        """Item `number` from the text after its number on `line`, lead and all."""
        title, lead = split_lead(heading, self.leads + list(self.attendees))
        item = ParsedItem(title=title or clean(heading), number=number, lead=lead, lines=[line])
        if lead and lead not in self.leads:
            self.leads.append(lead)
        self.parsed.items.append(item)
        self.roles[line] = "item"
        self.last_number = int(re.match(r"\d+", number)[0])
        self.awaiting_lead = not lead
        if NEXT_MEETING.search(title) and not lead:
            tail = heading.split(":", 1)
            if len(tail) == 2 and full_date(tail[1]):
                item.title = clean(tail[0])
                item.points.append(ParsedPoint(clean(tail[1]), lines=[line]))
                self.parsed.next_meeting = full_date(tail[1])
                self.awaiting_lead = False
        self.fit_title(item)

    def looks_like_lead(self, text: str) -> bool:
        if "\n" in text or full_date(text) or re.search(r"[.!?;,]$", text):
            return False
        return text in self.leads or text in self.attendees or len(text.split()) <= 3

    def add_point(self, para: Paragraph, text: str) -> None:
        item = self.current_item()
        last = item.points[-1] if item.points else None
        if NEXT_MEETING.search(item.title) and full_date(text) and not self.parsed.next_meeting:
            self.parsed.next_meeting = full_date(text)
        if not re.search(r"[A-Za-z0-9]", para.lines[0][1]):
            self.stray(Paragraph(para.lines[:1]), "A line with no words.", code="no_words")
            if len(para.lines) > 1:
                rest = Paragraph(para.lines[1:])
                self.add_point(rest, clean_block(rest.text))
            return
        if last is not None and continues(last, text) and not OPENS_WITH_SPEECH.match(text):
            joined_at = len(last.text)
            last.text += ("\n" if text.lstrip().startswith((*BULLETS, "(")) else " ") + text
            last.lines += para.numbers
            self.attribute(last, since=joined_at)
            self.claim(para.numbers, "point")
            return
        if self.looks_stray(text):
            self.stray(para, "Short line with no sentence: a page header or stray text?")
            return
        kind = "discussion"
        bullet = re.match(r"^[➤▪•]\s*(.+)$", text)
        if bullet and "\n" not in text and not re.search(r"[.;]$", text):
            kind, text = "heading", bullet[1]
            topic = re.match(r"^Topic:\s*(.+)$", text)
            if topic and not self.parsed.header.topic:
                self.parsed.header.topic = topic[1].strip()
        point = ParsedPoint(text, kind=kind, lines=para.numbers)
        item.points.append(point)
        self.claim(para.numbers, "point")
        if kind != "heading":
            self.attribute(point)
            self.find_actions(item, point)

    def looks_stray(self, text: str) -> bool:
        if re.search(r"[.!?:;)\"'”]$", text) or text.startswith(("<", "[", "http", "-", "•", "➤")):
            return False
        if full_date(text) or len(text.split()) > 6 or "\n" in text:
            return False
        return self.opening_speaker(text) is None

    def resolve(self, token: str) -> str | None:
        if token in self.attendees:
            return token
        return self.bare.get(token)

    def opening_speaker(self, text: str):
        match = OPENER.match(text)
        return self.resolve(match[1]) if match else None

    def attribute(self, point: ParsedPoint, since: int = 0) -> None:
        """The point's speakers: the initials opening it, and others who said something.

        `since` is where a paragraph was joined on: only from there is the text read
        again (less the longest initials, in case the join split "MT / said").
        """
        text = point.text
        if since == 0:
            point.speakers = []
            opener = OPENER.match(text)
            if opener and self.resolve(opener[1]):
                point.speakers.append(self.resolve(opener[1]))
            elif opener and UNKNOWN_SPEAKER.match(text):
                point.flag = f"{opener[1]} is not on the attendance list: who spoke?"
                point.flag_code = "unknown_speaker"
        for match in SPEAKER.finditer(text, max(0, since - LONGEST_INITIALS)):
            resolved = self.resolve(match[1])
            if resolved and resolved not in point.speakers and match.start() > 0:
                point.speakers.append(resolved)

    def find_actions(self, item: ParsedItem, point: ParsedPoint) -> None:
        for sentence in re.split(r"(?<=[.!?])\s+", point.text):
            at_start = re.match(rf"^({INITIALS})\s+(?:is\s+)?to\s+[a-z]", sentence)
            anywhere = re.search(
                rf"(?<![\w/])({INITIALS})\s+(?:will|was asked to|has been asked to|agreed to|"
                rf"offered to)\s+(?!be\b)[a-z]",
                sentence,
            )
            for match in (at_start, anywhere):
                owner = self.resolve(match[1]) if match else None
                if owner:
                    # "MT said ..., AK/2 was asked to share ...": the action is the clause.
                    before = sentence[: match.start()]
                    start = max(before.rfind(","), before.rfind(";")) + 1
                    item.actions.append(
                        ParsedAction(
                            sentence[start:].strip(), owners=[owner], lines=list(point.lines)
                        )
                    )
                    break


def split_row_is_attendance(line: str) -> bool:
    cells = split_row(line)
    return len(cells) >= 2 and bool(INITIALS_RE.match(cells[0])) and "\t" in line


def split_bold_lead(heading: str) -> tuple[str, str] | None:
    """("Chairs Report:", "IAG Chair") for "Chairs Report:**IAG Chair**"."""
    # Plain string search: a regex here backtracks quadratically on a long line of "**".
    text = heading.rstrip()
    opening = text.find("**")
    if not text.endswith("**") or opening + 2 >= len(text) - 2:
        return None
    return text[:opening], text[opening + 2 : -2]


def split_lead(heading: str, leads: list[str]) -> tuple[str, str]:
    """ "Chairs Report:**IAG Chair**", "AOB**IAG Chair**", "Data: All", "Updates LPA Commander"."""
    bold = split_bold_lead(heading)
    if bold and bold[0].strip():
        return clean(bold[0]).rstrip(":").strip(), clean(bold[1])
    heading = clean(heading)
    if ":" in heading:
        title, _sep, tail = heading.rpartition(":")
        tail = tail.strip()
        if not tail:
            return title.strip(), ""
        if len(tail.split()) <= 4 and not full_date(tail) and not re.search(r"\d", tail):
            return title.strip(), tail
        return heading, ""
    for lead in sorted(leads, key=len, reverse=True):
        if heading.endswith(" " + lead) and len(heading) > len(lead) + 3:
            return heading[: -len(lead)].strip(), lead
    return heading, ""


def continues(last: ParsedPoint, text: str) -> bool:
    """A paragraph broken mid-sentence by the export, or a list after a colon.

    Only the end of the point is looked at: a point joined paragraph by paragraph
    would otherwise be read again, whole, for each.
    """
    if last.kind == "heading":
        return False
    previous = last.text.rstrip()
    is_bullet = text.lstrip().startswith(BULLETS)
    if previous[previous.rfind("\n") + 1 :].lstrip().startswith(BULLETS):
        return is_bullet
    if previous.endswith(":") and (is_bullet or re.match(r"^\(?[a-z]\)\s+[a-z]", text)):
        return True
    if last.flag_code in {
        "stray_text",
        "no_words",
        "not_a_person",
        "repeated_attendance",
        "too_long",
    }:
        return False
    if at_most_words(previous, 4) and full_date(previous):
        return False
    return not previous.endswith(SENTENCE_END)


# --- The formal committee layout ------------------------------------------------

FORMAL_HEADER = re.compile(
    r"^Minutes of the meeting of (?:the )?(?P<body>.+?) held on (?P<date>.+?)"
    r"(?: in (?P<location>.+?))?(?: at (?P<time>\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)))?\s*$",
    re.IGNORECASE,
)
FORMAL_SECTION = re.compile(
    r"^(Present|Observers|Co-opted members(?: without Voting Rights)?|Officers|Also Present|"
    r"In attendance|Apologies)\s*:\s*(.*)$",
    re.IGNORECASE,
)
MINUTE_REF = re.compile(r"^([A-Z]{2,10})(\d{1,4})\b\s*(.*)$")
SUBHEADING = re.compile(r"^(?:-\s*)?\(([a-z])\)\s+(?:\*\*)?([A-Z][^.;:]*?)(?:\*\*)?$")
HONORIFICS = (
    r"(?:Chief Inspector|Inspector|Superintendent|Supt|Chief Superintendent|Parish Councillors?|"
    r"Councillors?|Cllr|Dr|Mr|Mrs|Ms|Miss|Professor|Prof|Sergeant|Sgt)"
)
EXCLUSION = re.compile(r"public and press be excluded|Schedule 12A", re.IGNORECASE)
CLOSED = re.compile(r"closed the meeting at (\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm))", re.IGNORECASE)


def split_people(text: str) -> list[str]:
    """Split "A (x, y), B (z) and C" at commas and "and" outside parentheses."""
    parts, depth, current, i = [], 0, "", 0
    while i < len(text):
        char = text[i]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if depth == 0 and char == ",":
            parts.append(current)
            current = ""
        elif depth == 0 and text.startswith(" and ", i):
            parts.append(current)
            current = ""
            i += 4
        else:
            current += char
        i += 1
    parts.append(current)
    return [clean(part) for part in parts if clean(part)]


def derive_initials(name: str) -> str:
    """Initials for a full name in the ASCII capitals of attendance lists: "S Ó Briain" -> "SOB"."""
    words = re.sub(rf"^{HONORIFICS}\s+", "", name).split()
    ascii_words = [
        unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode() for word in words
    ]
    letters = "".join(word[0].upper() for word in ascii_words if word[:1].isalpha())
    return letters[:6] or "X"


class FormalReader(Reader):
    style = "formal"

    def read(self) -> ParsedMinutes:
        self.section = None
        self.plural_title = ""
        self.confidential = False
        self.pending_title = False
        self.in_decision = False
        self.prefix, self.last_minute = None, 0
        self.names: dict[str, AttendanceRow] = {}
        index = 0
        while index < len(self.paras):
            para = self.paras[index]
            if self.minute_ref(para.lines[0][1]):
                break
            self.read_preamble(para)
            index += 1
        self.make_initials()
        for para in self.paras[index:]:
            self.read_paragraph(para)
        self.fold_preamble()
        return self.parsed

    def minute_ref(self, line: str) -> re.Match | None:
        """ "SMK25 ELECTION OF CHAIR"; after the first, the same prefix and a later number,
        so that "MK10 residents said ..." (a postcode) is not taken for a minute."""
        ref = MINUTE_REF.match(line.strip())
        if ref and self.prefix and (ref[1] != self.prefix or int(ref[2]) <= self.last_minute):
            return None
        return ref

    def read_preamble(self, para: Paragraph) -> None:
        text = clean(" ".join(t for _n, t in para.lines))
        header = FORMAL_HEADER.match(text)
        if header:
            self.parsed.header.body_name = header["body"]
            self.parsed.header.date_text = header["date"]
            self.parsed.header.date = full_date(header["date"])
            self.parsed.header.location = clean(header["location"] or "")
            self.parsed.header.location_lines = para.numbers
            if header["time"]:
                self.parsed.header.start_time = parse_time(header["time"])
            self.claim(para.numbers, "header")
            return
        for number, raw in para.lines:
            line = clean(raw)
            section = FORMAL_SECTION.match(line)
            if section:
                self.section = section[1]
                line = section[2]
            if section or self.section:
                self.claim([number], "attendance")
                if line:
                    self.add_people(line, Paragraph([(number, raw)]))
            else:
                self.stray(Paragraph([(number, raw)]), "Text before the first minute.")

    def add_people(self, text: str, para: Paragraph) -> None:
        section = self.section
        organisation = ""
        org = re.match(r"^([^()]+?):\s+(.*)$", text)
        if org:
            organisation, text = org[1].strip(), org[2]
        status = "apologies" if section.lower() == "apologies" else "present"
        label = section.lower() if section.lower() in {"present", "apologies"} else section
        waiting_for_role: list[AttendanceRow] = []
        for entry in split_people(text):
            # One bracketed run to the end ("(x) (in the Chair)"), split below; a
            # repeated group here would backtrack exponentially on many brackets.
            match = re.match(r"^(?P<name>[^()]+?)\s*(?P<roles>(?:\(.*\)\s*)?)$", entry)
            name = clean(match["name"]) if match else entry
            roles = match["roles"].strip() if match else ""
            if not re.match(r"^[A-Z]", name) or re.match(
                r"^(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b", name, re.I
            ):
                self.stray(
                    Paragraph([(para.numbers[0], f"{section}: {entry}")]),
                    "Not a person: kept as printed.",
                    code="not_a_person",
                )
                self.claim(para.numbers, "attendance")
                continue
            role = roles
            if re.match(r"^\(.*?\)\s*\(", roles):
                role = re.sub(r"\)\s*\(", "; ", roles)
            role = re.sub(r"^\((.*)\)$", r"\1", role).strip()
            # "Councillors Ferrans and McLean (MKC)": one title and one role for both.
            plural = re.match(r"^(Councillors|Parish Councillors)\s+(.+)$", name)
            if plural:
                name = f"{plural[1][:-1]} {plural[2]}"
                self.plural_title = plural[1][:-1]
            elif waiting_for_role and not re.match(rf"^{HONORIFICS}\s", name):
                name = f"{self.plural_title} {name}"
            if organisation:
                role = f"{role}, {organisation}" if role else organisation
            first = self.names.get(name.lower())
            if first is not None:
                self.listed_twice(para.numbers[0], f"{section}: {entry}", name, first)
                self.claim(para.numbers, "attendance")
                continue
            row = AttendanceRow(
                initials="", name=name, role=role, status=status, section=label, lines=para.numbers
            )
            self.parsed.attendance.append(row)
            self.names[name.lower()] = row
            if role:
                for waiting in waiting_for_role:
                    waiting.role = role
                waiting_for_role = []
            elif plural:
                waiting_for_role.append(row)

    def make_initials(self) -> None:
        taken: dict[str, int] = {}
        for row in self.parsed.attendance:
            base = derive_initials(row.name)
            taken[base.lower()] = taken.get(base.lower(), 0) + 1
            count = taken[base.lower()]
            row.initials = base if count == 1 else f"{base}/{count}"
            row.printed_initials = row.initials

    def read_paragraph(self, para: Paragraph) -> None:
        number, first = para.lines[0]
        text = clean_block(para.text)
        ref = self.minute_ref(first)
        if ref:
            self.in_decision = False
            self.prefix, self.last_minute = ref[1], int(ref[2])
            item = ParsedItem(
                title=clean(ref[3]),
                number=f"{ref[1]}{ref[2]}",
                minute_number=int(ref[2]),
                confidential=self.confidential,
                lines=[number],
            )
            self.parsed.items.append(item)
            self.roles[number] = "item"
            self.pending_title = not item.title
            self.fit_title(item)
            rest = Paragraph(para.lines[1:])
            if rest.lines:
                self.read_paragraph(rest)
            return
        item = self.current_item()
        if self.pending_title:
            item.title = text.replace("\n", " ")
            item.lines += para.numbers
            self.pending_title = False
            self.claim(para.numbers, "item")
            self.fit_title(item)
            return
        if re.match(r"^RESOLVED\s*[-–:]?\s*$", text):
            item.points.append(ParsedPoint("", kind="decision", lines=para.numbers))
            self.in_decision = True
            self.claim(para.numbers, "structure")
            return
        resolved_inline = re.match(r"^RESOLVED\s*[-–:]\s*(.+)$", text, re.S)
        if resolved_inline:
            item.points.append(
                ParsedPoint(resolved_inline[1].strip(), kind="decision", lines=para.numbers)
            )
            self.claim(para.numbers, "point")
            self.in_decision = True
            self.after_decision(item.points[-1])
            return
        last = item.points[-1] if item.points else None
        if (
            self.in_decision
            and last is not None
            and last.kind == "decision"
            and (re.match(r"^(?:\d+\.\s*)?That\b", text) or not last.text)
        ):
            last.text = f"{last.text}\n{text}".strip()
            last.lines += para.numbers
            self.claim(para.numbers, "point")
            self.after_decision(last)
            return
        self.in_decision = False
        closed = CLOSED.search(text)
        if closed:
            self.parsed.header.end_time = parse_time(closed[1])
        sub = SUBHEADING.match(text)
        if sub and "\n" not in text:
            item.points.append(
                ParsedPoint(clean(text.lstrip("- ")), kind="heading", lines=para.numbers)
            )
            self.claim(para.numbers, "point")
            return
        if last is not None and last.kind == "discussion" and continues(last, text):
            last.text += ("\n" if text.startswith(("-", "(")) else " ") + text
            last.lines += para.numbers
        else:
            item.points.append(ParsedPoint(text, lines=para.numbers))
        self.claim(para.numbers, "point")
        if NEXT_MEETING.search(item.title) and not self.parsed.next_meeting:
            self.parsed.next_meeting = full_date(text)

    def after_decision(self, point: ParsedPoint) -> None:
        if EXCLUSION.search(point.text):
            # Everything after the exclusion of the public is exempt (Schedule 12A).
            self.confidential = True

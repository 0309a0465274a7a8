"""The IAG layout, its head: the handlers of the states ``header`` (DATE / TIME /
LOCATION) and ``table_heading`` / ``attendance`` (the Init | Position table)."""

import datetime
import re

from imports.parsing.classify import paragraph_kind
from imports.parsing.dates import find_date, parse_time_range
from imports.parsing.lexicon import (
    HEADER_KEY,
    INITIALS,
    INITIALS_RE,
    ITEM,
    MINUTE_TAKER,
    NOBODY,
    SECTION,
    TABLE_HEADING,
)
from imports.parsing.reader import (
    is_initials,
)
from imports.parsing.text import clean, split_row
from imports.parsing.tree import (
    AttendanceRow,
    Paragraph,
)


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


class InformalHead:
    """The header and attendance of the IAG reader (informal.py)."""

    # Header: DATE / TIME / LOCATION, in any order, location possibly on several lines.
    def header_paragraph(self, para: Paragraph) -> str:
        """A paragraph of the header; a line in it that starts the attendance or the
        agenda (a blank line lost) is split off, for the next step of the table."""
        header = self.parsed.header
        key = None
        for position, (number, text) in enumerate(para.lines):
            if position and paragraph_kind(text) in {"people_table", "item"}:
                self.split_before(self.index, position)
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
        return "header"

    def above_the_date(self, number: int, text: str) -> None:
        """A title or marking over the minutes ("OFFICIAL-SENSITIVE", the group's name):
        not the minutes' text, so not imported, but reported with the import."""
        self.parsed.not_imported.append((number, clean(text)))
        self.parsed.notes.append(
            f"Line {number} “{clean(text)}”, above the date, was not imported "
            "(a title or a protective marking)."
        )
        self.roles[number] = "not_imported"

    def header_field(self, key: str, value: str) -> None:
        header = self.parsed.header
        if key == "DATE":
            header.date_text = value
            found = find_date(value)
            if found and found[2]:
                try:
                    header.date = datetime.date(found[2], found[1], found[0])
                except ValueError as error:
                    self.parsed.notes.append(f"“{value}” is not a date ({error}).")
        elif key == "TIME":
            header.start_time, header.end_time = parse_time_range(value)
            if header.start_time is None:
                self.parsed.notes.append(f"The time “{value}” could not be read.")
        else:
            header.location = ", ".join(filter(None, [header.location, clean(value)]))

    def attendance_paragraph(self, para: Paragraph) -> str:
        """A paragraph of the attendance table: its heading, sections and rows. The
        state after it: "attendance" once rows are read, "table_heading" before."""
        rows = self.parsed.attendance
        for position, (number, text) in enumerate(para.lines):
            if position and rows and ITEM.match(text):
                self.split_before(self.index, position)
                break
            cells = split_row(text)
            heading = section_heading(text, cells)
            if TABLE_HEADING.match(text):
                self.roles[number] = "structure"
            elif heading:
                self.section, rest = heading
                self.status = "apologies" if self.section == "apologies" else "present"
                self.roles[number] = "structure"
                if rest and not NOBODY.match(rest):
                    if opens_with_initials(rest):
                        self.add_row(split_row(rest), number, self.status, self.section)
                    else:
                        self.stray(Paragraph([(number, text)]), "Unreadable attendance row.")
            elif cells and is_initials(cells[0]):
                self.add_row(cells, number, self.status, self.section)
            elif NOBODY.match(clean(text)):
                self.roles[number] = "structure"  # "None", under Apologies
            else:
                self.stray(Paragraph([(number, text)]), "Unreadable attendance row.")
        return "attendance" if rows else "table_heading"

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

"""Attendance: people under Present / role headings, in tables, in apologies sentences."""

import re

from imports.parsing.classify import Line
from imports.parsing.lexicon import (
    APOLOGY_SECTIONS,
    HONORIFICS,
    INITIALS_COLUMN,
    INITIALS_RE,
    NAME_COLUMN,
    NUMBER_WORDS,
    PLURAL_TITLE,
    ROLE_COLUMN,
    ROLE_WORDS,
)
from imports.parsing.people import derive_initials, read_person, split_attendees
from imports.parsing.text import split_row
from imports.parsing.tree import AttendanceRow, Paragraph


class Attendance:
    """Handlers of the general reader (general.py) for attendance."""

    # --- attendance ------------------------------------------------------------
    def attendance_heading(self, number: int, line: Line) -> str:
        self.close_point()
        self.section = re.sub(r"\s+", " ", line["section"].lower())
        self.claim([number], "structure")
        rest = line["rest"].lstrip("-–:; ")
        if rest:
            self.add_people(rest, number)
        return "attendance"

    def attendance_text(self, number: int, line: Line) -> str:
        if self.after_blank and not self.looks_like_people(line.text):
            return self.body_text(number, line)
        if self.columns:
            self.table_row(number, line)
        elif self.wraps_people(number, line.text):
            # "...; PC E" / "Singh; Dr F Malik": a list the export wrapped, read again whole.
            previous, text = self.people_line
            self.parsed.attendance[:] = [r for r in self.parsed.attendance if r.lines != [previous]]
            self.add_people(f"{text} {line.text}", previous)
            for row in self.parsed.attendance:
                if row.lines == [previous]:
                    row.lines = [previous, number]
            self.claim([number], "attendance")
            self.people_line = (previous, f"{text} {line.text}")
        else:
            self.add_people(line.text, number)
        return "attendance"

    def wraps_people(self, number: int, text: str) -> bool:
        previous = self.people_line
        if previous is None or previous[0] != number - 1 or self.after_blank:
            return False
        end = previous[1].rstrip()
        return bool(
            end.endswith((",", ";", "&", " and"))
            or re.search(rf"(?:\b[A-Z]\.?|\b{HONORIFICS}\.?)$", end)
            or re.match(r"^(?:and\b|&)", text)
        )

    def looks_like_people(self, text: str) -> bool:
        entries = split_attendees(text)
        return bool(entries) and all(
            (person := read_person(entry)) and len(person[0].split()) <= 5 for entry in entries
        )

    def people_table(self, number: int, line: Line) -> str:
        self.close_point()
        self.columns = {}
        for index, cell in enumerate(line["cells"]):
            for name, pattern in (
                ("initials", INITIALS_COLUMN),
                ("name", NAME_COLUMN),
                ("role", ROLE_COLUMN),
            ):
                if pattern.match(cell) and name not in self.columns:
                    self.columns[name] = index
        self.claim([number], "structure")
        return "attendance"

    def table_row(self, number: int, line: Line) -> None:
        cells = split_row(self.source[number])

        def cell(name):
            index = self.columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        if len(cells) < 2:
            self.add_people(line.text, number)
            return
        if not (cell("initials") or cell("name")):
            self.stray(Paragraph([(number, self.source[number])]), "Unreadable attendance row.")
            return
        self.add_row(cell("name"), cell("role"), cell("initials"), number)

    def add_people(self, text: str, number: int) -> None:
        self.people_line, title = (number, text), ""
        for entry in split_attendees(text):
            # "Cllrs M Ford, N Gill and O Hale": the title of each, until another is printed.
            plural = PLURAL_TITLE.match(entry)
            if plural:
                title = "Cllr" if plural[1] == "Cllrs" else plural[1][:-1]
                entry = plural[2]
            elif re.match(rf"^{HONORIFICS}\.?\s", entry):
                title = ""
            if title:
                entry = f"{title} {entry}"
            person = read_person(entry)
            if person is None:
                self.not_a_person(entry, number)
            elif ROLE_WORDS.match(person[0]) and self.parsed.attendance and not person[1]:
                last = self.parsed.attendance[-1]  # "Sue Brown, Clerk": her role
                last.role = "; ".join(filter(None, [last.role, person[0]]))
            else:
                self.add_row(*person, number)
        self.claim([number], "attendance")

    def not_a_person(self, entry: str, number: int) -> None:
        count = re.search(r"\b(\d+|[a-z]+)\s+members? of (?:the )?public", entry, re.I)
        if count:
            word = count[1].lower()
            self.parsed.public_count = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
            self.parsed.notes.append(f"“{entry}” attended (recorded as a count, not a person).")
            self.claim([number], "attendance")
            return
        self.stray(
            Paragraph([(number, entry)]), "Not a person: kept as printed.", code="not_a_person"
        )

    def add_row(self, name: str, role: str, initials: str, number: int) -> None:
        section = self.section
        status = (
            "apologies"
            if section in APOLOGY_SECTIONS
            else "absent"
            if section == "absent"
            else "present"
        )
        if (
            section
            not in {"present", "attendees", "attendance", "those present"} | APOLOGY_SECTIONS
        ):
            role = "; ".join(filter(None, [role, section.capitalize()]))
        if name and any(row.name.lower() == name.lower() for row in self.parsed.attendance):
            first = next(r for r in self.parsed.attendance if r.name.lower() == name.lower())
            self.listed_twice(number, self.source[number], name, first)
            return
        if initials and not INITIALS_RE.match(initials):
            # Not initials ("04/03/2020" in a column read as initials): kept in the role.
            role, initials = "; ".join(filter(None, [role, initials])), ""
        printed = initials
        if not initials:
            self.parsed.guesses.setdefault(number, "initials made from the name")
        base = (initials or derive_initials(name)).split("/")[0]
        initials, count = printed or base, 1
        while any(row.initials.lower() == initials.lower() for row in self.parsed.attendance):
            count += 1
            initials = f"{base}/{count}"
        self.parsed.attendance.append(
            AttendanceRow(
                initials=initials,
                # Empty for initials made from a name: members are matched by the name.
                printed_initials=printed,
                name=name,
                role=role,
                status=status,
                section=section,
                is_minute_taker=bool(re.search(r"minute|clerk", f"{role} {section}", re.I)),
                lines=[number],
            )
        )
        self.claim([number], "attendance")

    def apologies_sentence(self, number: int, line: Line) -> str:
        section, self.section = self.section, "apologies"
        self.add_people(line["names"], number)
        self.section = section
        return self.state

    def no_apologies(self, number: int, line: Line) -> str:
        self.claim([number], "structure")
        return self.state

"""The formal layout's preamble: its header sentence and its attendance sections
(Present, Observers, Co-opted members, Officers, Also present, Apologies), each
section giving its people a capacity; a count of members of the public is the
meeting's, not a person. A mixin of FormalReader (formal.py), which dispatches here.
"""

import re

from imports.parsing.dates import full_date, parse_time
from imports.parsing.lexicon import FORMAL_SECTION, HONORIFICS, NUMBER_WORDS, PUBLIC_COUNT
from imports.parsing.people import derive_initials, split_people
from imports.parsing.text import clean
from imports.parsing.tree import AttendanceRow, Paragraph

# The attendance section headings and the capacity each gives.
SECTION_CAPACITIES = {
    "present": "member",
    "observers": "observer",
    "co-opted members": "co_opted",
    "co-opted members without voting rights": "co_opted",
    "officers": "officer",
    "also present": "also_present",
    "in attendance": "also_present",
    "apologies": "member",
}
IN_THE_CHAIR = re.compile(r"[;,]?\s*\(?in the chair\)?", re.IGNORECASE)


class FormalAttendance:
    def on_header(self, header: re.Match, para: Paragraph) -> None:
        self.parsed.header.body_name = header["body"]
        self.parsed.header.date_text = header["date"]
        self.parsed.header.date = full_date(header["date"])
        self.parsed.header.location = clean(header["location"] or "")
        self.parsed.header.location_lines = para.numbers
        if header["time"]:
            self.parsed.header.start_time = parse_time(header["time"])
        self.claim(para.numbers, "header")

    def on_section(self, line: str, para: Paragraph) -> None:
        section = FORMAL_SECTION.match(line)
        self.section = section[1]
        self.claim(para.numbers, "attendance")
        if section[2]:
            self.add_people(section[2], para)

    def on_people(self, line: str, para: Paragraph) -> None:
        self.claim(para.numbers, "attendance")
        if line:
            self.add_people(line, para)

    def on_stray(self, line: str, para: Paragraph) -> None:
        self.stray(para, "Text before the first minute.")

    def add_people(self, text: str, para: Paragraph) -> None:
        section = self.section
        organisation = ""
        org = re.match(r"^([^()]+?):\s+(.*)$", text)
        if org:
            organisation, text = org[1].strip(), org[2]
        status = "apologies" if section.lower() == "apologies" else "present"
        label = section.lower() if section.lower() in {"present", "apologies"} else section
        capacity = SECTION_CAPACITIES.get(section.lower(), "member")
        waiting_for_role: list[AttendanceRow] = []
        for entry in split_people(text):
            # One bracketed run to the end ("(x) (in the Chair)"), split below; a
            # repeated group here would backtrack exponentially on many brackets.
            match = re.match(r"^(?P<name>[^()]+?)\s*(?P<roles>(?:\(.*\)\s*)?)$", entry)
            name = clean(match["name"]) if match else entry
            roles = match["roles"].strip() if match else ""
            public = PUBLIC_COUNT.search(entry)
            if public and status == "present":
                word = public["count"].lower()
                self.parsed.public_count = int(word) if word.isdigit() else NUMBER_WORDS[word]
                self.claim(para.numbers, "attendance")
                continue
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
            row_capacity = capacity
            if status == "present" and IN_THE_CHAIR.search(role):
                row_capacity = "chair"
                role = IN_THE_CHAIR.sub("", role).strip(" ;,")
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
                initials="",
                name=name,
                role=role,
                status=status,
                section=label,
                capacity=row_capacity,
                lines=para.numbers,
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

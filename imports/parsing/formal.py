"""The formal committee layout: "Minutes of the meeting of ... held on ...", SMK25 minutes."""

import re

from imports.parsing.dates import full_date, parse_time
from imports.parsing.lexicon import (
    CLOSED,
    EXCLUSION,
    FORMAL_HEADER,
    FORMAL_SECTION,
    HONORIFICS,
    MINUTE_REF,
    NEXT_MEETING,
    SUBHEADING,
)
from imports.parsing.people import derive_initials, split_people
from imports.parsing.reader import Reader, continues
from imports.parsing.text import clean, clean_block
from imports.parsing.tree import AttendanceRow, Paragraph, ParsedItem, ParsedMinutes, ParsedPoint


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

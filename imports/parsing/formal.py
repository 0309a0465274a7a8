"""The formal committee layout: "Minutes of the meeting of ... held on ...", SMK25 minutes.

A reader with named states: the preamble (the header sentence and the attendance
sections, read line by line), a minute (its paragraphs), a minute waiting for its
title (a reference printed alone), and a decision (after "RESOLVED -", whose
"That ..." clauses are the decision's wording). Each paragraph (each line in the
preamble) is classified into a kind, and (state, kind) chooses its handler in
HANDLERS; nothing falls through unread.
"""

import re
from enum import StrEnum

from imports.parsing.dates import full_date, parse_time
from imports.parsing.formal_attendance import FormalAttendance
from imports.parsing.lexicon import (
    CLOSED,
    EXCLUSION,
    FORMAL_HEADER,
    FORMAL_SECTION,
    MINUTE_REF,
    NEXT_MEETING,
    SUBHEADING,
)
from imports.parsing.reader import Reader, continues
from imports.parsing.text import clean, clean_block
from imports.parsing.tree import AttendanceRow, Paragraph, ParsedItem, ParsedMinutes, ParsedPoint


class State(StrEnum):
    PREAMBLE = "preamble"  # before the first minute: header, attendance sections
    TITLE = "title"  # a minute reference printed alone: its title comes next
    MINUTE = "minute"  # the paragraphs of a minute
    DECISION = "decision"  # after "RESOLVED -": "That ..." clauses join the decision


class Kind(StrEnum):
    HEADER = "header"  # Minutes of the meeting of ... held on ...
    SECTION = "section"  # Present: / Observers: / Apologies: ...
    PEOPLE = "people"  # a line of names under the current section
    STRAY = "stray"  # preamble text outside any section
    MINUTE = "minute"  # SMK25 ELECTION OF CHAIR
    RESOLVED = "resolved"  # RESOLVED -
    RESOLVED_INLINE = "resolved_inline"  # RESOLVED - That ...
    CLAUSE = "clause"  # That ... / 1. That ...
    SUBHEADING = "subheading"  # (a) Update on ...
    TEXT = "text"


DECLARATIONS_TITLE = re.compile(r"(disclosures?|declarations?) of interests?", re.IGNORECASE)
NONE_DECLARED = re.compile(r"^\s*(none|no (interests|disclosures|declarations))\b", re.IGNORECASE)
PARAGRAPHS = re.compile(r"Paragraphs?\s+([1-7](?:\s*(?:,|and)\s*[1-7])*)", re.IGNORECASE)
NEXT_TIME = re.compile(r"\bat (\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm))", re.IGNORECASE)


class FormalReader(FormalAttendance, Reader):
    style = "formal"

    def read(self) -> ParsedMinutes:
        self.state = State.PREAMBLE
        self.section = None
        self.plural_title = ""
        self.confidential = False
        self.exempt_paragraphs = ""
        self.prefix, self.last_minute = None, 0
        self.names: dict[str, AttendanceRow] = {}
        for para in self.paras:
            if self.state is State.PREAMBLE and not self.minute_ref(para.lines[0][1]):
                self.read_preamble(para)
            else:
                self.read_paragraph(para)
        if self.state is State.PREAMBLE:
            self.make_initials()
        self.fold_preamble()
        return self.parsed

    # --- classifying ----------------------------------------------------------

    def minute_ref(self, line: str) -> re.Match | None:
        """ "SMK25 ELECTION OF CHAIR"; after the first, the same prefix and a later number,
        so that "MK10 residents said ..." (a postcode) is not taken for a minute."""
        ref = MINUTE_REF.match(line.strip())
        if ref and self.prefix and (ref[1] != self.prefix or int(ref[2]) <= self.last_minute):
            return None
        return ref

    def preamble_kind(self, line: str) -> Kind:
        if FORMAL_SECTION.match(line):
            return Kind.SECTION
        return Kind.PEOPLE if self.section else Kind.STRAY

    def paragraph_kind(self, first: str, text: str) -> Kind:
        if self.minute_ref(first):
            return Kind.MINUTE
        if re.match(r"^RESOLVED\s*[-–:]?\s*$", text):
            return Kind.RESOLVED
        if re.match(r"^RESOLVED\s*[-–:]\s*(.+)$", text, re.S):
            return Kind.RESOLVED_INLINE
        if re.match(r"^(?:\d+\.\s*)?That\b", text):
            return Kind.CLAUSE
        if SUBHEADING.match(text) and "\n" not in text:
            return Kind.SUBHEADING
        return Kind.TEXT

    # --- the preamble ---------------------------------------------------------

    def read_preamble(self, para: Paragraph) -> None:
        text = clean(" ".join(t for _n, t in para.lines))
        header = FORMAL_HEADER.match(text)
        if header:
            self.on_header(header, para)
            return
        for number, raw in para.lines:
            line = clean(raw)
            kind = self.preamble_kind(line)
            HANDLERS[(State.PREAMBLE, kind)](self, line, Paragraph([(number, raw)]))

    # --- the minutes ----------------------------------------------------------

    def read_paragraph(self, para: Paragraph) -> None:
        first = para.lines[0][1]
        text = clean_block(para.text)
        kind = self.paragraph_kind(first, text)
        handler = HANDLERS.get((self.state, kind)) or HANDLERS[(State.MINUTE, kind)]
        handler(self, text, para)

    def on_minute(self, _text: str, para: Paragraph) -> None:
        if self.state is State.PREAMBLE:
            self.make_initials()
        number, first = para.lines[0]
        ref = self.minute_ref(first)
        self.prefix, self.last_minute = ref[1], int(ref[2])
        item = ParsedItem(
            title=clean(ref[3]),
            number=f"{ref[1]}{ref[2]}",
            minute_number=int(ref[2]),
            confidential=self.confidential,
            exempt_paragraphs=self.exempt_paragraphs if self.confidential else "",
            lines=[number],
        )
        self.parsed.items.append(item)
        self.roles[number] = "item"
        self.state = State.MINUTE if item.title else State.TITLE
        self.fit_title(item)
        rest = Paragraph(para.lines[1:])
        if rest.lines:
            self.read_paragraph(rest)

    def on_title(self, text: str, para: Paragraph) -> None:
        item = self.current_item()
        item.title = text.replace("\n", " ")
        item.lines += para.numbers
        self.state = State.MINUTE
        self.claim(para.numbers, "item")
        self.fit_title(item)

    def on_resolved(self, _text: str, para: Paragraph) -> None:
        self.current_item().points.append(ParsedPoint("", kind="decision", lines=para.numbers))
        self.state = State.DECISION
        self.claim(para.numbers, "structure")

    def on_resolved_inline(self, text: str, para: Paragraph) -> None:
        wording = re.match(r"^RESOLVED\s*[-–:]\s*(.+)$", text, re.S)[1].strip()
        point = ParsedPoint(wording, kind="decision", lines=para.numbers)
        self.current_item().points.append(point)
        self.claim(para.numbers, "point")
        self.state = State.DECISION
        self.after_decision(point)

    def on_clause(self, text: str, para: Paragraph) -> None:
        """A "That ..." clause of the decision being read."""
        item = self.current_item()
        last = item.points[-1] if item.points else None
        if last is None or last.kind != "decision":
            self.on_text(text, para)
            return
        last.text = f"{last.text}\n{text}".strip()
        last.lines += para.numbers
        self.claim(para.numbers, "point")
        self.after_decision(last)

    def on_decision_text(self, text: str, para: Paragraph) -> None:
        """After "RESOLVED -": a wording not starting "That" fills an empty decision."""
        item = self.current_item()
        last = item.points[-1] if item.points else None
        if last is not None and last.kind == "decision" and not last.text:
            self.on_clause(text, para)
            return
        self.on_text(text, para)

    def on_subheading(self, text: str, para: Paragraph) -> None:
        self.state = State.MINUTE
        item = self.current_item()
        item.points.append(
            ParsedPoint(clean(text.lstrip("- ")), kind="heading", lines=para.numbers)
        )
        self.claim(para.numbers, "point")

    def on_text(self, text: str, para: Paragraph) -> None:
        self.state = State.MINUTE
        item = self.current_item()
        last = item.points[-1] if item.points else None
        closed = CLOSED.search(text)
        if closed:
            self.parsed.header.end_time = parse_time(closed[1])
        if last is not None and last.kind == "discussion" and continues(last, text):
            last.text += ("\n" if text.startswith(("-", "(")) else " ") + text
            last.lines += para.numbers
        else:
            item.points.append(ParsedPoint(text, lines=para.numbers))
        self.claim(para.numbers, "point")
        if NEXT_MEETING.search(item.title) and not self.parsed.next_meeting:
            self.parsed.next_meeting = full_date(text)
            at = NEXT_TIME.search(text)
            if self.parsed.next_meeting and at:
                self.parsed.next_time = parse_time(at[1])
        if DECLARATIONS_TITLE.search(item.title) and NONE_DECLARED.match(text):
            self.parsed.no_interests_declared = True

    def after_decision(self, point: ParsedPoint) -> None:
        if EXCLUSION.search(point.text):
            # Everything after the exclusion of the public is exempt (Schedule 12A).
            self.confidential = True
            found = PARAGRAPHS.search(point.text)
            if found:
                self.exempt_paragraphs = ",".join(re.findall(r"[1-7]", found[1]))


R = FormalReader
HANDLERS = {
    (State.PREAMBLE, Kind.SECTION): R.on_section,
    (State.PREAMBLE, Kind.PEOPLE): R.on_people,
    (State.PREAMBLE, Kind.STRAY): R.on_stray,
    # The minutes: every state takes a new minute; the rest by state.
    **{(state, Kind.MINUTE): R.on_minute for state in State},
    **{(State.TITLE, kind): R.on_title for kind in Kind if kind is not Kind.MINUTE},
    (State.MINUTE, Kind.RESOLVED): R.on_resolved,
    (State.MINUTE, Kind.RESOLVED_INLINE): R.on_resolved_inline,
    (State.MINUTE, Kind.CLAUSE): R.on_text,
    (State.MINUTE, Kind.SUBHEADING): R.on_subheading,
    (State.MINUTE, Kind.TEXT): R.on_text,
    (State.DECISION, Kind.CLAUSE): R.on_clause,
    (State.DECISION, Kind.TEXT): R.on_decision_text,
}

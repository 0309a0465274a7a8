"""The IAG layout: DATE/TIME/LOCATION, an Init | Position table, numbered items with a lead."""

import re

from imports.parsing.dates import full_date
from imports.parsing.informal_head import InformalHead
from imports.parsing.lexicon import (
    BULLETS,
    ITEM,
    KNOWN_LEADS,
    NEXT_MEETING,
    OPENER,
    OPENS_WITH_SPEECH,
    STATES,
)
from imports.parsing.reader import (
    Reader,
    continues,
    split_lead,
)
from imports.parsing.speakers import attribute, find_actions
from imports.parsing.text import clean, clean_block
from imports.parsing.tree import (
    Paragraph,
    ParsedItem,
    ParsedMinutes,
    ParsedPoint,
)


class InformalReader(InformalHead, Reader):
    style = "informal"

    def read(self) -> ParsedMinutes:
        index = self.read_header()
        index = self.read_attendance(index)
        self.read_body(index)
        self.fold_preamble()
        return self.parsed

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
        attribute(point, self.resolve, since=since)

    def find_actions(self, item: ParsedItem, point: ParsedPoint) -> None:
        find_actions(item, point, self.resolve)

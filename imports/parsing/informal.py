"""The IAG layout: DATE/TIME/LOCATION, an Init | Position table, numbered items with a lead."""

import re

from imports.parsing.classify import paragraph_kind
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
from imports.parsing.machine import StateMachine
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


class InformalReader(InformalHead, Reader, StateMachine):
    """The IAG layout as a state machine over paragraphs (docutils' shape).

    States: ``header`` (DATE / TIME / LOCATION and the title lines above them),
    ``table_heading`` (the Init | Position heading read, no row yet), ``attendance``
    (rows, sections such as Apologies) and ``body`` (numbered items, their lead,
    state and points). A paragraph's kind is judged from its first line alone
    (classify.paragraph_kind); TRANSITIONS says which handler takes it. A handler
    that finds a later line of its paragraph starting something else splits the
    paragraph there, and the rest is the next step. Every line is claimed or flagged.
    """

    style = "informal"
    initial_state = "header"

    def read(self) -> ParsedMinutes:
        self.start()
        self.status, self.section = "present", "present"
        self.in_body = False
        self.index = 0
        while self.index < len(self.paras):
            para = self.paras[self.index]
            self.step(paragraph_kind(para.lines[0][1]), para)
            self.index += 1
        self.enter_body()  # minutes with no agenda: the attendance is settled all the same
        self.fold_preamble()
        return self.parsed

    # --- the body -------------------------------------------------------------
    def begin_body(self, para: Paragraph) -> str:
        """The header or attendance is over: this paragraph is the first of the body."""
        self.enter_body()
        self.state = "body"
        return self.handler(paragraph_kind(para.lines[0][1]))(self, para)

    def enter_body(self) -> None:
        if self.in_body:
            return
        self.in_body = True
        self.disambiguate()
        self.attendees = {row.initials: row for row in self.parsed.attendance}
        self.bare = {}
        for row in self.parsed.attendance:
            if "/" in row.initials:
                self.bare.setdefault(row.initials.split("/")[0], row.initials)
        self.leads = list(KNOWN_LEADS)
        self.awaiting_lead = False
        self.last_number = 0

    def body_item(self, para: Paragraph) -> str:
        """ "3. Chairs Report:**IAG Chair**": the next item, if its number follows on."""
        first_number, first = para.lines[0]
        match = ITEM.match(first)
        if not self.is_next_item(match[1]):
            return self.body_text(para)
        self.start_item(match[1], first_number, match[2])
        if len(para.lines) > 1:
            self.split_before(self.index, 1)
        return "body"

    def body_text(self, para: Paragraph) -> str:
        """A paragraph under an item: its lead, its state, or a point."""
        text = clean_block(para.text)
        item = self.current_item()
        if self.awaiting_lead and self.looks_like_lead(text):
            item.lead = text
            self.awaiting_lead = False
            self.claim(para.numbers, "item")
            return "body"
        self.awaiting_lead = False
        state = next((name for name, formula in STATES if formula.match(text)), "")
        if state:
            item.state = state
            if not re.search(r"[.;:!?]\s", text):
                # The formula alone: the item's state says it all.
                self.claim(para.numbers, "state")
                return "body"
        self.add_point(para, text)
        return "body"

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


R = InformalReader
R.DEFAULTS = {
    "header": R.header_paragraph,
    "table_heading": R.begin_body,
    "attendance": R.attendance_paragraph,
    "body": R.body_text,
}
# (state, kind of paragraph) -> handler; a kind not listed for a state goes to DEFAULTS.
R.TRANSITIONS = {
    ("header", "people_table"): R.attendance_paragraph,
    ("header", "item"): R.begin_body,
    ("table_heading", "people_table"): R.attendance_paragraph,
    ("attendance", "item"): R.begin_body,
    ("body", "item"): R.body_item,
}

"""Agenda: items however numbered, their points, decisions and actions."""

import re

from imports.parsing.classify import Line
from imports.parsing.cleaning import join_hyphenated
from imports.parsing.dates import find_any_date, parse_time
from imports.parsing.lexicon import (
    MEETING_ENDED,
    NEXT_MEETING,
)
from imports.parsing.speakers import (
    action_owners,
)
from imports.parsing.text import split_row
from imports.parsing.tree import Paragraph, ParsedAction, ParsedItem, ParsedPoint

SENTENCE_END = (".", "!", "?", ":", ";")


class Agenda:
    """Handlers of the general reader (general.py) for agenda."""

    # --- items and their points ------------------------------------------------
    def item(self, number: int, line: Line) -> str:
        label, title = line["number"], line["title"]
        if self.is_subheading(label):
            return self.subheading(number, line)
        if self.out_of_sequence(label):
            return self.default(number, Line("text", line.text, {}))
        self.start_item(label, title, number)
        self.last_number = label
        return "body"

    def out_of_sequence(self, label: str) -> bool:
        """ "12 members attended" after item 3 is text; items number on by one or a few."""
        if not label.isdigit() or not (self.last_number or "").isdigit():
            return False
        return not int(self.last_number) < int(label) <= int(self.last_number) + 5

    def is_subheading(self, label: str) -> bool:
        """ "(a)" under item 4 is a sub-heading of it; "(a)" opening the agenda is an item."""
        lettered = bool(re.fullmatch(r"[a-z]|[ivx]+", label))
        return (
            lettered
            and self.last_number is not None
            and not re.fullmatch(r"[a-z]|[ivx]+", self.last_number)
        )

    def subheading(self, number: int, line: Line) -> str:
        self.close_point()
        self.current_item().points.append(ParsedPoint(line.text, kind="heading", lines=[number]))
        self.claim([number], "point")
        return "body"

    def heading(self, number: int, line: Line) -> str:
        if self.state == "front" and not self.parsed.header.date_text:
            return self.front_text(number, line)
        if self.pending_title is not None:
            return self.body_text(number, line)
        self.parsed.guesses[number] = "a heading without a number, read as an item"
        self.start_item("", line["title"], number)
        return "body"

    def start_item(self, label: str, title: str, number: int) -> None:
        self.close_point()
        item = ParsedItem(title=title or f"Item {label}", number=label, lines=[number])
        self.pending_title = None if title else item
        self.parsed.items.append(item)
        self.claim([number], "item")
        self.fit_title(item)

    def run_on_item(self, number: int, line: Line) -> str:
        """ "... was closed. 108/20 FINANCE": the text ends the point, the rest is an item."""
        self.add_text(number, line["text"])
        self.parsed.guesses[number] = "an item reference run on at the end of a paragraph"
        self.start_item(line["number"], line["title"], number)
        return "body"

    def decision(self, number: int, line: Line) -> str:
        self.close_point()
        text = re.sub(r"^(?:RESOLVED|Resolved|DECISION|Decision)\s*[:\-–]?\s*$", "", line.text)
        self.point = ParsedPoint(text, kind="decision", lines=[number])
        self.current_item().points.append(self.point)
        self.claim([number], "decision")
        return "body"

    def action(self, number: int, line: Line) -> str:
        self.close_point()
        text = line["text"]
        self.current_item().actions.append(
            ParsedAction(text, owners=action_owners(text, self.resolve()), lines=[number])
        )
        self.claim([number], "action")
        return "body"

    def action_table(self, number: int, line: Line) -> str:
        self.close_point()
        self.columns = {}
        for index, cell in enumerate(line["cells"]):
            key = re.sub(r"[^a-z]", "", cell.lower())
            column = {"owner": "owner", "who": "owner", "actionby": "owner", "lead": "owner"}.get(
                key,
                "action"
                if key in {"action", "what"}
                else "due"
                if key in {"due", "when", "by", "deadline"}
                else "",
            )
            if column and column not in self.columns:
                self.columns[column] = index
        self.claim([number], "structure")
        return "actions"

    def action_row(self, number: int, line: Line) -> str:
        cells = split_row(self.source[number])
        if len(cells) < 2:
            self.columns = {}
            return self.body_text(number, line)

        def get(name):
            index = self.columns.get(name, len(cells))
            return cells[index] if index < len(cells) else ""

        due = find_any_date(get("due")) if get("due") else None
        text = get("action") or " ".join(cells)
        owners = action_owners(get("owner"), self.resolve())
        self.current_item().actions.append(
            ParsedAction(
                text + (f" (due {get('due')})" if get("due") and not due else ""),
                owners=owners,
                lines=[number],
                due=due[0] if due else None,
            )
        )
        self.claim([number], "action")
        return "actions"

    def body_text(self, number: int, line: Line) -> str:
        text = line.text
        if (
            self.pending_title is not None
            and not self.after_blank
            or (self.pending_title is not None and len(text) < 120 and not text.endswith("."))
        ):
            # "SMK25" / "ELECTION OF CHAIR": the title on the line after the reference.
            self.pending_title.title, self.pending_title = text, None
            self.claim([number], "item")
            return "body"
        self.pending_title = None
        ended = MEETING_ENDED.search(text)
        if ended and not self.parsed.header.end_time:
            self.parsed.header.end_time = parse_time(ended[1].replace("hrs", ""))
        item = self.parsed.items[-1] if self.parsed.items else None
        if item and NEXT_MEETING.search(f"{item.title} {text}") and not self.parsed.next_meeting:
            found = find_any_date(text)
            self.parsed.next_meeting = found[0] if found else None
        self.add_text(number, text)
        return "body" if self.state != "attendance" or self.after_blank else self.state

    def add_text(self, number: int, text: str) -> None:
        point = self.point
        if point is not None and self.continues(point, text):
            joined = join_hyphenated(point.text, text)
            point.text = joined if joined is not None else f"{point.text} {text}".strip()
            point.lines.append(number)
        else:
            self.close_point()
            if not re.search(r"[A-Za-z0-9]", text):
                self.stray(Paragraph([(number, text)]), "A line with no words.", code="no_words")
                return
            self.point = ParsedPoint(text, lines=[number])
            self.current_item().points.append(self.point)
        self.claim([number], self.roles.get(number) or "point")

    def continues(self, point: ParsedPoint, text: str) -> bool:
        """A line wrapped by the export, or a paragraph a page break cut in two."""
        ends = point.text.rstrip().endswith(SENTENCE_END)
        if point.kind == "decision" and not point.text:
            return True
        if self.after_blank:
            return not ends and bool(re.match(r"^[a-z(]", text))
        return not ends or bool(re.match(r"^[a-z]", text))

    def close_point(self) -> None:
        self.point = None

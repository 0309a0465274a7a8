"""Minutes in any other layout: a state machine over classified lines (as docutils' is).

The reader is in one of four states: ``front`` (title, date, time, venue),
``attendance`` (under a Present / Apologies / Police ... heading or in a people
table), ``body`` (agenda items and their points) and ``actions`` (rows of an
Owner | Action | Due table). Each line is classified on its own (classify.py); the
TRANSITIONS table says which handler takes a line of that kind in that state, and
each handler returns the next state. Every non-blank line is claimed or flagged.
"""

import re

from imports.parsing.classify import Line, classify
from imports.parsing.cleaning import join_hyphenated
from imports.parsing.dates import find_any_date, parse_time, parse_time_range
from imports.parsing.lexicon import (
    APOLOGY_SECTIONS,
    DECISIONS,
    HONORIFICS,
    INITIALS_COLUMN,
    MEETING_ENDED,
    NAME_COLUMN,
    NEXT_MEETING,
    NUMBER_WORDS,
    ONLINE,
    PLACE_BEFORE_DATE,
    PLACE_IN_TITLE,
    PLURAL_TITLE,
    ROLE_COLUMN,
    ROLE_WORDS,
    STATES,
    TIME_IN_TEXT,
)
from imports.parsing.people import derive_initials, read_person, split_attendees
from imports.parsing.reader import Reader
from imports.parsing.speakers import (
    action_owners,
    attribute,
    find_actions,
    find_named_actions,
    people_resolver,
)
from imports.parsing.text import at_most_words, clean, split_row
from imports.parsing.tree import AttendanceRow, Paragraph, ParsedAction, ParsedItem, ParsedPoint

SENTENCE_END = (".", "!", "?", ":", ";")


class GeneralReader(Reader):
    style = "general"

    def read(self):
        self.state, self.section, self.columns = "front", "present", {}
        self.point: ParsedPoint | None = None
        self.after_blank, self.last_number, self.pending_title = False, None, None
        self.people_line: tuple[int, str] | None = None
        previous = 0
        self.following = {
            number: para.lines[index + 1][1]
            for para in self.paras
            for index, (number, _text) in enumerate(para.lines[:-1])
        }
        self.skip: set[int] = set()
        for para in self.paras:
            for number, raw in para.lines:
                if number in self.skip:
                    continue
                self.after_blank = number - previous > 1
                previous = number
                line = classify(raw)
                handler = TRANSITIONS.get((self.state, line.kind)) or DEFAULTS[self.state]
                self.state = handler(self, number, line)
        self.finish()
        return self.parsed

    # --- front matter ----------------------------------------------------------
    def front_text(self, number: int, line: Line) -> str:
        header = self.parsed.header
        found = find_any_date(line.text) if not header.date_text else None
        following = clean(self.following.get(number, ""))
        if (
            not found
            and not header.date_text
            and following
            and classify(following).kind
            not in {
                "attendance_heading",
                "item",
            }
        ):
            # "... held on Tuesday 14th" / "January 2020 at 7.30pm": a title the export broke.
            joined = f"{line.text} {following}"
            found = find_any_date(joined)
            if found:
                self.skip.add(number + 1)
                self.claim([number + 1], "header")
                line = Line("text", joined, {})
        if found:
            header.date, header.date_text = found
            self.read_time_and_place(line.text, number)
            self.claim([number], "header")
            self.place_continues(number)
            return "front"
        if header.date_text and TIME_IN_TEXT.search(line.text) and len(line.text) < 80:
            self.read_time_and_place(line.text, number)
            self.claim([number], "header")
            return "front"
        if re.search(r"\bheld\b", line.text) and not self.parsed.items:
            self.claim([number], "header")  # the start of a title sentence: "... held on"
            return "front"
        if not self.parsed.items and len(line.text.split()) <= 12 and not line.text.endswith("."):
            self.parsed.not_imported.append((number, line.text))
            self.parsed.notes.append(f"Line {number} “{line.text}” was read as a title.")
            self.claim([number], "not_imported")
            return "front"
        return self.body_text(number, line)

    def place_continues(self, number: int) -> None:
        """ "..., 6pm-7.30pm, Eastfield" / "Community Centre": the venue wrapped by the export."""
        header = self.parsed.header
        following = clean(self.following.get(number, ""))
        if (
            header.location_lines[-1:] == [number]
            and following
            and number + 1 not in self.skip
            and classify(following).kind in {"text", "heading"}
            and at_most_words(following, 6)
            and not following.endswith(".")
        ):
            header.location = f"{header.location} {following}"
            header.location_lines.append(number + 1)
            self.skip.add(number + 1)
            self.claim([number + 1], "header")

    def read_time_and_place(self, text: str, number: int) -> None:
        header = self.parsed.header
        time = TIME_IN_TEXT.search(text)
        if time and not header.start_time:
            header.start_time, header.end_time = parse_time_range(time[0].replace("hrs", ""))
        after = text[time.end() :] if time else text[text.find(header.date_text) + 1 :]
        place = PLACE_IN_TITLE.search(after.strip(" ,.")) if after.strip(" ,.") else None
        place = PLACE_BEFORE_DATE.search(text) or place
        if place and not header.location and not find_any_date(place["place"]):
            header.location = re.sub(r"\s+([,.;:])", r"\1", place["place"].strip(" ,."))
            header.location_lines.append(number)
        elif ONLINE.search(text) and not header.location:
            header.location = ONLINE.search(text)[0].title()

    def header_field(self, number: int, line: Line) -> str:
        key, value, header = line["key"].lower(), line["value"], self.parsed.header
        if key.startswith(("date", "when")) and not header.date_text:
            found = find_any_date(value)
            if found:
                header.date, header.date_text = found
            self.read_time_and_place(value, number)
        elif key == "time":
            header.start_time, header.end_time = parse_time_range(value.replace("hrs", ""))
        elif key in {"location", "venue", "place", "where", "held at"}:
            header.location = value
            header.location_lines.append(number)
        else:
            return self.body_text(number, line)
        self.claim([number], "header")
        return "front" if self.state == "front" else self.state

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
        printed = initials
        if not initials:
            self.parsed.guesses.setdefault(number, "initials made from the name")
        base = initials or derive_initials(name)
        initials, count = base, 1
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

    # --- items and their points ------------------------------------------------
    def item(self, number: int, line: Line) -> str:
        label, title = line["number"], line["title"]
        if self.is_subheading(label):
            return self.subheading(number, line)
        if self.out_of_sequence(label):
            return DEFAULTS[self.state](self, number, Line("text", line.text, {}))
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

    # --- after the last line ---------------------------------------------------
    def resolve(self):
        return people_resolver(self.parsed.attendance)

    def finish(self) -> None:
        resolve = self.resolve()
        for item in self.parsed.items:
            split_decisions(item)
            written_out = bool(item.actions)
            for point in item.points:
                state = next((name for name, pattern in STATES if pattern.match(point.text)), "")
                if state:
                    item.state = state
                if point.kind == "discussion" and not point.flag:
                    attribute(point, resolve)
                    # Minutes that write their actions out ("Action: ...") say them all.
                    if not written_out:
                        found = len(item.actions)
                        find_actions(item, point, resolve)
                        if len(item.actions) == found:
                            find_named_actions(item, point, resolve)
        self.fold_preamble()
        if not self.parsed.attendance:
            self.parsed.missing.append("attendance")
            self.parsed.notes.append("No attendance list was found: nobody is recorded present.")


def split_decisions(item: ParsedItem) -> None:
    """ "Sgt Walsh presented the priorities. It was agreed to keep both.": two points."""
    points = []
    for point in item.points:
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", point.text)
        at = next((i for i, s in enumerate(sentences) if i and DECISIONS.match(s)), None)
        if point.kind == "discussion" and not point.flag and at:
            point.text = " ".join(sentences[:at])
            decided = ParsedPoint(" ".join(sentences[at:]), kind="decision")
            decided.lines = list(point.lines)
            points += [point, decided]
        else:
            points.append(point)
    item.points = points


H = GeneralReader
DEFAULTS = {
    "front": H.front_text,
    "attendance": H.attendance_text,
    "body": H.body_text,
    "actions": H.action_row,
}
# (state, kind of line) -> handler; a kind not listed for a state goes to DEFAULTS.
TRANSITIONS = {
    **{(state, "blank"): (lambda self, n, line: self.state) for state in DEFAULTS},
    **{(state, "header_field"): H.header_field for state in ("front", "attendance")},
    **{(state, "attendance_heading"): H.attendance_heading for state in DEFAULTS},
    **{(state, "people_table"): H.people_table for state in DEFAULTS},
    **{(state, "apologies_sentence"): H.apologies_sentence for state in DEFAULTS},
    **{(state, "no_apologies"): H.no_apologies for state in DEFAULTS},
    **{(state, "item"): H.item for state in DEFAULTS},
    **{(state, "heading"): H.heading for state in DEFAULTS},
    **{(state, "run_on_item"): H.run_on_item for state in ("body", "actions")},
    **{(state, "decision"): H.decision for state in DEFAULTS},
    **{(state, "action"): H.action for state in DEFAULTS},
    **{(state, "action_table"): H.action_table for state in DEFAULTS},
    ("attendance", "public_count"): H.attendance_text,
}

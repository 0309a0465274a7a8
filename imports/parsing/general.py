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
from imports.parsing.general_agenda import Agenda
from imports.parsing.general_attendance import Attendance
from imports.parsing.general_front import FrontMatter
from imports.parsing.lexicon import (
    DECISIONS,
    STATES,
)
from imports.parsing.machine import StateMachine
from imports.parsing.reader import Reader
from imports.parsing.speakers import (
    attribute,
    find_actions,
    find_named_actions,
    people_resolver,
)
from imports.parsing.tree import ParsedItem, ParsedPoint


class GeneralReader(FrontMatter, Attendance, Agenda, Reader, StateMachine):
    style = "general"
    initial_state = "front"

    def read(self):
        self.start()
        self.section, self.columns = "present", {}
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
                self.step(line.kind, number, line)
        self.finish()
        return self.parsed

    def formatting(self, number: int, line: Line) -> str:
        """A line of nothing but formatting ("**", a page break): claimed, changing nothing."""
        self.claim([number], "format")
        return self.state

    def default(self, number: int, line: Line) -> str:
        """What a line of no kind of its own is in the current state."""
        return DEFAULTS[self.state](self, number, line)

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
    **{(state, "blank"): H.formatting for state in DEFAULTS},
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
GeneralReader.DEFAULTS, GeneralReader.TRANSITIONS = DEFAULTS, TRANSITIONS

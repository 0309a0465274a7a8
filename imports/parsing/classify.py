"""What one line of minutes is, judged from the line alone: a pure function.

The general reader (general.py) asks this of every line and looks up what to do
with that kind in its current state.
"""

import re
from dataclasses import dataclass

from imports.parsing.dates import find_any_date
from imports.parsing.lexicon import (
    ACTION_LINE,
    ACTION_TABLE_HEADING,
    APOLOGIES_SENTENCE,
    ATTENDANCE_HEADING,
    BOLD_HEADING,
    DECISIONS,
    HEADER_FIELD,
    HEADER_KEY,
    INITIALS_COLUMN,
    INITIALS_RE,
    ITEM,
    MARKDOWN_HEADING,
    NO_APOLOGIES,
    NUMBERED_ITEMS,
    PUBLIC_COUNT,
    RUN_ON_REFERENCE,
    TABLE_HEADING,
)
from imports.parsing.text import at_most_words, clean, split_row

# Longer than this, a line is a paragraph: no heading, item or table pattern is tried.
LONG_LINE = 300
KINDS = (
    "blank",
    "header_field",
    "attendance_heading",
    "apologies_sentence",
    "no_apologies",
    "public_count",
    "people_table",
    "action_table",
    "item",
    "heading",
    "run_on_item",
    "decision",
    "action",
    "text",
)


@dataclass(frozen=True)
class Line:
    kind: str
    text: str
    parts: dict

    def __getitem__(self, key):
        return self.parts.get(key, "")


def classify(raw: str) -> Line:
    text = clean(raw.replace("\f", ""))
    if not text:
        return Line("blank", "", {})
    for kind, found in (
        ("no_apologies", NO_APOLOGIES.match(text)),
        ("apologies_sentence", APOLOGIES_SENTENCE.match(text)),
        ("header_field", HEADER_FIELD.match(text)),
        ("attendance_heading", ATTENDANCE_HEADING.match(text)),
    ):
        if found:
            return Line(kind, text, found.groupdict())
    if len(text) > LONG_LINE:
        return long_line(text)
    tabular = "\t" in raw or "|" in raw or "  " in raw.strip()
    cells = split_row(raw) if tabular else []
    if len(cells) >= 2 and ACTION_TABLE_HEADING.match(raw):
        return Line("action_table", text, {"cells": cells})
    if len(cells) >= 2 and any(INITIALS_COLUMN.match(cell) for cell in cells):
        return Line("people_table", text, {"cells": cells})
    if DECISIONS.match(text):
        return Line("decision", text, {})
    action = ACTION_LINE.match(text)
    if action:
        return Line("action", text, {"text": action["text"] or action["reftext"]})
    item = numbered_item(re.sub(r"^#{1,4}\s+", "", text))
    if item:
        return Line("item", text, item)
    heading = unnumbered_heading(raw, text) if at_most_words(text, 12) else ""
    if heading:
        return Line("heading", text, {"title": heading})
    run_on = RUN_ON_REFERENCE.search(text)
    if run_on:
        return Line("run_on_item", text, {**run_on.groupdict(), "text": text[: run_on.start()]})
    if PUBLIC_COUNT.search(text) and at_most_words(text, 8):
        return Line("public_count", text, {"count": PUBLIC_COUNT.search(text)["count"]})
    return Line("text", text, {})


def long_line(text: str) -> Line:
    """A line too long to be a heading, a table row or a count: a decision, an action,
    a reference run on at its end, or text."""
    if DECISIONS.match(text):
        return Line("decision", text, {})
    action = ACTION_LINE.match(text[:40])
    if action:
        return Line(
            "action",
            text,
            {"text": text[action.start("text") if action["text"] else action.start("reftext") :]},
        )
    run_on = RUN_ON_REFERENCE.search(text, len(text) - 120)
    if run_on:
        return Line("run_on_item", text, {**run_on.groupdict(), "text": text[: run_on.start()]})
    return Line("text", text, {})


def numbered_item(text: str) -> dict | None:
    for pattern in NUMBERED_ITEMS:
        match = pattern.match(text)
        title = (match["title"] or "").strip() if match else ""
        if match and title and is_title(title) and not dated(text):
            return {"number": match["number"].strip("()"), "title": title}
        if match and not title and ("Item" in pattern.pattern or "[A-Z]{2,6}" in pattern.pattern):
            return {"number": match["number"], "title": ""}
    return None


def dated(text: str) -> bool:
    """ "5 March 2020, same link." opens with a date, not an item number."""
    found = find_any_date(text)
    return found is not None and text.startswith(found[1])


def is_title(title: str) -> bool:
    """A heading, not a sentence that happens to open with a number."""
    title = title.strip()
    return at_most_words(title, 14) and not (title.endswith(".") and not at_most_words(title, 8))


def unnumbered_heading(raw: str, text: str) -> str:
    """ "## Finance", "**Finance**", "FINANCE AND GENERAL PURPOSES": a heading, for an item."""
    stripped = raw.strip()
    for pattern in (MARKDOWN_HEADING, BOLD_HEADING):
        match = pattern.match(stripped)
        if match and at_most_words(match["title"], 12):
            return clean(match["title"]).rstrip(":")
    letters = [c for c in text if c.isalpha()]
    if (
        len(letters) >= 4
        and at_most_words(text, 12)
        and sum(c.isupper() for c in letters) >= 0.85 * len(letters)
        and not re.search(r"[.,;]$", text)
        and len(text.split()) >= 1
    ):
        return text.rstrip(":")
    return ""


# --- The IAG layout (informal.py): what a paragraph is, from its first line ---------
IAG_KINDS = ("header_field", "people_table", "item", "text")


def paragraph_kind(line: str) -> str:
    """ "DATE: ..." (a header field, even typed as a table row), the Init | Position
    table or one of its rows, a numbered item, or text."""
    if HEADER_KEY.match(clean(line)):
        return "header_field"
    if starts_attendance(line):
        return "people_table"
    if ITEM.match(line):
        return "item"
    return "text"


def starts_attendance(line: str) -> bool:
    return bool(TABLE_HEADING.match(line)) or split_row_is_attendance(line)


def split_row_is_attendance(line: str) -> bool:
    cells = split_row(line)
    return len(cells) >= 2 and bool(INITIALS_RE.match(cells[0])) and "\t" in line

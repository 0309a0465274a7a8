"""Read legacy minutes, as lines of text, into a plain tree: no database here.

The pipeline: cleaning.py takes out a PDF's page furniture; a reader (chosen by
choose_reader) turns paragraphs into the tree of tree.py; post.py settles the
year, the programme and field lengths. Three readers: the IAG's (a DATE/TIME/LOCATION header, an
``Init | Position and Area`` table, numbered items with a lead) and the formal
committee style (a "Minutes of the meeting of ... held on ..." sentence,
Present/Apologies lists of full names, SMK25-style minute references and
RESOLVED decisions). Every non-blank source line is claimed by some node of the
tree (``ParsedMinutes.line_roles``); text that fits no structure becomes a point
flagged for review, never dropped.
"""

import re

from imports.parsing.cleaning import page_furniture
from imports.parsing.corrections import Corrections, apply_corrections
from imports.parsing.dates import parse_time_range, settle_date
from imports.parsing.formal import FormalReader
from imports.parsing.general import GeneralReader
from imports.parsing.informal import InformalReader
from imports.parsing.lexicon import FORMAL_REF, MEETING_WORDS, TABLE_HEADING
from imports.parsing.limits import FIELD_LENGTHS
from imports.parsing.people import derive_initials
from imports.parsing.post import finish, fit_fields, no_empty_points
from imports.parsing.text import clean, paragraphs
from imports.parsing.tree import AttendanceRow, NotMinutes, ParsedMinutes

__all__ = [
    "FIELD_LENGTHS",
    "AttendanceRow",
    "Corrections",
    "NotMinutes",
    "ParsedMinutes",
    "derive_initials",
    "parse_minutes",
    "parse_time_range",
]


def parse_minutes(
    lines: list[str], *, year: int | None = None, corrections: Corrections | None = None
) -> ParsedMinutes:
    """Read minutes from their lines; raise NotMinutes only if they are clearly not minutes.

    What cannot be read (the date, the attendance) is listed in ``parsed.missing``
    for the officer to give; `corrections` are what they gave (corrections.py).
    """
    if not any(line.strip() for line in lines):
        raise NotMinutes("The file is empty.")
    reader = choose_reader(lines)
    furniture = page_furniture(lines) if reader is GeneralReader else {}
    readable = ["" if n in furniture else line for n, line in enumerate(lines, start=1)]
    parsed = reader(paragraphs(readable)).read()
    for number in furniture:
        parsed.not_imported.append((number, clean(lines[number - 1])))
        parsed.line_roles[number] = "not_imported"
    if furniture:
        parsed.not_imported.sort()
        parsed.notes.append(
            f"{len(furniture)} line(s) of page furniture (page numbers, "
            "running headers, scanned-page notes) were not imported."
        )
    refuse_if_not_minutes(parsed, lines)
    settle_date(parsed, year)
    if corrections:
        apply_corrections(parsed, corrections, lines)
    no_empty_points(parsed, lines)
    finish(parsed)
    fit_fields(parsed)
    return parsed


def choose_reader(lines: list[str]):
    """The IAG reader for a DATE header or an Init | Position table; the formal reader
    for "Minutes of the meeting of ..." with SMK25-style minutes; else the general one."""
    head = [line for line in lines[:200] if line.strip()]
    if any(re.match(r"^\s*(?:\*\*)?DATE\b(?!\s+OF\b)", line) for line in head[:8]) or any(
        TABLE_HEADING.match(line) for line in head[:80]
    ):
        return InformalReader
    formal_title = any(
        re.match(r"^\s*Minutes of the meeting of\b", line, re.I) for line in head[:8]
    )
    if formal_title and any(FORMAL_REF.match(line.strip()) for line in lines):
        return FormalReader
    return GeneralReader


def refuse_if_not_minutes(parsed: ParsedMinutes, lines: list[str]) -> None:
    """Only what is clearly not minutes is refused: nothing of a meeting in it."""
    dated = parsed.header.date is not None or bool(parsed.header.date_text)
    numbered = [item for item in parsed.items if item.number]
    opening = " ".join(line for line in lines[:60] if line.strip())[:3000]
    evidence = [
        dated,
        bool(parsed.attendance),
        len(numbered) >= 2 or (parsed.style != "general" and bool(parsed.items)),
        bool(MEETING_WORDS.search(opening)),
    ]
    if sum(evidence) >= 2:
        return
    if not dated:
        raise NotMinutes(
            "This does not look like minutes: no meeting date was found, and no attendance "
            "list or agenda to show a meeting "
            '(expected a date such as "DATE: ...", "held on 1 July 2020", "Present: ...").'
        )
    raise NotMinutes(
        "This does not look like minutes: no attendance list and no numbered agenda items."
    )

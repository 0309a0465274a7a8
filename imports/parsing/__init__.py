"""Read legacy minutes, as lines of text, into a plain tree: no database here.

Two layouts are understood: the IAG's (a DATE/TIME/LOCATION header, an
``Init | Position and Area`` table, numbered items with a lead) and the formal
committee style (a "Minutes of the meeting of ... held on ..." sentence,
Present/Apologies lists of full names, SMK25-style minute references and
RESOLVED decisions). Every non-blank source line is claimed by some node of the
tree (``ParsedMinutes.line_roles``); text that fits no structure becomes a point
flagged for review, never dropped.
"""

import re

from imports.parsing.dates import parse_time_range, settle_date
from imports.parsing.formal import FormalReader
from imports.parsing.informal import InformalReader
from imports.parsing.limits import FIELD_LENGTHS
from imports.parsing.people import derive_initials
from imports.parsing.post import finish, fit_fields
from imports.parsing.text import paragraphs
from imports.parsing.tree import AttendanceRow, NotMinutes, ParsedMinutes

__all__ = [
    "FIELD_LENGTHS",
    "AttendanceRow",
    "NotMinutes",
    "ParsedMinutes",
    "derive_initials",
    "parse_minutes",
    "parse_time_range",
]


def parse_minutes(lines: list[str], *, year: int | None = None) -> ParsedMinutes:
    """Read minutes from their lines; raise NotMinutes if they are not minutes."""
    if not any(line.strip() for line in lines):
        raise NotMinutes("The file is empty.")
    paras = paragraphs(lines)
    if any(re.match(r"^\s*Minutes of the meeting of\b", p.text, re.I) for p in paras[:5]):
        parsed = FormalReader(paras).read()
    else:
        parsed = InformalReader(paras).read()
    if parsed.header.date is None and not parsed.header.date_text:
        raise NotMinutes(
            "This does not look like minutes: no meeting date was found "
            '(expected a "DATE: ..." line or "Minutes of the meeting of ... held on ...").'
        )
    if not parsed.attendance and not parsed.items:
        raise NotMinutes(
            "This does not look like minutes: no attendance list and no numbered agenda items."
        )
    settle_date(parsed, year)
    finish(parsed)
    fit_fields(parsed)
    return parsed

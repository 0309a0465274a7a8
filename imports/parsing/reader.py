"""What every reader shares: claiming lines, items, stray text."""

import re

from imports.parsing.dates import full_date
from imports.parsing.lexicon import BULLETS, INITIALS_RE, NOBODY, SENTENCE_END
from imports.parsing.limits import TITLE_LENGTH
from imports.parsing.post import shorten
from imports.parsing.text import at_most_words, clean, clean_block
from imports.parsing.tree import (
    AttendanceRow,
    Header,
    Paragraph,
    ParsedItem,
    ParsedMinutes,
    ParsedPoint,
)


class Reader:
    style = ""

    def __init__(self, paras: list[Paragraph]):
        self.paras = paras
        self.parsed = ParsedMinutes(style=self.style, header=Header(), attendance=[], items=[])
        self.roles = self.parsed.line_roles
        self.source = {number: text for para in paras for number, text in para.lines}

    def claim(self, numbers, role):
        for number in numbers:
            self.roles[number] = role

    def current_item(self) -> ParsedItem:
        if not self.parsed.items:
            # Text before the first item still belongs to the meeting: keep it
            # under a first item of its own rather than drop it.
            self.parsed.items.append(ParsedItem(title="Before the agenda"))
        return self.parsed.items[-1]

    def fold_preamble(self) -> None:
        """Text kept from before the first item goes to the top of that item."""
        items = self.parsed.items
        if (
            len(items) > 1
            and not items[0].number
            and items[0].title == "Before the agenda"
            and items[0].state == "discussed"
        ):
            items[1].points[:0] = items[0].points
            items[1].actions[:0] = items[0].actions
            del items[0]

    def split_before(self, index: int, position: int) -> None:
        """Break paragraph `index` before its line `position`, where a blank line was lost."""
        lines = self.paras[index].lines
        self.paras[index : index + 1] = [Paragraph(lines[:position]), Paragraph(lines[position:])]

    def fit_title(self, item: ParsedItem) -> None:
        """A heading run on into its discussion: the title is its start, a point keeps it all."""
        if len(item.title) > TITLE_LENGTH:
            item.points.insert(0, ParsedPoint(item.title, lines=list(item.lines)))
            item.title = shorten(item.title, TITLE_LENGTH)

    def stray(self, para: Paragraph, reason: str, code: str = "stray_text") -> None:
        item = self.current_item()
        last = item.points[-1] if item.points else None
        if (
            last is not None
            and last.flag_code == code == "stray_text"
            and self.adjacent(last, para)
        ):
            last.text += "\n" + clean_block(para.text)
            last.lines += para.numbers
        else:
            item.points.append(
                ParsedPoint(clean_block(para.text), flag=reason, flag_code=code, lines=para.numbers)
            )
        self.claim(para.numbers, "point")

    def adjacent(self, point: ParsedPoint, para: Paragraph) -> bool:
        return bool(point.lines) and para.numbers[0] - point.lines[-1] <= 3

    def listed_twice(self, number: int, text: str, who: str, first: AttendanceRow) -> None:
        """The same person printed twice on the list: kept once, the repeat flagged."""
        self.stray(
            Paragraph([(number, text)]),
            f"{who} is listed twice (also on line {first.lines[0]}): "
            "kept once on the attendance list, as first listed.",
            code="repeated_attendance",
        )


def is_initials(text: str) -> bool:
    return bool(INITIALS_RE.match(text)) and not NOBODY.match(text)


def split_bold_lead(heading: str) -> tuple[str, str] | None:
    """("Chairs Report:", "IAG Chair") for "Chairs Report:**IAG Chair**"."""
    # Plain string search: a regex here backtracks quadratically on a long line of "**".
    text = heading.rstrip()
    opening = text.find("**")
    if not text.endswith("**") or opening + 2 >= len(text) - 2:
        return None
    return text[:opening], text[opening + 2 : -2]


def split_lead(heading: str, leads: list[str]) -> tuple[str, str]:
    """ "Chairs Report:**IAG Chair**", "AOB**IAG Chair**", "Data: All", "Updates LPA Commander"."""
    bold = split_bold_lead(heading)
    if bold and bold[0].strip():
        return clean(bold[0]).rstrip(":").strip(), clean(bold[1])
    heading = clean(heading)
    if ":" in heading:
        title, _sep, tail = heading.rpartition(":")
        tail = tail.strip()
        if not tail:
            return title.strip(), ""
        if len(tail.split()) <= 4 and not full_date(tail) and not re.search(r"\d", tail):
            return title.strip(), tail
        return heading, ""
    for lead in sorted(leads, key=len, reverse=True):
        if heading.endswith(" " + lead) and len(heading) > len(lead) + 3:
            return heading[: -len(lead)].strip(), lead
    return heading, ""


def continues(last: ParsedPoint, text: str) -> bool:
    """A paragraph broken mid-sentence by the export, or a list after a colon.

    Only the end of the point is looked at: a point joined paragraph by paragraph
    would otherwise be read again, whole, for each.
    """
    if last.kind == "heading":
        return False
    previous = last.text.rstrip()
    is_bullet = text.lstrip().startswith(BULLETS)
    if previous[previous.rfind("\n") + 1 :].lstrip().startswith(BULLETS):
        return is_bullet
    if previous.endswith(":") and (is_bullet or re.match(r"^\(?[a-z]\)\s+[a-z]", text)):
        return True
    if last.flag_code in {
        "stray_text",
        "no_words",
        "not_a_person",
        "repeated_attendance",
        "too_long",
    }:
        return False
    if at_most_words(previous, 4) and full_date(previous):
        return False
    return not previous.endswith(SENTENCE_END)

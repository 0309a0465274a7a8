"""The numbers Word displays before automatically numbered paragraphs.

A paragraph in a Word list does not hold its "1." or "4a.": it points (``w:numPr``,
on the paragraph or through its style) at a list defined in numbering.xml, and Word
counts as it lays the document out. The counting follows ECMA-376 §17.9 as Word
applies it: the counters belong to the abstract definition, so lists (``w:num``)
sharing one continue each other; a list's ``w:startOverride`` restarts its level the
first time that list is used at that level; a level restarts whenever a higher level
is used, unless its ``w:lvlRestart`` says otherwise.
"""

import re
from dataclasses import dataclass, field

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.exceptions import InvalidXmlError
from docx.oxml.ns import qn
from docx.parts.numbering import NumberingPart

LEVELS = 9
ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
# A numbering definition Word would shrug off must not stop the import: the
# paragraph then keeps its text without a number.
BROKEN_DEFINITION = (KeyError, ValueError, TypeError, InvalidXmlError)


def roman(value: int) -> str:
    digits = []
    for amount, letters in ROMAN:
        count, value = divmod(value, amount)
        digits.append(letters * count)
    return "".join(digits)


def format_number(value: int, fmt: str) -> str:
    """``value`` as a level of format ``fmt`` shows it; unknown formats as decimals."""
    if fmt in {"lowerLetter", "upperLetter"} and value > 0:
        # Word goes a..z, then aa, bb, ... zz, then aaa: not base 26.
        letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in {"lowerRoman", "upperRoman"} and 0 < value < 4000:
        return roman(value).upper() if fmt == "upperRoman" else roman(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "none":
        return ""
    return str(value)


@dataclass
class Level:
    """One level (``w:lvl``) of a list: how it counts and what it shows."""

    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart_after: int | None = None
    legal: bool = False

    @classmethod
    def read(cls, lvl) -> "Level":
        def value(tag: str) -> str | None:
            child = lvl.find(qn(tag))
            return None if child is None else child.get(qn("w:val"))

        restart = value("w:lvlRestart")
        legal = lvl.find(qn("w:isLgl"))
        return cls(
            start=int(value("w:start") or 0),
            fmt=value("w:numFmt") or "decimal",
            text=value("w:lvlText") or "",
            restart_after=None if restart is None else int(restart),
            legal=legal is not None and legal.get(qn("w:val")) not in {"0", "false", "off"},
        )

    def restarts_after(self, used: int) -> bool:
        """Whether a paragraph at level ``used`` (higher than this one) restarts this one."""
        if self.restart_after is None:
            return True
        return self.restart_after != 0 and used < self.restart_after


@dataclass
class WordList:
    """A ``w:num``: the abstract definition whose counters it shares, and its levels."""

    abstract_id: int
    levels: dict[int, Level]
    start_overrides: dict[int, int] = field(default_factory=dict)


class ListNumbering:
    """Feed it every paragraph in document order; it returns the number Word shows."""

    def __init__(self, document: Document):
        styles = document.styles.element
        self.styles = {style.styleId: style for style in styles.style_lst if style.styleId}
        default = styles.default_for(WD_STYLE_TYPE.PARAGRAPH)
        self.default_style_id = default.styleId if default is not None else None
        try:
            part = document.part.part_related_by(RT.NUMBERING)
        except (KeyError, ValueError):
            part = None
        self.numbering = part.element if isinstance(part, NumberingPart) else None
        self.abstracts = {}
        if self.numbering is not None:
            for abstract in self.numbering.findall(qn("w:abstractNum")):
                try:
                    self.abstracts[int(abstract.get(qn("w:abstractNumId")))] = abstract
                except BROKEN_DEFINITION:
                    continue
        self.lists: dict[int, WordList | None] = {}
        self.counters: dict[int, list[int | None]] = {}
        self.entered: set[tuple[int, int]] = set()

    def label(self, p) -> str:
        """The number Word displays before paragraph ``p`` ("3.", "4a)", "(ii)"), or "".

        Bullets and unnumbered paragraphs have none. Every paragraph must be passed,
        in document order, tables included, for the counts to come out as Word's.
        """
        if self.numbering is None:
            return ""
        try:
            return self.count(p)
        except BROKEN_DEFINITION:
            return ""

    def count(self, p) -> str:
        num_id, ilvl = self.numbering_of(p)
        word_list = self.word_list(num_id) if num_id else None
        if word_list is None or ilvl not in word_list.levels:
            return ""
        level = word_list.levels[ilvl]
        counters = self.counters.setdefault(word_list.abstract_id, [None] * LEVELS)
        first_use = (num_id, ilvl) not in self.entered
        self.entered.add((num_id, ilvl))
        if first_use and ilvl in word_list.start_overrides:
            counters[ilvl] = word_list.start_overrides[ilvl]
        elif counters[ilvl] is None:
            counters[ilvl] = level.start
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, LEVELS):
            deeper_level = word_list.levels.get(deeper)
            if deeper_level is None or deeper_level.restarts_after(ilvl):
                counters[deeper] = None
        if level.fmt == "bullet":
            return ""
        return self.render(level, word_list, counters)

    @staticmethod
    def render(level: Level, word_list: WordList, counters: list[int | None]) -> str:
        # A level's text, e.g. "%1.%2.", names the levels whose numbers it shows.
        def shown_number(match: re.Match) -> str:
            index = int(match[1]) - 1
            shown = word_list.levels.get(index)
            if shown is None:
                return ""
            value = counters[index] if counters[index] is not None else shown.start
            return format_number(value, "decimal" if level.legal else shown.fmt)

        return re.sub(r"%([1-9])", shown_number, level.text).strip()

    def numbering_of(self, p) -> tuple[int | None, int]:
        """The list and level of a paragraph: its own ``w:numPr``, else its style's."""
        p_pr = p.pPr
        direct = p_pr.numPr if p_pr is not None else None
        style_id = (p_pr.style if p_pr is not None else None) or self.default_style_id
        style_num_id, style_ilvl = self.style_numbering(style_id)
        num_id = style_num_id
        if direct is not None and direct.numId is not None:
            num_id = direct.numId.val
        if direct is not None and direct.ilvl is not None:
            return num_id, direct.ilvl.val
        if style_ilvl is not None:
            return num_id, style_ilvl
        if num_id and num_id == style_num_id:
            # A list style names, on each level, the paragraph style that takes it
            # ("Heading 2" on level 1): the level of a paragraph numbered by style.
            return num_id, self.level_of_style(num_id, style_id)
        return num_id, 0

    def style_numbering(self, style_id: str | None) -> tuple[int | None, int | None]:
        """``w:numPr`` inherited through the style and the styles it is based on."""
        num_id = ilvl = None
        seen = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            num_pr = style.pPr.numPr if style.pPr is not None else None
            if num_pr is not None:
                if num_id is None and num_pr.numId is not None:
                    num_id = num_pr.numId.val
                if ilvl is None and num_pr.ilvl is not None:
                    ilvl = num_pr.ilvl.val
            style_id = style.basedOn_val
        return num_id, ilvl

    def level_of_style(self, num_id: int, style_id: str | None) -> int:
        abstract = self.abstract_of(num_id)
        for lvl in abstract.findall(qn("w:lvl")) if abstract is not None else []:
            p_style = lvl.find(qn("w:pStyle"))
            if p_style is not None and p_style.get(qn("w:val")) == style_id:
                return int(lvl.get(qn("w:ilvl")))
        return 0

    def abstract_of(self, num_id: int):
        num = self.numbering.num_having_numId(num_id)
        return self.abstracts.get(num.abstractNumId.val)

    def word_list(self, num_id: int) -> WordList | None:
        if num_id not in self.lists:
            self.lists[num_id] = self.read_list(num_id)
        return self.lists[num_id]

    def read_list(self, num_id: int, *, follow_link: bool = True) -> WordList | None:
        num = self.numbering.num_having_numId(num_id)
        abstract_id = num.abstractNumId.val
        abstract = self.abstracts.get(abstract_id)
        if abstract is None:
            return None
        link = abstract.find(qn("w:numStyleLink"))
        if link is not None and follow_link:
            # The levels live in a list style, itself numbered by another w:num.
            linked_num_id, _ilvl = self.style_numbering(link.get(qn("w:val")))
            linked = self.read_list(linked_num_id, follow_link=False) if linked_num_id else None
            if linked is None:
                return None
            abstract_id, levels = linked.abstract_id, dict(linked.levels)
        else:
            levels = {
                int(lvl.get(qn("w:ilvl"))): Level.read(lvl) for lvl in abstract.findall(qn("w:lvl"))
            }
        start_overrides = {}
        for override in num.lvlOverride_lst:
            if override.startOverride is not None:
                start_overrides[override.ilvl] = override.startOverride.val
            lvl = override.find(qn("w:lvl"))
            if lvl is not None:
                levels[override.ilvl] = Level.read(lvl)
        levels = {ilvl: level for ilvl, level in levels.items() if 0 <= ilvl < LEVELS}
        return WordList(abstract_id, levels, start_overrides)

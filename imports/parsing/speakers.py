"""Who spoke in a point, and the actions it gives to whom."""

import re

from imports.parsing.lexicon import (
    ACTION_BY,
    HONORIFICS,
    INITIALS,
    LONGEST_INITIALS,
    OPENER,
    SPEAKER,
    UNKNOWN_SPEAKER,
)
from imports.parsing.tree import AttendanceRow, ParsedAction, ParsedItem, ParsedPoint


def attribute(point: ParsedPoint, resolve, since: int = 0) -> None:
    """The point's speakers: the initials opening it, and others who said something.

    `since` is where a paragraph was joined on: only from there is the text read
    again (less the longest initials, in case the join split "MT / said").
    """
    text = point.text
    if since == 0:
        point.speakers = []
        opener = OPENER.match(text)
        if opener and resolve(opener[1]):
            point.speakers.append(resolve(opener[1]))
        elif opener and UNKNOWN_SPEAKER.match(text):
            point.flag = f"{opener[1]} is not on the attendance list: who spoke?"
            point.flag_code = "unknown_speaker"
    for match in SPEAKER.finditer(text, max(0, since - LONGEST_INITIALS)):
        resolved = resolve(match[1])
        if resolved and resolved not in point.speakers and match.start() > 0:
            point.speakers.append(resolved)


def find_actions(item: ParsedItem, point: ParsedPoint, resolve) -> None:
    for sentence in re.split(r"(?<=[.!?])\s+", point.text):
        at_start = re.match(rf"^({INITIALS})\s+(?:is\s+)?to\s+[a-z]", sentence)
        anywhere = re.search(
            rf"(?<![\w/])({INITIALS})\s+(?:will|was asked to|has been asked to|agreed to|"
            rf"offered to)\s+(?!be\b)[a-z]",
            sentence,
        )
        for match in (at_start, anywhere):
            owner = resolve(match[1]) if match else None
            if owner:
                # "MT said ..., AK/2 was asked to share ...": the action is the clause.
                before = sentence[: match.start()]
                start = max(before.rfind(","), before.rfind(";")) + 1
                item.actions.append(
                    ParsedAction(sentence[start:].strip(), owners=[owner], lines=list(point.lines))
                )
                break


def people_resolver(attendance: list[AttendanceRow]):
    """resolve(token) -> initials, for a token that is initials, a name or a role:
    "PGL", "Cllr Smith", "PC Lee", "Sue Brown", "Smith", "The Clerk"."""
    known: dict[str, str | None] = {}

    def add(key: str, initials: str) -> None:
        key = key.lower().strip()
        if key:
            # A key two people share ("Smith") names nobody.
            known[key] = initials if known.get(key, initials) == initials else None

    for row in attendance:
        add(row.initials, row.initials)
        if row.printed_initials:
            add(row.printed_initials, row.initials)
        if row.name:
            bare = re.sub(rf"^{HONORIFICS}\.?\s+", "", row.name)
            add(row.name, row.initials)
            add(bare, row.initials)
            surname = bare.split()[-1] if bare.split() else ""
            add(surname, row.initials)
            title = row.name[: len(row.name) - len(bare)].strip()
            if title:
                add(f"{title} {surname}", row.initials)
        for role in re.split(r"[;,]", row.role):
            add(role, row.initials)
            add(f"the {role.strip()}", row.initials)

    def resolve(token: str) -> str | None:
        return known.get(token.lower().strip(" .,:")) or None

    return resolve


def find_named_actions(item: ParsedItem, point: ParsedPoint, resolve) -> None:
    """ "Cllr Smith agreed to ...", "PC Lee to ...", "The Clerk will ...": owned actions."""
    for sentence in re.split(r"(?<=[.!?])\s+", point.text):
        match = ACTION_BY.match(sentence)
        owner = resolve(match["who"]) if match else None
        if owner:
            item.actions.append(
                ParsedAction(sentence.strip(), owners=[owner], lines=list(point.lines))
            )


def action_owners(text: str, resolve) -> list[str]:
    """Owners named at the start of an action line: "PGL and Cllr Smith to ...", "Clerk - ..."."""
    head = re.split(r"\s+(?:to|will|agreed to|is to)\s+|\s+[-–—:]\s+", text, maxsplit=1)[0]
    owners = []
    for part in re.split(r",|/|&|\band\b", head):
        initials = resolve(part)
        if initials and initials not in owners:
            owners.append(initials)
    return owners

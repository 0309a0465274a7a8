"""Who spoke in a point, and the actions it gives to whom."""

import re

from imports.parsing.lexicon import INITIALS, LONGEST_INITIALS, OPENER, SPEAKER, UNKNOWN_SPEAKER
from imports.parsing.tree import ParsedAction, ParsedItem, ParsedPoint


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

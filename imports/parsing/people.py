"""People as attendance lists print them: names, titles, initials."""

import re
import unicodedata

from imports.parsing.lexicon import BEFORE_A_TITLE, HONORIFICS, PUBLIC_COUNT, ROLE_IN_BRACKETS
from imports.parsing.text import clean


def split_people(text: str) -> list[str]:
    """Split "A (x, y), B (z) and C" at commas and "and" outside parentheses."""
    parts, depth, current, i = [], 0, "", 0
    while i < len(text):
        char = text[i]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if depth == 0 and char == ",":
            parts.append(current)
            current = ""
        elif depth == 0 and text.startswith(" and ", i):
            parts.append(current)
            current = ""
            i += 4
        else:
            current += char
        i += 1
    parts.append(current)
    return [clean(part) for part in parts if clean(part)]


def derive_initials(name: str) -> str:
    """Initials for a full name in the ASCII capitals of attendance lists: "S Ó Briain" -> "SOB"."""
    words = re.sub(rf"^{HONORIFICS}\s+", "", name).split()
    ascii_words = [
        unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode() for word in words
    ]
    letters = "".join(word[0].upper() for word in ascii_words if word[:1].isalpha())
    return letters[:6] or "X"


def split_attendees(text: str) -> list[str]:
    """People in a list separated by commas, semicolons, "and", or only by the next title:
    "Cllr A Smith (Chair); Sgt B Jones, PC C Lee and Mr D Khan Mrs E Wood"."""
    entries = []
    for part in split_people(text.replace(";", ",")):
        entries += [clean(piece) for piece in BEFORE_A_TITLE.split(part) if clean(piece)]
    return entries


def read_person(entry: str) -> tuple[str, str, str] | None:
    """(name, role, initials) of "Cllr A Smith (Chair) (from minute 111/20)", "J Held (JH)",
    "Sue Brown - Clerk"; None for what is not a person ("five members of the public")."""
    entry = clean(entry).rstrip(".")
    if PUBLIC_COUNT.search(entry) or not re.match(r"^[A-Z]", entry):
        return None
    roles, initials = [], ""
    for bracket in ROLE_IN_BRACKETS.findall(entry):
        if re.fullmatch(r"[A-Z]{2,5}(?:/\d)?", bracket.strip()):
            initials = bracket.strip()
        else:
            roles.append(clean(bracket))
    name = clean(ROLE_IN_BRACKETS.sub(" ", entry))
    dash = re.match(r"^(.+?)\s+[-–—]\s+(.+)$", name)
    if dash:
        name, roles = dash[1], [dash[2], *roles]
    if not re.search(r"[A-Za-z]{2}", name):
        return None
    return name.strip(" ,:"), "; ".join(r for r in roles if r), initials

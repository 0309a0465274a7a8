"""People as attendance lists print them: names, titles, initials."""

import re
import unicodedata

from imports.parsing.lexicon import HONORIFICS
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

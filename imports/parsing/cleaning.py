"""Page furniture of a converted PDF taken out of the text, and reported.

Page numbers ("Page 2 of 5", "- 3 -"), "[Scanned page]" notes and the running
header or footer printed on every page are not the minutes' text: each such line
becomes blank for the reader (so line numbers stay those of the file) and is listed
as not imported, with the reason.
"""

import re
from collections import Counter

from imports.parsing.lexicon import PAGE_MARK
from imports.parsing.text import at_most_words, clean

# A short line printed this often is a running header or footer.
RUNNING_REPEATS = 3


def page_furniture(lines: list[str]) -> dict[int, str]:
    """{line number: why it is furniture} for the lines of a converted PDF."""
    # Furniture is short: a long line is never cleaned or counted here.
    short = {
        number: clean(line.replace("\f", ""))
        for number, line in enumerate(lines, start=1)
        if len(line) < 120 and line.strip()
    }
    counts = Counter(text.lower() for text in short.values() if text and not PAGE_MARK.match(text))
    lone_numbers = [int(text) for text in short.values() if re.fullmatch(r"\d{1,3}", text)]
    paged = (
        any("\f" in line for line in lines)
        or any(re.match(r"^page\s+\d+", text, re.I) for text in short.values())
        or (len(lone_numbers) >= 2 and lone_numbers == list(range(1, len(lone_numbers) + 1)))
    )
    found = {}
    for number, text in short.items():
        if not text:
            continue
        if PAGE_MARK.match(text) and (paged or not re.fullmatch(r"\d{1,3}", text)):
            found[number] = "a page number or a scanned-page note"
        elif (
            paged
            and counts[text.lower()] >= RUNNING_REPEATS
            and at_most_words(text, 10)
            and not re.search(r"[.!?]$", text)
        ):
            found[number] = "a running header or footer, printed on every page"
    return found


def join_hyphenated(previous: str, text: str) -> str | None:
    """ "commun-" + "ity groups" -> "community groups": a word a PDF broke at a line end."""
    if re.search(r"[a-z]-$", previous) and re.match(r"^[a-z]", text):
        return previous[:-1] + text
    return None

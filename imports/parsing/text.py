"""Cleaning text and cutting it into paragraphs."""

import re
from itertools import islice

from imports.parsing.tree import Paragraph


def clean(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text.replace("**", "")).strip()


def paragraphs(lines: list[str]) -> list[Paragraph]:
    found, current = [], []
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            current.append((number, raw.rstrip()))
        elif current:
            found.append(Paragraph(current))
            current = []
    if current:
        found.append(Paragraph(current))
    return found


def at_most_words(text: str, most: int) -> bool:
    """``len(text.split()) <= most``, reading no further than the word after `most`."""
    return sum(1 for _word in islice(re.finditer(r"\S+", text), most + 1)) <= most


def clean_block(text: str) -> str:
    return "\n".join(clean(line) for line in text.splitlines())


def split_row(line: str) -> list[str]:
    cells = re.split(r"\t|\s*\|\s*|\s{2,}", line.strip().strip("|"))
    return [clean(cell) for cell in cells if cell.strip()]

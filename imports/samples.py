"""A year of minutes made from the seed minutes, for the benchmark and its test."""

import datetime
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def year_of_minutes(year: int = 2023, seeds: Path = SEEDS) -> list[tuple[str, list[str]]]:
    """Twelve monthly meetings: the two IAG seeds in turn, each with its own date."""
    templates = [
        (path.name, path.read_text(encoding="utf-8").splitlines())
        for path in sorted(seeds.glob("00[01]_*.txt"))
    ]
    files = []
    for month in range(1, 13):
        date = datetime.date(year, month, 10)
        name, lines = templates[month % len(templates)]
        dated = [
            re.sub(r"^DATE\b.*$", f"DATE: {date:%A} {date.day} {date:%B %Y}", line)
            for line in lines
        ]
        files.append((f"{date:%Y-%m}-{name}", dated))
    return files


LAYOUTS = Path(__file__).resolve().parents[1] / "tests" / "imports" / "layouts"


def mixed_minutes(count: int = 100, seeds: Path = SEEDS) -> list[tuple[str, str]]:
    """`count` files of minutes in every layout the importer reads (the layout fixtures
    and the seeds), each dated a week after the one before: (name, text)."""
    templates = [
        (path.name, path.read_text(encoding="utf-8")) for path in sorted(LAYOUTS.glob("*.txt"))
    ]
    templates += [
        (path.name, path.read_text(encoding="utf-8"))
        for path in sorted(seeds.glob("00[013]_*.txt"))
    ]
    files = []
    for index in range(count):
        date = datetime.date(2010, 1, 4) + datetime.timedelta(weeks=index)
        name, text = templates[index % len(templates)]
        if name.startswith(("000_", "001_")):
            text = re.sub(
                r"^DATE\b.*$", f"DATE: {date:%A} {date.day} {date:%B %Y}", text, flags=re.M
            )
        elif name.startswith("003_"):
            text = re.sub(r"held on [A-Z]+ \d+ [A-Z]+ \d{4}", f"held on {date:%A %-d %B %Y}", text)
        else:
            text = f"Date: {date:%-d %B %Y}\n{text}"
        files.append((f"{index + 1:03}-{name}", text))
    return files


def long_minutes(size: int, lines: int) -> bytes:
    """A text file of minutes of about `size` bytes in at most `lines` lines."""
    text = [
        "Minutes of the Residents' Panel held on Tuesday 3 March 2020 at 7pm, Town Hall",
        "",
        "Present: Mr A Bell (Chair), Ms C Dunn, PC E Frost",
        "",
    ]
    item = 0
    while len(text) < lines - 4:
        item += 1
        text += [f"{item}. Report number {item}", ""]
        text += ["Ms Dunn said that the figures for the month had been checked " * 26, ""]
    return "\n".join(text).encode()[: size - 1]

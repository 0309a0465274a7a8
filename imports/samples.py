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

"""Read a chair's programme as typed in the minutes, one meeting a line:

    - 2nd February – Body Worn Video / Stop & Search
    Wednesday 13th April 2022: Faith & Belief
    7/9/2022 - Young People and Exploitation

A line that cannot be read is returned with the reason, never dropped.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

MONTHS = (
    {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
    | {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)
WEEKDAYS = "|".join(
    [name for name in calendar.day_name]
    + [name for name in calendar.day_abbr]
    + ["Weds", "Tues", "Thurs"]
)
BULLET = re.compile(r"^\s*(?:[-*•➤▪◦·]|\d+[.)])\s+")
SEPARATOR = r"\s*(?:[-–—:]|\s)\s*"
WORDY_DATE = re.compile(
    rf"^(?:(?:{WEEKDAYS}),?\s+)?"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>[A-Za-z]+)\.?,?"
    r"(?:\s+(?P<year>\d{4}))?"
    rf"(?:{SEPARATOR}(?P<topic>.*))?$",
    re.IGNORECASE,
)
MONTH_FIRST_DATE = re.compile(
    rf"^(?:(?:{WEEKDAYS}),?\s+)?"
    r"(?P<month>[A-Za-z]+)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?"
    r"(?:\s+(?P<year>\d{4}))?"
    rf"(?:{SEPARATOR}(?P<topic>.*))?$",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(
    r"^(?P<day>\d{1,2})[/.](?P<month>\d{1,2})(?:[/.](?P<year>\d{2}|\d{4}))?"
    rf"(?:{SEPARATOR}(?P<topic>.*))?$"
)


@dataclass(frozen=True)
class ProgrammeLine:
    """One line of a pasted programme: a date and topic, or the reason it could not be read."""

    number: int
    source: str
    date: datetime.date | None = None
    topic: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.date is not None


def parse_line(source: str, year: int, number: int) -> ProgrammeLine:
    text = BULLET.sub("", source).strip()
    match = WORDY_DATE.match(text) or MONTH_FIRST_DATE.match(text) or NUMERIC_DATE.match(text)
    if not match:
        return ProgrammeLine(
            number, source, error="No date found: start the line with a date, e.g. “2nd February”."
        )
    parts = match.groupdict()
    month_text = parts["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
    if not month or not 1 <= month <= 12:
        return ProgrammeLine(number, source, error=f"“{month_text}” is not a month.")
    line_year = int(parts["year"]) if parts["year"] else year
    if line_year < 100:
        line_year += 2000
    try:
        date = datetime.date(line_year, month, int(parts["day"]))
    except ValueError:
        return ProgrammeLine(
            number,
            source,
            error=f"{parts['day']} {calendar.month_name[month]} {line_year} is not a date.",
        )
    topic = (parts.get("topic") or "").strip(" -–—:")
    return ProgrammeLine(number, source, date=date, topic=topic)


def parse_programme(text: str, year: int) -> list[ProgrammeLine]:
    """Every non-blank line of `text`, read as a programme for `year`."""
    return [
        parse_line(line, year, number)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]

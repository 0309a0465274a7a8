"""Dates and times as minutes print them, and the year of a date printed without one."""

import calendar
import datetime
import re

from imports.parsing.lexicon import (
    DATE_RE,
    ISO_DATE,
    MONTH_FIRST_DATE,
    NUMERIC_DATE,
    WEEKDAY_NAMES,
)
from imports.parsing.tree import ParsedMinutes
from programme.parsing import MONTHS


def parse_time(text: str) -> datetime.time | None:
    """18:00, 18:00 hrs, 6pm, 7.30pm, 2.00 pm."""
    match = re.search(
        r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", text.strip(), re.IGNORECASE
    )
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    meridiem = (match[3] or "").lower().replace(".", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if not match[2] and not meridiem and ":" not in text:
        # A bare number is only a time with am/pm or minutes ("6pm", "18:00").
        return None
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def parse_time_range(text: str) -> tuple[datetime.time | None, datetime.time | None]:
    parts = re.split(r"\s*(?:-|–|—|\bto\b|\buntil\b)\s*", text, maxsplit=1)
    start = parse_time(parts[0])
    end = parse_time(parts[1]) if len(parts) > 1 else None
    # "7.30am", not the "am" of "7.30 on Teams".
    morning = len(parts) > 1 and re.search(r"(?<![a-z])a\.?m\b", parts[1], re.IGNORECASE)
    if start and end and end.hour < 12 and start.hour >= 12 and not morning:
        end = datetime.time(end.hour + 12, end.minute)
    if start and end and end <= start:
        end = None
    return start, end


def find_date(text: str):
    """The first "7th December [2021]" in the text: (day, month, year|None, weekday|None)."""
    for match in DATE_RE.finditer(text):
        month = MONTHS.get(match["month"].lower())
        if not month:
            continue
        weekday = WEEKDAY_NAMES.get((match["weekday"] or "").lower())
        return int(match["day"]), month, int(match["year"]) if match["year"] else None, weekday
    return None


def full_date(text: str) -> datetime.date | None:
    found = find_date(text)
    if not found or found[2] is None:
        return None
    try:
        return datetime.date(found[2], found[1], found[0])
    except ValueError:
        return None


def settle_date(parsed: ParsedMinutes, year: int | None) -> None:
    """Give a header date without a year the year it must have had, and say how."""
    header = parsed.header
    if header.date is None and not header.date_text:
        return date_missing(parsed, "No meeting date was found: give the date.")
    if header.date is not None:
        found = find_date(header.date_text)
        check_weekday(parsed, found[3] if found else None)
        return
    found = find_date(header.date_text)
    if not found:
        return date_missing(parsed, f"The meeting date “{header.date_text}” could not be read.")
    day, month, _none, weekday = found

    def make(y):
        try:
            return datetime.date(y, month, day)
        except ValueError:
            return None

    if year:
        header.date = make(year)
        header.year_inferred_from = f"the year given ({year})"
    elif parsed.next_meeting:
        nxt = parsed.next_meeting
        candidate = make(nxt.year)
        if candidate is None or candidate >= nxt:
            candidate = make(nxt.year - 1)
        header.date = candidate
        header.year_inferred_from = f"the next meeting date ({nxt:%-d %B %Y})"
    else:
        mentioned = [
            int(y)
            for point in parsed.points()
            for y in re.findall(r"\b(?:19|20)\d{2}\b", point.text)
        ]
        if mentioned:
            latest = max(mentioned)
            candidates = [make(y) for y in (latest, latest - 1)]
            matching = [d for d in candidates if d and (weekday is None or d.weekday() == weekday)]
            possible = matching or [d for d in candidates if d]
            if possible:  # none for 29 February when neither year was a leap year
                header.date = possible[0]
                header.year_inferred_from = f"the years mentioned in the minutes (latest {latest})"
    if header.date is None:
        return date_missing(
            parsed,
            f"The meeting date “{header.date_text}” has no year and none could be inferred: "
            "give the year (the Year field on the upload page, or --year) or the date.",
        )
    check_weekday(parsed, weekday)
    parsed.notes.append(f"Year {header.date.year} inferred from {header.year_inferred_from}.")


def check_weekday(parsed: ParsedMinutes, weekday: int | None) -> None:
    date = parsed.header.date
    if weekday is not None and date.weekday() != weekday:
        parsed.notes.append(
            f"The header says {calendar.day_name[weekday]}, but {date:%-d %B %Y} was a {date:%A}."
        )


def find_any_date(text: str) -> tuple[datetime.date | None, str] | None:
    """The first date in `text` however printed: "Wednesday 1 July 2020", "21st February",
    "20/02/2020", "20.02.20", "2020-02-20", "July 1, 2020". (date, as printed); the date is
    None when the year is missing, for settle_date to infer."""
    found = []
    for match in DATE_RE.finditer(text):
        month = MONTHS.get(match["month"].lower())
        if month:
            year = int(match["year"]) if match["year"] else None
            found.append((match.start(), match[0], (year, month, int(match["day"]))))
            break
    for match in NUMERIC_DATE.finditer(text):
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        found.append((match.start(), match[0], (year, int(match[2]), int(match[1]))))
        break
    for match in ISO_DATE.finditer(text):
        found.append((match.start(), match[0], (int(match[1]), int(match[2]), int(match[3]))))
        break
    for match in MONTH_FIRST_DATE.finditer(text):
        month = MONTHS.get(match[1].lower())
        if month:
            found.append((match.start(), match[0], (int(match[3]), month, int(match[2]))))
            break
    for _start, printed, (year, month, day) in sorted(found):
        if year is None:
            return None, printed
        try:
            return datetime.date(year, month, day), printed
        except ValueError:
            continue
    return None


def date_missing(parsed: ParsedMinutes, reason: str) -> None:
    """The date cannot be read: the import goes on, and the officer is asked for it."""
    parsed.missing.append("date")
    parsed.notes.append(reason)

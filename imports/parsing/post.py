"""Passes over the finished tree: the programme, and fitting text to its fields."""

import re

from imports.parsing.limits import FIELD_LENGTHS
from imports.parsing.tree import ParsedItem, ParsedMinutes, ParsedPoint
from programme.parsing import parse_programme


def finish(parsed: ParsedMinutes) -> None:
    """Read bulleted blocks of dates as the programme they are."""
    meeting_date = parsed.header.date
    if meeting_date is None:
        return
    for point in parsed.points():
        bullets = point.text.splitlines()
        if len(bullets) < 2 or not all(re.match(r"^\s*[-•➤*]\s", b) for b in bullets):
            continue
        read = parse_programme(point.text, meeting_date.year)
        if not all(line.ok for line in read):
            continue
        if read[0].date < meeting_date:
            read = parse_programme(point.text, meeting_date.year + 1)
        point.programme = [(line.date, line.topic) for line in read]


def shorten(text: str, limit: int) -> str:
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def kept_whole(label: str, text: str, limit: int, lines: list[int]) -> "ParsedPoint":
    return ParsedPoint(
        f"{label} (in full): {text}",
        flag=f"{label} is longer than the {limit} characters it can hold: shortened, "
        "and kept here in full.",
        flag_code="too_long",
        lines=list(lines),
    )


def fit_fields(parsed: ParsedMinutes) -> None:
    """Shorten text too long for its field; keep it whole in a point flagged for review.

    A point is where the officer reviewing the import sees it, and text has no limit
    there. (An overlong title is already kept whole as its item's first point.)
    """
    for item in parsed.items:
        kept = []
        for attr, label in (("number", "Item number"), ("lead", "Lead")):
            value, limit = getattr(item, attr), FIELD_LENGTHS[attr]
            if len(value) > limit:
                kept.append(kept_whole(label, value, limit, item.lines))
                setattr(item, attr, shorten(value, limit))
        item.points[:0] = kept
    header, kept = parsed.header, []
    if len(header.location) > FIELD_LENGTHS["location"]:
        limit = FIELD_LENGTHS["location"]
        kept.append(kept_whole("Location", header.location, limit, header.location_lines))
        header.location = shorten(header.location, limit)
    if len(header.topic) > FIELD_LENGTHS["topic"]:
        fit_topic(parsed)
    for row in parsed.attendance:
        who = row.initials or row.name
        for attr, label in (("name", "Name"), ("role", f"{who}'s position and area")):
            value, limit = getattr(row, attr), FIELD_LENGTHS[attr]
            if len(value) > limit:
                kept.append(kept_whole(label, value, limit, row.lines))
                setattr(row, attr, shorten(value, limit))
    if kept:
        if not parsed.items:
            parsed.items.append(ParsedItem(title="Before the agenda"))
        parsed.items[0].points[:0] = kept


def fit_topic(parsed: ParsedMinutes) -> None:
    """The topic comes from a heading, which keeps it whole: flag that heading."""
    header, limit = parsed.header, FIELD_LENGTHS["topic"]
    heading = next(
        (p for p in parsed.points() if p.kind == "heading" and header.topic in p.text), None
    )
    reason = f"The meeting's topic is longer than the {limit} characters it can hold: "
    if heading is not None and not heading.flag:
        heading.flag = reason + "shortened there, and kept here in full."
        heading.flag_code = "too_long"
    elif heading is None:
        parsed.items[0].points.insert(0, kept_whole("Topic", header.topic, limit, []))
    header.topic = shorten(header.topic, limit)


def no_empty_points(parsed: ParsedMinutes, lines: list[str]) -> None:
    """A point left with no text ("RESOLVED -" with nothing after it, a line of "**")
    keeps its line as printed, flagged, and an item with no title gets its number:
    the database holds no empty point or title, and nothing is dropped."""
    for item in parsed.items:
        if not item.title.strip():
            item.title = f"Item {item.number}" if item.number else "Untitled item"
    for point in parsed.points():
        if not point.text.strip():
            printed = " ".join(lines[n - 1].strip() for n in point.lines if 0 < n <= len(lines))
            point.text = printed.strip() or "(no text)"
            point.flag = point.flag or "A heading with nothing after it: kept as printed."
            point.flag_code = point.flag_code or "no_words"

"""What the officer changed in the preview, applied to the tree before it is saved.

They may give the date (and the venue) the file lacks, say what a line is (an
attendee, an apology, an item, a point, a decision, an action, or not part of the
minutes), and fix a person's initials or name. A changed line leaves the node that
held it and becomes a node of the kind given, where it stands in the file.
"""

import datetime
from dataclasses import dataclass, field

from imports.parsing.lexicon import ATTENDANCE_HEADING
from imports.parsing.people import derive_initials, read_person, split_attendees
from imports.parsing.speakers import action_owners, people_resolver
from imports.parsing.text import clean
from imports.parsing.tree import AttendanceRow, ParsedAction, ParsedItem, ParsedMinutes, ParsedPoint

# The kinds the preview offers for a line, in the officer's words.
LINE_KINDS = {
    "attendee": "Attendee",
    "apology": "Apology",
    "item": "Agenda item",
    "point": "Point",
    "decision": "Decision",
    "action": "Action",
    "not_imported": "Not imported",
}


@dataclass
class Corrections:
    date: datetime.date | None = None
    location: str = ""
    kinds: dict[int, str] = field(default_factory=dict)
    # Attendance row (by position) -> {"initials": ..., "name": ...}
    people: dict[int, dict] = field(default_factory=dict)
    # Attendance row (by position) -> the pk of the body's membership that person is.
    members: dict[int, int] = field(default_factory=dict)
    # Who was present, typed by the officer when the file has no attendance list.
    present: str = ""

    def as_json(self) -> dict:
        return {
            "date": self.date.isoformat() if self.date else None,
            "location": self.location,
            "kinds": {str(line): kind for line, kind in sorted(self.kinds.items())},
            "people": {str(index): edit for index, edit in sorted(self.people.items())},
            "members": {str(index): pk for index, pk in sorted(self.members.items())},
            "present": self.present,
        }

    def __bool__(self) -> bool:
        return bool(
            self.date or self.location or self.kinds or self.people or self.members or self.present
        )

    @classmethod
    def from_json(cls, data: dict | None) -> "Corrections":
        data = data or {}
        return cls(
            date=datetime.date.fromisoformat(data["date"]) if data.get("date") else None,
            location=data.get("location") or "",
            kinds={int(line): kind for line, kind in (data.get("kinds") or {}).items()},
            people={int(index): edit for index, edit in (data.get("people") or {}).items()},
            members={int(index): int(pk) for index, pk in (data.get("members") or {}).items()},
            present=data.get("present") or "",
        )


def line_kind(parsed: ParsedMinutes, number: int) -> str:
    """What line `number` became, in LINE_KINDS' terms ("" for header and structure)."""
    role = parsed.line_roles.get(number, "")
    if role == "attendance":
        rows = [row for row in parsed.attendance if number in row.lines]
        return "apology" if rows and rows[0].status == "apologies" else "attendee"
    if role in {"point", "decision"}:
        point = next((p for p in parsed.points() if number in p.lines), None)
        return "decision" if point is not None and point.kind == "decision" else "point"
    return role if role in LINE_KINDS else ""


def line_kinds(parsed: ParsedMinutes) -> dict[int, str]:
    """line_kind for every claimed line at once, for a preview of thousands of lines."""
    apologies = {n for row in parsed.attendance if row.status == "apologies" for n in row.lines}
    decisions = {n for point in parsed.points() if point.kind == "decision" for n in point.lines}
    kinds = {}
    for number, role in parsed.line_roles.items():
        if role == "attendance":
            kinds[number] = "apology" if number in apologies else "attendee"
        elif role in {"point", "decision"}:
            kinds[number] = "decision" if number in decisions else "point"
        else:
            kinds[number] = role if role in LINE_KINDS else ""
    return kinds


def apply_corrections(parsed: ParsedMinutes, corrections: Corrections, lines: list[str]) -> None:
    header = parsed.header
    if corrections.date:
        header.date = corrections.date
        header.year_inferred_from = ""
        parsed.missing = [m for m in parsed.missing if m != "date"]
        parsed.notes.append(f"Date {corrections.date:%-d %B %Y} given by the officer.")
    if corrections.location:
        header.location = corrections.location
    if corrections.present:
        add_people(parsed, 0, corrections.present, "present")  # line 0: not from the file
        parsed.missing = [m for m in parsed.missing if m != "attendance"]
        parsed.notes.append("Those present were given by the officer.")
    for number, kind in sorted(corrections.kinds.items()):
        if kind not in LINE_KINDS or not 1 <= number <= len(lines):
            continue
        if line_kind(parsed, number) == kind:
            continue
        text = clean(lines[number - 1])
        if not text:
            continue
        take_out(parsed, number, lines)
        put_in(parsed, number, kind, text)
        parsed.guesses.pop(number, None)
        parsed.notes.append(f"Line {number} read as {LINE_KINDS[kind].lower()} by the officer.")
    renamed = {}
    for index, edit in sorted(corrections.people.items()):
        if 0 <= index < len(parsed.attendance):
            row = parsed.attendance[index]
            initials = clean(edit.get("initials") or row.initials)[:9]
            renamed[row.initials] = initials
            row.initials, row.name = initials, clean(edit.get("name") or row.name)
    keep_links(parsed, renamed)


def keep_links(parsed: ParsedMinutes, renamed: dict[str, str]) -> None:
    """Speakers and owners follow a change of initials, and leave with a removed row."""
    present = {row.initials for row in parsed.attendance}
    for item in parsed.items:
        for point in item.points:
            point.speakers = [
                s for s in (renamed.get(s, s) for s in point.speakers) if s in present
            ]
        for action in item.actions:
            action.owners = [o for o in (renamed.get(o, o) for o in action.owners) if o in present]


def take_out(parsed: ParsedMinutes, number: int, lines: list[str]) -> None:
    """Line `number` out of whatever holds it; what else that node held stays."""
    parsed.attendance[:] = [row for row in parsed.attendance if number not in row.lines]
    parsed.not_imported[:] = [entry for entry in parsed.not_imported if entry[0] != number]
    for position, item in enumerate(list(parsed.items)):
        item.actions[:] = [action for action in item.actions if number not in action.lines]
        for point in list(item.points):
            if number in point.lines:
                point.lines.remove(number)
                if point.lines:
                    point.text = " ".join(clean(lines[n - 1]) for n in point.lines)
                else:
                    item.points.remove(point)
        if item.lines[:1] == [number]:
            # The line was an item's heading: what followed joins the item before.
            parsed.items.remove(item)
            if position:
                parsed.items[position - 1].points += item.points
                parsed.items[position - 1].actions += item.actions
            elif item.points or item.actions:
                parsed.items.insert(
                    0, ParsedItem("Before the agenda", points=item.points, actions=item.actions)
                )
    parsed.line_roles.pop(number, None)


def item_at(parsed: ParsedMinutes, number: int) -> int:
    """The position of the item line `number` falls under."""
    position = 0
    for index, item in enumerate(parsed.items):
        starts = item.lines[:1] or [p.lines[0] for p in item.points if p.lines][:1]
        if starts and starts[0] <= number:
            position = index
    return position


def put_in(parsed: ParsedMinutes, number: int, kind: str, text: str) -> None:
    if not parsed.items and kind not in {"attendee", "apology", "not_imported"}:
        parsed.items.append(ParsedItem("Before the agenda"))
    if kind in {"attendee", "apology"}:
        add_people(parsed, number, text, "apologies" if kind == "apology" else "present")
        parsed.line_roles[number] = "attendance"
    elif kind == "not_imported":
        parsed.not_imported.append((number, text))
        parsed.not_imported.sort()
        parsed.line_roles[number] = "not_imported"
    elif kind == "item":
        position = item_at(parsed, number) if parsed.items else -1
        item = ParsedItem(title=text, lines=[number])
        if position >= 0:
            before = parsed.items[position]
            item.points = [p for p in before.points if p.lines and p.lines[0] > number]
            item.actions = [a for a in before.actions if a.lines and a.lines[0] > number]
            before.points = [p for p in before.points if p not in item.points]
            before.actions = [a for a in before.actions if a not in item.actions]
        parsed.items.insert(position + 1, item)
        parsed.line_roles[number] = "item"
    elif kind in {"point", "decision"}:
        item = parsed.items[item_at(parsed, number)]
        point = ParsedPoint(text, kind="decision" if kind == "decision" else "discussion")
        point.lines = [number]
        later = [i for i, p in enumerate(item.points) if p.lines and p.lines[0] > number]
        item.points.insert(later[0] if later else len(item.points), point)
        parsed.line_roles[number] = "point"
    elif kind == "action":
        item = parsed.items[item_at(parsed, number)]
        owners = action_owners(text, people_resolver(parsed.attendance))
        item.actions.append(ParsedAction(text, owners=owners, lines=[number]))
        parsed.line_roles[number] = "action"


def add_people(parsed: ParsedMinutes, number: int, text: str, status: str) -> None:
    taken = {row.initials.lower() for row in parsed.attendance}
    heading = ATTENDANCE_HEADING.match(text)  # "Present: ..." made apologies: the names
    if heading and heading["rest"]:
        text = heading["rest"]
    for entry in split_attendees(text) or [text]:
        name, role, initials = read_person(entry) or (entry, "", "")
        base = initials or derive_initials(name)
        initials, count = base, 1
        while initials.lower() in taken:
            count += 1
            initials = f"{base}/{count}"
        taken.add(initials.lower())
        parsed.attendance.append(
            AttendanceRow(
                initials=initials,
                printed_initials=initials,
                name=name,
                role=role,
                status=status,
                section=status,
                lines=[number] if number else [],
            )
        )

"""The formal record as the printed minutes show it: attendance in its capacity
groups, the quorum line, declarations under the declarations item. Plain frozen
values, built in a fixed number of queries whatever the size of the minutes."""

import re
from dataclasses import dataclass

from committee.models import (
    CAPACITY_SUFFIX,
    DEFAULT_CAPACITIES,
    BodyCapacity,
    Declaration,
    Procedure,
)
from meetings.models import VOTING_CAPACITIES, AttendanceStatus

NUMBER_WORDS = (
    "no one two three four five six seven eight nine ten eleven twelve".split()  # noqa: SIM905
)
DECLARATIONS_TITLE = re.compile(r"(disclosures?|declarations?) of interests?", re.IGNORECASE)


def in_words(count: int) -> str:
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def joined(parts: list[str]) -> str:
    """ "A, B and C", as committee minutes list names."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


@dataclass(frozen=True)
class PrintedGroup:
    """One printed list of the attendance: "Observers: Councillors Ferrans and McLean"."""

    heading: str
    entries: tuple[str, ...]
    # "in the Chair" and the like: printed first, on a line of their own.
    first: str = ""

    @property
    def text(self) -> str:
        return joined(list(self.entries))


@dataclass(frozen=True)
class Quorum:
    needed: int
    present: int

    @property
    def quorate(self) -> bool:
        return self.present >= self.needed

    @property
    def line(self) -> str:
        if self.quorate:
            return "The meeting was quorate."
        return (
            f"The meeting was not quorate: {self.present} voting member(s) present, "
            f"{self.needed} needed."
        )


def capacity_headings(body) -> dict[str, tuple[str, int]]:
    """capacity -> (printed heading, order): the body's own, else the defaults (1 query)."""
    headings = {str(k): v for k, v in DEFAULT_CAPACITIES.items()}
    for row in BodyCapacity.objects.filter(body=body):
        headings[row.capacity] = (row.heading, row.order)
    return headings


def attendance_groups(body, rows, *, public_count: int | None, describe) -> tuple:
    """The present in their capacity groups, in the body's order, then the apologies.
    `describe(row)` is how a row prints ("M Bracey (Chief Executive - ...)")."""
    headings = capacity_headings(body)
    present = [row for row in rows if row.status == AttendanceStatus.PRESENT]
    present.sort(key=lambda row: (headings.get(row.capacity, ("", 999))[1], row.order, row.pk))
    groups: dict[str, dict] = {}
    for row in present:
        heading = headings.get(row.capacity, ("Present", 0))[0]
        group = groups.setdefault(heading, {"first": "", "entries": []})
        suffix = CAPACITY_SUFFIX.get(row.capacity)
        if suffix and not group["first"] and not group["entries"]:
            group["first"] = f"{describe(row)} ({suffix})"
        else:
            group["entries"].append(describe(row) + (f" ({suffix})" if suffix else ""))
    if public_count:
        also = headings["also_present"][0]
        count = in_words(public_count)
        public = f"{count} member{'s' if public_count != 1 else ''} of the public"
        groups.setdefault(also, {"first": "", "entries": []})["entries"].append(public)
    printed = [
        PrintedGroup(heading, tuple(group["entries"]), group["first"])
        for heading, group in groups.items()
    ]
    apologies = [describe(row) for row in rows if row.status == AttendanceStatus.APOLOGIES]
    if apologies:
        printed.append(PrintedGroup("Apologies", tuple(apologies)))
    return tuple(printed)


def quorum(meeting, rows) -> Quorum | None:
    """The body's quorum against the voting members present; None when it sets none."""
    procedure = Procedure.objects.filter(body_id=meeting.body_id).first()
    if procedure is None or not procedure.quorum:
        return None
    voting = [row for row in rows if row.capacity in VOTING_CAPACITIES]
    present = sum(1 for row in voting if row.status == AttendanceStatus.PRESENT)
    needed = procedure.needed(len(voting))
    if needed is None:
        return None
    return Quorum(needed=needed, present=present)


def declarations_by_item(meeting, items, *, with_confidential: bool) -> dict[int, tuple]:
    """item pk -> the declaration sentences printed under it: all under the declarations
    item when the minutes have one, else each under the item it concerns (1 query). A
    declaration in an exempt item is not printed in the public edition."""
    declarations = Declaration.objects.filter(meeting=meeting).select_related("attendee", "item")
    if not with_confidential:
        declarations = declarations.exclude(item__confidential=True)
    under = next((item.pk for item in items if DECLARATIONS_TITLE.search(item.title)), None)
    printed: dict[int, list[str]] = {}
    for declaration in declarations:
        item = declaration.item
        reference = ""
        if item is not None:
            reference = item.minute_reference(meeting.body) or item.number
        where = under or (item.pk if item else None) or (items[0].pk if items else None)
        if where is None:
            continue
        printed.setdefault(where, []).append(declaration.sentence(reference))
    return {pk: tuple(sentences) for pk, sentences in printed.items()}

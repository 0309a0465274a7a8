"""Who the officer means by the initials typed in the minutes.

Minutes name people by the initials printed on the attendance ("MT", "AK/1") and
open a paragraph with the speaker in several ways: "AK welcomed", "AK: ...",
"AK – ...", "AK - ...". When two people share initials the minutes tell them apart
("AK/1", "AK/2"), but a paragraph may still say just "AK": it means whichever of
them can be meant (the one present), and when more than one can, nobody is chosen
and the candidates are named.

Actions may be owned by a group as the minutes write it ("All", "Chair",
"IAG members", "TVP", a position): those are kept as text beside the owners.
"""

import re
from dataclasses import dataclass, field

from meetings.models import Attendance, AttendanceStatus

# A paragraph's opening initials: "MT", "AK/1", "EBr", "RRK"; then a space, a
# colon, or a dash between spaces; not "A" (an article) nor ordinary words.
LEADING_SPEAKER = re.compile(
    r"^\s*(?P<initials>[A-Z]{2,4}[a-z]?(?:/[1-9][0-9]?)?|[A-Z]/[1-9])"
    r"(?=\s*:|\s+[–—-]\s|\s|$)"
)

# Group owners every body understands; a position or organisation on the
# attendance (e.g. "TVP LPA Commander", "MKC") is a group owner too.
GROUP_OWNERS = ("All", "Chair", "IAG Chair", "IAG members", "Members", "TVP")


def leading_initials(text: str) -> str:
    """The speaker's initials a paragraph opens with, or ""."""
    match = LEADING_SPEAKER.match(text or "")
    return match["initials"] if match else ""


def split_initials(value: str) -> list[str]:
    """ "MT, MH" / "MT MH" / "MT/MH"... -> ["MT", "MH"], keeping AK/1 whole."""
    return [token for token in re.split(r"[\s,;&+]+", value.strip()) if token]


def base_initials(initials: str) -> str:
    """AK for AK/1, AK/2 and AK."""
    return initials.split("/")[0].lower()


@dataclass
class Resolved:
    """The attendees typed initials name, and what could not be resolved."""

    people: list[Attendance] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    # initials -> the attendees it could mean, when more than one can
    ambiguous: dict[str, list[Attendance]] = field(default_factory=dict)
    groups: list[str] = field(default_factory=list)


class Attendees:
    """A meeting's attendance, looked up by the initials the minutes use."""

    def __init__(self, attendance):
        self.rows = list(attendance)
        self.exact = {a.initials.lower(): a for a in self.rows}
        groups = {g.lower(): g for g in GROUP_OWNERS}
        for a in self.rows:
            if a.role:
                groups.setdefault(a.role.lower(), a.role)
        self.groups = groups

    def candidates(self, token: str) -> list[Attendance]:
        """Who `token` can mean: the exact initials, else everyone whose initials are
        `token`/n and who is present (AK: AK/1 present, not AK/2 who sent apologies)."""
        exact = self.exact.get(token.lower())
        if exact is not None:
            return [exact]
        if "/" in token:
            return []
        same = [a for a in self.rows if base_initials(a.initials) == token.lower()]
        present = [a for a in same if a.status == AttendanceStatus.PRESENT]
        return present or same

    def resolve(self, typed: str, *, groups: bool = False) -> Resolved:
        """The people (and, for owners, groups) named by `typed`, in order."""
        result = Resolved()
        parts = [p.strip() for p in re.split(r"[,;]+", typed or "") if p.strip()]
        for part in parts:
            if groups and part.lower() in self.groups:
                name = self.groups[part.lower()]
                if name not in result.groups:
                    result.groups.append(name)
                continue
            for token in split_initials(part):
                if groups and token.lower() in self.groups:
                    name = self.groups[token.lower()]
                    if name not in result.groups:
                        result.groups.append(name)
                    continue
                found = self.candidates(token)
                if not found:
                    result.unknown.append(token)
                elif len(found) > 1:
                    result.ambiguous[token] = found
                elif found[0] not in result.people:
                    result.people.append(found[0])
        return result


def describe(attendee: Attendance) -> str:
    """ "AK/2 (Angela Kowalski, IAG Member, apologies)" for a message naming candidates."""
    details = [d for d in (attendee.name, attendee.role) if d]
    if attendee.status != AttendanceStatus.PRESENT:
        details.append(attendee.get_status_display().lower())
    return f"{attendee.initials} ({', '.join(details)})" if details else attendee.initials

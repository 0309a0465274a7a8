"""Import legacy minutes: parse, match people, save the meeting in one transaction."""

import datetime
import hashlib
import re
from dataclasses import dataclass, field

from django.db import DataError, IntegrityError, transaction
from django.db.models import Q

from actions.models import Action
from committee.models import Decision
from imports.models import Flag, ImportRecord
from imports.parsing import AttendanceRow, Corrections, NotMinutes, ParsedMinutes, parse_minutes
from imports.parsing.lexicon import HONORIFICS
from meetings import lifecycle
from meetings.models import (
    AgendaItem,
    Attendance,
    Capacity,
    Meeting,
    MeetingStatus,
    Point,
    PointKind,
)
from members.models import Body, ItemKind, Membership, Person, Role, disambiguate

__all__ = ["DateNeeded", "ImportReport", "NotMinutes", "import_minutes", "sha256_of"]

MEMBER_SECTIONS = {"present", "apologies", "co-opted members without voting rights"}


class DateNeeded(NotMinutes):
    """The minutes have no date that could be read: the officer is asked for it."""


@dataclass
class ImportReport:
    """What an import recognised, flagged and created (or would create, on a dry run)."""

    source_name: str
    parsed: ParsedMinutes
    dry_run: bool
    existing: bool = False
    meeting_id: int | None = None
    new_people: list[dict] = field(default_factory=list)
    corrections: Corrections = field(default_factory=Corrections)

    @property
    def date(self) -> datetime.date | None:
        return self.parsed.header.date

    def counts(self) -> dict:
        rows = self.parsed.attendance
        return {
            "present": sum(row.status == "present" for row in rows),
            "apologies": sum(row.status == "apologies" for row in rows),
            "items": len(self.parsed.items),
            "points": len(self.parsed.points()),
            "actions": sum(len(item.actions) for item in self.parsed.items),
            "flagged": len(self.parsed.flagged()),
        }

    def flagged_lines(self) -> list[dict]:
        return [
            {"item": item.number or item.title, "lines": point.lines, "reason": point.flag}
            for item in self.parsed.items
            for point in item.points
            if point.flag
        ]

    def summary(self) -> dict:
        """The --json shape: date and counts first, then what was found besides."""
        header = self.parsed.header
        return {
            "source": self.source_name,
            "date": self.date.isoformat() if self.date else None,
            **self.counts(),
            "existing": self.existing,
            "meeting": self.meeting_id,
            "dry_run": self.dry_run,
            "style": self.parsed.style,
            "start_time": header.start_time.strftime("%H:%M") if header.start_time else None,
            "location": header.location,
            "year_inferred_from": header.year_inferred_from,
            "next_meeting": self.parsed.next_meeting.isoformat()
            if self.parsed.next_meeting
            else None,
            "programme": [
                {"date": date.isoformat(), "topic": topic} for date, topic in self.parsed.programme
            ],
            "new_people": self.new_people,
            "flagged_lines": self.flagged_lines(),
            "not_imported": [
                {"line": number, "text": text} for number, text in self.parsed.not_imported
            ],
            "notes": self.parsed.notes,
            "missing": self.parsed.missing,
            "public_count": self.parsed.public_count,
            "corrections": self.corrections.as_json() if self.corrections else None,
        }


def sha256_of(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def import_minutes(
    *,
    body: Body,
    source_name: str,
    lines: list[str],
    dry_run: bool,
    by=None,
    year: int | None = None,
    parsed: ParsedMinutes | None = None,
    corrections: Corrections | None = None,
) -> ImportReport:
    """Import one file of minutes into `body`; raise NotMinutes if it cannot be read.

    Everything is written in one transaction; a dry run writes it and rolls it
    back, so the preview reports exactly what the import would do. `parsed` is
    `lines` already read with `year` (the upload form reads them to validate);
    `corrections` are what the officer changed in the preview. Minutes without a
    date are previewed (to ask for it) but not saved: DateNeeded.
    """
    corrections = corrections or Corrections()
    if parsed is None:
        parsed = parse_minutes(lines, year=year, corrections=corrections)
    report = ImportReport(
        source_name=source_name, parsed=parsed, dry_run=dry_run, corrections=corrections
    )
    importer = by if getattr(by, "is_authenticated", False) else None
    if parsed.header.date is None:
        if dry_run:
            return report
        reasons = [note for note in parsed.notes if "date" in note.lower()]
        raise DateNeeded(
            (reasons[-1] if reasons else "No meeting date was found: give the date.")
            + " Give the date in the preview, or the year (--year)."
        )
    if not parsed.header.location and body.default_location:
        parsed.header.location = body.default_location
        parsed.notes.append(f"No venue was found: the body's usual venue, {body.default_location}.")
    digest = sha256_of(lines)
    start_time = parsed.header.start_time or body.default_start_time
    with transaction.atomic():
        existing = (
            ImportRecord.objects.filter(meeting__body=body, sha256=digest)
            .values_list("meeting_id", flat=True)
            .first()
        ) or (
            Meeting.objects.filter(body=body, date=parsed.header.date, start_time=start_time)
            .values_list("pk", flat=True)
            .first()
        )
        if existing:
            report.existing, report.meeting_id = True, existing
            return report
        try:
            with transaction.atomic():
                meeting = _save(body, parsed, start_time, report)
        except (IntegrityError, DataError) as error:
            # Whatever the parser let through that the database refuses: the file
            # is reported, and nothing of it is saved.
            raise NotMinutes(
                f"These minutes could not be saved as read ({error.__class__.__name__}): "
                "check the attendance initials and the item numbers in the file."
            ) from error
        ImportRecord.objects.create(
            meeting=meeting,
            source_name=source_name[:255],
            sha256=digest,
            imported_by=importer,
            report=report.summary() | {"dry_run": False},
        )
        _save_flags(meeting, parsed)
        # Minutes on file were agreed where they were written: recorded so, and locked.
        lifecycle.apply(
            meeting,
            "record_agreed",
            by=importer,
            note=f"Imported from {source_name[:200]}.",
        )
        report.meeting_id = None if dry_run else meeting.pk
        if dry_run:
            transaction.set_rollback(True)
    return report


def _save(body: Body, parsed: ParsedMinutes, start_time, report: ImportReport) -> Meeting:
    header = parsed.header
    end_time = header.end_time if header.end_time and header.end_time > start_time else None
    meeting = Meeting.objects.create(
        body=body,
        date=header.date,
        start_time=start_time,
        end_time=end_time,
        # The parser fitted text to the fields and kept anything longer in a
        # flagged point (parsing.fit_fields): nothing is cut here.
        location=header.location,
        topic=header.topic,
        **_formal_record(parsed),
        status=MeetingStatus.DRAFT,  # agreed once all of it is in: see import_minutes
    )
    people = _people(body, parsed, report, report.corrections.members)
    attendance = Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting,
                person=people[index],
                name=row.name or people[index].name,
                initials=row.initials,
                role=row.role,
                status=row.status,
                is_minute_taker=row.is_minute_taker,
                capacity=row.capacity
                or (Capacity.MINUTE_TAKER if row.is_minute_taker else Capacity.MEMBER),
                order=index + 1,
            )
            for index, row in enumerate(parsed.attendance)
        ]
    )
    by_initials = {a.initials: a for a in attendance}
    representing = [
        (a, by_initials[row.representing])
        for a, row in zip(attendance, parsed.attendance, strict=True)
        if row.representing in by_initials
    ]
    for attendee, represented in representing:
        attendee.representing_id = represented.person_id
    if representing:
        Attendance.objects.bulk_update([a for a, _r in representing], ["representing"])

    items = [
        AgendaItem(
            meeting=meeting,
            order=order,
            number=item.number,
            title=item.title,
            lead=item.lead,
            state=item.state,
            confidential=item.confidential,
            minute_number=item.minute_number,
            exempt_paragraphs=item.exempt_paragraphs,
        )
        for order, item in enumerate(parsed.items, start=1)
    ]
    marked = False  # the first "Previous notes/actions" item reviews the earlier minutes
    for item in items:
        item.kind = ItemKind.from_title(item.title, taken=marked)
        marked = marked or item.kind == ItemKind.PREVIOUS_MINUTES
    items = AgendaItem.objects.bulk_create(items)
    points, speakers = [], []
    for saved_item, item in zip(items, parsed.items, strict=True):
        for order, point in enumerate(item.points, start=1):
            points.append(
                Point(
                    item=saved_item,
                    order=order,
                    kind=point.kind,
                    text=point.text,
                    confidential=item.confidential,
                )
            )
    points = Point.objects.bulk_create(points)
    parsed_points = parsed.points()
    for saved, point in zip(points, parsed_points, strict=True):
        point.saved_pk = saved.pk
        speakers += [
            Point.speakers.through(point_id=saved.pk, attendance_id=by_initials[initials].pk)
            for initials in point.speakers
        ]
    Point.speakers.through.objects.bulk_create(speakers)
    # Every RESOLVED block is a decision of the register (committee/).
    decisions = [Decision(point=point) for point in points if point.kind == PointKind.DECISION]
    if decisions:
        Decision.objects.bulk_create(decisions)

    actions, owners = [], []
    for saved_item, item in zip(items, parsed.items, strict=True):
        for order, action in enumerate(item.actions, start=1):
            actions.append(
                Action(
                    item=saved_item,
                    order=order,
                    description=action.description,
                    due_date=action.due or parsed.next_meeting,
                )
            )
    actions = Action.objects.bulk_create(actions)
    parsed_actions = [action for item in parsed.items for action in item.actions]
    for saved, action in zip(actions, parsed_actions, strict=True):
        owners += [
            Action.owners.through(action_id=saved.pk, attendance_id=by_initials[initials].pk)
            for initials in action.owners
        ]
    Action.owners.through.objects.bulk_create(owners)
    # Bulk writes send no save signals: index the imported minutes in one pass (search/).
    from search.indexing import index_meeting

    index_meeting(meeting, new=True)
    return meeting


def _formal_record(parsed: ParsedMinutes) -> dict:
    """What the formal style records of the meeting beside its rows."""
    if parsed.style != "formal":
        return {}
    return {
        "public_count": parsed.public_count,
        "next_date": parsed.next_meeting,
        "next_time": parsed.next_time,
        "no_interests_declared": parsed.no_interests_declared,
    }


def _save_flags(meeting: Meeting, parsed: ParsedMinutes) -> None:
    record = meeting.imports.latest("pk")
    Flag.objects.bulk_create(
        [
            Flag(record=record, point_id=point.saved_pk, reason=point.flag[:300])
            for point in parsed.flagged()
        ]
    )


def _people(
    body: Body, parsed: ParsedMinutes, report: ImportReport, chosen: dict[int, int]
) -> list[Person]:
    """The person for each attendance row: a member of the body, or someone new.

    New people and their memberships are created in two bulk queries, so an import
    costs the same few queries however long the attendance list is.
    """
    memberships = list(
        Membership.objects.filter(body=body)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=parsed.header.date))
        .select_related("person")
        .order_by("end_date")
    )
    by_initials = {m.initials.lower(): m for m in memberships}
    by_name = {m.person.name.lower(): m for m in memberships}
    by_name |= {bare_name(m.person.name): m for m in memberships if bare_name(m.person.name)}
    by_pk = {m.pk: m for m in memberships}
    matched: list[Membership | None] = []
    for index, row in enumerate(parsed.attendance):
        if index in chosen:
            # The officer said who this is in the preview (0: someone new).
            matched.append(by_pk.get(chosen[index]))
        elif parsed.style == "formal":
            matched.append(by_name.get(row.name.lower()))
        elif parsed.style == "general":
            found = by_name.get(row.name.lower()) or by_name.get(bare_name(row.name))
            if found is None and (row.printed_initials or not row.name):
                found = by_initials.get(row.initials.lower())
            matched.append(found)
        else:
            matched.append(by_initials.get(row.initials.lower()))
    new_rows = [row for row, m in zip(parsed.attendance, matched, strict=True) if m is None]
    people = Person.objects.bulk_create([Person(name=row.name or row.initials) for row in new_rows])
    taken = set(by_initials)
    new_memberships = []
    for row, person in zip(new_rows, people, strict=True):
        membership = _new_membership(body, row, person, parsed.style, taken)
        taken.add(membership.initials.lower())
        new_memberships.append(membership)
        report.new_people.append(
            {
                "initials": row.initials,
                "name": person.name,
                "position": membership.position,
                "role": membership.role,
            }
        )
    Membership.objects.bulk_create(new_memberships)
    fresh = iter(new_memberships)
    return [(m or next(fresh)).person for m in matched]


def bare_name(name: str) -> str:
    """ "Cllr A Smith" and "A Smith" are one person: the name without its title."""
    return re.sub(rf"^{HONORIFICS}\.?\s+", "", name.strip(), flags=re.IGNORECASE).lower()


def _new_membership(
    body: Body, row: AttendanceRow, person: Person, style: str, taken: set[str]
) -> Membership:
    if style == "formal":
        role = Role.MEMBER if row.section.lower() in MEMBER_SECTIONS else Role.GUEST
    elif style == "general":
        position = f"{row.role} {row.section}".lower()
        member = any(w in position for w in ("member", "chair", "cllr", "councillor", "present"))
        role = Role.MEMBER if member else Role.GUEST
    else:
        position = row.role.lower()
        role = Role.MEMBER if ("member" in position or "chair" in position) else Role.GUEST
    initials = disambiguate(row.initials, taken)
    return Membership(
        body=body,
        person=person,
        role=role,
        position=row.role or row.section or "Attendee",
        initials=initials,
    )

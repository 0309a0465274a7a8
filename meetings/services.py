"""Workflows of minute-taking that span several rows: creating a meeting with its
agenda, saving an autosaved row under a version check, inserting and moving rows,
adding people to the attendance."""

import hashlib
import json
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from meetings import lifecycle
from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    Point,
)
from meetings.people import base_initials
from members.models import Membership, disambiguate
from search.indexing import one_pass


class AgendaSource:
    BLANK = "blank"
    STANDARD = "standard"
    PREVIOUS = "previous"


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's latest earlier meeting that has an agenda."""
    return (
        Meeting.objects.filter(meeting.earlier(), items__isnull=False)
        .order_by("-date", "-start_time")
        .first()
    )


@transaction.atomic
def fill_agenda(*, meeting: Meeting, source: str) -> int:
    """Give an empty agenda its items from the body's standard agenda or the
    previous meeting. Returns how many items were added."""
    if meeting.items.exists():
        return 0
    if source == AgendaSource.STANDARD:
        rows = [(s.title, s.lead, s.kind) for s in meeting.body.standard_items.all()]
    elif source == AgendaSource.PREVIOUS:
        earlier = previous_meeting(meeting)
        rows = [(i.title, i.lead, i.kind) for i in earlier.items.all()] if earlier else []
    else:
        rows = []
    if meeting.body.is_formal:
        # Minute numbers run on through the year: SMK25 after the last meeting's SMK24.
        from committee.numbering import next_minute_number

        first = next_minute_number(meeting)
        numbered = {"number": lambda n: "", "minute_number": lambda n: first + n - 1}
    else:
        numbered = {"number": str, "minute_number": lambda n: None}
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            order=n,
            number=numbered["number"](n),
            minute_number=numbered["minute_number"](n),
            title=title,
            lead=lead,
            kind=kind,
        )
        for n, (title, lead, kind) in enumerate(rows, start=1)
    )
    # Bulk writes send no save signals: index the new items in one pass (search/).
    from search.indexing import index_rows

    index_rows(AgendaItem, meeting.items.values_list("pk", flat=True))
    return len(rows)


def start_minutes(meeting: Meeting, *, by=None) -> None:
    """A scheduled meeting becomes a draft as soon as minutes are typed for it."""
    lifecycle.start_minutes(meeting, by=by)


@dataclass
class Saved:
    """The outcome of saving an autosaved row."""

    version: int
    conflict: bool = False
    current: object = None


@transaction.atomic(savepoint=False)
def save_versioned(
    *, instance, version: int, fields: dict, people_attr: str = "", people=None, locked=False
) -> Saved:
    """Write `fields` (cleaned values) to the row if nobody saved it since the
    `version` the editor read; otherwise change nothing and return the row as it is.

    The row is read again under a lock (a row lock on PostgreSQL; SQLite's
    IMMEDIATE transactions hold the write lock from the start), so two officers
    saving at the same moment cannot both win; `locked`: the caller read `instance`
    under that lock in the transaction it runs in, so it is not read again. It is
    saved with save(), so the change is in the minutes' history, with who made it.
    """
    rows = type(instance).objects.select_for_update()
    current = instance if locked else rows.get(pk=instance.pk)
    if current.version != version:
        return Saved(version=0, conflict=True, current=current)
    for name, value in fields.items():
        setattr(current, name, value)
    # The row and its people indexed once, as they stand after both writes.
    with one_pass():
        current.save()
        if people_attr:
            getattr(current, people_attr).set(people or [])
    return Saved(version=current.version, current=current)


def _insert_position(model, parent_filter: dict, after_id: int | None) -> int:
    """Make room after `after_id` (or at the end) and return the free order."""
    siblings = model.objects.filter(**parent_filter)
    if after_id:
        after = siblings.filter(pk=after_id).values_list("order", flat=True).first()
        if after is not None:
            siblings.filter(order__gt=after).update(order=F("order") + 1)
            return after + 1
    return (siblings.aggregate(last=Max("order"))["last"] or 0) + 1


class RowNotFound(Exception):
    """A client key names a row of another meeting or kind."""


@transaction.atomic
def create_row(
    *,
    model,
    parent: dict,
    fields: dict,
    client_key: uuid.UUID | None = None,
    after_id: int | None = None,
    people_attr: str = "",
    people=(),
):
    """Create an autosaved row from its first save, placed after `after_id`.

    Idempotent by `client_key`: the page makes one per row it creates, and a
    repeated create (a retry after a lost answer, a double submit) returns the row
    already made, unchanged. Returns (row, created).
    """
    if client_key is not None:
        existing = model.objects.filter(client_key=client_key).first()
        if existing is not None:
            if any(getattr(existing, name) != value for name, value in parent.items()):
                raise RowNotFound(client_key)
            return existing, False
    row = model(**parent, **fields, client_key=client_key)
    row.order = _insert_position(model, parent, after_id)
    with one_pass():
        row.save()
        if people_attr:
            getattr(row, people_attr).set(people)
    return row, True


def find_by_client_key(model, client_key, parent: dict):
    """The row a create with `client_key` made (after a race on the unique key)."""
    if client_key is None:
        return None
    return model.objects.filter(client_key=client_key, **parent).first()


@transaction.atomic
def move_row(*, row, direction: str, parent_filter: dict) -> dict[int, int]:
    """Swap a row with its neighbour above or below.

    Returns the new versions of the two rows ({} when the row is at the edge), so
    the editor's next saves of either are not taken for someone else's change.
    """
    model = type(row)
    siblings = model.objects.select_for_update().filter(**parent_filter)
    row = siblings.get(pk=row.pk)
    others = siblings.exclude(pk=row.pk)
    if direction == "up":
        neighbour = (
            others.filter(Q(order__lt=row.order) | Q(order=row.order, pk__lt=row.pk))
            .order_by("-order", "-pk")
            .first()
        )
    else:
        neighbour = (
            others.filter(Q(order__gt=row.order) | Q(order=row.order, pk__gt=row.pk))
            .order_by("order", "pk")
            .first()
        )
    if neighbour is None:
        return {}
    row_order, neighbour_order = row.order, neighbour.order
    if row_order == neighbour_order:  # rows that share an order: make them distinct
        neighbour_order += 1 if direction == "down" else -1
    row.order, neighbour.order = neighbour_order, row_order
    row.save(update_fields=["order"])
    neighbour.save(update_fields=["order"])
    return {row.pk: row.version, neighbour.pk: neighbour.version}


def free_initials(meeting: Meeting, wanted: str) -> str:
    """`wanted`, or the first of wanted/2, /3... not yet on the meeting's attendance."""
    taken = {i.lower() for i in meeting.attendance.values_list("initials", flat=True)}
    return disambiguate(wanted, taken)


def find_member(meeting: Meeting, who: str) -> list[Membership]:
    """Current members of the meeting's body matching typed initials or name."""
    members = Membership.objects.current(meeting.date).filter(body_id=meeting.body_id)
    who = who.strip()
    # The type-ahead offers "AK/1 · Adeel Karim · IAG Chair"; take the initials.
    initials = who.split("·")[0].strip()
    exact = list(members.filter(initials__iexact=initials).select_related("person"))
    if exact:
        return exact
    return list(members.filter(person__name__icontains=who).select_related("person")[:5])


class AlreadyListed(Exception):
    """The person is on the attendance already: nothing is added, nobody is moved."""

    def __init__(self, attendee: Attendance):
        super().__init__(f"{attendee.initials} is already on the attendance")
        self.attendee = attendee


class InitialsTaken(Exception):
    """Someone else on the attendance has (or could be confused with) these initials."""

    def __init__(self, wanted: str, holders: list[Attendance], suggestion: str):
        super().__init__(f"{wanted} is already on the attendance")
        self.wanted = wanted
        self.holders = holders
        self.suggestion = suggestion

    @property
    def can_renumber(self) -> bool:
        # "AK" already listed, another AK arrives: the minutes print AK/1 and AK/2.
        return len(self.holders) == 1 and "/" not in self.holders[0].initials + self.wanted


def clashing(meeting: Meeting, initials: str) -> list[Attendance]:
    """Attendees whose printed initials the new ones would clash with: the same, or
    the same letters where one has no number (AK beside AK/1 could mean either)."""
    base = base_initials(initials)
    return [
        a
        for a in meeting.attendance.select_for_update().order_by("order", "pk")
        if a.initials.lower() == initials.lower()
        or (base_initials(a.initials) == base and ("/" not in a.initials or "/" not in initials))
    ]


def _next_number(meeting: Meeting, initials: str) -> str:
    base = initials.split("/")[0]
    taken = {i.lower() for i in meeting.attendance.values_list("initials", flat=True)}
    return next(f"{base}/{n}" for n in range(2, 100) if f"{base}/{n}".lower() not in taken)


def _place(meeting: Meeting, wanted: str, *, renumber: bool) -> tuple[str, list[Attendance]]:
    """The initials a newcomer gets, and who was renumbered to make room.

    Nobody's initials change unless the officer asked (`renumber`): a clash is a
    question for the officer (InitialsTaken), never a silent change."""
    holders = clashing(meeting, wanted)
    if not holders:
        return wanted, []
    error = InitialsTaken(wanted, holders, _next_number(meeting, wanted))
    if not (renumber and error.can_renumber):
        raise error
    holder = holders[0]
    base = holder.initials
    holder.initials = f"{base}/1"
    holder.save(update_fields=["initials"])
    return f"{base}/2", [holder]


def _existing(meeting: Meeting, client_key) -> Attendance | None:
    if client_key is None:
        return None
    return meeting.attendance.filter(client_key=client_key).first()


@transaction.atomic
def add_attendee(
    *,
    meeting: Meeting,
    membership: Membership,
    status: str = AttendanceStatus.PRESENT,
    initials: str = "",
    renumber: bool = False,
    client_key: uuid.UUID | None = None,
) -> tuple[Attendance, list[Attendance]]:
    """Put a member on the attendance once, with the initials the minutes print.

    Returns the attendee and whoever was renumbered (AK became AK/1) at the
    officer's request. Raises AlreadyListed or InitialsTaken, changing nothing."""
    again = _existing(meeting, client_key)
    if again is not None:
        return again, []
    existing = meeting.attendance.filter(person_id=membership.person_id).first()
    if existing:
        raise AlreadyListed(existing)
    placed, renamed = _place(meeting, initials or membership.initials, renumber=renumber)
    start_minutes(meeting)
    attendee = Attendance.objects.create(
        meeting=meeting,
        person=membership.person,
        name=membership.person.name,
        initials=placed,
        role=membership.position,
        status=status,
        order=_insert_position(Attendance, {"meeting": meeting}, None),
        client_key=client_key,
    )
    return attendee, renamed


@transaction.atomic
def add_guest(
    *,
    meeting: Meeting,
    name: str,
    initials: str,
    role: str,
    status: str,
    representing=None,
    renumber: bool = False,
    client_key: uuid.UUID | None = None,
) -> tuple[Attendance, list[Attendance]]:
    """Put someone who is not a member on the attendance (a guest, a partner
    officer, a Mayor); the name may be left out. See add_attendee."""
    again = _existing(meeting, client_key)
    if again is not None:
        return again, []
    same = meeting.attendance.filter(initials__iexact=initials, person__isnull=True)
    for attendee in same:
        if attendee.name.strip().lower() == name.strip().lower():
            raise AlreadyListed(attendee)
    placed, renamed = _place(meeting, initials, renumber=renumber)
    start_minutes(meeting)
    attendee = Attendance.objects.create(
        meeting=meeting,
        name=name,
        initials=placed,
        role=role or "Guest",
        status=status,
        representing=representing,
        order=_insert_position(Attendance, {"meeting": meeting}, None),
        client_key=client_key,
    )
    return attendee, renamed


# --- What the open editors poll -------------------------------------------------


def minutes_snapshot(meeting: Meeting) -> list[list]:
    """Every row of the minutes as [kind, id, version, parent id, order, client key],
    five small queries, whatever the size of the minutes."""
    from actions.models import Action

    snapshot = [["header", meeting.pk, meeting.version, None, 0, ""]]
    sources = [
        ("attendance", Attendance.objects.filter(meeting=meeting), "meeting_id"),
        ("item", AgendaItem.objects.filter(meeting=meeting), "meeting_id"),
        ("point", Point.objects.filter(item__meeting=meeting), "item_id"),
        ("action", Action.objects.filter(item__meeting=meeting), "item_id"),
    ]
    for kind, rows, parent in sources:
        # The client key lets the page that created a row know it as its own.
        for pk, version, parent_id, order, key in rows.order_by(parent, "order", "pk").values_list(
            "pk", "version", parent, "order", "client_key"
        ):
            snapshot.append([kind, pk, version, parent_id, order, key.hex if key else ""])
    return snapshot


def snapshot_revision(snapshot: list[list]) -> str:
    """A short fingerprint that changes with any save, create, delete or move."""
    return hashlib.blake2b(json.dumps(snapshot).encode(), digest_size=8).hexdigest()


def minutes_revision(meeting: Meeting) -> str:
    return snapshot_revision(minutes_snapshot(meeting))


def stamp() -> str:
    return timezone.localtime().strftime("%H:%M:%S")

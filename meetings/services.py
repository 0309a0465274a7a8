"""Workflows of minute-taking that span several rows: creating a meeting with its
agenda, saving an autosaved row under a version check, inserting and moving rows,
adding people to the attendance."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from meetings import lifecycle
from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
)
from members.models import Membership, disambiguate


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
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=n, number=str(n), title=title, lead=lead, kind=kind)
        for n, (title, lead, kind) in enumerate(rows, start=1)
    )
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
    unknown: list[str] = field(default_factory=list)


@transaction.atomic
def save_versioned(*, instance, form, people_attr: str = "") -> Saved:
    """Write a validated form's fields to its row if nobody saved it since the
    version the editor read; otherwise change nothing and return the row as it is.

    The row is read again under a lock (a row lock on PostgreSQL; SQLite's
    IMMEDIATE transactions hold the write lock from the start), so two officers
    saving at the same moment cannot both win. It is saved with save(), so the
    change is in the minutes' history, with who made it.
    """
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if current.version != form.cleaned_data["version"]:
        return Saved(version=0, conflict=True, current=current)
    for name in form._meta.fields:
        setattr(current, name, form.cleaned_data[name])
    current.save()
    unknown = []
    if people_attr:
        getattr(current, people_attr).set(form.people())
        unknown = form.unknown
    return Saved(version=current.version, unknown=unknown)


def _insert_position(model, parent_filter: dict, after_id: int | None) -> int:
    """Make room after `after_id` (or at the end) and return the free order."""
    siblings = model.objects.filter(**parent_filter)
    if after_id:
        after = siblings.filter(pk=after_id).values_list("order", flat=True).first()
        if after is not None:
            siblings.filter(order__gt=after).update(order=F("order") + 1)
            return after + 1
    return (siblings.aggregate(last=Max("order"))["last"] or 0) + 1


@transaction.atomic
def create_row(*, form, parent_filter: dict, after_id: int | None = None, people_attr: str = ""):
    """Create an autosaved row from its first save, placed after `after_id`."""
    instance = form.save(commit=False)
    for name, value in parent_filter.items():
        setattr(instance, name, value)
    instance.order = _insert_position(type(instance), parent_filter, after_id)
    instance.save()
    unknown = []
    if people_attr:
        getattr(instance, people_attr).set(form.people())
        unknown = form.unknown
    return instance, unknown


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


@transaction.atomic
def add_attendee(
    *, meeting: Meeting, membership: Membership, status: str = AttendanceStatus.PRESENT
) -> Attendance:
    existing = meeting.attendance.filter(person_id=membership.person_id).first()
    if existing:
        if existing.status != status:
            Attendance.objects.filter(pk=existing.pk).update(
                status=status, version=F("version") + 1
            )
            existing.refresh_from_db()
        return existing
    start_minutes(meeting)
    return Attendance.objects.create(
        meeting=meeting,
        person=membership.person,
        name=membership.person.name,
        initials=free_initials(meeting, membership.initials),
        role=membership.position,
        status=status,
        order=_insert_position(Attendance, {"meeting": meeting}, None),
    )


@transaction.atomic
def add_guest(
    *, meeting: Meeting, name: str, initials: str, role: str, status: str, representing=None
) -> Attendance:
    start_minutes(meeting)
    return Attendance.objects.create(
        meeting=meeting,
        name=name,
        initials=free_initials(meeting, initials),
        role=role or "Guest",
        status=status,
        representing=representing,
        order=_insert_position(Attendance, {"meeting": meeting}, None),
    )


def stamp() -> str:
    return timezone.localtime().strftime("%H:%M:%S")

"""Read the minutes' history (django-simple-history) as a list of changes: who
changed what and when, and the minutes as they stood after any change, to compare
any two versions."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.utils.safestring import SafeString

from actions.models import Action
from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus, Point
from publishing import disclosure
from reviews.snapshots import _item_text, action_data, compare, item_data, point_data, word_diff

ACTIONS = {"+": "added", "~": "changed", "-": "removed"}
KINDS = {
    "meeting": "Meeting details",
    "attendance": "Attendance",
    "item": "Agenda item",
    "point": "Point",
    "action": "Action",
}


# An officer's saves of one row, each within this long of the first, are one entry:
# autosave writes a version every few seconds, and the reader wants what changed.
SQUASH_WINDOW = datetime.timedelta(minutes=5)


@dataclass
class Event:
    """One entry of the history: a saved change to the minutes, or a run of saves of one
    row by one person within a few minutes; `number` is the version it ends at."""

    number: int
    at: object
    user: object
    kind: str
    action: str
    where: str
    old: str
    new: str
    reason: str
    hidden: bool  # confidential content the reader may not see
    first_at: object = None
    saves: int = 1

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @cached_property
    def diff(self) -> SafeString:
        # Worked out only for the entries a page shows.
        return SafeString("") if self.hidden else word_diff(self.old, self.new)


def _meeting_text(record) -> str:
    end = f" to {record.end_time:%H:%M}" if record.end_time else ""
    status = MeetingStatus(record.status).label if record.status in MeetingStatus.values else ""
    return (
        f"{record.date:%-d %B %Y}, {record.start_time:%H:%M}{end}; "
        f"{record.location or 'no venue'}; topic: {record.topic or 'none'}; status: {status}"
    )


def _attendance_text(record) -> str:
    return f"{record.initials} {record.role} ({record.status})".replace("  ", " ")


def _records(meeting: Meeting):
    """Every historical row of the meeting's minutes, oldest first (4 queries)."""
    item_ids = AgendaItem.history.filter(meeting_id=meeting.pk).values("id")
    sources = [
        ("meeting", Meeting.history.filter(id=meeting.pk)),
        ("attendance", Attendance.history.filter(meeting_id=meeting.pk)),
        ("item", AgendaItem.history.filter(meeting_id=meeting.pk)),
        ("point", Point.history.filter(item_id__in=item_ids)),
        ("action", Action.history.filter(item_id__in=item_ids)),
    ]
    tagged = []
    for kind, queryset in sources:
        tagged += [(kind, r) for r in queryset.select_related("history_user")]
    tagged.sort(key=lambda pair: (pair[1].history_date, pair[1].history_id))
    return tagged


class MinutesHistory:
    """The versions of one meeting's minutes, as its history records them."""

    def __init__(self, meeting: Meeting, *, with_confidential: bool):
        self.with_confidential = with_confidential
        self.records = _records(meeting)
        self.events = self._events()

    @property
    def last(self) -> int:
        """The number of the latest version."""
        return len(self.records)

    def _events(self) -> list[Event]:
        last: dict[tuple[str, int], object] = {}
        runs: dict[tuple[str, int], Event] = {}  # the open entry of each row
        confidential_items = {
            str(r.id) for kind, r in self.records if kind == "item" and r.confidential
        }
        events = []
        for number, (kind, record) in enumerate(self.records, start=1):
            key = (kind, record.id)
            before = last.get(key)
            last[key] = record
            # A confidential point, or any point or action of a confidential item: its
            # text is not even read into the entry.
            hidden = (
                kind in {"point", "action"}
                and not self.with_confidential
                and (
                    getattr(record, "confidential", False)
                    or getattr(before, "confidential", False)
                    or str(record.item_id) in confidential_items
                )
            )
            new = "" if record.history_type == "-" or hidden else self._text(kind, record)
            # An amendment's reason often repeats what was corrected: kept from readers
            # without confidential access for any confidential row (publishing.disclosure).
            reason = record.history_change_reason or ""
            confidential_row = hidden or (
                kind == "item"
                and not self.with_confidential
                and (record.confidential or getattr(before, "confidential", False))
            )
            if reason and confidential_row:
                reason = disclosure.WITHHELD_REASON
            run = runs.get(key)
            if (
                run is not None
                and record.history_type == "~"
                and record.history_user_id is not None
                and record.history_user_id == getattr(run.user, "pk", None)
                and not reason
                and not run.reason
                and record.history_date - run.first_at <= SQUASH_WINDOW
            ):
                # Another autosave of the same row by the same person: the entry now
                # ends at this version (every version stays in the history table).
                run.number, run.at, run.new = number, record.history_date, new
                run.saves += 1
                if hidden and not run.hidden:
                    run.hidden, run.old, run.new = True, "", ""
                run.where = self._where(kind, record, last)
                continue
            shown_before = before is not None and record.history_type != "+" and not hidden
            old = self._text(kind, before) if shown_before else ""
            event = Event(
                number=number,
                at=record.history_date,
                first_at=record.history_date,
                user=record.history_user,
                kind=kind,
                action=ACTIONS.get(record.history_type, "changed"),
                where=self._where(kind, record, last),
                old=old,
                new=new,
                reason=reason,
                hidden=hidden,
            )
            runs[key] = event
            events.append(event)
        # An entry sits where its last save falls.
        events.sort(key=lambda event: event.number)
        return events

    def _text(self, kind: str, record) -> str:
        if kind == "meeting":
            return _meeting_text(record)
        if kind == "attendance":
            return _attendance_text(record)
        if kind == "item":
            text = _item_text(item_data(record), with_confidential=self.with_confidential)
            return f"{text} (confidential)" if record.confidential else text
        if kind == "action":
            return record.description
        return record.text

    @staticmethod
    def _where(kind: str, record, last) -> str:
        if kind in {"point", "action"}:
            item = last.get(("item", record.item_id))
            return _item_text(item_data(item)).split(":")[0] if item else ""
        if kind == "item":
            return _item_text(item_data(record)).split(":")[0]
        return ""

    def state_after(self, number: int) -> dict:
        """The minutes' items and points as they stood after version `number`."""
        items: dict[str, dict] = {}
        points: dict[str, dict] = {}
        actions: dict[str, dict] = {}
        for kind, record in self.records[:number]:
            target = {"item": items, "point": points, "action": actions}.get(kind)
            if target is None:
                continue
            if record.history_type == "-":
                target.pop(str(record.id), None)
            else:
                target[str(record.id)] = {
                    "item": item_data,
                    "point": point_data,
                    "action": action_data,
                }[kind](record)
        return {"items": items, "points": points, "actions": actions}

    def compare(self, old: int, new: int):
        return compare(
            self.state_after(old), self.state_after(new), with_confidential=self.with_confidential
        )

"""The programme workflow: save a year's meetings, record the changes, tell the members."""

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, ProtectedError, Q
from django.urls import reverse
from django.utils import timezone

from iag_portal import emails, links
from meetings import lifecycle
from meetings.models import Meeting, MeetingStatus
from members import permissions
from members.models import Body, Membership
from members.permissions import Perm
from programme.models import NOTIFIED_KINDS, CalendarToken, ChangeKind, ProgrammeChange

logger = logging.getLogger(__name__)


class ProgrammeError(Exception):
    """A programme change that cannot be made, with a message for the person making it."""


@dataclass
class ProgrammeRow:
    """One row of a programme as the chair set it: an existing meeting or a new one."""

    date: datetime.date
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    location: str = ""
    topic: str = ""
    meeting: Meeting | None = None
    cancel: bool = False
    reason: str = ""


@dataclass
class SaveResult:
    added: int = 0
    changed: int = 0
    cancelled: int = 0
    reinstated: int = 0

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.cancelled or self.reinstated)


def ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def when(date: datetime.date, start: datetime.time, end: datetime.time | None = None) -> str:
    """'Wednesday 2 February 2022, 18:00–20:00' as the emails and the change log print it."""
    text = f"{date:%A} {date.day} {date:%B %Y}, {start:%H:%M}"
    return f"{text}–{end:%H:%M}" if end else text


def describe(meeting: Meeting) -> str:
    return when(meeting.date, meeting.start_time, meeting.end_time)


def programme_lines(meetings: Iterable[Meeting]) -> list[str]:
    """The meetings as the Chair's Report prints them, cancelled ones left out:
    '2nd February – Body Worn Video / Stop & Search'."""
    lines = []
    for meeting in meetings:
        if meeting.status == MeetingStatus.CANCELLED:
            continue
        date = f"{ordinal(meeting.date.day)} {meeting.date:%B}"
        lines.append(f"{date} – {meeting.topic}" if meeting.topic else date)
    return lines


def year_meetings(*, body: Body, year: int):
    """The body's meetings in `year`, in date order: the programme itself."""
    return Meeting.objects.filter(body=body, date__year=year).order_by("date", "start_time")


def _record(meeting, kind, by, *, old="", new="", reason="") -> ProgrammeChange:
    return ProgrammeChange.objects.create(
        meeting=meeting, kind=kind, old_value=old, new_value=new, reason=reason, changed_by=by
    )


def _cancel(meeting: Meeting, reason: str, by) -> ProgrammeChange | None:
    if meeting.status == MeetingStatus.CANCELLED:
        return None
    if meeting.has_minutes:
        raise ProgrammeError(
            f"The meeting of {describe(meeting)} already has minutes "
            f"({meeting.get_status_display().lower()}), so it cannot be cancelled or removed."
        )
    lifecycle.apply(meeting, "cancel", by=by, note=reason)
    return _record(meeting, ChangeKind.CANCELLED, by, old=describe(meeting), reason=reason)


def _update(meeting: Meeting, row: ProgrammeRow, by) -> list[ProgrammeChange]:
    """Apply a row to its meeting; one recorded change per kind of difference."""
    changes = []
    if meeting.status == MeetingStatus.CANCELLED:
        lifecycle.apply(meeting, "reinstate", by=by, note=row.reason)
        changes.append((ChangeKind.REINSTATED, "", ""))
    new_when = (row.date, row.start_time, row.end_time)
    if new_when != (meeting.date, meeting.start_time, meeting.end_time):
        if meeting.has_minutes and (row.date, row.start_time) != (meeting.date, meeting.start_time):
            raise ProgrammeError(
                f"The meeting of {describe(meeting)} already has minutes, "
                "so its date cannot be changed from the programme."
            )
        changes.append((ChangeKind.MOVED, describe(meeting), when(*new_when)))
        meeting.date, meeting.start_time, meeting.end_time = new_when
    if row.location != meeting.location:
        changes.append((ChangeKind.VENUE_CHANGED, meeting.location, row.location))
        meeting.location = row.location
    if row.topic != meeting.topic:
        changes.append((ChangeKind.TOPIC_CHANGED, meeting.topic, row.topic))
        meeting.topic = row.topic
    if not changes:
        return []
    if len(changes) > 1 or changes[0][0] is not ChangeKind.REINSTATED:
        meeting.save()
    if changes[0][0] is ChangeKind.REINSTATED:
        changes[0] = (ChangeKind.REINSTATED, "", describe(meeting))
    return [
        _record(meeting, kind, by, old=old, new=new, reason=row.reason)
        for kind, old, new in changes
    ]


def _with_defaults(row: ProgrammeRow, body: Body) -> ProgrammeRow:
    if row.meeting is None and not row.location:
        row.location = body.default_location
    if row.start_time is None:
        row.start_time = body.default_start_time
        if row.end_time is None:
            row.end_time = body.default_end_time
    if row.end_time is not None and row.end_time <= row.start_time:
        raise ProgrammeError(
            f"The meeting on {row.date:%-d %B %Y} must end after it starts "
            f"({row.start_time:%H:%M})."
        )
    return row


def _check_rows(rows: Sequence[ProgrammeRow], *, body: Body, year: int) -> None:
    seen = {}
    for row in rows:
        if row.date.year != year:
            raise ProgrammeError(f"{row.date:%-d %B %Y} is not in {year}'s programme.")
        if row.cancel and row.meeting is None:
            continue
        if row.meeting is not None and row.meeting.body_id != body.pk:
            raise ProgrammeError("A meeting of another body cannot be in this programme.")
        slot = (row.date, row.start_time)
        if slot in seen:
            raise ProgrammeError(
                f"Two meetings are set for {when(row.date, row.start_time)}: "
                "change the date or time of one of them."
            )
        seen[slot] = row


def save_programme(*, body: Body, year: int, rows: Iterable[ProgrammeRow], by) -> SaveResult:
    """Create, update, cancel and reinstate the year's meetings to match `rows`.

    Every existing meeting of the year that is not in `rows` is left as it is:
    the programme only removes a meeting when its row says so (`cancel`), and
    then cancels it rather than deleting it. Members hear about moves,
    cancellations, reinstatements and new venues by email once the change is
    committed.
    """
    rows = [_with_defaults(row, body) for row in rows]
    _check_rows(rows, body=body, year=year)
    result, changes = SaveResult(), []
    try:
        with transaction.atomic():
            for row in rows:
                if row.meeting is None:
                    if row.cancel:
                        continue
                    meeting = Meeting.objects.create(
                        body=body,
                        date=row.date,
                        start_time=row.start_time,
                        end_time=row.end_time,
                        location=row.location,
                        topic=row.topic,
                        status=MeetingStatus.SCHEDULED,
                    )
                    changes.append(_record(meeting, ChangeKind.ADDED, by, new=describe(meeting)))
                    result.added += 1
                elif row.cancel:
                    change = _cancel(row.meeting, row.reason, by)
                    if change:
                        changes.append(change)
                        result.cancelled += 1
                else:
                    made = _update(row.meeting, row, by)
                    changes.extend(made)
                    if any(c.kind == ChangeKind.REINSTATED for c in made):
                        result.reinstated += 1
                    elif made:
                        result.changed += 1
            _notify_after_commit(body, changes)
    except IntegrityError:
        raise ProgrammeError(
            "Another meeting of this body is already set for one of these dates and times: "
            "reload the programme and try again."
        ) from None
    return result


def _notify_after_commit(body: Body, changes: Sequence[ProgrammeChange]) -> None:
    """The members hear of the changes from the task worker once they are committed."""
    from programme.tasks import notify_programme_change

    if any(change.kind in NOTIFIED_KINDS for change in changes):
        emails.enqueue_after_commit(
            notify_programme_change, body.pk, [change.pk for change in changes]
        )


def notify_members(
    *, body: Body, changes: Sequence[ProgrammeChange], only: list[str] | None = None
) -> list[str]:
    """Email each current member of the body (`only` these addresses on a retry) one
    summary of the changes they should know about, over one connection; returns the
    addresses whose message failed. Run by programme/tasks.py, never in a request."""
    notable = [change for change in changes if change.kind in NOTIFIED_KINDS]
    if not notable:
        return []
    recipients = sorted(
        set(
            Membership.objects.current()
            .filter(body=body)
            .exclude(person__email="")
            .values_list("person__email", flat=True)
        )
    )
    if only is not None:
        recipients = [address for address in recipients if address in only]
    if not recipients:
        return []
    lines = []
    for change in sorted(notable, key=lambda c: (c.meeting.date, c.meeting.start_time)):
        meeting = change.meeting
        if change.kind == ChangeKind.MOVED:
            text = f"MOVED: {change.old_value} is now {change.new_value}"
        elif change.kind == ChangeKind.CANCELLED:
            text = f"CANCELLED: {change.old_value}"
        elif change.kind == ChangeKind.REINSTATED:
            text = f"REINSTATED: {change.new_value} will go ahead"
        else:
            text = (
                f"NEW VENUE: {describe(meeting)} is now at "
                f"{change.new_value or 'a venue to be confirmed'}"
                f"{f' (was {change.old_value})' if change.old_value else ''}"
            )
        if change.reason:
            text += f"\n  Reason: {change.reason}"
        lines.append(text)
    link = links.absolute(reverse("programme:upcoming"))
    subject = f"{body.short_name}: meeting dates changed"
    message = (
        f"The programme of {body.name} has changed.\n\n"
        + "\n\n".join(lines)
        + f"\n\nUpcoming meetings and calendar links: {link}\n"
    )
    errors = emails.send(
        [EmailMessage(subject=subject, body=message, to=[address]) for address in recipients],
        purpose=f"Programme change of {body.short_name}",
    )
    return [address for address, error in zip(recipients, errors, strict=True) if error]


def calendar_token(user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


def reset_calendar_token(*, user) -> CalendarToken:
    """Give the user a new token; feed addresses with the old one stop working at once."""
    token, created = CalendarToken.objects.get_or_create(user=user)
    if not created:
        token.token = CalendarToken._meta.get_field("token").default()
        token.save(update_fields=["token"])
    return token


def with_sequence(meetings):
    """Annotate each meeting with how many calendar-visible revisions it has had."""
    return meetings.annotate(
        sequence=Count("programme_changes", filter=Q(programme_changes__kind__in=NOTIFIED_KINDS))
    )


# --- One meeting from its page: cancel it, or delete one made by mistake ----------


def cancel_meeting(*, meeting: Meeting, by, reason: str = "") -> ProgrammeChange:
    """Cancel one meeting that has no minutes (kept in the programme, marked
    cancelled, and no longer anyone's next meeting); members hear of it by email."""
    try:
        with transaction.atomic():
            change = _cancel(meeting, reason.strip(), by)
            if change is None:
                raise ProgrammeError("This meeting is cancelled already.")
            _notify_after_commit(meeting.body, [change])
    except lifecycle.TransitionError as error:
        raise ProgrammeError(str(error)) from None
    return change


def nothing_typed(meeting: Meeting) -> bool:
    """No attendance, item or review of any kind was ever recorded for the meeting (or,
    for a draft, nothing beyond the agenda it was created with)."""
    if meeting.status == MeetingStatus.DRAFT:
        return untouched_draft(meeting)
    return (
        meeting.status == MeetingStatus.SCHEDULED
        and not meeting.attendance.exists()
        and not meeting.items.exists()
        and not meeting.transitions.exclude(to_status=MeetingStatus.SCHEDULED).exists()
    )


def untouched_draft(meeting: Meeting) -> bool:
    """A draft that holds nothing but the agenda *New meeting* gave it (1 query): no
    attendance, no point, no edit of an item or of the header (the agenda is bulk
    created, so any item in the history was typed), no review, advice, declaration,
    theme, import or action note. A meeting made with the wrong date is then deleted."""
    from meetings.models import AgendaItem, Point

    typed = {
        "attendance": meeting.attendance.all(),
        "points": Point.objects.filter(item__meeting=meeting),
        "item_history": AgendaItem.history.model.objects.filter(meeting_id=meeting.pk),
        "header_edits": Meeting.history.model.objects.filter(id=meeting.pk).exclude(
            history_type="+"
        ),
        "transitions": meeting.transitions.all(),
        "circulations": meeting.circulations.all(),
        "advice": meeting.advice.all(),
        "declarations": meeting.declarations.all(),
        "themes": meeting.theme_tags.all(),
        "imports": meeting.imports.all(),
        "action_notes": meeting.action_notes.all(),
    }
    row = (
        Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.DRAFT)
        .annotate(**{f"typed_{name}": Exists(rows) for name, rows in typed.items()})
        .values(*(f"typed_{name}" for name in typed))
        .first()
    )
    return row is not None and not any(row.values())


def may_delete(user, meeting: Meeting) -> bool:
    """Who may delete a meeting made by mistake: the officer who creates meetings, or
    whoever manages the programme; while it is scheduled (no query), or a draft with
    nothing typed in it (1 query)."""
    allowed = permissions.can(user, Perm.EDIT_MINUTES, meeting.body_id) or permissions.can(
        user, Perm.MANAGE_PROGRAMME, meeting.body_id
    )
    if not allowed or meeting.status not in {MeetingStatus.SCHEDULED, MeetingStatus.DRAFT}:
        return False
    return meeting.status == MeetingStatus.SCHEDULED or untouched_draft(meeting)


def delete_meeting(*, meeting: Meeting, by) -> None:
    """Delete a meeting made by mistake (a wrong date), if nothing was ever typed for
    it; otherwise it is cancelled instead, so nothing typed is lost."""
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not nothing_typed(current):
            raise ProgrammeError(
                "Something has been recorded for this meeting, so it cannot be deleted: "
                "cancel it instead."
            )
        try:
            current.delete()
        except ProtectedError:
            raise ProgrammeError(
                "Earlier minutes were signed off as agreed at this meeting, so it cannot "
                "be deleted: cancel it instead."
            ) from None
        logger.info("Meeting %s of body %s deleted by user %s", current.pk, current.body_id, by.pk)


# --- The body's usual day ------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def usual_weekday(meetings: Iterable[Meeting]) -> int | None:
    """The weekday most of the body's meetings fall on (0 = Monday), from meetings
    already loaded; None while there are fewer than three or no clear favourite."""
    days = [m.date.weekday() for m in meetings if m.status != MeetingStatus.CANCELLED]
    if len(days) < 3:
        return None
    counts = sorted(((days.count(day), day) for day in set(days)), reverse=True)
    if len(counts) > 1 and counts[0][0] == counts[1][0]:
        return None
    return counts[0][1]


def day_note(date: datetime.date, usual: int | None) -> str:
    """A gentle word when a date is not on the body's usual day ("" when it is)."""
    if usual is None or date.weekday() == usual:
        return ""
    return f"A {WEEKDAYS[date.weekday()]}: this body usually meets on a {WEEKDAYS[usual]}."


def body_usual_weekday(body_id: int) -> int | None:
    """The usual weekday of a body, from its meetings of the last two years (1 query)."""
    since = timezone.localdate() - datetime.timedelta(days=730)
    return usual_weekday(
        Meeting.objects.filter(body_id=body_id, date__gte=since).only("date", "status")
    )

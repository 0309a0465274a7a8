"""The one description of a printed set of minutes, shared by the print view, PDF and DOCX.

Every format renders a `Minutes` built here, so the formats cannot drift apart, and
what the public edition may show is decided in this module alone: for the public
edition confidential content is never read from the database, attendee notes are
never copied, and confidential items keep only their number and title.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from actions.services import actions_reviewed, review_item
from advice.presenters import CarriedAdvice, carried_advice
from committee import presenters
from meetings.models import (
    AGREED_STATUSES,
    AttendanceStatus,
    ItemState,
    Meeting,
    MeetingStatus,
    PointKind,
)
from meetings.queries import minutes_items
from members import permissions
from members.permissions import Perm
from publishing import disclosure
from reviews.models import SignOff
from reviews.services import previous_minutes_line


class Edition(StrEnum):
    MEMBERS = "members"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        return "Members' edition" if self is Edition.MEMBERS else "Public edition"


# What the public edition prints instead of the body's own marking: it is the
# edition meant for publication, so it must not claim OFFICIAL-SENSITIVE.
PUBLIC_MARKING = "PUBLIC"
STATE_NOTES = {
    ItemState.DEFERRED: "Deferred to the next meeting.",
    ItemState.CARRIED_OVER: "Nothing to report - to be carried over.",
}
DRAFT_STATUSES = {MeetingStatus.DRAFT, MeetingStatus.CIRCULATED}


@dataclass(frozen=True)
class PrintedAttendee:
    initials: str
    role: str
    name: str
    note: str

    @property
    def full_name_and_role(self) -> str:
        name = self.name or self.initials
        return f"{name} ({self.role})" if self.role else name


@dataclass(frozen=True)
class PrintedPoint:
    kind: str
    text: str
    confidential: bool
    pk: int | None = None  # for the meeting page's controls beside it
    # A decision's mover and vote, where recorded: "Proposed by ..., seconded by ...".
    moved: str = ""
    vote: str = ""

    @property
    def is_heading(self) -> bool:
        return self.kind == PointKind.HEADING

    @property
    def is_decision(self) -> bool:
        return self.kind == PointKind.DECISION


@dataclass(frozen=True)
class PrintedAction:
    owners: str
    description: str
    due: datetime.date | None
    item_number: str


@dataclass(frozen=True)
class PrintedReview:
    """An earlier action as reviewed under "Previous notes/actions"."""

    owners: str
    description: str
    raised: datetime.date
    update: str


@dataclass(frozen=True)
class PrintedItem:
    number: str
    reference: str
    title: str
    lead: str
    confidential: bool
    withheld_note: str
    state_note: str
    points: tuple[PrintedPoint, ...]
    actions: tuple[PrintedAction, ...]
    # Only on the item reviewing earlier actions: None elsewhere.
    reviewed: tuple[PrintedReview, ...] | None = None
    # There too: "The minutes of the previous meeting (...) were agreed...".
    agreed_line: str = ""
    # There too: earlier advice not yet answered (advice/), in its own table.
    advice: CarriedAdvice | None = None
    pk: int | None = None
    # The interests declared, printed under the declarations item.
    declarations: tuple[str, ...] = ()
    # "None disclosed." when the meeting recorded it and no point says it already.
    none_declared: bool = False

    @property
    def says_no_outstanding_actions(self) -> bool:
        return any("no outstanding actions" in point.text.lower() for point in self.points)

    @property
    def heading(self) -> str:
        # An imported formal minute's number is its reference: printed once, not twice.
        if self.number and self.number != self.reference:
            return f"{self.number}. {self.title}"
        return self.title


@dataclass(frozen=True)
class NextMeeting:
    date: datetime.date
    start_time: datetime.time
    location: str


@dataclass(frozen=True)
class Minutes:
    """Everything a printed edition shows, and nothing it must not."""

    meeting_pk: int
    edition: Edition
    body_name: str
    body_short_name: str
    formal: bool
    marking: str
    draft: bool
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time | None
    location: str
    topic: str
    present: tuple[PrintedAttendee, ...]
    apologies: tuple[PrintedAttendee, ...]
    # The formal style's lists by capacity (committee.presenters.PrintedGroup).
    groups: tuple
    quorum_line: str
    items: tuple[PrintedItem, ...]
    actions: tuple[PrintedAction, ...]
    next_meeting: NextMeeting | None
    filename_stem: str
    # "Approved as a correct record on ...; signed by ..., Chair", once signed off.
    signed_line: str = ""
    fingerprint: str = ""

    @property
    def is_public(self) -> bool:
        return self.edition is Edition.PUBLIC

    @property
    def title(self) -> str:
        """Document title (also the PDF and DOCX metadata): never any confidential text."""
        draft = " (draft)" if self.draft else ""
        return f"{self.body_name} - Meeting Minutes{draft} - {self.date:%-d %B %Y}"

    @property
    def time_text(self) -> str:
        text = f"{self.start_time:%H:%M} hrs"
        return f"{text} to {self.end_time:%H:%M} hrs" if self.end_time else text


def marking_for(body, edition: Edition) -> str:
    if edition is Edition.PUBLIC:
        return PUBLIC_MARKING
    return body.protective_marking or settings.PROTECTIVE_MARKING


class NoSuchMinutes(Exception):
    """There are no minutes to read here (no such meeting, or none typed yet)."""


class EditionNotAllowed(Exception):
    """The reader may not read this edition of these minutes."""

    def __init__(self, *, sign_in_first: bool):
        super().__init__("Sign in to read these minutes." if sign_in_first else "Not allowed.")
        # An anonymous visitor is asked to sign in: whether a meeting that is not
        # public exists is itself not public.
        self.sign_in_first = sign_in_first


def meeting_for_edition(user, pk: int, edition: Edition) -> Meeting:
    """The meeting whose minutes `user` may read in `edition`; EditionNotAllowed or
    NoSuchMinutes if not (the views answer them as HTTP)."""
    try:  # get(), not first(): no ORDER BY to compile, on every read of the minutes
        meeting = Meeting.objects.select_related("body").get(pk=pk)
    except Meeting.DoesNotExist:
        meeting = None
    if meeting is None or not _may_read_edition(user, meeting, edition):
        if not user.is_authenticated:
            raise EditionNotAllowed(sign_in_first=True)
        if meeting is None:
            raise NoSuchMinutes("No such meeting.")
        raise EditionNotAllowed(sign_in_first=False)
    if not meeting.has_minutes:
        raise NoSuchMinutes("This meeting has no minutes yet.")
    return meeting


def may_read(user, meeting, edition: Edition) -> bool:
    """Whether to show `user` the links to this edition of the meeting's minutes."""
    return meeting.has_minutes and _may_read_edition(user, meeting, edition)


def _may_read_edition(user, meeting, edition: Edition) -> bool:
    """The one rule for both: anyone reads the public edition of published minutes;
    otherwise the members' edition needs confidential access and the public edition
    needs sight of the meeting (officers preview it, guests read agreed minutes)."""
    if edition is Edition.PUBLIC and permissions.is_public(meeting):
        return True
    perm = Perm.VIEW_CONFIDENTIAL if edition is Edition.MEMBERS else Perm.VIEW_MEETING
    return permissions.can_view_meeting(user, meeting) and permissions.can(
        user, perm, meeting.body_id
    )


def build_minutes(meeting, *, edition: Edition) -> Minutes:
    """The printed minutes of `meeting` in `edition` (a fixed number of queries, whatever
    the minutes' size; the review item's carried advice adds one, two in public)."""
    body = meeting.body
    members = edition is Edition.MEMBERS
    attendance = meeting.attendance.select_related("person").filter(
        Q(status=AttendanceStatus.PRESENT) | Q(status=AttendanceStatus.APOLOGIES)
    )
    if not members:
        attendance = attendance.defer("note")
    attendance = list(attendance)
    present, apologies = [], []
    for row in attendance:
        printed = PrintedAttendee(
            initials=row.initials,
            role=_role(row),
            name=row.name or (row.person.name if row.person else ""),
            note=row.note if members else "",
        )
        (present if row.status == AttendanceStatus.PRESENT else apologies).append(printed)

    items, all_actions = [], []
    meeting_items = list(minutes_items(meeting, with_confidential=members))
    reviewing = review_item(meeting_items)
    declared = presenters.declarations_by_item(meeting, meeting_items, with_confidential=members)
    declarations_item = next(
        (item for item in meeting_items if presenters.DECLARATIONS_TITLE.search(item.title)), None
    )
    for item in meeting_items:
        withheld = disclosure.item_withheld(item, with_confidential=members)
        reviews = item is reviewing and not withheld
        actions = tuple(
            PrintedAction(
                owners=action.owner_names(),
                description=action.description,
                due=action.due_date,
                item_number=item.number,
            )
            for action in item.actions.all()
        )
        all_actions.extend(actions)
        items.append(
            PrintedItem(
                number=item.number,
                reference=item.minute_reference(body),
                title=item.title.upper() if body.is_formal else item.title,
                lead=disclosure.item_lead(item, with_confidential=members),
                confidential=item.confidential,
                withheld_note=disclosure.withheld_note(item, body, with_confidential=members),
                state_note="" if withheld else STATE_NOTES.get(item.state, ""),
                points=tuple(_printed_point(point) for point in item.points.all()),
                actions=actions,
                reviewed=_reviewed(meeting, members) if reviews else None,
                agreed_line=_agreed_line(meeting, item) if reviews else "",
                advice=carried_advice(meeting=meeting, with_confidential=members)
                if reviews
                else None,
                pk=item.pk,
                declarations=() if withheld else declared.get(item.pk, ()),
                none_declared=item is declarations_item
                and meeting.no_interests_declared
                and not declared.get(item.pk)
                and not any("none" in p.text.lower() for p in item.points.all()),
            )
        )

    # Read for every body (the IAG table ignores the groups): one plan for all.
    quorum = presenters.quorum(meeting, attendance)
    return Minutes(
        meeting_pk=meeting.pk,
        edition=edition,
        body_name=body.name,
        body_short_name=body.short_name,
        formal=body.is_formal,
        marking=marking_for(body, edition),
        draft=meeting.status in DRAFT_STATUSES,
        date=meeting.date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        location=meeting.location,
        topic=meeting.topic,
        present=tuple(present),
        apologies=tuple(apologies),
        groups=presenters.attendance_groups(
            body,
            attendance,
            public_count=meeting.public_count,
            describe=_full_name_and_role if not members else _with_note,
        ),
        quorum_line=quorum.line if quorum else "",
        items=tuple(items),
        actions=tuple(all_actions),
        next_meeting=_next_meeting(meeting),
        filename_stem=f"{body.slug}-{meeting.date:%Y-%m-%d}-minutes-{edition}",
        **_signature(meeting),
    )


def signed_line(signed) -> str:
    """The chair's signature as the record prints it."""
    line = f"Approved as a correct record on {timezone.localtime(signed.at):%-d %B %Y}"
    if signed.agreed_at_id:
        line += f" at the meeting of {signed.agreed_at.date:%-d %B %Y}"
    name = (signed.by.get_full_name() or signed.by.username) if signed.by else ""
    if signed.by is not None and getattr(signed.by, "person", None) is not None:
        name = signed.by.person.name
    return f"{line}; signed by {name or 'the chair'}, Chair"


def _signature(meeting) -> dict:
    """The signed line and fingerprint of approved or published minutes (1 query)."""
    if meeting.status not in AGREED_STATUSES:
        return {}
    signed = (
        SignOff.objects.filter(meeting=meeting).select_related("by__person", "agreed_at").first()
    )
    if signed is None:
        return {}
    return {"signed_line": signed_line(signed), "fingerprint": signed.fingerprint}


def _agreed_line(meeting, item) -> str:
    """The chair's sign-off of the previous minutes, unless the officer typed it already."""
    typed = " ".join(point.text.lower() for point in item.points.all())
    if "minutes of the previous meeting" in typed:
        return ""
    return previous_minutes_line(meeting)


REVIEW_STATUS_WORDS = {"done": "Done. ", "dropped": "Dropped. ", "open": "Reopened. "}


def _reviewed(meeting, members: bool) -> tuple[PrintedReview, ...]:
    return tuple(
        PrintedReview(
            owners=action.owner_names(),
            description=action.description,
            raised=action.item.meeting.date,
            update=" ".join(
                REVIEW_STATUS_WORDS.get(note.new_status, "") + note.text
                for note in action.review_notes
            ).strip()
            or "Carried forward.",
        )
        for action in actions_reviewed(meeting=meeting, with_confidential=members)
    )


def _next_meeting(meeting) -> NextMeeting | None:
    """As the minutes record it (typed, or read from their own text), else the
    body's next meeting in the programme."""
    if meeting.next_date:
        start = meeting.next_time or meeting.body.default_start_time
        return NextMeeting(meeting.next_date, start, meeting.next_venue)
    following = meeting.next_meeting()
    if following is None:
        return None
    return NextMeeting(following.date, following.start_time, following.location)


def _printed_point(point) -> PrintedPoint:
    decision = getattr(point, "decision", None) if point.kind == PointKind.DECISION else None
    moved = ""
    if decision is not None and decision.proposer_id:
        moved = f"Proposed by {_who(decision.proposer)}"
        if decision.seconder_id:
            moved += f", seconded by {_who(decision.seconder)}"
        moved += "."
    return PrintedPoint(
        kind=point.kind,
        text=point.text,
        confidential=point.confidential,
        pk=point.pk,
        moved=moved,
        vote=f"{decision.vote_text()}." if decision is not None and decision.has_vote else "",
    )


def _who(attendee) -> str:
    return attendee.name or attendee.initials


def _full_name_and_role(row) -> str:
    name = row.name or (row.person.name if row.person else "") or row.initials
    role = _role(row)
    return f"{name} ({role})" if role else name


def _with_note(row) -> str:
    return f"{_full_name_and_role(row)} [{row.note}]" if row.note else _full_name_and_role(row)


def _role(row) -> str:
    if row.is_minute_taker and "minute" not in row.role.lower():
        return f"{row.role} (minutes)" if row.role else "Minutes"
    return row.role

"""The life of a meeting's minutes after the meeting: circulate the draft to the
members, record their reviews, re-circulate, sign off as a correct record,
publish, withdraw, and amend once approved.

Each step of the status goes through meetings.lifecycle (its table says where a
step starts, where it leads and who may take it); what else a step does (the
circulation and its recipients, the sign-off) happens inside the same locked
transaction. Snapshots and differences are in reviews/snapshots.py, the emails in
reviews/notifications.py.
"""

from dataclasses import dataclass

from django.db import transaction

from meetings import lifecycle
from meetings.lifecycle import TransitionError, TransitionNotAllowed
from meetings.models import AgendaItem, Meeting, MeetingStatus, Point, amendment
from members.models import Membership, Person, Role
from reviews.models import Amendment, Circulation, Decision, Recipient, Review, SignOff
from reviews.notifications import send_circulation
from reviews.snapshots import snapshot

__all__ = ["TransitionError", "TransitionNotAllowed"]

# Who receives a circulated draft: the body's current members, not its guests.
CIRCULATED_TO = (Role.OFFICER, Role.CHAIR, Role.MEMBER)
# Who is expected to answer it.
REVIEWERS = (Role.CHAIR, Role.MEMBER)
NO_EMAIL = "No email address on record."


# --- Circulation and review --------------------------------------------------


def current_members(meeting: Meeting, roles=CIRCULATED_TO):
    return (
        Membership.objects.current()
        .filter(body_id=meeting.body_id, role__in=roles)
        .select_related("person")
        .order_by("person__name")
    )


def _new_circulation(meeting: Meeting, *, by, note: str) -> Circulation:
    number = (
        meeting.circulations.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    circulation = Circulation.objects.create(
        meeting=meeting, number=number, by=by, note=note, snapshot=snapshot(meeting)
    )
    people = {m.person_id: m.person for m in current_members(meeting)}
    Recipient.objects.bulk_create(
        Recipient(
            circulation=circulation,
            person=person,
            email=person.email,
            error="" if person.email else NO_EMAIL,
        )
        for person in people.values()
    )
    return circulation


def circulate(*, meeting: Meeting, by, note: str = "") -> Circulation:
    """Send the draft to every current member for review (draft -> circulated)."""
    with lifecycle.transition(meeting, "circulate", by=by, note=note) as current:
        circulation = _new_circulation(current, by=by, note=note)
    send_circulation(circulation)
    return circulation


def recirculate(*, meeting: Meeting, by, note: str = "") -> Circulation:
    """Send the corrected draft again as a new version (circulated -> circulated)."""
    with lifecycle.transition(meeting, "recirculate", by=by, note=note) as current:
        circulation = _new_circulation(current, by=by, note=note)
        current.transition_note = f"Version {circulation.number} circulated. {note}".strip()
    send_circulation(circulation)
    return circulation


def latest_circulation(meeting: Meeting) -> Circulation | None:
    return meeting.circulations.order_by("-number").first()


def record_review(
    *,
    meeting: Meeting,
    member: Person,
    decision: str,
    comment: str = "",
    item: AgendaItem | None = None,
    point: Point | None = None,
    user=None,
) -> Review:
    """A member approves the circulated draft or asks for a correction, optionally
    about one item or point. A later answer to the same version replaces theirs."""
    comment = comment.strip()
    if decision not in Decision.values:
        raise ValueError(f"Unknown decision {decision!r}.")
    if decision == Decision.CORRECTION and not comment:
        raise TransitionError("Say what should be corrected.")
    if point is not None:
        if point.item.meeting_id != meeting.pk:
            raise TransitionError("That point is not in these minutes.")
        item = point.item
    if item is not None and item.meeting_id != meeting.pk:
        raise TransitionError("That item is not in these minutes.")
    with transaction.atomic():
        current = lifecycle.lock(meeting, {MeetingStatus.CIRCULATED}, "reviewed")
        circulation = latest_circulation(current)
        review, _created = Review.objects.update_or_create(
            circulation=circulation,
            person=member,
            defaults={
                "user": user,
                "decision": decision,
                "comment": comment,
                "item": item,
                "point": point,
            },
        )
    return review


def sign_off(
    *, meeting: Meeting, by, agreed_at: Meeting | None = None, corrections: str = ""
) -> SignOff:
    """The chair signs the minutes as a correct record, usually as agreed at the
    body's next meeting (circulated -> approved). They are locked from then on."""
    if agreed_at is not None and (
        agreed_at.body_id != meeting.body_id
        or (agreed_at.date, agreed_at.start_time) <= (meeting.date, meeting.start_time)
    ):
        raise TransitionError("Minutes are agreed at a later meeting of the same body.")
    where = f" at the meeting of {agreed_at.date:%-d %B %Y}" if agreed_at else ""
    with lifecycle.transition(meeting, "sign_off", by=by, note=f"Agreed{where}.") as current:
        signed = SignOff.objects.create(
            meeting=current, agreed_at=agreed_at, corrections=corrections.strip(), by=by
        )
    return signed


def publish(*, meeting: Meeting, by) -> Meeting:
    """Make approved minutes public, in their public edition (approved -> published)."""
    return lifecycle.apply(meeting, "publish", by=by)


def withdraw(*, meeting: Meeting, by, reason: str) -> Meeting:
    """Take published minutes out of the public archive (published -> approved), with
    the reason recorded: e.g. a detail that should have been confidential, to be
    amended before publishing again."""
    if not reason.strip():
        raise TransitionError("Give the reason for withdrawing the minutes.")
    return lifecycle.apply(meeting, "withdraw", by=by, note=reason)


def amend(
    *,
    meeting: Meeting,
    by,
    reason: str,
    new_text: str,
    point: Point | None = None,
    item: AgendaItem | None = None,
) -> Amendment:
    """Correct approved minutes: a point's text or an item's title, with a reason.
    This is the one way to change them once approved, and it is recorded."""
    reason, new_text = reason.strip(), new_text.strip()
    if not reason:
        raise TransitionError("Give the reason for the amendment.")
    if not new_text:
        raise TransitionError("The new text cannot be empty.")
    if (point is None) == (item is None):
        raise ValueError("Amend either a point or an item.")
    with transaction.atomic():
        current = lifecycle.lock(
            meeting, {MeetingStatus.APPROVED, MeetingStatus.PUBLISHED}, "amended this way"
        )
        if point is not None:
            row = Point.objects.select_for_update().select_related("item").get(pk=point.pk)
            if row.item.meeting_id != current.pk:
                raise TransitionError("That point is not in these minutes.")
            field, confidential = "text", row.confidential or row.item.confidential
        else:
            row = AgendaItem.objects.select_for_update().get(pk=item.pk)
            if row.meeting_id != current.pk:
                raise TransitionError("That item is not in these minutes.")
            field, confidential = "title", row.confidential
        old_text = getattr(row, field)
        if old_text == new_text:
            raise TransitionError("The new text is the same as the old.")
        setattr(row, field, new_text)
        row._history_user = by
        row._change_reason = f"Amendment: {reason}"[:100]
        with amendment(current.pk):  # the one way past the lock, and it is recorded
            row.save(update_fields=[field])
        return Amendment.objects.create(
            meeting=current,
            by=by,
            reason=reason,
            item=row if item is not None else row.item,
            point=row if point is not None else None,
            confidential=confidential,
            old_text=old_text,
            new_text=new_text,
        )


# --- The next meeting ----------------------------------------------------------


def previous_minutes(meeting: Meeting) -> Meeting | None:
    """The body's latest earlier meeting that has minutes."""
    return (
        Meeting.objects.filter(meeting.earlier())
        .exclude(status__in=[MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED])
        .select_related("body")
        .order_by("-date", "-start_time")
        .first()
    )


def previous_minutes_line(meeting: Meeting) -> str:
    """The sentence this meeting's printed minutes carry about the previous minutes,
    or "" when none were agreed at it."""
    signed = (
        SignOff.objects.filter(agreed_at=meeting).select_related("meeting").order_by("-at").first()
    )
    if signed is None:
        return ""
    line = (
        f"The minutes of the previous meeting ({signed.meeting.date:%-d %B %Y}) "
        "were agreed as a correct record"
    )
    if signed.corrections:
        return f"{line}, with corrections: {signed.corrections.rstrip('.')}."
    return f"{line}."


# --- Reading the reviews -------------------------------------------------------


@dataclass
class MemberReview:
    """One reviewer's row on the officer's dashboard."""

    membership: Membership
    review: Review | None
    earlier: Review | None

    @property
    def state(self) -> str:
        if self.review is None:
            return "none"
        return self.review.decision


def review_table(meeting: Meeting, circulation: Circulation | None) -> list[MemberReview]:
    """Each current reviewer with their answer to `circulation` and their last
    earlier answer (3 queries)."""
    reviewers = list(current_members(meeting, REVIEWERS))
    reviews = (
        Review.objects.filter(circulation__meeting=meeting)
        .select_related("circulation", "item", "point")
        .order_by("circulation__number")
    )
    latest, earlier = {}, {}
    for review in reviews:
        if circulation is not None and review.circulation_id == circulation.pk:
            latest[review.person_id] = review
        else:
            earlier[review.person_id] = review
    return [MemberReview(m, latest.get(m.person_id), earlier.get(m.person_id)) for m in reviewers]

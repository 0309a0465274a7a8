"""The life of a meeting's minutes after the meeting: circulate the draft to the
members, record their reviews, re-circulate, sign off as a correct record,
publish, withdraw, and amend once approved.

Each step of the status goes through meetings.lifecycle (its table says where a
step starts, where it leads and who may take it); what else a step does (the
circulation and its recipients, the sign-off) happens inside the same locked
transaction. Snapshots and differences are in reviews/snapshots.py, the emails in
reviews/notifications.py, sent by the tasks in reviews/tasks.py once the step has
committed (never inside the request); what the dashboard reads of the members'
answers and of whom the email reached, in reviews/responses.py.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from iag_portal import emails
from meetings import lifecycle
from meetings.lifecycle import TransitionError, TransitionNotAllowed
from meetings.models import AGREED_STATUSES, AgendaItem, Meeting, MeetingStatus, Point, amendment
from members.models import Membership, Person, Role
from reviews import tasks
from reviews.models import (
    Amendment,
    Circulation,
    Correction,
    CorrectionState,
    Decision,
    Recipient,
    Review,
    SignOff,
)
from reviews.snapshots import fingerprint, snapshot

__all__ = ["TransitionError", "TransitionNotAllowed"]

# Who receives a circulated draft: the body's current members, not its guests.
CIRCULATED_TO = (Role.OFFICER, Role.CHAIR, Role.MEMBER)
# Who is expected to answer it.
REVIEWERS = (Role.CHAIR, Role.MEMBER)
NO_EMAIL = "No email address on record."
OPTED_OUT = "Asked not to be emailed."
# How long members have to review a circulated draft, unless the officer says.
REVIEW_DAYS = 14


def default_deadline() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=REVIEW_DAYS)


# --- Circulation and review --------------------------------------------------


def current_members(meeting: Meeting, roles=CIRCULATED_TO):
    return (
        Membership.objects.current()
        .filter(body_id=meeting.body_id, role__in=roles)
        .select_related("person")
        .order_by("person__name")
    )


def not_emailed_because(person: Person) -> str:
    """Why a person is not emailed, in words ("" when they are)."""
    if person.emails_opted_out:
        return OPTED_OUT
    return "" if person.email else NO_EMAIL


def _new_circulation(
    meeting: Meeting, *, by, note: str, deadline: datetime.date | None
) -> Circulation:
    number = (
        meeting.circulations.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    if deadline is not None and deadline < timezone.localdate():
        raise TransitionError("The review deadline cannot be in the past.")
    circulation = Circulation.objects.create(
        meeting=meeting,
        number=number,
        by=by,
        note=note,
        deadline=deadline or default_deadline(),
        snapshot=snapshot(meeting),
    )
    people = {m.person_id: m.person for m in current_members(meeting)}
    Recipient.objects.bulk_create(
        Recipient(
            circulation=circulation,
            person=person,
            email=person.email,
            error=not_emailed_because(person),
        )
        for person in people.values()
    )
    return circulation


def circulate(
    *, meeting: Meeting, by, note: str = "", deadline: datetime.date | None = None, site: str = ""
) -> Circulation:
    """Send the draft to every current member for review (draft -> circulated), to
    answer by `deadline` (14 days by default). `site` is the address the links in
    the emails start with when IAG_SITE_URL is not set (the request's)."""
    with lifecycle.transition(meeting, "circulate", by=by, note=note) as current:
        circulation = _new_circulation(current, by=by, note=note, deadline=deadline)
    emails.enqueue_after_commit(tasks.send_circulation_emails, circulation.pk, site)
    return circulation


def recirculate(
    *, meeting: Meeting, by, note: str = "", deadline: datetime.date | None = None, site: str = ""
) -> Circulation:
    """Send the corrected draft again as a new version (circulated -> circulated)."""
    with lifecycle.transition(meeting, "recirculate", by=by, note=note) as current:
        circulation = _new_circulation(current, by=by, note=note, deadline=deadline)
        current.transition_note = f"Version {circulation.number} circulated. {note}".strip()
    emails.enqueue_after_commit(tasks.send_circulation_emails, circulation.pk, site)
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
    """A member approves the circulated draft, approves it subject to their
    corrections, or asks for changes, optionally about one item or point. A later
    answer to the same version replaces their decision, never their corrections.

    Corrections are kept in one place, the Correction rows: a comment sent with
    "approve subject to corrections" or "request changes" becomes one (about its
    point, its item or the minutes as a whole), so the officer counts and answers it
    beside the others. The Review row holds the decision, and only a note sent with
    a plain approval."""
    comment = comment.strip()
    if decision not in Decision.values:
        raise ValueError(f"Unknown decision {decision!r}.")
    if point is not None:
        if point.item.meeting_id != meeting.pk:
            raise TransitionError("That point is not in these minutes.")
        item = point.item
    if item is not None and item.meeting_id != meeting.pk:
        raise TransitionError("That item is not in these minutes.")
    with transaction.atomic():
        current = lifecycle.lock(meeting, {MeetingStatus.CIRCULATED}, "reviewed")
        circulation = latest_circulation(current)
        if (
            decision != Decision.APPROVE
            and not comment
            and not has_corrections(circulation, member)
        ):
            raise TransitionError(
                "Say what should be corrected: suggest a correction beside the point, "
                "or add a comment."
            )
        if comment and circulation is not None and decision != Decision.APPROVE:
            Correction.objects.create(
                circulation=circulation,
                person=member,
                user=user,
                item=item,
                point=point,
                text=comment,
            )
        note = decision == Decision.APPROVE
        review, _created = Review.objects.update_or_create(
            circulation=circulation,
            person=member,
            defaults={
                "user": user,
                "decision": decision,
                "comment": comment if note else "",
                "item": item if note else None,
                "point": point if note else None,
            },
        )
    return review


def has_corrections(circulation: Circulation | None, member: Person) -> bool:
    """Has the member suggested corrections to the minutes since this version went out?"""
    return circulation is not None and circulation.corrections.filter(person=member).exists()


def suggest_correction(
    *,
    meeting: Meeting,
    member: Person,
    text: str,
    suggested_text: str = "",
    item: AgendaItem | None = None,
    point: Point | None = None,
    user=None,
) -> Correction:
    """A member suggests a correction to one point or item of the circulated draft,
    where they read it. It stands whatever they answer afterwards."""
    text, suggested_text = text.strip(), suggested_text.strip()
    if not text:
        raise TransitionError("Say what should be corrected.")
    if point is not None:
        item = point.item
    if item is None or item.meeting_id != meeting.pk:
        raise TransitionError("That point is not in these minutes.")
    with transaction.atomic():
        current = lifecycle.lock(meeting, {MeetingStatus.CIRCULATED}, "corrected by members")
        circulation = latest_circulation(current)
        if circulation is None:
            raise TransitionError("These minutes have not been circulated to members.")
        return Correction.objects.create(
            circulation=circulation,
            person=member,
            user=user,
            item=item,
            point=point,
            text=text,
            suggested_text=suggested_text,
        )


def _open_correction(correction: Correction) -> tuple[Meeting, Correction]:
    """The correction and its meeting, locked, while the draft may still change."""
    meeting = correction.circulation.meeting
    current = lifecycle.lock(
        meeting, {MeetingStatus.DRAFT, MeetingStatus.CIRCULATED}, "corrected in the draft"
    )
    row = Correction.objects.select_for_update().get(pk=correction.pk)
    if row.state != CorrectionState.OPEN:
        raise TransitionError("This correction has been dealt with already.")
    return current, row


def accept_correction(*, correction: Correction, by) -> Correction:
    """Put a member's suggested wording into the draft: an edit of the draft, recorded
    in its history as the correction accepted (drafts are not locked)."""
    with transaction.atomic():
        _current, row = _open_correction(correction)
        if not row.suggested_text or row.item_id is None:
            raise TransitionError("This correction has no suggested wording: answer it instead.")
        if row.point_id is not None:
            target, field = Point.objects.select_for_update().get(pk=row.point_id), "text"
        else:
            target, field = AgendaItem.objects.select_for_update().get(pk=row.item_id), "title"
        setattr(target, field, row.suggested_text)
        target._history_user = by
        target._change_reason = f"Correction from {row.person.name} accepted"[:100]
        target.save(update_fields=[field, "version"])
        row.state, row.answered_by, row.answered_at = CorrectionState.ACCEPTED, by, timezone.now()
        row.answer = row.answer or "Accepted into the minutes."
        row.save(update_fields=["state", "answered_by", "answered_at", "answer"])
    return row


def answer_correction(*, correction: Correction, by, answer: str) -> Correction:
    """The officer answers a correction without taking its wording (made another
    way, or not made, and why)."""
    answer = answer.strip()
    if not answer:
        raise TransitionError("Write the answer to the member.")
    with transaction.atomic():
        _current, row = _open_correction(correction)
        row.state, row.answer = CorrectionState.ANSWERED, answer
        row.answered_by, row.answered_at = by, timezone.now()
        row.save(update_fields=["state", "answer", "answered_by", "answered_at"])
    return row


def sign_off(
    *,
    meeting: Meeting,
    by,
    agreed_at: Meeting | None = None,
    corrections: str = "",
    site: str = "",
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
            meeting=current,
            agreed_at=agreed_at,
            corrections=corrections.strip(),
            by=by,
            fingerprint=fingerprint(current),
        )
        if agreed_at is not None and agreed_at.status in AGREED_STATUSES:
            new_version(agreed_at)  # its minutes print the line about these
    emails.enqueue_after_commit(tasks.send_outcome_emails, meeting.pk, "signed", site)
    return signed


def publish(*, meeting: Meeting, by, site: str = "") -> Meeting:
    """Make approved minutes public, in their public edition (approved -> published)."""
    lifecycle.apply(meeting, "publish", by=by)
    emails.enqueue_after_commit(tasks.send_outcome_emails, meeting.pk, "published", site)
    return meeting


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
        current = lifecycle.lock(meeting, AGREED_STATUSES, "amended this way")
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
        new_version(current)
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


def new_version(meeting: Meeting) -> None:
    """Agreed minutes changed without a step of the lifecycle (an amendment, or the
    line about the previous minutes agreed at them): a new version, whose printed
    files are rendered once the change commits (publishing/stored.py)."""
    from publishing.stored import render_after_commit  # publishing builds on reviews

    Meeting.objects.filter(pk=meeting.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    render_after_commit(meeting.pk)


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

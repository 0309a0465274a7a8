"""The life of a meeting's minutes after the meeting: circulate the draft to the
members, record their reviews, re-circulate, sign off as a correct record,
publish, and amend once approved.

Meeting.status is the state. Every transition locks the meeting row, checks the
state it starts from, changes it and records a Transition, in one transaction.
"""

import logging
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from actions.models import Action
from meetings.models import AgendaItem, Meeting, MeetingStatus, Point
from members.models import Membership, Person, Role
from reviews.models import (
    Amendment,
    Circulation,
    Decision,
    Recipient,
    Review,
    SignOff,
    Transition,
)

logger = logging.getLogger(__name__)

# Who receives a circulated draft: the body's current members, not its guests.
CIRCULATED_TO = (Role.OFFICER, Role.CHAIR, Role.MEMBER)
# Who is expected to answer it.
REVIEWERS = (Role.CHAIR, Role.MEMBER)
NO_EMAIL = "No email address on record."


class TransitionError(Exception):
    """The minutes are not in a state that allows this step."""


# --- Transitions ---------------------------------------------------------------


def _locked(meeting: Meeting, allowed: set[str], doing: str) -> Meeting:
    """The meeting re-read under a row lock, if its status allows `doing`."""
    current = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if current.status not in allowed:
        raise TransitionError(
            f"These minutes are {current.get_status_display().lower()}: they cannot be {doing} now."
        )
    return current


def _move(meeting: Meeting, *, to: str, by, note: str = "") -> Transition:
    from_status = meeting.status
    meeting.status = to
    meeting._history_user = by
    meeting.save(update_fields=["status", "updated_at"])
    return Transition.objects.create(
        meeting=meeting, from_status=from_status, to_status=to, by=by, note=note
    )


def _sync(target: Meeting, source: Meeting) -> None:
    """Let the caller's object see the new state."""
    target.status = source.status


# A snapshot of the minutes is {"items": {pk: data}, "points": {...}, "actions": {...}}.
# These read one row as snapshot data: a model instance, or a historical record of one
# (reviews.history rebuilds past snapshots from django-simple-history's records).


def item_data(row) -> dict:
    return {
        "number": row.number,
        "title": row.title,
        "lead": row.lead,
        "confidential": row.confidential,
        "order": row.order,
    }


def point_data(row) -> dict:
    return {
        "item": str(row.item_id),
        "text": row.text,
        "confidential": row.confidential,
        "order": row.order,
    }


def action_data(row) -> dict:
    # An action is as confidential as its item, which compare() already checks.
    return {
        "item": str(row.item_id),
        "text": row.description,
        "confidential": False,
        "order": row.order,
    }


def snapshot(meeting: Meeting) -> dict:
    """The minutes' items, points and actions as plain data, to compare versions later."""
    return {
        "items": {str(r.pk): item_data(r) for r in AgendaItem.objects.filter(meeting=meeting)},
        "points": {str(r.pk): point_data(r) for r in Point.objects.filter(item__meeting=meeting)},
        "actions": {
            str(r.pk): action_data(r) for r in Action.objects.filter(item__meeting=meeting)
        },
    }


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
    with transaction.atomic():
        current = _locked(meeting, {MeetingStatus.DRAFT}, "circulated")
        circulation = _new_circulation(current, by=by, note=note)
        _move(current, to=MeetingStatus.CIRCULATED, by=by, note=note)
    _sync(meeting, current)
    send_circulation(circulation)
    return circulation


def recirculate(*, meeting: Meeting, by, note: str = "") -> Circulation:
    """Send the corrected draft again as a new version (circulated -> circulated)."""
    with transaction.atomic():
        current = _locked(meeting, {MeetingStatus.CIRCULATED}, "re-circulated")
        circulation = _new_circulation(current, by=by, note=note)
        Transition.objects.create(
            meeting=current,
            from_status=current.status,
            to_status=current.status,
            by=by,
            note=f"Version {circulation.number} circulated. {note}".strip(),
        )
    send_circulation(circulation)
    return circulation


def meeting_link(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("meetings:detail", args=[meeting.pk])


def circulation_email(circulation: Circulation, recipient: Recipient) -> EmailMessage:
    """The notice sent to one member. It never carries minutes text: only the
    meeting, its date and the link, since the minutes are OFFICIAL-SENSITIVE."""
    meeting = circulation.meeting
    when = f"{meeting.date:%-d %B %Y}"
    revised = (
        f"A revised draft (version {circulation.number}) of the minutes"
        if circulation.number > 1
        else "The draft minutes"
    )
    body = (
        f"Dear {recipient.person.name},\n\n"
        f"{revised} of the {meeting.body.name} meeting of {when} "
        "have been circulated for review.\n\n"
        "Please read them, then approve them or ask for a correction:\n"
        f"{meeting_link(meeting)}\n\n"
        "You will need to sign in. The minutes themselves are not sent by email.\n"
    )
    return EmailMessage(
        subject=f"Draft minutes for review: {meeting.body.short_name}, {when}",
        body=body,
        to=[recipient.email],
    )


def send_circulation(circulation: Circulation) -> int:
    """Email each recipient who has an address; record per recipient whether it
    went. A failure is recorded, never raised: the circulation stands."""
    circulation = Circulation.objects.select_related("meeting__body").get(pk=circulation.pk)
    sent = 0
    mailer = mailers.default
    for recipient in circulation.recipients.select_related("person").exclude(email=""):
        try:
            mailer.send_messages([circulation_email(circulation, recipient)])
        except Exception as error:  # SMTP, network, DNS: whatever the backend raises
            logger.warning(
                "Circulation %s: email to person %s failed: %s",
                circulation.pk,
                recipient.person_id,
                type(error).__name__,
            )
            Recipient.objects.filter(pk=recipient.pk).update(
                sent=False, error=f"{type(error).__name__}: {error}"[:500]
            )
        else:
            Recipient.objects.filter(pk=recipient.pk).update(sent=True, error="")
            sent += 1
    return sent


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
        current = _locked(meeting, {MeetingStatus.CIRCULATED}, "reviewed")
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
    with transaction.atomic():
        current = _locked(meeting, {MeetingStatus.CIRCULATED}, "signed off")
        signed = SignOff.objects.create(
            meeting=current, agreed_at=agreed_at, corrections=corrections.strip(), by=by
        )
        where = f" at the meeting of {agreed_at.date:%-d %B %Y}" if agreed_at else ""
        _move(current, to=MeetingStatus.APPROVED, by=by, note=f"Agreed{where}.")
    _sync(meeting, current)
    return signed


def publish(*, meeting: Meeting, by) -> Transition:
    """Make approved minutes public, in their public edition (approved -> published)."""
    with transaction.atomic():
        current = _locked(meeting, {MeetingStatus.APPROVED}, "published")
        if not current.body.publishes_minutes:
            raise TransitionError(f"{current.body.name} does not publish its minutes.")
        transition = _move(current, to=MeetingStatus.PUBLISHED, by=by)
    _sync(meeting, current)
    return transition


def withdraw(*, meeting: Meeting, by, reason: str) -> Transition:
    """Take published minutes out of the public archive (published -> approved), with
    the reason recorded: e.g. a detail that should have been confidential, to be
    amended before publishing again."""
    reason = reason.strip()
    if not reason:
        raise TransitionError("Give the reason for withdrawing the minutes.")
    with transaction.atomic():
        current = _locked(meeting, {MeetingStatus.PUBLISHED}, "withdrawn from publication")
        transition = _move(current, to=MeetingStatus.APPROVED, by=by, note=reason)
    _sync(meeting, current)
    return transition


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
        current = _locked(
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


# --- What changed --------------------------------------------------------------

WORDS = re.compile(r"\S+|\s+")


def word_diff(old: str, new: str) -> SafeString:
    """A readable word-level diff: removed words in <del>, added in <ins>, escaped."""
    a, b = WORDS.findall(old or ""), WORDS.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


@dataclass(frozen=True)
class Change:
    """One difference between two versions of the minutes."""

    kind: str  # "item" or "point"
    action: str  # "added", "changed" or "removed"
    where: str  # the item it is under, e.g. "3. Chairs Report"
    diff: SafeString


def _item_label(data: dict) -> str:
    return f"{data['number']}. {data['title']}" if data.get("number") else data["title"]


def _item_text(data: dict) -> str:
    return f"{_item_label(data)}: {data['lead']}" if data.get("lead") else _item_label(data)


def compare(old: dict, new: dict, *, with_confidential: bool) -> list[Change]:
    """The changes from one snapshot of the minutes to another, in agenda order."""
    old_items, new_items = old.get("items", {}), new.get("items", {})
    all_items = {**old_items, **new_items}

    def hidden_item(key):
        data = all_items.get(key)
        return data is not None and data["confidential"] and not with_confidential

    def item_order(key):
        data = new_items.get(key) or old_items.get(key) or {"order": 0}
        return data["order"]

    changes = []
    for key in sorted(set(old_items) | set(new_items), key=lambda k: (item_order(k), int(k))):
        before, after = old_items.get(key), new_items.get(key)
        where = _item_label(after or before)
        if before is None:
            changes.append(Change("item", "added", where, word_diff("", _item_text(after))))
        elif after is None:
            changes.append(Change("item", "removed", where, word_diff(_item_text(before), "")))
        elif _item_text(before) != _item_text(after):
            changes.append(
                Change("item", "changed", where, word_diff(_item_text(before), _item_text(after)))
            )
    rows = []
    for kind, section in (("point", "points"), ("action", "actions")):
        rows += _compare_rows(
            kind,
            old.get(section, {}),
            new.get(section, {}),
            all_items,
            item_order,
            hidden_item,
            with_confidential,
        )
    return changes + [change for _position, change in sorted(rows, key=lambda r: r[0])]


def _compare_rows(kind, old_rows, new_rows, all_items, item_order, hidden_item, with_confidential):
    """(position, change) for the points (or actions) under the items."""

    def position(key):
        data = new_rows.get(key) or old_rows[key]
        return (item_order(data["item"]), data["order"], int(key))

    changes = []
    for key in sorted(set(old_rows) | set(new_rows), key=position):
        before, after = old_rows.get(key), new_rows.get(key)
        data = after or before
        if hidden_item(data["item"]) or (
            not with_confidential
            and ((before and before["confidential"]) or (after and after["confidential"]))
        ):
            continue
        item = all_items.get(data["item"])
        where = _item_label(item) if item else ""
        place = (*position(key)[:2], kind == "action", int(key))
        if before is None:
            changes.append((place, Change(kind, "added", where, word_diff("", after["text"]))))
        elif after is None:
            changes.append((place, Change(kind, "removed", where, word_diff(before["text"], ""))))
        elif before["text"] != after["text"]:
            diff = word_diff(before["text"], after["text"])
            changes.append((place, Change(kind, "changed", where, diff)))
    return changes

"""The life of a meeting's minutes: one table of steps, and one function that takes them.

A meeting's status changes here and nowhere else (Meeting.save refuses any other
change of it). Each step says where it may start, where it leads, who may take it
and how "Who did what" describes it; pages ask the table what to offer.

    scheduled --start--> draft --circulate--> circulated --sign_off--> approved
                                     ^__recirculate__|                  |  ^
    draft --record_agreed--> approved (minutes agreed elsewhere: an import)  |  |
    approved --publish--> published --withdraw (with a reason)--> approved --'
    scheduled --cancel--> cancelled --reinstate--> scheduled

Approved, published and cancelled minutes are locked (meetings.models.LOCKED_STATUSES):
nothing of them changes except through a recorded amendment (reviews.services.amend).
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction

from meetings.models import Meeting, MeetingStatus, status_change
from members import permissions
from members.permissions import Perm

S = MeetingStatus


class TransitionError(Exception):
    """The minutes are not in a state that allows this step, or it lacks what it needs."""


class TransitionNotAllowed(TransitionError):
    """The user may not take this step in this body."""


@dataclass(frozen=True)
class Step:
    name: str
    sources: frozenset[str]
    target: str
    perm: Perm
    offer: str  # what the page offers: "Circulate to members"
    done: str  # what "Who did what" says it did: "circulated for review"
    doing: str  # "they cannot be ... now": "circulated"
    needs_note: bool = False  # a reason must be given


STEPS = {
    step.name: step
    for step in (
        Step("start", frozenset({S.SCHEDULED}), S.DRAFT, Perm.EDIT_MINUTES,
             "Start the minutes", "minutes started", "started"),
        Step("circulate", frozenset({S.DRAFT}), S.CIRCULATED, Perm.EDIT_MINUTES,
             "Circulate to members", "circulated for review", "circulated"),
        Step("recirculate", frozenset({S.CIRCULATED}), S.CIRCULATED, Perm.EDIT_MINUTES,
             "Re-circulate the corrected draft", "re-circulated", "re-circulated"),
        Step("sign_off", frozenset({S.CIRCULATED}), S.APPROVED, Perm.SIGN_OFF,
             "Sign off as a correct record", "approved", "signed off"),
        Step("record_agreed", frozenset({S.DRAFT}), S.APPROVED, Perm.EDIT_MINUTES,
             "Record as agreed", "recorded as agreed", "recorded as agreed"),
        Step("publish", frozenset({S.APPROVED}), S.PUBLISHED, Perm.MANAGE_REVIEWS,
             "Publish the public edition", "published", "published"),
        Step("withdraw", frozenset({S.PUBLISHED}), S.APPROVED, Perm.MANAGE_REVIEWS,
             "Withdraw from publication", "withdrawn from publication",
             "withdrawn from publication", needs_note=True),
        Step("cancel", frozenset({S.SCHEDULED}), S.CANCELLED, Perm.CANCEL_MEETING,
             "Cancel the meeting", "cancelled", "cancelled"),
        Step("reinstate", frozenset({S.CANCELLED}), S.SCHEDULED, Perm.CANCEL_MEETING,
             "Reinstate the meeting", "reinstated", "reinstated"),
    )
}  # fmt: skip

# Agreed minutes are printed once per version, in the background, after these steps
# (publishing/stored.py). Minutes recorded as agreed (an import of years of them, the
# demo) are printed when first downloaded instead: most are never asked for.
PRINTED_AFTER = frozenset({"sign_off", "publish", "withdraw"})

# Each (from, to) pair belongs to one step, so a recorded Transition names its step.
BY_MOVE = {(source, step.target): step for step in STEPS.values() for source in step.sources}


def step_of(from_status: str, to_status: str) -> Step | None:
    return BY_MOVE.get((from_status, to_status))


def may(user, meeting: Meeting, name: str) -> bool:
    """May `user` take step `name` on `meeting` now? What the meeting page offers."""
    step = STEPS[name]
    if meeting.status not in step.sources:
        return False
    if name == "publish" and not meeting.body.publishes_minutes:
        return False
    return permissions.can(user, step.perm, meeting.body_id)


def offers(user, meeting: Meeting) -> list[Step]:
    """The steps the user may take on the meeting now, in the table's order."""
    return [step for name, step in STEPS.items() if may(user, meeting, name)]


def lock(meeting: Meeting, statuses, doing: str) -> Meeting:
    """The meeting re-read under a row lock, if it is in one of `statuses`. For work
    that depends on the state without changing it (a review, an amendment); call it
    inside a transaction."""
    current = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if current.status not in statuses:
        raise TransitionError(
            f"These minutes are {current.get_status_display().lower()}: they cannot be {doing} now."
        )
    return current


@contextmanager
def transition(meeting: Meeting, name: str, *, by, note: str = ""):
    """Take step `name`: lock the meeting row, check the state it starts from and the
    user's right, run the caller's block with the locked meeting (e.g. to make the
    circulation), then save the new status through the model and record the
    Transition (and the history row, with who), all in one transaction.

    `by` is the user taking the step; None only for the system's own commands
    (the demo, an import from the command line), which no permission governs.
    The caller's `meeting` object sees the new status afterwards; the block may set
    `current.transition_note` to record a note it only knows once done.
    """
    from reviews.models import Transition  # reviews builds on meetings

    step = STEPS[name]
    note = note.strip()
    if step.needs_note and not note:
        raise TransitionError(f"Give the reason: {step.offer.lower()}.")
    with transaction.atomic():
        current = lock(meeting, step.sources, step.doing)
        if name == "publish" and not current.body.publishes_minutes:
            raise TransitionError(f"{current.body.name} does not publish its minutes.")
        if by is not None and not permissions.can(by, step.perm, current.body_id):
            raise TransitionNotAllowed(f"You may not do this here: {step.offer.lower()}.")
        yield current
        note = getattr(current, "transition_note", note)
        from_status = current.status
        current.status = step.target
        current._history_user = by
        with status_change(current.pk):
            current.save(update_fields=["status", "updated_at", "version"])
        Transition.objects.create(
            meeting=current, from_status=from_status, to_status=step.target, by=by, note=note
        )
        if name in PRINTED_AFTER:
            from publishing.stored import render_after_commit  # publishing builds on meetings

            render_after_commit(current.pk)
    meeting.status, meeting.version = current.status, current.version


def apply(meeting: Meeting, name: str, *, by, note: str = "") -> Meeting:
    """Take step `name` with nothing else to do in the same transaction."""
    with transition(meeting, name, by=by, note=note):
        pass
    return meeting


def start_minutes(meeting: Meeting, *, by=None) -> None:
    """A scheduled meeting becomes a draft as soon as minutes are typed for it."""
    if meeting.status == MeetingStatus.SCHEDULED:
        try:
            apply(meeting, "start", by=by)
        except TransitionError:
            meeting.refresh_from_db(fields=["status", "version"])  # started meanwhile
            if meeting.status == MeetingStatus.SCHEDULED:
                raise


def path(from_status: str, to_status: str) -> list[str]:
    """The shortest run of steps from one status to another ([] if none or no need)."""
    paths, seen = [(from_status, [])], {from_status}
    while paths:
        status, steps = paths.pop(0)
        if status == to_status:
            return steps
        for step in STEPS.values():
            if status in step.sources and step.target not in seen:
                seen.add(step.target)
                paths.append((step.target, [*steps, step.name]))
    return []

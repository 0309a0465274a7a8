"""Workflows on actions: raising them, reviewing them at later meetings (matters
arising), progress notes, closing, and the owners' due-date reminders."""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionNote, ActionStatus, ReminderSent
from advice.presenters import carried_advice
from iag_portal import emails, links
from meetings.models import AgendaItem, Attendance, Meeting
from members.models import ItemKind

logger = logging.getLogger(__name__)

CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.DROPPED)


class ActionStateError(ValueError):
    """The action is not in a state that allows this change (e.g. closed twice)."""


def default_due_date(*, meeting: Meeting) -> datetime.date | None:
    """Actions fall due at the body's next meeting, when one is scheduled."""
    following = meeting.next_meeting()
    return following.date if following else None


@transaction.atomic
def create_action(
    *,
    item: AgendaItem,
    description: str,
    owners: list[Attendance],
    due_date: datetime.date | None = None,
    use_default_due_date: bool = True,
) -> Action:
    """Raise an action under an agenda item, owned by people on that meeting's attendance."""
    description = description.strip()
    if not description:
        raise ValueError("An action needs a description.")
    if any(owner.meeting_id != item.meeting_id for owner in owners):
        raise ValueError("Owners must be on the attendance of the meeting the action is raised at.")
    if due_date is None and use_default_due_date:
        due_date = default_due_date(meeting=item.meeting)
    last = Action.objects.filter(item=item).aggregate(last=Max("order"))["last"] or 0
    action = Action.objects.create(
        item=item, description=description, due_date=due_date, order=last + 1
    )
    action.owners.set(owners)
    return action


def _raised_before(meeting: Meeting) -> Q:
    return meeting.earlier("item__meeting__")


def _with_context(queryset, *, notes_at: Meeting | None = None, for_print: bool = False):
    """Owners, origin item and meeting, and notes, in a fixed number of queries.

    `for_print`: only what the printed minutes show (the owners, as the list
    `prefetched_owners`, and the notes at `notes_at`). Prefetched lists kept in
    attributes spare Django copying the prefetch's queryset once per action, which costs
    more than the queries once a body has hundreds of open actions.
    """
    notes = ActionNote.objects.select_related("created_by", "meeting")
    owners = Attendance.objects.select_related("person")
    if for_print:
        prefetches = [Prefetch("owners", queryset=owners, to_attr="prefetched_owners")]
    else:
        prefetches = [Prefetch("owners", queryset=owners), Prefetch("notes", queryset=notes)]
    if notes_at is not None:
        prefetches.append(
            Prefetch("notes", queryset=notes.filter(meeting=notes_at), to_attr="review_notes")
        )
    return (
        queryset.select_related("item__meeting__body", "closed_by")
        .prefetch_related(*prefetches)
        .order_by("item__meeting__date", "item__meeting__start_time", "item__order", "order", "pk")
    )


def outstanding_actions(*, meeting: Meeting, with_confidential: bool = True) -> list[Action]:
    """Open actions raised at earlier meetings of the meeting's body, oldest first."""
    queryset = Action.objects.open().filter(_raised_before(meeting))
    if not with_confidential:
        queryset = queryset.filter(item__confidential=False)
    return list(_with_context(queryset, notes_at=meeting))


def closed_at_meeting(*, meeting: Meeting) -> list[Action]:
    """Earlier actions this meeting closed (and that are still closed)."""
    closed_here = ActionNote.objects.filter(meeting=meeting, new_status__in=CLOSED_STATUSES)
    queryset = Action.objects.filter(_raised_before(meeting), status__in=CLOSED_STATUSES).filter(
        pk__in=closed_here.values("action_id")
    )
    return list(_with_context(queryset, notes_at=meeting))


def actions_reviewed(*, meeting: Meeting, with_confidential: bool) -> list[Action]:
    """The actions a meeting's "Previous notes/actions" item reviewed, for its minutes.

    Those raised earlier that were still open at the meeting: open now, closed
    at it or at a later meeting, or closed outside any meeting on or after its
    day. Each carries `review_notes`, the notes recorded at this meeting.
    """
    closing = ActionNote.objects.filter(action=OuterRef("pk"), new_status__in=CLOSED_STATUSES)
    still_open_then = (
        Q(status=ActionStatus.OPEN)
        | Exists(closing.filter(meeting__date__gte=meeting.date))
        | (~Exists(closing.filter(meeting__isnull=False)) & Q(closed_at__date__gte=meeting.date))
    )
    queryset = Action.objects.filter(_raised_before(meeting)).filter(still_open_then)
    if not with_confidential:
        queryset = queryset.filter(item__confidential=False)
    return list(_with_context(queryset, notes_at=meeting, for_print=True))


def reviewed_row(*, action_pk: int, meeting: Meeting) -> Action:
    """One action as the matters-arising list shows it, whatever its status."""
    return _with_context(Action.objects.filter(pk=action_pk), notes_at=meeting).get()


def review_item(items):
    """The agenda item where earlier minutes and actions are reviewed ("Previous
    notes/actions", "Matters arising"), or None."""
    return next((item for item in items if item.kind == ItemKind.PREVIOUS_MINUTES), None)


def matters_arising_context(*, meeting: Meeting) -> dict:
    """What templates/actions/_matters_arising.html needs, for a view to add to its context."""
    return {
        "meeting": meeting,
        "outstanding_actions": outstanding_actions(meeting=meeting),
        "closed_actions": closed_at_meeting(meeting=meeting),
        # Advice is not an action, but is reviewed under the same item until answered.
        "carried_advice": carried_advice(meeting=meeting, with_confidential=True),
    }


def add_progress_note(*, action: Action, text: str, by, meeting: Meeting | None = None):
    """Record a dated progress note on an action (at a meeting reviewing it, if given)."""
    text = text.strip()
    if not text:
        raise ValueError("A progress note needs some text.")
    return ActionNote.objects.create(action=action, text=text, created_by=by, meeting=meeting)


def _locked(action: Action) -> Action:
    return Action.objects.select_for_update().get(pk=action.pk)


@transaction.atomic
def close_action(
    *, action: Action, status: str, by, note: str = "", meeting: Meeting | None = None
) -> Action:
    """Mark an open action done or dropped, with an optional closing note."""
    if status not in CLOSED_STATUSES:
        raise ValueError(f"{status!r} does not close an action.")
    locked = _locked(action)
    if locked.status != ActionStatus.OPEN:
        raise ActionStateError("This action was already closed.")
    locked.set_status(status, by=by)
    locked.save(update_fields=["status", "closed_at", "closed_by"])
    ActionNote.objects.create(
        action=locked, text=note.strip(), new_status=status, created_by=by, meeting=meeting
    )
    return locked


@transaction.atomic
def reopen_action(*, action: Action, by, meeting: Meeting | None = None) -> Action:
    """Undo a close: the action is open again, and the notes say so."""
    locked = _locked(action)
    if locked.status == ActionStatus.OPEN:
        raise ActionStateError("This action is already open.")
    locked.set_status(ActionStatus.OPEN, by=by)
    locked.save(update_fields=["status", "closed_at", "closed_by"])
    ActionNote.objects.create(
        action=locked, new_status=ActionStatus.OPEN, created_by=by, meeting=meeting
    )
    return locked


# --- Reminders ---------------------------------------------------------------


@dataclass
class ReminderResult:
    """What one run of the reminders did, for the command's output."""

    sent: list[tuple[Action, list[str]]] = field(default_factory=list)
    no_address: list[Action] = field(default_factory=list)
    failed: list[tuple[Action, str]] = field(default_factory=list)
    already_sent: int = 0


def actions_due_for_reminder(*, today: datetime.date, days: int):
    """Open actions due from today to `days` ahead not yet reminded of this due date."""
    return (
        Action.objects.open()
        .filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days))
        .select_related("item__meeting__body")
        .prefetch_related(Prefetch("owners", queryset=Attendance.objects.select_related("person")))
        .order_by("due_date", "pk")
    )


def reminder_message(*, action: Action, to: list[str]) -> EmailMessage:
    """The email to an action's owners; a confidential item's action is named by its meeting."""
    meeting = action.item.meeting
    link = links.absolute(reverse("actions:mine"))
    due = f"{action.due_date:%A} {action.due_date.day} {action.due_date:%B %Y}"
    held = f"{meeting.date.day} {meeting.date:%B %Y}"
    if action.item.confidential:
        subject = f"Reminder: an action from the meeting of {held} is due on {due}"
        body = (
            f"You have an action from the {meeting.body.short_name} meeting of {held}, "
            f"due on {due}.\n\nSign in to see it and record progress:\n{link}\n"
        )
    else:
        summary = " ".join(action.description.split())
        if len(summary) > 60:
            summary = summary[:57] + "..."
        subject = f"Reminder: action due {due}: {summary}"
        body = (
            f"This action of yours is due on {due}:\n\n{action.description}\n\n"
            f"Raised at the {meeting.body.short_name} meeting of {held}, "
            f'under "{action.item.title}".\n\n'
            f"Record progress or see all your actions:\n{link}\n"
        )
    return EmailMessage(subject=subject, body=body, to=to)


class ReminderFailed(Exception):
    """The reminder email did not go: its claim is undone for the next run."""


def send_action_reminders(
    *, today: datetime.date | None = None, days: int = 7, dry_run: bool = False
) -> ReminderResult:
    """Email the owners of actions falling due soon, once per action and due date."""
    today = today or timezone.localdate()
    result = ReminderResult()
    already = set(
        ReminderSent.objects.filter(due_date__gte=today).values_list("action_id", "due_date")
    )
    for action in actions_due_for_reminder(today=today, days=days):
        if (action.pk, action.due_date) in already:
            result.already_sent += 1
            continue
        addresses = sorted(
            {o.person.email for o in action.owners.all() if o.person and o.person.email}
        )
        if not addresses:
            result.no_address.append(action)
            continue
        if dry_run:
            result.sent.append((action, addresses))
            continue
        try:
            with transaction.atomic():
                # Claim first: a second run at the same time fails here, not in the
                # inbox. One message to all the owners: it goes, and the claim stays,
                # or it fails, and the claim is undone for tomorrow's run.
                ReminderSent.objects.create(
                    action=action, due_date=action.due_date, recipients=len(addresses)
                )
                (error,) = emails.send(
                    [reminder_message(action=action, to=addresses)],
                    purpose=f"Reminder for action {action.pk}",
                )
                if error:
                    raise ReminderFailed(error)
        except IntegrityError:
            result.already_sent += 1
            continue
        except ReminderFailed as error:
            result.failed.append((action, str(error)))
            continue
        logger.info("Sent a reminder for action %s to %d owner(s)", action.pk, len(addresses))
        result.sent.append((action, addresses))
    return result

"""Writing the formal record: a decision's mover and vote, a declaration of interest.
Rows of the minutes: the lock on agreed minutes holds for them (MinutesRow)."""

from django.db import transaction

from committee.models import Decision, Declaration, Outcome
from meetings.models import Attendance, Meeting, PointKind


@transaction.atomic
def record_decision(
    *,
    point,
    proposer: Attendance | None = None,
    seconder: Attendance | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstained: int | None = None,
    outcome: str = Outcome.RESOLVED,
) -> Decision | None:
    """Keep the register in step with a point: a decision point has its Decision (with
    what was typed of the vote); a point that is no longer a decision has none."""
    existing = Decision.objects.filter(point=point).first()
    if point.kind != PointKind.DECISION:
        if existing is not None:
            existing.delete()
        return None
    values = {
        "proposer": proposer,
        "seconder": seconder,
        "votes_for": votes_for,
        "votes_against": votes_against,
        "votes_abstained": votes_abstained,
        "outcome": outcome,
    }
    if existing is None:
        return Decision.objects.create(point=point, **values)
    if any(getattr(existing, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
    return existing


@transaction.atomic
def add_declaration(
    *, meeting: Meeting, attendee, item, nature: str, description: str, left_room: bool
) -> Declaration:
    last = meeting.declarations.order_by("-order").values_list("order", flat=True).first()
    return Declaration.objects.create(
        meeting=meeting,
        attendee=attendee,
        item=item,
        nature=nature,
        description=description,
        left_room=left_room,
        order=(last or 0) + 1,
    )

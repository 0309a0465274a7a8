"""Arranging a meeting's state in a test: through the lifecycle's own steps, as the
portal takes them (no user, as the system's commands do), wherever a step leads
there."""

from meetings import lifecycle
from meetings.models import MeetingStatus, status_change


def move_to(meeting, status):
    """Take `meeting` to `status` by the shortest run of lifecycle steps. Publishing
    needs a body that publishes: one that does not is made to for the step, then set
    back (as a body that stopped publishing since). A state no step leads back to (a
    draft made "scheduled" again) is written directly: force_status."""
    if meeting.status == status:
        return meeting
    steps = lifecycle.path(meeting.status, status)
    if not steps:
        return force_status(meeting, status)
    body = meeting.body
    publishes = body.publishes_minutes
    if "publish" in steps and not publishes:
        body.publishes_minutes = True
        body.save(update_fields=["publishes_minutes"])
    for name in steps:
        lifecycle.apply(meeting, name, by=None)
    if body.publishes_minutes != publishes:
        body.publishes_minutes = publishes
        body.save(update_fields=["publishes_minutes"])
    return meeting


def rewind_to_scheduled(meeting):
    """Arrange a meeting that has not been started yet."""
    return force_status(meeting, MeetingStatus.SCHEDULED)


def force_status(meeting, status):
    """Arrange a state that no lifecycle step leads back to. Only for tests of what a
    page or service does in that state, never to get past the lifecycle's rules."""
    meeting.status = status
    with status_change(meeting.pk):
        meeting.save(update_fields=["status"])
    return meeting

"""How pages read the minutes: one query plan per shape, shared by the editor, the
meeting page and the printed editions."""

from django.db.models import Prefetch

from actions.models import Action
from iag_portal.compiled import Compiled
from meetings.models import AgendaItem, Attendance, Meeting, Point
from members import permissions


def minutes_items(meeting: Meeting, *, with_confidential: bool):
    """The meeting's agenda items with their points and actions, in three queries.

    Without `with_confidential`, confidential points, and every point and action
    of a confidential item, are not even read from the database.
    """
    # Speakers and owners are printed by their initials: read nothing else of
    # them (not the members-only attendance note).
    people = Attendance.objects.only("id", "initials")
    # A decision's mover and seconder print by name: not their members-only note.
    points = (
        Point.objects.select_related("decision__proposer", "decision__seconder")
        .defer("decision__proposer__note", "decision__seconder__note")
        .prefetch_related(Prefetch("speakers", queryset=people))
    )
    actions = Action.objects.prefetch_related(Prefetch("owners", queryset=people))
    if not with_confidential:
        points = points.filter(confidential=False, item__confidential=False)
        actions = actions.filter(item__confidential=False)
    return AgendaItem.objects.filter(meeting=meeting).prefetch_related(
        Prefetch("points", queryset=points), Prefetch("actions", queryset=actions)
    )


# --- The meetings list ---------------------------------------------------------------

LISTED_FIELDS = ("pk", "date", "start_time", "status", "topic", "location", "body_id")


def _listed(all_bodies, guest_bodies):
    return permissions.meetings_visible_in(
        Meeting.objects.select_related("body").only(*LISTED_FIELDS, "body__short_name"),
        all_bodies,
        guest_bodies,
    )


def listed_meetings(user) -> Compiled:
    """The meetings the user may see (members.permissions.visible_meetings), with what
    the meetings list shows of them: a queryset compiled once per worker and shape
    (iag_portal.compiled), for the list's keyset pages to narrow and order."""
    return Compiled("meetings list", _listed, *permissions.meeting_bodies(user))

"""Access helpers for views: fetch a meeting and check the user's right to it, in one call.

Views (and only views) call these; they answer 404 or 403 as HTTP does. The rules
themselves are in members/permissions.py.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from meetings.models import Meeting
from members import permissions
from members.models import Body
from members.permissions import Perm


def get_meeting(request, pk: int, perm: Perm = Perm.VIEW_MEETING) -> Meeting:
    """The meeting if the user may see it (else 404) and may do `perm` there (else 403)."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not permissions.can_view_meeting(request.user, meeting):
        raise PermissionDenied
    if not permissions.can(request.user, perm, meeting.body_id):
        raise PermissionDenied
    return meeting


def get_editable_meeting(request, pk: int) -> Meeting:
    return get_meeting(request, pk, Perm.EDIT_MINUTES)


def editable_bodies(user) -> set[int]:
    """Ids of the bodies whose minutes the user types."""
    bodies = permissions.bodies_where(user, Perm.EDIT_MINUTES)
    return set(Body.objects.values_list("pk", flat=True)) if bodies is None else set(bodies)

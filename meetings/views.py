from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actions.models import Action
from meetings.models import AgendaItem, Meeting, MeetingStatus, Point
from members import permissions
from members.permissions import Perm


def get_meeting(request, pk: int, perm: Perm = Perm.VIEW_MEETING) -> Meeting:
    """The meeting if the user may see it (else 404) and may do `perm` there (else 403)."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not permissions.can_view_meeting(request.user, meeting):
        raise PermissionDenied
    if not permissions.can(request.user, perm, meeting.body_id):
        raise PermissionDenied
    return meeting


def minutes_items(meeting: Meeting, *, with_confidential: bool):
    """The meeting's agenda items with their points and actions, in three queries.

    Without `with_confidential`, confidential points, and every point and action
    of a confidential item, are not even read from the database.
    """
    points = Point.objects.prefetch_related("speakers")
    actions = Action.objects.prefetch_related("owners")
    if not with_confidential:
        points = points.filter(confidential=False, item__confidential=False)
        actions = actions.filter(item__confidential=False)
    return AgendaItem.objects.filter(meeting=meeting).prefetch_related(
        Prefetch("points", queryset=points), Prefetch("actions", queryset=actions)
    )


@require_GET
def meeting_list(request):
    meetings = Meeting.objects.visible_to(request.user).select_related("body")
    today = timezone.localdate()
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": meetings.filter(date__gte=today).order_by("date", "start_time"),
            "past": meetings.filter(date__lt=today),
            "can_edit_any": permissions.can_anywhere(request.user, Perm.EDIT_MINUTES),
        },
    )


@require_GET
def meeting_detail(request, pk: int):
    meeting = get_meeting(request, pk)
    user = request.user
    with_confidential = permissions.can(user, Perm.VIEW_CONFIDENTIAL, meeting.body_id)
    attendance = list(meeting.attendance.all())
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "present": [a for a in attendance if a.status == "present"],
            "apologies": [a for a in attendance if a.status == "apologies"],
            "absent": [a for a in attendance if a.status == "absent"],
            "items": minutes_items(meeting, with_confidential=with_confidential),
            "with_confidential": with_confidential,
            "next_meeting": meeting.next_meeting(),
            "can_edit": permissions.can(user, Perm.EDIT_MINUTES, meeting.body_id),
            "is_draft": meeting.status in {MeetingStatus.DRAFT, MeetingStatus.CIRCULATED},
        },
    )

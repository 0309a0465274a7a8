import datetime

import pytest
from django.utils import timezone

from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus, Point
from members.models import ItemKind

SECRET = "Operation Kestrel-Marmalade informant"


def add_meeting(body, date, *, users):
    """A draft meeting with the standard items, attended by the officer and guest, and
    one open and one confidential point."""
    meeting = Meeting.objects.create(
        body=body, date=date, start_time=datetime.time(18), status=MeetingStatus.DRAFT
    )
    for order, role in enumerate(("officer", "guest"), start=1):
        person = users[role].person
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            name=person.name,
            initials=person.memberships.get().initials,
            role=f"IAG {role}",
            order=order,
        )
    for order, (title, confidential) in enumerate(
        [
            ("Welcome and Introductions", False),
            ("Previous notes/actions", False),
            ("Stop and Search Data", False),
            ("Case review", True),
        ],
        start=1,
    ):
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            number=str(order),
            title=title,
            confidential=confidential,
            kind=ItemKind.from_title(title),
        )
        if title == "Stop and Search Data":
            Point.objects.create(
                item=item, order=1, text="The IAG recommended body worn video is reviewed."
            )
        if confidential:
            Point.objects.create(item=item, order=1, text=f"Members advised on {SECRET}.")
    return meeting


def open_point(meeting):
    return Point.objects.get(item__meeting=meeting, item__title="Stop and Search Data")


def secret_point(meeting):
    return Point.objects.get(item__meeting=meeting, item__confidential=True)


@pytest.fixture
def meetings(body, users):
    """Three meetings of the body: two months ago, last month, and in ten days."""
    today = timezone.localdate()
    return [
        add_meeting(body, today + datetime.timedelta(days=days), users=users)
        for days in (-60, -30, 10)
    ]

import datetime

import pytest

from actions.models import Action
from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from members.models import ItemKind

DATES = (datetime.date(2022, 1, 10), datetime.date(2022, 2, 14), datetime.date(2022, 3, 21))


def _add_meeting(body, date, *, users, status=MeetingStatus.DRAFT):
    """A meeting with the officer, member and guest attending and the standard items."""
    meeting = Meeting.objects.create(
        body=body, date=date, start_time=datetime.time(18), status=status
    )
    for order, role in enumerate(("officer", "member", "guest"), start=1):
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
            ("Hate Crime Case Studies", False),
            ("Case review", True),
        ],
        start=1,
    ):
        AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            number=str(order),
            title=title,
            confidential=confidential,
            kind=ItemKind.from_title(title),
        )
    return meeting


@pytest.fixture
def series(body, users):
    """Three meetings of the body, a month or so apart."""
    return [_add_meeting(body, date, users=users) for date in DATES]


def _raise_action(
    meeting, description, *, owners=("ME",), item="Hate Crime Case Studies", due=None
):
    action = Action.objects.create(
        item=meeting.items.get(title=item), description=description, due_date=due
    )
    action.owners.set(meeting.attendance.filter(initials__in=owners))
    return action


@pytest.fixture
def raise_action(db):
    """A function raising an action at a meeting, owned by initials on its attendance."""
    return _raise_action


@pytest.fixture
def add_meeting(users):
    """A function adding a meeting of a body, attended by the officer, member and guest."""

    def add(body, date, **kwargs):
        return _add_meeting(body, date, users=users, **kwargs)

    return add

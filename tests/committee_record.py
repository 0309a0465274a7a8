"""Fixtures of the formal committee record (issue 21), shared by tests/committee and
the browser test: the SaferMK Partnership, its clerk, two meetings of one year."""

import datetime

import pytest
from conftest import make_user

from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from members.models import Body


@pytest.fixture
def safermk(db):
    return Body.objects.create(
        name="SaferMK Partnership",
        short_name="SaferMK",
        slug="safermk",
        minute_prefix="SMK",
        publishes_minutes=True,
    )


@pytest.fixture
def clerk(safermk):
    """The partnership's officer (committee manager), signed in."""
    return make_user("clerk", body=safermk, role="officer", initials="JC")


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def formal_meeting(body, date, *, minutes=(), status=MeetingStatus.DRAFT):
    """A meeting of `body` with items numbered `minutes` (SMK24...)."""
    meeting = Meeting.objects.create(
        body=body, date=date, start_time=datetime.time(14, 0), status=MeetingStatus.DRAFT
    )
    for order, number in enumerate(minutes, start=1):
        AgendaItem.objects.create(
            meeting=meeting, order=order, title=f"Item {number}", minute_number=number
        )
    return meeting


@pytest.fixture
def october(safermk):
    return formal_meeting(safermk, datetime.date(2019, 10, 24), minutes=range(18, 25))


@pytest.fixture
def january(safermk, october):
    """The next meeting, with its attendance and no agenda yet."""
    meeting = formal_meeting(safermk, datetime.date(2020, 1, 30))
    for order, (initials, name, capacity) in enumerate(
        [
            ("KG", "Chief Inspector K Gardner", "chair"),
            ("MB", "M Bracey", "member"),
            ("CC", "C Clairmont", "member"),
            ("PA", "Parish Councillor P Ayles", "co_opted"),
            ("JC", "J Crighton", "officer"),
        ],
        start=1,
    ):
        Attendance.objects.create(
            meeting=meeting, initials=initials, name=name, capacity=capacity, order=order
        )
    return meeting

import datetime

import pytest

from meetings.models import Meeting, MeetingStatus
from reviews import services


@pytest.fixture
def emails(users):
    """Every role's person gets an email address."""
    for role in ("officer", "chair", "member", "guest"):
        person = users[role].person
        person.email = f"{role}@example.org"
        person.save()
    return users


@pytest.fixture
def next_meeting(meeting):
    return Meeting.objects.create(
        body=meeting.body,
        date=datetime.date(2022, 4, 6),
        start_time=datetime.time(18, 0),
        status=MeetingStatus.SCHEDULED,
    )


@pytest.fixture
def circulated(meeting, emails):
    services.circulate(meeting=meeting, by=emails["officer"])
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def approved(circulated, users, next_meeting):
    services.sign_off(meeting=circulated, by=users["chair"], agreed_at=next_meeting)
    circulated.refresh_from_db()
    return circulated

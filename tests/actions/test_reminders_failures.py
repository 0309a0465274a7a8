"""A mail server failure costs one reminder, not the run, and never a duplicate."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from actions.models import Action, ReminderSent
from actions.services import send_action_reminders
from meetings.models import Attendance
from members.models import Person


@pytest.fixture
def two_due_actions(meeting):
    item = meeting.items.first()
    actions = []
    for n, email in enumerate(["first@example.org", "second@example.org"]):
        person = Person.objects.create(name=f"Owner {n}", email=email)
        owner = Attendance.objects.create(meeting=meeting, person=person, initials=f"O{'AB'[n]}")
        action = Action.objects.create(
            item=item, description=f"Action {n}", due_date=datetime.date(2030, 1, 3)
        )
        action.owners.add(owner)
        actions.append(action)
    return actions


def test_a_failed_send_is_skipped_undone_and_retried_next_time(two_due_actions, monkeypatch):
    original = EmailBackend.send_messages

    def flaky(self, messages):
        if "first@example.org" in messages[0].to:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    result = send_action_reminders(today=datetime.date(2030, 1, 1))
    assert [action.description for action, _error in result.failed] == ["Action 0"]
    assert [m.to for m in mail.outbox] == [["second@example.org"]]
    assert list(ReminderSent.objects.values_list("action__description", flat=True)) == ["Action 1"]

    monkeypatch.setattr(EmailBackend, "send_messages", original)
    send_action_reminders(today=datetime.date(2030, 1, 2))
    assert [m.to for m in mail.outbox] == [["second@example.org"], ["first@example.org"]]

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from actions.models import Action, ReminderSent
from actions.services import send_action_reminders

TODAY = datetime.date(2022, 2, 7)


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def emails(users):
    for role in ("officer", "member", "guest"):
        person = users[role].person
        person.email = f"{role}@example.org"
        person.save()


def test_reminders_are_sent_once_per_action_and_due_date(series, emails, raise_action, settings):
    settings.SITE_URL = "https://iag.example.org"
    action = raise_action(
        series[0], "Provide hate crime case studies", owners=("ME", "OF"), due=series[1].date
    )

    result = send_action_reminders(today=TODAY, days=7)
    assert [a for a, _ in result.sent] == [action]
    # One message to the action's owners: it is sent, and recorded, as a whole.
    assert [sorted(m.to) for m in mail.outbox] == [["member@example.org", "officer@example.org"]]
    message = mail.outbox[0]
    assert "Provide hate crime case studies" in message.body
    assert "Monday 14 February 2022" in message.body
    assert "meeting of 10 January 2022" in message.body
    assert "https://iag.example.org/actions/mine/" in message.body

    again = send_action_reminders(today=TODAY, days=7)
    tomorrow = send_action_reminders(today=TODAY + datetime.timedelta(days=1), days=7)
    assert again.sent == tomorrow.sent == []
    assert again.already_sent == 1
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get().due_date == series[1].date


def test_a_moved_due_date_earns_a_new_reminder(series, emails, raise_action):
    action = raise_action(series[0], "Move me", due=datetime.date(2022, 2, 10))
    send_action_reminders(today=TODAY, days=7)
    Action.objects.filter(pk=action.pk).update(due_date=datetime.date(2022, 2, 12))
    send_action_reminders(today=TODAY, days=7)
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2


def test_only_open_actions_due_within_the_window_are_reminded(series, emails, raise_action, users):
    raise_action(series[0], "Too far off", due=datetime.date(2022, 3, 1))
    raise_action(series[0], "Already late", due=datetime.date(2022, 2, 1))
    raise_action(series[0], "Undated")
    closed = raise_action(series[0], "Closed", due=datetime.date(2022, 2, 8))
    closed.set_status("done", by=users["officer"])
    closed.save()
    due = raise_action(series[0], "Due on the last day", due=datetime.date(2022, 2, 14))
    result = send_action_reminders(today=TODAY, days=7)
    assert [a for a, _ in result.sent] == [due]
    assert len(mail.outbox) == 1


def test_a_confidential_items_action_is_named_only_by_its_meeting(series, emails, raise_action):
    raise_action(
        series[0], "Quokka-lantern follow up", item="Case review", due=datetime.date(2022, 2, 9)
    )
    send_action_reminders(today=TODAY, days=7)
    (message,) = mail.outbox
    assert "Quokka-lantern" not in message.subject + message.body
    assert "Case review" not in message.subject + message.body
    assert "an action from the meeting of 10 January 2022" in message.subject
    assert "/actions/mine/" in message.body


def test_owners_without_an_address_are_reported_and_tried_again_later(series, raise_action):
    action = raise_action(series[0], "No address", due=datetime.date(2022, 2, 9))
    result = send_action_reminders(today=TODAY, days=7)
    assert result.no_address == [action]
    assert not ReminderSent.objects.exists()
    assert mail.outbox == []


def test_the_command_dry_run_sends_and_records_nothing(series, emails, raise_action, frozen_today):
    raise_action(series[0], "Dry", due=datetime.date(2022, 2, 9))
    out = io.StringIO()
    call_command("send_action_reminders", "--dry-run", "--days", "7", stdout=out)
    assert "Would email 1 owner(s)" in out.getvalue()
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_the_command_sends_and_is_idempotent(series, emails, raise_action, frozen_today):
    raise_action(series[0], "Run me", due=datetime.date(2022, 2, 9))
    call_command("send_action_reminders", stdout=io.StringIO())
    out = io.StringIO()
    call_command("send_action_reminders", stdout=out)
    assert len(mail.outbox) == 1
    assert "0 reminder(s) sent, 1 already sent" in out.getvalue()


def test_the_command_refuses_a_negative_window(db):
    with pytest.raises(CommandError, match="--days"):
        call_command("send_action_reminders", "--days", "-1", stdout=io.StringIO())

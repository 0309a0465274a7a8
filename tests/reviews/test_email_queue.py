"""The review's emails leave the request: one task per batch, enqueued once the step
commits, sending over one connection; the request itself sends nothing."""

from types import SimpleNamespace

from django.core import mail
from django.tasks import default_task_backend
from django.test import override_settings
from django.urls import reverse

from iag_portal import emails as sending
from meetings.models import MeetingStatus
from reviews import responses, services
from reviews.models import Circulation

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def queued(name):
    return [result for result in default_task_backend.results if result.task.name == name]


@override_settings(TASKS=DUMMY_TASKS)
def test_circulation_enqueues_one_task_and_sends_nothing_in_the_request(
    role_client, meeting, emails, django_capture_on_commit_callbacks
):
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = role_client("officer").post(
            reverse("reviews:circulate", args=[meeting.pk]), {"note": "First draft"}
        )
    assert response.status_code == 302
    assert len(callbacks) == 1  # enqueued only once the circulation has committed
    assert mail.outbox == []
    circulation = Circulation.objects.get(meeting=meeting)
    (task,) = queued("send_circulation_emails")
    assert task.args[0] == circulation.pk
    assert not circulation.recipients.filter(sent=True).exists()
    # The officer is told the emails are on their way, not that they failed.
    dashboard = role_client("officer").get(reverse("reviews:dashboard", args=[meeting.pk]))
    assert "is on its way" in dashboard.content.decode()
    assert "did not take the message" not in dashboard.content.decode()


def test_the_task_sends_the_batch_over_one_connection(
    meeting, emails, monkeypatch, django_capture_on_commit_callbacks
):
    opened = []

    class Counting:
        def open(self):
            opened.append(1)

        def close(self):
            pass

        def send_messages(self, messages):
            mail.outbox.extend(messages)
            return len(messages)

    monkeypatch.setattr(sending, "mailers", SimpleNamespace(default=Counting()))
    with django_capture_on_commit_callbacks(execute=True):
        circulation = services.circulate(meeting=meeting, by=emails["officer"])
    assert len(opened) == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        "chair@example.org",
        "member@example.org",
        "officer@example.org",
    ]
    assert circulation.recipients.filter(sent=True).count() == 3
    assert "on its way" not in responses.reach(circulation).sentence


def test_a_failure_is_retried_and_those_already_sent_are_never_sent_twice(
    meeting, emails, monkeypatch, django_capture_on_commit_callbacks
):
    tries = {"chair@example.org": 0}

    class FailsTwiceForTheChair:
        def open(self):
            pass

        def close(self):
            pass

        def send_messages(self, messages):
            (address,) = messages[0].to
            if address in tries and tries[address] < 3:  # one round is two attempts
                tries[address] += 1
                raise ConnectionResetError("SMTP connection reset")
            mail.outbox.extend(messages)
            return 1

    monkeypatch.setattr(sending, "mailers", SimpleNamespace(default=FailsTwiceForTheChair()))
    with django_capture_on_commit_callbacks(execute=True):
        circulation = services.circulate(meeting=meeting, by=emails["officer"])
    assert sorted(m.to[0] for m in mail.outbox) == [
        "chair@example.org",
        "member@example.org",
        "officer@example.org",
    ]
    chair = circulation.recipients.get(email="chair@example.org")
    assert chair.sent and chair.error == ""


@override_settings(TASKS=DUMMY_TASKS)
def test_sign_off_and_publication_enqueue_their_emails_after_commit(
    circulated, users, next_meeting, django_capture_on_commit_callbacks
):
    default_task_backend.clear()
    mail.outbox.clear()
    circulated.body.publishes_minutes = True
    circulated.body.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_off(meeting=circulated, by=users["chair"], agreed_at=next_meeting)
        services.publish(meeting=circulated, by=users["chair"])
    assert circulated.status == MeetingStatus.PUBLISHED
    assert [t.args[1] for t in queued("send_outcome_emails")] == ["signed", "published"]
    assert mail.outbox == []

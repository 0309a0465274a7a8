import datetime
from types import SimpleNamespace

import pytest
from conftest import make_user
from django.conf import settings
from django.core import mail
from django.urls import reverse
from states import move_to

from iag_portal import emails as sending
from meetings.models import MeetingStatus
from members.models import Membership, Person, Role
from reviews import services
from reviews.models import Circulation, Recipient, Transition


def circulate_url(meeting):
    return reverse("reviews:circulate", args=[meeting.pk])


def test_the_officer_circulates_a_draft_to_every_current_member(
    role_client, meeting, emails, django_capture_on_commit_callbacks
):
    ended = make_user("former", body=meeting.body, role=Role.MEMBER, initials="FO")
    ended.person.email = "former@example.org"
    ended.person.save()
    Membership.objects.filter(person=ended.person).update(
        start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 1, 1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = role_client("officer").post(circulate_url(meeting), {"note": "First draft"})

    assert response.status_code == 302
    assert response.url == reverse("reviews:dashboard", args=[meeting.pk])
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CIRCULATED
    sent_to = sorted(address for message in mail.outbox for address in message.to)
    assert sent_to == ["chair@example.org", "member@example.org", "officer@example.org"]
    link = settings.SITE_URL + reverse("meetings:detail", args=[meeting.pk])
    for message in mail.outbox:
        assert link in message.body
        assert "2 March 2022" in message.subject
        assert "Zanzibar" not in message.body  # never minutes text, let alone confidential
        assert "Welcomed everyone" not in message.body
    circulation = Circulation.objects.get(meeting=meeting)
    assert (circulation.number, circulation.by, circulation.note) == (
        1,
        emails["officer"],
        "First draft",
    )
    assert set(circulation.recipients.values_list("email", "sent")) == {
        ("chair@example.org", True),
        ("member@example.org", True),
        ("officer@example.org", True),
    }
    transition = Transition.objects.get(meeting=meeting)
    assert (transition.from_status, transition.to_status, transition.by) == (
        "draft",
        "circulated",
        emails["officer"],
    )


def test_a_member_without_an_email_address_is_recorded_as_not_reached(
    meeting, emails, django_capture_on_commit_callbacks
):
    person = emails["member"].person
    person.email = ""
    person.save()

    with django_capture_on_commit_callbacks(execute=True):
        circulation = services.circulate(meeting=meeting, by=emails["officer"])

    recipient = circulation.recipients.get(person=person)
    assert not recipient.sent
    assert recipient.error == services.NO_EMAIL
    assert len(mail.outbox) == 2


def test_a_failed_email_is_recorded_per_recipient_and_the_rest_still_go(
    meeting, emails, monkeypatch, django_capture_on_commit_callbacks
):
    class Flaky:
        def send_messages(self, messages):
            if messages[0].to == ["chair@example.org"]:
                raise ConnectionRefusedError("SMTP server refused")
            mail.outbox.extend(messages)
            return 1

    monkeypatch.setattr(sending, "mailers", SimpleNamespace(default=Flaky()))

    with django_capture_on_commit_callbacks(execute=True):
        circulation = services.circulate(meeting=meeting, by=emails["officer"])

    failed = circulation.recipients.get(email="chair@example.org")
    assert not failed.sent and "SMTP server refused" in failed.error
    assert circulation.recipients.filter(sent=True).count() == 2
    # Retried in later rounds, the others never twice.
    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.org", "officer@example.org"]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CIRCULATED


@pytest.mark.parametrize("role", ["chair", "member", "guest", "outsider"])
def test_only_officers_circulate(role_client, meeting, emails, role):
    response = role_client(role).post(circulate_url(meeting))
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
    assert mail.outbox == [] and not Circulation.objects.exists()


@pytest.mark.parametrize("status", ["scheduled", "circulated", "approved", "published"])
def test_circulating_is_refused_unless_the_minutes_are_a_draft(
    role_client, meeting, emails, status
):
    move_to(meeting, status)
    client = role_client("officer")
    response = client.post(circulate_url(meeting), follow=True)
    assert "cannot be circulated now" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == status
    assert mail.outbox == [] and not Circulation.objects.exists()


def test_circulating_needs_a_post(role_client, meeting):
    assert role_client("officer").get(circulate_url(meeting)).status_code == 405


def test_recirculating_sends_a_new_version_to_current_members(
    role_client, circulated, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = role_client("officer").post(
            reverse("reviews:recirculate", args=[circulated.pk]), {"note": "Item 1 corrected"}
        )
    assert response.status_code == 302
    assert list(circulated.circulations.values_list("number", flat=True)) == [1, 2]
    assert len(mail.outbox) == 3
    assert "revised draft (version 2)" in mail.outbox[0].body
    deadline = circulated.circulations.get(number=2).deadline
    assert deadline is not None
    for message in mail.outbox:
        assert f"Please review them by {deadline:%A} {deadline.day} {deadline:%B %Y}" in (
            message.body
        )
        assert f"/meetings/{circulated.pk}/" in message.body
    assert Transition.objects.filter(meeting=circulated).last().note.startswith("Version 2")


def test_recirculating_a_draft_that_was_never_circulated_is_refused(role_client, meeting):
    role_client("officer").post(reverse("reviews:recirculate", args=[meeting.pk]))
    assert not Circulation.objects.exists()


@pytest.mark.parametrize("role", ["chair", "member"])
def test_only_officers_recirculate(role_client, circulated, role):
    response = role_client(role).post(reverse("reviews:recirculate", args=[circulated.pk]))
    assert response.status_code == 403
    assert circulated.circulations.count() == 1


def test_the_meeting_page_offers_circulation_to_the_officer_only(role_client, meeting):
    url = meeting.get_absolute_url()
    assert "Circulate to members" in role_client("officer").get(url).content.decode()
    assert "Circulate to members" not in role_client("member").get(url).content.decode()


def test_recipients_are_kept_per_version(circulated, emails, django_capture_on_commit_callbacks):
    Person.objects.filter(pk=emails["chair"].person.pk).update(email="new-chair@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        second = services.recirculate(meeting=circulated, by=emails["officer"])
    assert Recipient.objects.filter(circulation__number=1, email="chair@example.org").exists()
    assert second.recipients.filter(email="new-chair@example.org", sent=True).exists()

"""The review deadline, the circulation email's link, and the sign-off's choice of meeting."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, MeetingStatus
from reviews import forms, services


def test_circulating_sets_a_deadline_of_fourteen_days_by_default(
    meeting, emails, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        circulation = services.circulate(meeting=meeting, by=emails["officer"])
    assert circulation.deadline == timezone.localdate() + datetime.timedelta(days=14)
    notice = mail.outbox[0]
    assert f"by {circulation.deadline:%A %-d %B %Y}" in notice.body
    assert f"(by {circulation.deadline:%-d %B})" in notice.subject


def test_the_officer_sets_the_deadline_and_the_email_links_to_the_address_in_use(
    role_client, meeting, emails, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["iag.example.net", "testserver"]
    deadline = timezone.localdate() + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = role_client("officer").post(
            reverse("reviews:circulate", args=[meeting.pk]),
            {"note": "", "deadline": deadline.isoformat()},
            HTTP_HOST="iag.example.net",
        )
    assert response.status_code == 302
    assert meeting.circulations.get().deadline == deadline
    assert f"http://iag.example.net/meetings/{meeting.pk}/" in mail.outbox[0].body
    for message in mail.outbox:  # each reviewer's own email: the deadline and the link
        assert f"Please review them by {deadline:%A} {deadline.day} {deadline:%B %Y}" in (
            message.body
        )
        assert f"http://iag.example.net/meetings/{meeting.pk}/" in message.body
        assert f"(by {deadline.day} {deadline:%B})" in message.subject
    page = role_client("member").get(meeting.get_absolute_url()).content.decode()
    assert f"Review by {deadline:%A} {deadline.day} {deadline:%B %Y}" in page


def test_a_deadline_in_the_past_is_refused(role_client, meeting, emails):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    role_client("officer").post(
        reverse("reviews:circulate", args=[meeting.pk]), {"deadline": yesterday.isoformat()}
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT and not mail.outbox


def test_the_sign_off_offers_the_next_meeting_first_and_no_meeting_months_ahead(meeting, body):
    def add(date, status=MeetingStatus.SCHEDULED):
        made = Meeting.objects.create(body=body, date=date, start_time=datetime.time(18))
        if status == MeetingStatus.CANCELLED:
            from states import move_to

            move_to(made, status)
        return made

    following = add(datetime.date(2022, 4, 6))
    add(datetime.date(2022, 5, 4), MeetingStatus.CANCELLED)
    later = add(datetime.date(2022, 6, 1))
    today = timezone.localdate()
    upcoming = add(today + datetime.timedelta(days=10))
    far = add(today + datetime.timedelta(days=100))
    form = forms.SignOffForm(meeting=meeting)
    offered = list(form.fields["agreed_at"].queryset)
    assert offered[0] == following and form.initial["agreed_at"] == following.pk
    assert later in offered and upcoming in offered
    assert far not in offered and all(m.status != MeetingStatus.CANCELLED for m in offered)

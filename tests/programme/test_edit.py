"""The chair's programme editor: paste, review, fix, save; only the chair may."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from states import move_to

from meetings.models import Meeting, MeetingStatus
from members.models import Membership, Person
from programme.models import ChangeKind, ProgrammeChange


def edit_url(body, year):
    return reverse("programme:edit", args=[body.slug, year])


def paste_then_save(client, body, year, lines, formset_data):
    """Post the lines as the browser does, then save the reviewed rows unchanged."""
    url = edit_url(body, year)
    review = client.post(url, formset_data([], action="paste", lines=lines))
    assert review.status_code == 200
    data = dict(review.context["formset"].data) | {"action": "save"}
    return review, client.post(url, data)


def test_the_eight_lines_of_the_2022_programme_become_eight_scheduled_meetings(
    role_client, iag, seed_programme, formset_data
):
    client = role_client("chair")
    review, saved = paste_then_save(client, iag, 2022, seed_programme, formset_data)
    assert "8 of 8 lines read" in review.content.decode()
    assert saved.status_code == 302
    assert saved.url == reverse("programme:detail", args=[iag.slug, 2022])
    meetings = Meeting.objects.filter(body=iag).order_by("date")
    assert [(m.date, m.topic) for m in meetings] == [
        (datetime.date(2022, 2, 2), "Body Worn Video / Stop & Search"),
        (datetime.date(2022, 3, 2), "Disabilities within TVP workforce"),
        (datetime.date(2022, 4, 13), "Faith & Belief"),
        (datetime.date(2022, 5, 25), "Victims of Crime"),
        (datetime.date(2022, 7, 13), "Burglaries and Fraud"),
        (datetime.date(2022, 9, 7), "Young People and Exploitation"),
        (datetime.date(2022, 10, 19), "Hate Crime against emergency services"),
        (datetime.date(2022, 12, 14), "Mental Health"),
    ]
    assert {(m.status, m.start_time, m.end_time, m.location) for m in meetings} == {
        (
            MeetingStatus.SCHEDULED,
            datetime.time(18, 30),
            datetime.time(20, 30),
            iag.default_location,
        )
    }
    assert ProgrammeChange.objects.filter(kind=ChangeKind.ADDED).count() == 8
    assert mail.outbox == []  # new dates are not a change anyone must be told about


def test_an_unparseable_line_is_reported_and_kept_and_blocks_saving(role_client, iag, formset_data):
    client = role_client("chair")
    url = edit_url(iag, 2030)
    lines = "2nd February – Body Worn Video\nSometime in November – Road Safety"
    review = client.post(url, formset_data([], action="paste", lines=lines))
    content = review.content.decode()
    assert 'role="alert"' in content
    assert "Line 2: No date found" in content
    assert 'value="Sometime in November – Road Safety"' in content  # kept for editing
    assert 'href="#id_form-1-date"' in content  # the summary links to the field

    data = dict(review.context["formset"].data) | {"action": "save"}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Line 2: No date found" in refused.content.decode()
    assert not Meeting.objects.exists()

    data |= {"form-1-date": "2030-11-16", "form-1-topic": "Road Safety"}
    assert client.post(url, data).status_code == 302
    assert list(Meeting.objects.order_by("date").values_list("date", "topic")) == [
        (datetime.date(2030, 2, 2), "Body Worn Video"),
        (datetime.date(2030, 11, 16), "Road Safety"),
    ]


def test_a_bad_row_can_be_removed_instead_of_fixed(role_client, iag, formset_data):
    client = role_client("chair")
    url = edit_url(iag, 2030)
    review = client.post(url, formset_data([], action="paste", lines="2 Feb - A\nnonsense"))
    data = dict(review.context["formset"].data) | {"action": "save", "form-1-cancel": "on"}
    assert client.post(url, data).status_code == 302
    assert list(Meeting.objects.values_list("topic", flat=True)) == ["A"]


def test_pasting_keeps_what_was_typed_in_the_rows_already_there(
    role_client, iag, scheduled, formset_data, existing_rows
):
    client = role_client("chair")
    rows = existing_rows(scheduled.values())
    rows[1]["topic"] = "Typed but not saved"
    data = formset_data(rows, initial=3, action="paste", lines="3rd March - Faith")
    review = client.post(edit_url(iag, 2030), data)
    content = review.content.decode()
    assert 'value="Typed but not saved"' in content
    assert 'value="Faith"' in content
    assert review.context["formset"].total_form_count() == 4
    assert Meeting.objects.get(pk=scheduled["feb"].pk).topic == "Body Worn Video"


def test_a_date_and_time_already_taken_is_a_clear_error(role_client, iag, formset_data):
    client = role_client("chair")
    data = formset_data(
        [{"date": "2030-02-06", "topic": "A"}, {"date": "06/02/2030", "topic": "B"}]
    )
    response = client.post(edit_url(iag, 2030), data)
    assert "Row 1 already has a meeting on this date at 18:30" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_date_of_another_year_and_an_end_before_the_start_are_refused(
    role_client, iag, formset_data
):
    data = formset_data([{"date": "2031-02-06", "start_time": "19:00", "end_time": "18:00"}])
    content = role_client("chair").post(edit_url(iag, 2030), data).content.decode()
    assert "This date is in 2031" in content
    assert "The meeting must end after it starts (19:00)" in content
    assert 'value="2031-02-06"' in content
    assert not Meeting.objects.exists()


def test_garbage_in_the_form_is_an_error_not_a_crash(role_client, iag, formset_data):
    client = role_client("chair")
    data = formset_data([{"meeting_id": "abc", "date": "not a date", "start_time": "25:99"}])
    response = client.post(edit_url(iag, 2030), data)
    assert response.status_code == 200
    assert "no longer in the 2030 programme" in response.content.decode()
    assert client.post(edit_url(iag, 2030), {"action": "save"}).status_code == 200
    assert client.post(edit_url(iag, 2030), {"action": "paste"}).status_code == 200


def test_add_a_row_gives_an_empty_row_and_keeps_the_rest(role_client, iag, formset_data):
    data = formset_data([{"date": "2030-03-03", "topic": "Kept"}], action="add")
    response = role_client("chair").post(edit_url(iag, 2030), data)
    formset = response.context["formset"]
    assert formset.total_form_count() == 2
    assert 'value="Kept"' in response.content.decode()


@pytest.fixture
def members_with_email(iag, users):
    for role in ("member", "chair", "guest"):
        Person.objects.filter(user=users[role]).update(email=f"{role}@example.org")
    former = Person.objects.create(name="Former Member", email="former@example.org")
    Membership.objects.create(
        body=iag,
        person=former,
        role="member",
        position="IAG Member",
        initials="FM",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )


def test_moving_and_cancelling_are_recorded_and_emailed_to_current_members_only(
    role_client,
    iag,
    scheduled,
    members_with_email,
    formset_data,
    existing_rows,
    django_capture_on_commit_callbacks,
):
    rows = existing_rows(scheduled.values())  # drafted (Jan), feb, jul
    rows[1] |= {"date": "2030-02-13", "reason": "Venue closed for Eid"}
    rows[2] |= {"cancel": True, "reason": "Summer break"}
    client = role_client("chair")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(iag, 2030), formset_data(rows, initial=3))
    assert response.status_code == 302

    feb, jul = (Meeting.objects.get(pk=scheduled[k].pk) for k in ("feb", "jul"))
    assert feb.date == datetime.date(2030, 2, 13)
    assert jul.status == MeetingStatus.CANCELLED
    moved = ProgrammeChange.objects.get(meeting=feb)
    assert (moved.kind, moved.reason) == (ChangeKind.MOVED, "Venue closed for Eid")
    assert moved.old_value.startswith("Wednesday 6 February 2030, 18:30")
    assert moved.new_value.startswith("Wednesday 13 February 2030, 18:30")
    assert ProgrammeChange.objects.get(meeting=jul).kind == ChangeKind.CANCELLED
    assert not ProgrammeChange.objects.filter(meeting=scheduled["drafted"]).exists()

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["chair@example.org", "guest@example.org", "member@example.org"]
    body = mail.outbox[0].body
    assert "MOVED: Wednesday 6 February 2030, 18:30–20:30 is now Wednesday 13 February" in body
    assert "CANCELLED: Wednesday 10 July 2030" in body
    assert "Summer break" in body


def test_a_move_onto_a_taken_date_and_time_is_refused_and_a_free_one_is_emailed_once(
    role_client,
    iag,
    scheduled,
    members_with_email,
    formset_data,
    existing_rows,
    django_capture_on_commit_callbacks,
):
    client = role_client("chair")
    rows = existing_rows(scheduled.values())  # drafted (Jan), feb, jul
    rows[2] |= {"date": "2030-02-06", "reason": "Summer recess"}
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(edit_url(iag, 2030), formset_data(rows, initial=3))
    assert refused.status_code == 200
    assert "Row 2 already has a meeting on this date at 18:30" in refused.content.decode()
    assert Meeting.objects.get(pk=scheduled["jul"].pk).date == datetime.date(2030, 7, 10)
    assert not ProgrammeChange.objects.exists()
    assert mail.outbox == []

    rows[2] |= {"start_time": "19:00", "end_time": "21:00"}
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(edit_url(iag, 2030), formset_data(rows, initial=3))
    assert moved.status_code == 302
    jul = Meeting.objects.get(pk=scheduled["jul"].pk)
    assert (jul.date, jul.start_time) == (datetime.date(2030, 2, 6), datetime.time(19))
    change = ProgrammeChange.objects.get()
    assert (change.kind, change.reason, change.meeting) == (ChangeKind.MOVED, "Summer recess", jul)
    recipients = [address for message in mail.outbox for address in message.to]
    assert sorted(recipients) == ["chair@example.org", "guest@example.org", "member@example.org"]
    assert (
        "MOVED: Wednesday 10 July 2030, 18:30–20:30 is now Wednesday 6 February 2030, 19:00–21:00"
        in mail.outbox[0].body
    )


def test_saving_unchanged_rows_records_nothing_and_sends_nothing(
    role_client,
    iag,
    scheduled,
    members_with_email,
    formset_data,
    existing_rows,
    django_capture_on_commit_callbacks,
):
    rows = existing_rows(scheduled.values())
    with django_capture_on_commit_callbacks(execute=True):
        response = role_client("chair").post(edit_url(iag, 2030), formset_data(rows, initial=3))
    assert response.status_code == 302
    assert not ProgrammeChange.objects.exists()
    assert mail.outbox == []


def test_a_meeting_with_minutes_cannot_be_cancelled_by_the_programme(
    role_client, iag, scheduled, formset_data, existing_rows
):
    rows = existing_rows(scheduled.values())
    rows[0] |= {"cancel": True, "date": "2030-01-20"}
    response = role_client("chair").post(edit_url(iag, 2030), formset_data(rows, initial=3))
    assert response.status_code == 200
    assert "This meeting has minutes (draft minutes), so it cannot be cancelled" in (
        response.content.decode()
    )
    drafted = Meeting.objects.get(pk=scheduled["drafted"].pk)
    assert (drafted.status, drafted.date) == (MeetingStatus.DRAFT, datetime.date(2030, 1, 9))


def test_a_cancelled_meeting_is_reinstated_by_unticking_cancel(
    role_client,
    iag,
    scheduled,
    members_with_email,
    formset_data,
    existing_rows,
    django_capture_on_commit_callbacks,
):
    move_to(scheduled["jul"], MeetingStatus.CANCELLED)
    rows = existing_rows(Meeting.objects.filter(body=iag))
    assert rows[2]["cancel"] is True
    rows[2]["cancel"] = False
    with django_capture_on_commit_callbacks(execute=True):
        response = role_client("chair").post(edit_url(iag, 2030), formset_data(rows, initial=3))
    assert response.status_code == 302
    assert Meeting.objects.get(pk=scheduled["jul"].pk).status == MeetingStatus.SCHEDULED
    assert ProgrammeChange.objects.get().kind == ChangeKind.REINSTATED
    assert "REINSTATED: Wednesday 10 July 2030" in mail.outbox[0].body


@pytest.mark.parametrize("role", ["member", "guest", "outsider", "officer"])
def test_only_the_chair_edits_the_programme(role_client, iag, role, formset_data):
    client = role_client(role)
    url = edit_url(iag, 2030)
    assert client.get(url).status_code == 403
    data = formset_data([{"date": "2030-02-06", "topic": "Sneaky"}])
    assert client.post(url, data).status_code == 403
    assert not Meeting.objects.exists()


def test_officers_edit_the_programme_when_the_body_allows(role_client, iag, formset_data):
    iag.officers_edit_programme = True
    iag.save()
    client = role_client("officer")
    assert client.get(edit_url(iag, 2030)).status_code == 200
    data = formset_data([{"date": "2030-02-06", "topic": "Allowed"}])
    assert client.post(edit_url(iag, 2030), data).status_code == 302
    assert Meeting.objects.get().topic == "Allowed"


def test_the_chair_of_one_body_cannot_edit_another(role_client, other_body):
    assert role_client("chair").get(edit_url(other_body, 2030)).status_code == 403


def test_an_unknown_body_or_a_silly_year_is_404(role_client, iag):
    client = role_client("chair")
    assert client.get(reverse("programme:edit", args=["nope", 2030])).status_code == 404
    assert client.get(reverse("programme:detail", args=[iag.slug, 99999])).status_code == 404


def test_pasted_rows_name_their_weekday_and_a_date_off_the_usual_day_is_warned_of(
    role_client, iag, formset_data
):
    client = role_client("chair")
    lines = "5 January - A\n12 January - B\n19 January - C\n25 January - D"
    review, saved = paste_then_save(client, iag, 2033, lines, formset_data)
    assert "Wednesday 5 Jan" in review.content.decode()
    assert "Tuesday 25 Jan" in review.content.decode()
    page = client.get(saved.url).content.decode()
    assert "Check the day: Wednesday is" in page and "Tuesday 25 January" in page


@override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}})
def test_a_programme_change_enqueues_one_email_task_and_sends_nothing_in_the_request(
    role_client,
    iag,
    scheduled,
    members_with_email,
    formset_data,
    existing_rows,
    django_capture_on_commit_callbacks,
):
    from django.tasks import default_task_backend

    default_task_backend.clear()
    rows = existing_rows(scheduled.values())
    rows[1] |= {"date": "2030-02-13", "reason": "Venue closed"}
    rows[2] |= {"cancel": True, "reason": "Summer break"}
    with django_capture_on_commit_callbacks(execute=True):
        response = role_client("chair").post(edit_url(iag, 2030), formset_data(rows, initial=3))
    assert response.status_code == 302
    assert mail.outbox == []
    (task,) = default_task_backend.results
    assert task.task.name == "notify_programme_change"
    assert task.args[0] == iag.pk
    assert sorted(task.args[1]) == sorted(ProgrammeChange.objects.values_list("pk", flat=True))

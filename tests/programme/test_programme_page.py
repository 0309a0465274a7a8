"""The programme page, the printed programme and the next meeting on the minutes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from states import move_to

from meetings.models import Meeting, MeetingStatus
from programme import services
from programme.models import ChangeKind, ProgrammeChange
from programme.parsing import parse_programme


def detail_url(body, year):
    return reverse("programme:detail", args=[body.slug, year])


def save_seed_programme(body, text, by=None):
    rows = [
        services.ProgrammeRow(date=line.date, topic=line.topic)
        for line in parse_programme(text, 2022)
    ]
    return services.save_programme(body=body, year=2022, rows=rows, by=by)


def test_the_programme_prints_as_the_chairs_report_does(iag, seed_programme):
    save_seed_programme(iag, seed_programme)
    meetings = list(services.year_meetings(body=iag, year=2022))
    lines = services.programme_lines(meetings)
    assert lines[0] == "2nd February – Body Worn Video / Stop & Search"
    assert lines[1] == "2nd March – Disabilities within TVP workforce"
    assert lines[-1] == "14th December – Mental Health"
    assert len(lines) == 8
    assert "\n".join(f"- {line}" for line in lines) == seed_programme


def test_the_printed_programme_leaves_out_cancelled_meetings(iag, seed_programme, meeting_row):
    save_seed_programme(iag, seed_programme)
    march = services.year_meetings(body=iag, year=2022).get(date=datetime.date(2022, 3, 2))
    rows = [
        meeting_row(march, cancel=True, reason="Hall flooded"),
        services.ProgrammeRow(date=datetime.date(2022, 8, 3)),
    ]
    services.save_programme(body=iag, year=2022, rows=rows, by=None)
    lines = services.programme_lines(services.year_meetings(body=iag, year=2022))
    assert len(lines) == 8
    assert "2nd March – Disabilities within TVP workforce" not in lines
    assert lines[3:5] == ["13th July – Burglaries and Fraud", "3rd August"]  # no topic, no dash


def test_the_meeting_page_prints_the_next_meeting_date_and_venue_from_the_programme(
    role_client, iag, meeting, seed_programme
):
    meeting.body = iag
    meeting.date = datetime.date(2022, 3, 1)
    meeting.save()
    save_seed_programme(iag, seed_programme)
    content = role_client("member").get(meeting.get_absolute_url()).content.decode()
    next_meeting = content.split('id="next-meeting"')[1]
    assert "Wednesday 2 March 2022, 18:30, Milton Keynes Mosque" in next_meeting


def test_everyone_in_the_body_reads_the_programme_and_only_the_chair_sees_edit(
    role_client, iag, seed_programme
):
    save_seed_programme(iag, seed_programme)
    guest = role_client("guest").get(detail_url(iag, 2022)).content.decode()
    assert "Disabilities within TVP workforce" in guest
    assert "Edit the programme" not in guest
    assert "2nd February – Body Worn Video / Stop &amp; Search" in guest
    chair = role_client("chair").get(detail_url(iag, 2022)).content.decode()
    assert reverse("programme:edit", args=[iag.slug, 2022]) in chair


def test_outsiders_may_not_read_a_bodys_programme(role_client, iag):
    assert role_client("outsider").get(detail_url(iag, 2022)).status_code == 403


def test_the_programme_page_shows_cancelled_meetings_and_the_change_record(
    role_client, iag, users, meeting_row
):
    meeting = Meeting.objects.create(
        body=iag, date=datetime.date(2030, 5, 1), start_time=datetime.time(18, 30), topic="Gone"
    )
    Meeting.objects.create(
        body=iag, date=datetime.date(2030, 5, 8), start_time=datetime.time(18, 30), topic="Stays"
    )
    row = meeting_row(meeting, cancel=True, reason="Clashes with the election")
    services.save_programme(body=iag, year=2030, rows=[row], by=users["chair"])
    content = role_client("member").get(detail_url(iag, 2030)).content.decode()
    assert "programme-cancelled" in content
    assert "Clashes with the election" in content
    printed = content.split('id="printed-heading"')[1]
    assert "8th May – Stays" in printed
    assert "Gone" not in printed
    guest = role_client("guest").get(detail_url(iag, 2030)).content.decode()
    assert "Cancelled" in guest
    assert "Clashes with the election" not in guest  # the change log is for members


def test_the_programme_page_query_count_does_not_grow_with_the_meetings(
    role_client, iag, users, meeting_row
):
    client = role_client("chair")

    def add(day):
        meeting = Meeting.objects.create(
            body=iag, date=datetime.date(2030, 1, day), start_time=datetime.time(18, 30)
        )
        row = meeting_row(meeting, cancel=True)
        services.save_programme(body=iag, year=2030, rows=[row], by=users["chair"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(iag, 2030)).status_code == 200
        return len(queries)

    add(1)
    count()  # the first visit makes the user's calendar token
    before = count()
    for day in range(2, 12):
        add(day)
    assert count() == before


def test_the_edit_page_query_count_does_not_grow_with_the_meetings(role_client, iag):
    client = role_client("chair")
    url = reverse("programme:edit", args=[iag.slug, 2030])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    Meeting.objects.create(body=iag, date=datetime.date(2030, 1, 1), start_time=datetime.time(18))
    count()
    before = count()
    for day in range(2, 12):
        Meeting.objects.create(
            body=iag, date=datetime.date(2030, 1, day), start_time=datetime.time(18)
        )
    assert count() == before


def test_the_index_lists_the_bodies_the_user_belongs_to(role_client, iag, other_body):
    content = role_client("guest").get(reverse("programme:index")).content.decode()
    assert detail_url(iag, datetime.date.today().year) in content
    assert other_body.slug not in content


def test_save_programme_refuses_to_cancel_or_move_a_meeting_with_minutes(iag, users, meeting_row):
    meeting = Meeting.objects.create(
        body=iag, date=datetime.date(2030, 1, 9), start_time=datetime.time(18), status="draft"
    )
    move_to(meeting, MeetingStatus.APPROVED)
    for row in (
        meeting_row(meeting, cancel=True, reason="Snow"),
        meeting_row(meeting, date=datetime.date(2030, 1, 16)),
    ):
        with pytest.raises(services.ProgrammeError, match="already has minutes"):
            services.save_programme(body=iag, year=2030, rows=[row], by=users["chair"])
    meeting.refresh_from_db()
    assert (meeting.status, meeting.date) == (MeetingStatus.APPROVED, datetime.date(2030, 1, 9))
    assert not ProgrammeChange.objects.exists()


def test_save_programme_refuses_a_move_onto_a_meeting_left_out_of_the_rows(iag, meeting_row):
    first = Meeting.objects.create(
        body=iag, date=datetime.date(2030, 1, 9), start_time=datetime.time(18)
    )
    Meeting.objects.create(body=iag, date=datetime.date(2030, 2, 6), start_time=datetime.time(18))
    taken = meeting_row(first, date=datetime.date(2030, 2, 6))
    with pytest.raises(services.ProgrammeError, match="already set for one of these dates"):
        services.save_programme(body=iag, year=2030, rows=[taken], by=None)
    assert Meeting.objects.get(pk=first.pk).date == datetime.date(2030, 1, 9)
    assert not ProgrammeChange.objects.exists()

    free = meeting_row(first, date=datetime.date(2030, 2, 6), start_time=datetime.time(19))
    result = services.save_programme(body=iag, year=2030, rows=[free], by=None)
    assert result.changed == 1
    assert list(ProgrammeChange.objects.values_list("kind", flat=True)) == [ChangeKind.MOVED]


def test_save_programme_refuses_two_rows_on_the_same_slot_and_saves_nothing(iag):
    rows = [
        services.ProgrammeRow(date=datetime.date(2030, 2, 6), topic="A"),
        services.ProgrammeRow(date=datetime.date(2030, 2, 6), topic="B"),
    ]
    with pytest.raises(services.ProgrammeError, match="Two meetings are set"):
        services.save_programme(body=iag, year=2030, rows=rows, by=None)
    assert not Meeting.objects.exists()


def test_officers_read_their_bodys_programme_changes_in_the_admin(
    role_client, iag, other_body, users, meeting_row
):
    ours = Meeting.objects.create(
        body=iag, date=datetime.date(2030, 5, 1), start_time=datetime.time(18), topic="Ours"
    )
    theirs = Meeting.objects.create(
        body=other_body, date=datetime.date(2030, 5, 1), start_time=datetime.time(18)
    )
    for body, row, by in (
        (iag, meeting_row(ours, cancel=True, reason="Lynx-kettle reason"), users["chair"]),
        (other_body, meeting_row(theirs, cancel=True, reason="Heron-anvil reason"), None),
    ):
        services.save_programme(body=body, year=2030, rows=[row], by=by)
    client = role_client("officer")
    changelist = reverse("admin:programme_programmechange_changelist")
    content = client.get(changelist).content.decode()
    assert "Lynx-kettle reason" in content
    assert "Heron-anvil reason" not in content
    add = reverse("admin:programme_programmechange_add")
    assert client.get(add).status_code == 403

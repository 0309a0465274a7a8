"""The upcoming-meetings page and the per-user iCalendar feed."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from states import move_to

from meetings.models import AgendaItem, Meeting, MeetingStatus, Point
from programme import services
from programme.models import CalendarToken

LONDON = ZoneInfo("Europe/London")


def feed_path(user, body):
    token = services.calendar_token(user).token
    return reverse("programme:feed", kwargs={"token": token, "slug": body.slug})


def soon(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def year_of_meetings(iag):
    """A winter (GMT) and a summer (BST) meeting, one cancelled, one with minutes text."""
    winter = Meeting.objects.create(
        body=iag,
        date=datetime.date(2030, 1, 9),
        start_time=datetime.time(18, 30),
        end_time=datetime.time(20, 30),
        location="Milton Keynes Mosque",
        topic="Hate Crime",
    )
    summer = Meeting.objects.create(
        body=iag,
        date=datetime.date(2030, 7, 10),
        start_time=datetime.time(19, 0),
        location="The Point",
        topic="Burglaries and Fraud",
    )
    cancelled = Meeting.objects.create(
        body=iag, date=datetime.date(2030, 9, 4), start_time=datetime.time(18, 30)
    )
    move_to(cancelled, MeetingStatus.CANCELLED)
    item = AgendaItem.objects.create(meeting=winter, order=1, number="1", title="Case studies")
    Point.objects.create(item=item, order=1, text="Platypus-harmonica secret remark.")
    return winter, summer, cancelled


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_the_feed_validates_and_has_one_event_per_meeting_in_london_time(
    client, users, iag, year_of_meetings, settings
):
    winter, summer, cancelled = year_of_meetings
    response = client.get(feed_path(users["member"], iag))
    calendar = parse(response)
    assert calendar["PRODID"] and calendar["VERSION"] == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Test IAG"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"meeting-{m.pk}@iag-portal" for m in year_of_meetings}

    event = events[f"meeting-{winter.pk}@iag-portal"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime.datetime(2030, 1, 9, 18, 30, tzinfo=LONDON)
    assert start.utcoffset() == datetime.timedelta(0)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert end == datetime.datetime(2030, 1, 9, 20, 30, tzinfo=LONDON)
    assert str(event["SUMMARY"]) == "Test IAG: Hate Crime"
    assert str(event["LOCATION"]) == "Milton Keynes Mosque"
    assert str(event["STATUS"]) == "CONFIRMED"

    event = events[f"meeting-{summer.pk}@iag-portal"]
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute, start.utcoffset()) == (19, 0, datetime.timedelta(hours=1))
    assert event.decoded("DTEND") - start == datetime.timedelta(minutes=90)

    event = events[f"meeting-{cancelled.pk}@iag-portal"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Test IAG: meeting"


def test_the_feed_never_carries_minutes_text(client, users, iag, year_of_meetings):
    content = client.get(feed_path(users["member"], iag)).content.decode()
    assert "Platypus-harmonica" not in content
    assert "Case studies" not in content


def test_a_moved_meeting_has_a_higher_sequence(client, users, iag, year_of_meetings, meeting_row):
    winter = year_of_meetings[0]
    moved = meeting_row(winter, date=datetime.date(2030, 1, 16))
    services.save_programme(body=iag, year=2030, rows=[moved], by=None)
    events = {
        str(e["UID"]): e for e in parse(client.get(feed_path(users["guest"], iag))).walk("VEVENT")
    }
    event = events[f"meeting-{winter.pk}@iag-portal"]
    assert event.decoded("SEQUENCE") == 1
    assert event.decoded("DTSTART").date() == datetime.date(2030, 1, 16)


def test_resetting_the_token_retires_the_old_address(client, users, iag, year_of_meetings):
    old = feed_path(users["member"], iag)
    client.force_login(users["member"])
    response = client.post(reverse("programme:reset_token"))
    assert response.status_code == 302
    client.logout()
    assert client.get(old).status_code == 404
    new = feed_path(users["member"], iag)
    assert new != old
    assert client.get(new).status_code == 200


def test_the_feed_is_404_for_an_unknown_token_an_outsider_or_an_inactive_user(
    client, users, iag, other_body, year_of_meetings
):
    assert (
        client.get(reverse("programme:feed", args=["no-such-token", iag.slug])).status_code == 404
    )
    assert client.get(feed_path(users["outsider"], iag)).status_code == 404
    assert client.get(feed_path(users["member"], other_body)).status_code == 404
    path = feed_path(users["member"], iag)
    users["member"].is_active = False
    users["member"].save()
    assert client.get(path).status_code == 404


def test_the_feed_query_count_does_not_grow_with_the_meetings(client, users, iag):
    path = feed_path(users["member"], iag)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    Meeting.objects.create(body=iag, date=soon(10), start_time=datetime.time(18))
    before = count()
    for days in range(20, 60, 5):
        Meeting.objects.create(body=iag, date=soon(days), start_time=datetime.time(18))
    assert count() == before


def test_the_upcoming_page_lists_visible_meetings_from_today_and_the_feed_links(
    role_client, users, iag, other_body, settings
):
    settings.SITE_URL = "https://iag.example.org"
    Meeting.objects.create(body=iag, date=soon(-3), start_time=datetime.time(18), topic="Gone")
    Meeting.objects.create(body=iag, date=soon(7), start_time=datetime.time(18), topic="Soon")
    move_to(
        Meeting.objects.create(
            body=iag, date=soon(14), start_time=datetime.time(18), topic="Called off"
        ),
        MeetingStatus.CANCELLED,
    )
    Meeting.objects.create(body=other_body, date=soon(7), start_time=datetime.time(14), topic="X")
    content = role_client("guest").get(reverse("programme:upcoming")).content.decode()
    assert "Soon" in content
    assert "Called off" in content and "Cancelled" in content
    assert "Gone" not in content
    assert ">X<" not in content
    token = CalendarToken.objects.get(user=users["guest"]).token
    assert f'value="https://iag.example.org/programme/feed/{token}/test-iag.ics"' in content
    assert reverse("programme:reset_token") in content


def test_the_upcoming_page_of_someone_in_no_body_has_no_feed(role_client):
    content = role_client("outsider").get(reverse("programme:upcoming")).content.decode()
    assert "No meetings are scheduled yet." in content
    assert "Subscribe in your calendar" not in content
    assert not CalendarToken.objects.exists()


def test_reset_token_refuses_get(role_client):
    assert role_client("member").get(reverse("programme:reset_token")).status_code == 405

"""A body's meetings as an iCalendar feed: when, where and the topic, never the minutes."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone

from meetings.models import MeetingStatus
from members.models import Body

LONDON = ZoneInfo("Europe/London")
DEFAULT_LENGTH = datetime.timedelta(minutes=90)


def render(body: Body, meetings) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//IAG Portal//Programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", body.short_name)
    calendar.add("x-wr-caldesc", f"Meetings of {body.name}")
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    stamp = timezone.now()
    dates = []
    for meeting in meetings:
        calendar.add_component(event(body, meeting, stamp))
        dates.append(meeting.date)
    # A VTIMEZONE covering only the feed's years keeps the feed small.
    first = min(dates, default=stamp.date())
    last = max(dates, default=stamp.date())
    calendar.add_missing_timezones(
        first_date=datetime.date(first.year - 1, 1, 1), last_date=datetime.date(last.year + 2, 1, 1)
    )
    return calendar.to_ical()


def event(body: Body, meeting, stamp: datetime.datetime) -> icalendar.Event:
    start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=LONDON)
    if meeting.end_time:
        end = datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=LONDON)
    else:
        end = start + DEFAULT_LENGTH
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@iag-portal")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", f"{body.short_name}: {meeting.topic or 'meeting'}")
    if meeting.location:
        event.add("location", meeting.location)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", getattr(meeting, "sequence", 0))
    event.add("last-modified", meeting.updated_at)
    return event

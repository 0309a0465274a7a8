"""Every list is a page sized to its reader: the meetings list (keyset pages), the public
archive (numbered pages with no count), the register's CSV (streamed)."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iag_portal.pagination import Keyset, keyset_page, numbered_page
from meetings import views as meeting_views
from meetings.models import AgendaItem, Meeting, MeetingStatus, Point
from reviews import views as review_views
from tests.states import move_to

LIST = "/meetings/"


def add_meetings(body, count, *, start, step=-1):
    """`count` meetings of `body`, a day apart from `start` (backwards by default)."""
    return Meeting.objects.bulk_create(
        Meeting(
            body=body,
            date=start + datetime.timedelta(days=n * step),
            start_time=datetime.time(18),
            status=MeetingStatus.SCHEDULED,
            topic=f"Topic {n:03}",
        )
        for n in range(count)
    )


def topics(html):
    return re.findall(r"Topic \d{3}", html)


def link(html, rel):
    match = re.search(rf'rel="{rel}" href="\?([^"]*)"', html)
    return match and match.group(1).replace("&amp;", "&")


# --- The meetings list -------------------------------------------------------------


def test_the_past_meetings_come_a_page_at_a_time_newest_first(role_client, body, monkeypatch):
    monkeypatch.setattr(meeting_views, "MEETINGS_PAGE_SIZE", 4)
    add_meetings(body, 10, start=timezone.localdate() - datetime.timedelta(days=1))
    client = role_client("member")

    first = client.get(LIST).content.decode()
    assert topics(first) == ["Topic 000", "Topic 001", "Topic 002", "Topic 003"]
    assert 'aria-label="Pages of past meetings"' in first
    assert 'aria-current="page"' in first and link(first, "prev") is None

    second = client.get(f"{LIST}?{link(first, 'next')}").content.decode()
    assert topics(second) == ["Topic 004", "Topic 005", "Topic 006", "Topic 007"]
    third = client.get(f"{LIST}?{link(second, 'next')}").content.decode()
    assert topics(third) == ["Topic 008", "Topic 009"] and link(third, "next") is None

    back = client.get(f"{LIST}?{link(third, 'prev')}").content.decode()
    assert topics(back) == topics(second)
    assert topics(client.get(f"{LIST}?{link(back, 'prev')}").content.decode()) == topics(first)


def test_upcoming_meetings_page_soonest_first_apart_from_the_past(role_client, body, monkeypatch):
    monkeypatch.setattr(meeting_views, "MEETINGS_PAGE_SIZE", 3)
    add_meetings(body, 5, start=timezone.localdate(), step=1)
    client = role_client("member")
    first = client.get(LIST).content.decode()
    assert topics(first) == ["Topic 000", "Topic 001", "Topic 002"]
    assert 'aria-label="Pages of upcoming meetings"' in first
    later = link(first, "next")
    assert later.startswith("later=")
    assert topics(client.get(f"{LIST}?{later}").content.decode()) == ["Topic 003", "Topic 004"]


@pytest.mark.parametrize(
    "cursor", ["nonsense", "2022-13-01_18:00:00_1", "1_2", "\u00e9_x_y", "1900-01-01_18:00:00_1"]
)
def test_a_cursor_that_cannot_be_read_gives_the_first_page(role_client, body, cursor):
    add_meetings(body, 2, start=timezone.localdate() - datetime.timedelta(days=1))
    response = role_client("member").get(LIST, {"before": cursor, "after": cursor})
    assert response.status_code == 200
    assert topics(response.content.decode()) == ["Topic 000", "Topic 001"]


def test_the_meetings_list_reads_only_the_readers_bodies(role_client, body, other_body):
    add_meetings(other_body, 3, start=timezone.localdate() - datetime.timedelta(days=1))
    assert topics(role_client("member").get(LIST).content.decode()) == []


def test_the_meetings_list_costs_the_same_queries_at_any_depth(
    role_client, body, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(meeting_views, "MEETINGS_PAGE_SIZE", 5)
    add_meetings(body, 60, start=timezone.localdate() - datetime.timedelta(days=1))
    client = role_client("member")
    reset_queries()  # a request clears the log: start the capture from an empty one
    with CaptureQueriesContext(connection) as first:
        html = client.get(LIST).content.decode()
    first = list(first.captured_queries)  # read now: the next request clears the log
    for _ in range(5):
        html = client.get(f"{LIST}?{link(html, 'next')}").content.decode()
    assert first
    with django_assert_max_num_queries(len(first)):
        client.get(f"{LIST}?{link(html, 'next')}")
    assert not any("COUNT(" in q["sql"].upper() for q in first)


def test_keyset_pages_cover_every_row_once_in_order(body):
    add_meetings(body, 23, start=datetime.date(2020, 1, 1))
    keyset = Keyset([("date", "date"), ("start_time", "time"), ("pk", "int")], descending=True)
    seen, before = [], None
    while True:
        page = keyset_page(Meeting.objects.all(), keyset, before=before, size=5)
        seen += [m.pk for m in page]
        if not page.has_next:
            break
        before = page.older
    newest_first = Meeting.objects.order_by("-date", "-start_time", "-pk")
    assert seen == list(newest_first.values_list("pk", flat=True))


def test_a_numbered_page_counts_nothing(body):
    add_meetings(body, 7, start=datetime.date(2020, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        page = numbered_page(Meeting.objects.order_by("pk"), "2", size=3)
    assert len(page) == 3 and page.has_next and page.has_previous
    assert len(queries) == 1 and "COUNT(" not in queries[0]["sql"].upper()
    assert not numbered_page(Meeting.objects.all(), "3", size=3).has_next
    assert numbered_page(Meeting.objects.all(), "-4\x00", size=3).number == 1


# --- The public archive ------------------------------------------------------------


def published(body, day):
    meeting = Meeting.objects.create(
        body=body, date=datetime.date(2022, 5, day), start_time=datetime.time(18), status="draft"
    )
    item = AgendaItem.objects.create(meeting=meeting, order=1, number="1", title="Open item")
    Point.objects.create(item=item, order=1, text="Open discussion.")
    move_to(meeting, MeetingStatus.PUBLISHED)
    return meeting


def test_the_archive_comes_a_page_at_a_time_without_a_count(client, body, monkeypatch):
    body.publishes_minutes = True
    body.save()
    monkeypatch.setattr(review_views, "ARCHIVE_PAGE_SIZE", 2)
    for day in (1, 2, 3):
        published(body, day)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("reviews:archive")).content.decode()
    assert queries.captured_queries
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert "3 May 2022" in first and "2 May 2022" in first and "1 May 2022" not in first
    assert 'aria-label="Pages of published minutes"' in first
    assert 'aria-current="page"><span class="page-link">Page 1' in first
    second = client.get(reverse("reviews:archive"), {"page": link(first, "next")[5:]})
    html = second.content.decode()
    assert "1 May 2022" in html and "3 May 2022" not in html and link(html, "next") is None
    assert "Published minutes, page 2" in html


def test_an_archive_page_past_the_end_says_so(client, body):
    response = client.get(reverse("reviews:archive"), {"page": "99"})
    assert response.status_code == 200
    assert "past the end of the list" in response.content.decode()


# --- The register's CSV -------------------------------------------------------------


def test_the_register_csv_streams_in_batches_with_flat_queries(
    role_client, body, meeting, monkeypatch, django_assert_max_num_queries
):
    from actions import exports
    from actions.models import Action

    monkeypatch.setattr(exports, "CSV_BATCH", 10)
    item = meeting.items.first()
    chair = meeting.attendance.get(initials="AK/1")
    actions = Action.objects.bulk_create(
        Action(item=item, description=f"Task {n:02}", order=n) for n in range(25)
    )
    Action.owners.through.objects.bulk_create(
        Action.owners.through(action_id=a.pk, attendance_id=chair.pk) for a in actions
    )
    client = role_client("officer")
    response = client.get("/actions/register.csv")
    assert response.streaming
    with django_assert_max_num_queries(10):
        # The rows are read as the response is sent: 3 batches, two queries each.
        chunks = list(response.streaming_content)
    assert len(chunks) == 4  # the header, then one chunk a batch
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert rows[0][0] == "Body" and len(rows) == 26
    assert {row[3] for row in rows[1:]} == {f"Task {n:02}" for n in range(25)}
    assert all(row[4] == "AK/1" for row in rows[1:])


def test_a_cursor_past_the_end_gives_the_first_page(role_client, body):
    add_meetings(body, 2, start=timezone.localdate() - datetime.timedelta(days=1))
    html = role_client("member").get(LIST, {"before": "1900-01-01_18:00:00_1"}).content.decode()
    assert topics(html) == ["Topic 000", "Topic 001"]

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from states import move_to

from actions.models import Action
from meetings.models import AgendaItem, Attendance, Meeting, Point


def test_the_list_shows_only_meetings_the_user_may_see(role_client, meeting, other_body):
    Meeting.objects.create(
        body=other_body,
        date=datetime.date(2022, 1, 5),
        start_time=datetime.time(14),
        topic="Elsewhere business",
    )
    content = role_client("member").get(reverse("meetings:list")).content.decode()
    assert meeting.get_absolute_url() in content
    assert "Elsewhere business" not in content


def test_the_meeting_page_shows_header_attendance_items_and_actions(role_client, meeting):
    item = meeting.items.get(number="1")
    action = Action.objects.create(
        item=item, description="Share the details", due_date=datetime.date(2022, 4, 13)
    )
    action.owners.add(meeting.attendance.get(initials="AK/1"))
    content = role_client("member").get(meeting.get_absolute_url()).content.decode()
    assert "Wednesday 2 March 2022" in content
    assert "18:00 hrs" in content
    assert "Age UK – The Peartree Centre" in content
    assert "<td>AK/1</td><td>IAG Chair</td>" in content
    assert "<td>LH</td><td>IAG Member</td>" in content.split('id="apologies"')[1]
    assert '1. Welcome and Introductions: <span class="lead-name">IAG Chair</span>' in content
    assert "AK/1 Welcomed everyone." in content
    assert "AK/1 - Share the details" in content
    assert "due 13 Apr 2022" in content


def test_members_read_confidential_items(role_client, meeting):
    content = role_client("member").get(meeting.get_absolute_url()).content.decode()
    assert "Zanzibar-walrus" in content


def test_guests_see_a_confidential_items_title_but_never_its_content(role_client, meeting):
    item = meeting.items.get(confidential=True)
    Action.objects.create(item=item, description="Quokka-lantern follow up")
    move_to(meeting, "approved")
    content = role_client("guest").get(meeting.get_absolute_url()).content.decode()
    assert "Case review" in content
    assert "Confidential - not for publication." in content
    assert "Zanzibar-walrus" not in content
    assert "Quokka-lantern" not in content


def test_a_confidential_point_in_an_open_item_is_hidden_from_guests(role_client, meeting):
    Point.objects.create(
        item=meeting.items.get(number="1"), order=2, text="Okapi-teapot remark", confidential=True
    )
    move_to(meeting, "approved")
    assert (
        "Okapi-teapot" not in role_client("guest").get(meeting.get_absolute_url()).content.decode()
    )
    assert "Okapi-teapot" in role_client("member").get(meeting.get_absolute_url()).content.decode()


def test_the_meeting_page_query_count_does_not_grow_with_the_minutes(role_client, meeting):
    client = role_client("member")
    first = meeting.items.get(number="1")
    Action.objects.create(item=first, description="Baseline").owners.add(meeting.attendance.first())

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            client.get(meeting.get_absolute_url())
        return len(queries)

    before = count_queries()
    speaker = Attendance.objects.create(meeting=meeting, initials="MT", role="TVP LPA Commander")
    for n in range(3, 15):
        item = AgendaItem.objects.create(meeting=meeting, order=n, number=str(n), title=f"Item {n}")
        for p in range(10):
            point = Point.objects.create(item=item, order=p, text=f"MT said {p}")
            point.speakers.add(speaker)
        action = Action.objects.create(item=item, description="Do it")
        action.owners.add(speaker)
    assert count_queries() == before


def test_the_next_meeting_is_shown(role_client, meeting):
    Meeting.objects.create(
        body=meeting.body,
        date=datetime.date(2022, 4, 13),
        start_time=datetime.time(18),
        location="The Point",
    )
    content = role_client("member").get(meeting.get_absolute_url()).content.decode()
    assert "Wednesday 13 April 2022, 18:00, The Point" in content


def test_healthz_reports_ok_without_signing_in(client, db):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_the_menu_offers_import_to_officers_only(role_client):
    assert (
        'href="/import/"' in role_client("officer").get(reverse("meetings:list")).content.decode()
    )
    assert (
        'href="/import/"'
        not in role_client("member").get(reverse("meetings:list")).content.decode()
    )


def test_the_minutes_never_read_attendance_notes_through_speakers_or_owners(meeting):
    from meetings.queries import minutes_items

    with CaptureQueriesContext(connection) as queries:
        for item in minutes_items(meeting, with_confidential=False):
            [s.initials for p in item.points.all() for s in p.speakers.all()]
    assert not any('"note"' in q["sql"] for q in queries.captured_queries)

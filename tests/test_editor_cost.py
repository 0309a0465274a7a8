"""What the editor costs the server (issue 20): an autosave's queries, the editor page's
cached rows. Behaviour is tested in test_editor_views.py; here, that it stays cheap."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance

ROW_READ = 'SELECT "meetings_attendance"."id", "meetings_attendance"."version"'


@pytest.fixture
def officer(role_client):
    return role_client("officer")


def save_point(client, meeting, point, **changes):
    url = reverse("meetings:row_save", args=[meeting.pk, "point", point.pk])
    data = {"version": point.version, "kind": point.kind, "text": point.text, "speakers_text": ""}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data | changes)
    return response, [q["sql"] for q in queries.captured_queries]


def test_an_autosave_reads_the_point_once_and_no_register_it_has_no_part_in(officer, meeting):
    point = meeting.items.get(number="1").points.get()
    save_point(officer, meeting, point, text="AK/1 Welcomed everyone.")  # session warm
    point.refresh_from_db()
    response, queries = save_point(officer, meeting, point, text="AK/1 welcomed all.")
    assert response.status_code == 200
    # The view's read of the point (the lock guard and the search index read it on their own).
    view_reads = [
        q
        for q in queries
        if q.startswith('SELECT "meetings_point"."id", "meetings_point"."version"')
        and "decision" in q
    ]
    assert len(view_reads) == 1
    assert not [q for q in queries if 'FROM "committee_decision"' in q]  # not a decision
    assert len(queries) <= 24


def test_an_autosave_without_initials_does_not_read_the_attendance(officer, meeting):
    point = meeting.items.get(number="1").points.get()
    response, queries = save_point(officer, meeting, point, text="Everyone was welcomed.")
    assert response.status_code == 200
    assert not [q for q in queries if q.startswith(ROW_READ)]


def test_the_saved_speakers_are_answered_in_the_order_the_database_holds_them(officer, meeting):
    Attendance.objects.create(meeting=meeting, initials="MH", role="TVP Inspector", order=5)
    point = meeting.items.get(number="1").points.get()
    response, _queries = save_point(officer, meeting, point, speakers_text="MH, ak/1")
    stored = ", ".join(a.initials for a in point.speakers.all())
    assert stored == "AK/1, MH"
    assert response.json()["people"] == stored
    assert response.json()["fields"]["speakers_text"] == stored

"""The minutes editor's endpoints: creation, autosave, version checks, attendance."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from states import move_to, rewind_to_scheduled

from actions.models import Action
from meetings.models import AgendaItem, Attendance, Meeting, Point
from members.models import Membership, Person, StandardItem


@pytest.fixture
def officer(role_client):
    return role_client("officer")


def row_url(name, meeting, kind, pk=None):
    args = [meeting.pk, kind] + ([pk] if pk else [])
    return reverse(f"meetings:{name}", args=args)


def point_data(point, **changes):
    data = {"version": point.version, "kind": point.kind, "text": point.text, "speakers_text": ""}
    return data | changes


# --- Creating a meeting ---------------------------------------------------------


def test_a_new_meeting_starts_from_the_standard_agenda(officer, body):
    StandardItem.objects.create(
        body=body, order=1, title="Welcome and Introductions", lead="IAG Chair"
    )
    StandardItem.objects.create(body=body, order=2, title="AOB", lead="All")
    response = officer.post(
        reverse("meetings:create"),
        {
            "body": body.pk,
            "date": "2022-04-13",
            "start_time": "18:00",
            "agenda": "standard",
        },
    )
    meeting = Meeting.objects.get(date=datetime.date(2022, 4, 13))
    assert response.url == reverse("meetings:edit", args=[meeting.pk])
    assert meeting.status == "draft"
    assert list(meeting.items.values_list("number", "title", "lead")) == [
        ("1", "Welcome and Introductions", "IAG Chair"),
        ("2", "AOB", "All"),
    ]


def test_a_new_meeting_can_copy_the_previous_agenda(officer, meeting):
    response = officer.post(
        reverse("meetings:create"),
        {
            "body": meeting.body.pk,
            "date": "2022-04-13",
            "agenda": "previous",
        },
    )
    assert response.status_code == 302
    new = Meeting.objects.get(date=datetime.date(2022, 4, 13))
    assert list(new.items.values_list("title", flat=True)) == [
        "Welcome and Introductions",
        "Case review",
    ]
    assert not Point.objects.filter(item__meeting=new).exists()  # the agenda, not the minutes


def test_a_blank_meeting_takes_the_bodys_usual_time_and_venue(officer, body):
    body.default_start_time = datetime.time(18, 30)
    body.default_location = "The Point"
    body.save()
    officer.post(
        reverse("meetings:create"), {"body": body.pk, "date": "2022-04-13", "agenda": "blank"}
    )
    meeting = Meeting.objects.get(date=datetime.date(2022, 4, 13))
    assert (meeting.start_time, meeting.location) == (datetime.time(18, 30), "The Point")
    assert not meeting.items.exists()


def test_a_bad_new_meeting_form_keeps_what_was_typed_and_says_what_to_fix(officer, body):
    response = officer.post(
        reverse("meetings:create"),
        {
            "body": body.pk,
            "date": "not a date",
            "location": "Wolverton Mosque",
            "agenda": "blank",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in content
    assert 'href="#id_date"' in content  # the summary links to the field
    assert 'value="Wolverton Mosque"' in content
    assert not Meeting.objects.exists()


def test_a_second_meeting_at_the_same_time_is_refused_clearly(officer, meeting):
    response = officer.post(
        reverse("meetings:create"),
        {
            "body": meeting.body.pk,
            "date": "2022-03-02",
            "start_time": "18:00",
            "agenda": "blank",
        },
    )
    assert "already has a meeting at that date and time" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_only_bodies_the_officer_edits_are_offered(officer, other_body):
    content = officer.get(reverse("meetings:create")).content.decode()
    assert "Test IAG" in content and "Other" not in content
    response = officer.post(
        reverse("meetings:create"), {"body": other_body.pk, "date": "2022-04-13", "agenda": "blank"}
    )
    assert response.status_code == 200
    assert not Meeting.objects.filter(body=other_body).exists()


def test_a_scheduled_meeting_becomes_a_draft_when_minutes_are_typed(officer, meeting):
    rewind_to_scheduled(meeting)
    item = meeting.items.first()
    officer.post(
        row_url("row_create", meeting, "point"),
        {"item": item.pk, "text": "AOB", "kind": "discussion"},
    )
    meeting.refresh_from_db()
    assert meeting.status == "draft"


def test_an_empty_agenda_can_be_filled_from_the_standard_agenda(officer, body):
    StandardItem.objects.create(body=body, order=1, title="AOB", lead="All")
    meeting = Meeting.objects.create(
        body=body, date=datetime.date(2022, 5, 25), start_time=datetime.time(18)
    )
    officer.post(reverse("meetings:fill_agenda", args=[meeting.pk]), {"source": "standard"})
    officer.post(reverse("meetings:fill_agenda", args=[meeting.pk]), {"source": "standard"})
    assert list(meeting.items.values_list("title", flat=True)) == ["AOB"]  # not twice


# --- Autosave -------------------------------------------------------------------


def test_a_point_is_created_after_the_one_it_follows(officer, meeting):
    item = meeting.items.get(number="1")
    first = item.points.get()
    Point.objects.create(item=item, order=2, text="Later point")
    response = officer.post(
        row_url("row_create", meeting, "point"),
        {"item": item.pk, "after": first.pk, "kind": "discussion", "text": "In between"},
    )
    assert response.status_code == 201
    assert response.json()["urls"]["save"].endswith(f"/point/{response.json()['id']}/")
    assert list(item.points.values_list("text", flat=True)) == [
        "AK/1 Welcomed everyone.",
        "In between",
        "Later point",
    ]


def test_the_speaker_is_read_from_the_opening_initials(officer, meeting):
    point = meeting.items.get(number="1").points.get()
    point.speakers.clear()
    response = officer.post(row_url("row_save", meeting, "point", point.pk), point_data(point))
    assert response.json()["people"] == "AK/1"
    assert [a.initials for a in point.speakers.all()] == ["AK/1"]


def test_typed_speakers_win_over_the_opening_initials(officer, meeting):
    Attendance.objects.create(meeting=meeting, initials="MH", role="TVP Inspector")
    point = meeting.items.get(number="1").points.get()
    officer.post(
        row_url("row_save", meeting, "point", point.pk), point_data(point, speakers_text="MH, ak/1")
    )
    assert [a.initials for a in point.speakers.all()] == ["MH", "AK/1"]


def test_unknown_initials_are_refused_and_the_text_is_kept(officer, meeting):
    point = meeting.items.get(number="1").points.get()
    response = officer.post(
        row_url("row_save", meeting, "point", point.pk),
        point_data(point, text="TL said that parents must be reached."),
    )
    assert response.status_code == 200
    assert response.json()["unknown"] == ["TL"]
    point.refresh_from_db()
    assert point.text == "TL said that parents must be reached."
    assert not point.speakers.exists()


def test_a_stale_version_is_refused_and_neither_text_is_lost(officer, meeting):
    point = meeting.items.get(number="1").points.get()
    url = row_url("row_save", meeting, "point", point.pk)
    first = officer.post(url, point_data(point, text="First officer's words"))
    assert first.json()["version"] == 2
    stale = officer.post(url, point_data(point, text="Second officer's words"))  # still version 1
    assert stale.status_code == 409
    conflict = stale.json()["conflict"]
    assert conflict["version"] == 2
    assert conflict["fields"]["text"] == "First officer's words"
    point.refresh_from_db()
    assert point.text == "First officer's words"

    # Choosing to keep theirs-over-mine is a deliberate save against the new version.
    kept = officer.post(url, point_data(point, version=2, text="Second officer's words"))
    assert kept.json()["version"] == 3
    point.refresh_from_db()
    assert point.text == "Second officer's words"


def test_an_empty_point_is_refused_with_a_message(officer, meeting):
    point = meeting.items.get(number="1").points.get()
    response = officer.post(
        row_url("row_save", meeting, "point", point.pk), point_data(point, text="")
    )
    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_an_action_gets_its_owners_and_due_date(officer, meeting):
    item = meeting.items.get(number="1")
    response = officer.post(
        row_url("row_create", meeting, "action"),
        {
            "item": item.pk,
            "owners_text": "AK/1",
            "description": "Share the details",
            "due_date": "2022-04-13",
        },
    )
    action = Action.objects.get(pk=response.json()["id"])
    assert [o.initials for o in action.owners.all()] == ["AK/1"]
    assert action.due_date == datetime.date(2022, 4, 13)


def test_items_rename_and_mark_deferred_confidential(officer, meeting):
    item = meeting.items.get(number="1")
    response = officer.post(
        row_url("row_save", meeting, "item", item.pk),
        {
            "version": item.version,
            "number": "1a",
            "title": "Welcome",
            "lead": "Chair",
            "state": "deferred",
            "confidential": "on",
        },
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.number, item.state, item.confidential) == ("1a", "deferred", True)


def test_rows_move_within_their_parent(officer, meeting):
    item = meeting.items.get(number="1")
    second = Point.objects.create(item=item, order=2, text="Second")
    response = officer.post(row_url("row_move", meeting, "point", second.pk), {"direction": "up"})
    first = item.points.get(order=2)
    assert response.json() == {"moved": True, "versions": {str(second.pk): 2, str(first.pk): 2}}
    assert list(item.points.values_list("text", flat=True)) == ["Second", "AK/1 Welcomed everyone."]
    edge = officer.post(row_url("row_move", meeting, "point", second.pk), {"direction": "up"})
    assert edge.json() == {"moved": False, "versions": {}}


def test_a_row_of_another_meeting_cannot_be_reached_through_this_one(officer, meeting, body):
    other = Meeting.objects.create(
        body=body, date=datetime.date(2022, 5, 1), start_time=datetime.time(18)
    )
    foreign = Point.objects.create(
        item=AgendaItem.objects.create(meeting=other, title="X"), text="Y"
    )
    url = row_url("row_save", meeting, "point", foreign.pk)
    assert officer.post(url, point_data(foreign, text="Hijack")).status_code == 404
    assert officer.post(row_url("row_delete", meeting, "point", foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.text == "Y"


def test_an_unknown_kind_of_row_is_404(officer, meeting):
    assert (
        officer.post(reverse("meetings:row_create", args=[meeting.pk, "user"])).status_code == 404
    )


@pytest.mark.parametrize("status", ["approved", "published", "cancelled"])
def test_locked_minutes_refuse_every_change(officer, meeting, status):
    move_to(meeting, status)
    point = meeting.items.get(number="1").points.get()
    response = officer.post(
        row_url("row_save", meeting, "point", point.pk), point_data(point, text="Late edit")
    )
    assert response.status_code == 409
    assert "can no longer be edited" in response.json()["error"]
    assert officer.post(row_url("row_delete", meeting, "point", point.pk)).status_code == 409
    point.refresh_from_db()
    assert point.text == "AK/1 Welcomed everyone."


# --- Attendance -------------------------------------------------------------------


@pytest.fixture
def member_ak(meeting):
    person = Person.objects.create(name="Aisha Khan")
    return Membership.objects.create(
        body=meeting.body, person=person, initials="AK", position="IAG Member"
    )


@pytest.fixture
def member_as(meeting):
    person = Person.objects.create(name="Amara Sesay")
    return Membership.objects.create(
        body=meeting.body, person=person, initials="AS", position="IAG Member"
    )


def add(officer, meeting, **data):
    return officer.post(reverse("meetings:add_attendee", args=[meeting.pk]), data)


def test_a_member_is_added_by_initials_with_their_position(officer, meeting, member_as):
    response = add(officer, meeting, who="AS · Amara Sesay · IAG Member", status="apologies")
    attendee = meeting.attendance.get(person=member_as.person)
    assert (attendee.initials, attendee.role, attendee.status) == ("AS", "IAG Member", "apologies")
    assert response.status_code == 201
    assert 'value="IAG Member"' in response.content.decode()
    assert response["X-Editor-Outcome"] == "added"


def test_a_member_is_found_by_name(officer, meeting, member_as):
    add(officer, meeting, who="amara", status="present")
    assert meeting.attendance.filter(person=member_as.person).exists()


def test_an_unknown_name_is_explained_and_nothing_added(officer, meeting):
    response = add(officer, meeting, who="Zebedee", status="present")
    assert "No current member is “Zebedee”" in response.content.decode()
    assert response["X-Editor-Outcome"] == "message"
    assert meeting.attendance.count() == 2


def test_a_member_already_on_the_list_is_not_added_again_nor_moved(officer, meeting, member_as):
    add(officer, meeting, who="AS", status="present")
    response = add(officer, meeting, who="Amara", status="apologies")
    assert "AS (Amara Sesay, IAG Member) is already on the attendance: nothing was added" in (
        response.content.decode()
    )
    assert list(meeting.attendance.filter(person=member_as.person).values_list("status")) == [
        ("present",)
    ]


def test_initials_someone_else_holds_are_a_question_not_a_silent_change(
    officer, meeting, member_ak
):
    # AK/1 (the chair, a guest row) is present: the member AK is asked about.
    response = add(officer, meeting, who="AK", status="apologies")
    content = response.content.decode()
    assert "AK is already on the attendance: AK/1 (IAG Chair)" in content
    assert "Add as AK/2" in content
    assert not meeting.attendance.filter(person=member_ak.person).exists()

    add(officer, meeting, who="AK", status="apologies", initials="AK/2")
    attendee = meeting.attendance.get(person=member_ak.person)
    assert (attendee.initials, attendee.status) == ("AK/2", "apologies")
    assert meeting.attendance.get(initials="AK/1").status == "present"  # nobody moved


def test_two_people_with_the_same_initials_become_js_1_and_js_2_when_asked(officer, meeting):
    julia = Membership.objects.create(
        body=meeting.body, person=Person.objects.create(name="Julia Stevens"), initials="JS"
    )
    add(officer, meeting, who="JS", status="present")
    guest = {"name": "John Smith", "initials": "JS", "role": "Guest", "status": "apologies"}
    url = reverse("meetings:add_guest", args=[meeting.pk])
    asked = officer.post(url, guest)
    assert "Make them JS/1 and JS/2" in asked.content.decode()
    assert meeting.attendance.filter(initials__startswith="JS").count() == 1

    done = officer.post(url, guest | {"renumber": "1"})
    assert done.status_code == 201
    assert json.loads(done["X-Attendee"])["renamed"][0]["initials"] == "JS/1"
    people = dict(
        meeting.attendance.filter(initials__startswith="JS").values_list("initials", "name")
    )
    assert people == {"JS/1": "Julia Stevens", "JS/2": "John Smith"}
    assert meeting.attendance.get(person=julia.person).status == "present"


def test_a_guest_needs_only_initials(officer, meeting):
    response = officer.post(
        reverse("meetings:add_guest", args=[meeting.pk]), {"initials": "TSC", "status": "present"}
    )
    assert response.status_code == 201
    assert meeting.attendance.get(initials="TSC").role == "Guest"


def test_a_guest_with_bad_initials_is_sent_back_with_the_form_filled(officer, meeting):
    response = officer.post(
        reverse("meetings:add_guest", args=[meeting.pk]),
        {"name": "The Mayor", "initials": "mayor!", "status": "present"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert response["X-Editor-Outcome"] == "guest-form"
    assert 'value="The Mayor"' in content and "Initials are one to six letters" in content
    assert not meeting.attendance.filter(name="The Mayor").exists()


def test_an_add_sent_twice_with_one_client_key_adds_one_person(officer, meeting, member_as):
    key = str(uuid.uuid4())
    first = add(officer, meeting, who="AS", status="present", client_key=key)
    again = add(officer, meeting, who="AS", status="present", client_key=key)
    assert first.status_code == again.status_code == 201
    assert first["X-Attendee"] == again["X-Attendee"]
    assert meeting.attendance.filter(person=member_as.person).count() == 1


def test_the_position_is_edited_for_this_meeting_only(officer, meeting, member_as):
    add(officer, meeting, who="AS", status="present")
    attendee = meeting.attendance.get(person=member_as.person)
    officer.post(
        row_url("row_save", meeting, "attendance", attendee.pk),
        {
            "version": attendee.version,
            "initials": "AS",
            "role": "Mental Health Services",
            "status": "present",
            "note": "",
        },
    )
    attendee.refresh_from_db()
    member_as.refresh_from_db()
    assert attendee.role == "Mental Health Services"
    assert member_as.position == "IAG Member"


# --- The editor page ------------------------------------------------------------


def test_the_editor_shows_every_row_with_its_version(officer, meeting):
    content = officer.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert "AK/1 Welcomed everyone." in content
    assert "Zanzibar-walrus case details." in content  # officers edit confidential items too
    assert 'value="AK/1"' in content
    assert 'src="/static/meetings/editor.js"' in content


def test_the_editor_query_count_does_not_grow_with_the_minutes(officer, meeting):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert officer.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 200
        return len(queries)

    Action.objects.create(item=meeting.items.first(), description="Baseline").owners.add(
        meeting.attendance.first()
    )
    count()  # a session's first page reads it into the cache and notes its second factor
    # The page's rows are rendered when they changed (a miss), else taken from the
    # cache (a hit, meetings/editor_items.py): neither grows with the minutes.
    speaker = Attendance.objects.create(meeting=meeting, initials="MT", role="TVP LPA Commander")
    before = count(), count()
    for n in range(3, 15):
        item = AgendaItem.objects.create(meeting=meeting, order=n, number=str(n), title=f"Item {n}")
        for p in range(25):
            Point.objects.create(item=item, order=p, text=f"MT said {p}").speakers.add(speaker)
        Action.objects.create(item=item, description="Do it").owners.add(speaker)
    assert (count(), count()) == before


def test_scheduled_meetings_open_straight_into_the_editor_for_officers(role_client, meeting):
    rewind_to_scheduled(meeting)
    editor = reverse("meetings:edit", args=[meeting.pk])
    assert (
        f'href="{editor}"' in role_client("officer").get(reverse("meetings:list")).content.decode()
    )
    member_page = role_client("member").get(reverse("meetings:list")).content.decode()
    assert f'href="{editor}"' not in member_page
    assert f'href="{meeting.get_absolute_url()}"' in member_page


def test_moving_the_meeting_onto_another_meetings_slot_is_a_clear_error(officer, meeting):
    Meeting.objects.create(
        body=meeting.body, date=datetime.date(2022, 4, 13), start_time=datetime.time(18)
    )
    response = officer.post(
        reverse("meetings:save_header", args=[meeting.pk]),
        {"version": meeting.version, "date": "2022-04-13", "start_time": "18:00"},
    )
    assert response.status_code == 400
    assert "already has a meeting at that date and time" in str(response.json()["errors"])
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2022, 3, 2)


def test_giving_an_attendee_someone_elses_initials_is_a_clear_error(officer, meeting):
    lh = meeting.attendance.get(initials="LH")
    response = officer.post(
        row_url("row_save", meeting, "attendance", lh.pk),
        {
            "version": lh.version,
            "initials": "AK/1",
            "role": "IAG Member",
            "status": "apologies",
            "note": "",
        },
    )
    assert response.status_code == 400
    assert "already has these initials" in str(response.json()["errors"])


def test_a_new_attendee_row_with_taken_initials_is_a_clear_error(officer, meeting):
    response = officer.post(
        row_url("row_create", meeting, "attendance"),
        {"initials": "LH", "role": "Guest", "status": "present", "note": ""},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("item", ["abc", "", "1.5"])
def test_a_malformed_item_id_is_404_not_500(officer, meeting, item):
    response = officer.post(
        row_url("row_create", meeting, "point"), {"item": item, "text": "x", "kind": "discussion"}
    )
    assert response.status_code == 404


def test_a_forged_attendance_status_does_not_break_the_error_response(officer, meeting):
    response = officer.post(
        reverse("meetings:add_attendee", args=[meeting.pk]),
        {"who": "Nobody", "status": "present\\nX-Injected: 1"},
    )
    assert response.status_code == 200
    assert response["X-Editor-Outcome"] == "message"


def test_a_change_made_in_the_admin_is_not_overwritten_by_an_open_editor(officer, meeting):
    point = meeting.items.get(number="1").points.get()
    read_by_editor = point.version
    point.text = "Corrected in the admin"
    point.save()  # any save, from anywhere, is a new version
    response = officer.post(
        row_url("row_save", meeting, "point", point.pk),
        point_data(point, version=read_by_editor, text="Typed in the editor"),
    )
    assert response.status_code == 409
    point.refresh_from_db()
    assert point.text == "Corrected in the admin"


def test_autosaves_are_kept_in_the_history_with_who_made_them(officer, meeting, users):
    point = meeting.items.get(number="1").points.get()
    officer.post(
        row_url("row_save", meeting, "point", point.pk), point_data(point, text="Draft one")
    )
    point.refresh_from_db()
    officer.post(
        row_url("row_save", meeting, "point", point.pk), point_data(point, text="Draft two")
    )
    history = list(point.history.order_by("history_date"))
    assert [h.text for h in history[-2:]] == ["Draft one", "Draft two"]
    assert history[-1].history_user == users["officer"]


def test_moving_rows_is_kept_in_the_history(officer, meeting):
    item = meeting.items.get(number="1")
    second = Point.objects.create(item=item, order=2, text="Second")
    officer.post(row_url("row_move", meeting, "point", second.pk), {"direction": "up"})
    assert second.history.latest().order == 1

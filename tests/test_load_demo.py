import datetime
import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from actions.models import Action
from meetings.models import Meeting
from members.models import Membership, Role


def meeting_on(day):
    return Meeting.objects.get(body__slug="mk-iag", date=day)


def test_the_7_december_meeting_has_its_attendance_and_apologies(demo):
    meeting = meeting_on(datetime.date(2021, 12, 7))
    assert meeting.attendance.filter(status="present").count() == 20
    assert meeting.attendance.filter(status="apologies").count() == 10
    assert meeting.location == "Wolverton Mosque"
    assert meeting.attendance.get(initials="DL").is_minute_taker
    first = meeting.attendance.order_by("order").values_list("initials", "role")[:3]
    assert list(first) == [
        ("AK/1", "IAG Chair"),
        ("AS", "IAG Member"),
        ("JH", "TVP Community & Diversity Officer"),
    ]


def test_the_7_december_meeting_has_the_eleven_standard_items_with_leads(demo):
    items = list(
        meeting_on(datetime.date(2021, 12, 7)).items.values_list("number", "title", "lead")
    )
    assert len(items) == 11
    assert items[2] == ("3", "Chairs Report", "IAG Chair")
    assert items[3] == ("4", "LPA Commanders Updates", "LPA Commander")
    assert items[8][1] == "AOB"


def test_points_keep_their_speakers_and_actions_their_owners(demo):
    meeting = meeting_on(datetime.date(2021, 12, 7))
    point = meeting.items.get(number="4").points.get(text__startswith="MT reported an increase")
    assert [a.initials for a in point.speakers.all()] == ["MT", "MH"]
    action = Action.objects.get(item__meeting=meeting, owners__initials="JH")
    assert "case studies" in action.description
    assert action.due_date == datetime.date(2022, 2, 2)


def test_the_2_march_meeting_disambiguates_the_two_aks_and_defers_items(demo):
    meeting = meeting_on(datetime.date(2022, 3, 2))
    assert meeting.attendance.filter(status="present").count() == 25
    assert set(
        meeting.attendance.filter(initials__startswith="AK").values_list("initials", "role")
    ) == {("AK/1", "IAG Chair"), ("AK/2", "IAG Member")}
    assert list(meeting.items.filter(state="deferred").values_list("number", flat=True)) == [
        "5",
        "7",
    ]


def test_demo_logins_work_and_carry_their_roles(demo):
    for username, role in [
        ("officer", Role.OFFICER),
        ("chair", Role.CHAIR),
        ("member", Role.MEMBER),
        ("guest", Role.GUEST),
    ]:
        user = authenticate(username=username, password="minutes-demo")
        assert user is not None, username
        assert Membership.objects.get(person__user=user, body=demo).role == role
    assert authenticate(username="admin", password="minutes-demo").is_superuser


def test_loading_twice_changes_nothing(demo, settings):
    counts = (Meeting.objects.count(), Membership.objects.count(), Action.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Meeting.objects.count(), Membership.objects.count(), Action.objects.count()) == counts


def test_it_refuses_to_plant_demo_passwords_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=0"):
        call_command("load_demo")
    assert not Meeting.objects.exists()

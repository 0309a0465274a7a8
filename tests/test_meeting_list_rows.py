"""The meetings list renders each row once for what it shows: a row changes the
moment anything it shows changes, and a reader is only given the rows of their page."""

import pytest
from django.urls import reverse
from states import move_to

from meetings import views
from meetings.models import MeetingStatus


@pytest.fixture
def row_renders(count_renders):
    renders = count_renders(views)
    views._rows.clear()
    yield renders
    views._rows.clear()


def test_a_row_is_rendered_once_and_again_when_what_it_shows_changes(
    client, users, meeting, row_renders
):
    client.force_login(users["member"])
    first = client.get(reverse("meetings:list")).content.decode()
    again = client.get(reverse("meetings:list")).content.decode()
    assert first.split("<tbody>")[1] == again.split("<tbody>")[1]
    assert row_renders == ["meetings/_meeting_row.html"]
    assert "Draft" in again
    move_to(meeting, MeetingStatus.CIRCULATED)
    meeting.topic = "Stop and search"
    meeting.save()
    changed = client.get(reverse("meetings:list")).content.decode()
    assert "Stop and search" in changed and "Circulated" in changed and ">Draft<" not in changed
    assert len(row_renders) == 2


def test_the_officer_and_the_member_are_each_given_their_own_row(
    client, users, meeting, row_renders
):
    move_to(meeting, MeetingStatus.SCHEDULED)
    editor = reverse("meetings:edit", args=[meeting.pk])
    client.force_login(users["officer"])
    assert editor in client.get(reverse("meetings:list")).content.decode()
    client.force_login(users["member"])
    assert editor not in client.get(reverse("meetings:list")).content.decode()
    # An outsider's list holds no row of a body they are not in.
    client.force_login(users["outsider"])
    assert meeting.get_absolute_url() not in client.get(reverse("meetings:list")).content.decode()
    assert len(row_renders) == 2

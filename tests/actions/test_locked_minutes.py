"""Agreed minutes are final: no action or review note is added to them through the actions pages."""

import datetime

import pytest
from django.urls import reverse
from states import move_to

from actions.models import Action, ActionNote
from meetings.models import AgendaItem, Meeting
from members.models import ItemKind


@pytest.mark.parametrize("status", ["approved", "published"])
def test_no_action_is_added_to_agreed_minutes(role_client, meeting, status):
    move_to(meeting, status)
    response = role_client("officer").post(
        reverse("actions:add", args=[meeting.pk]),
        {"item": meeting.items.first().pk, "description": "Late action", "due_date": ""},
    )
    assert response.status_code == 302
    assert not Action.objects.filter(description="Late action").exists()


def test_no_review_note_is_recorded_at_a_published_meeting(role_client, meeting):
    action = Action.objects.create(item=meeting.items.first(), description="Open action")
    later = Meeting.objects.create(
        body=meeting.body,
        date=datetime.date(2022, 4, 13),
        start_time=datetime.time(18),
        status="draft",
    )
    AgendaItem.objects.create(
        meeting=later, title="Previous notes/actions", kind=ItemKind.PREVIOUS_MINUTES
    )
    later.body.publishes_minutes = True
    later.body.save()
    move_to(later, "published")
    response = role_client("officer").post(
        reverse("actions:note", args=[action.pk]),
        {"text": "Rewriting history", "meeting": later.pk},
    )
    assert response.status_code == 403
    assert not ActionNote.objects.filter(text="Rewriting history").exists()

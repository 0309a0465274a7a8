import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from states import move_to, rewind_to_scheduled

from actions import services
from actions.models import Action, ActionNote, ActionStatus
from meetings.models import Meeting, MeetingStatus


def outstanding(meeting):
    return [action.description for action in services.outstanding_actions(meeting=meeting)]


def test_an_action_left_open_is_outstanding_at_every_later_meeting_until_closed(
    series, users, raise_action
):
    first, second, third = series
    raise_action(first, "Seek links to the Palestinian families")

    assert outstanding(first) == []
    assert outstanding(second) == ["Seek links to the Palestinian families"]
    assert outstanding(third) == ["Seek links to the Palestinian families"]

    action = Action.objects.get()
    services.close_action(action=action, status="done", by=users["officer"], meeting=third)
    assert outstanding(third) == []
    assert [a.description for a in services.closed_at_meeting(meeting=third)] == [
        "Seek links to the Palestinian families"
    ]
    assert services.closed_at_meeting(meeting=second) == []


def test_outstanding_actions_come_oldest_first_and_only_from_the_same_body(
    series, users, other_body, raise_action, add_meeting
):
    first, second, third = series
    raise_action(second, "Later one")
    raise_action(first, "Earlier one")
    raise_action(third, "Raised at this meeting")
    elsewhere = add_meeting(other_body, datetime.date(2022, 1, 1))
    raise_action(elsewhere, "Another body's action")
    assert outstanding(third) == ["Earlier one", "Later one"]


def test_an_action_of_an_earlier_meeting_the_same_day_is_outstanding(series, users, raise_action):
    first = series[0]
    evening = Meeting.objects.create(body=first.body, date=first.date, start_time=datetime.time(20))
    raise_action(first, "Same-day action")
    assert outstanding(evening) == ["Same-day action"]


def test_public_review_leaves_out_confidential_items_actions(series, raise_action):
    first, second, _third = series
    raise_action(first, "Quokka-lantern follow up", item="Case review")
    raise_action(first, "Open follow up")
    public = services.outstanding_actions(meeting=second, with_confidential=False)
    assert [a.description for a in public] == ["Open follow up"]
    printed = services.actions_reviewed(meeting=second, with_confidential=False)
    assert [a.description for a in printed] == ["Open follow up"]


def test_the_outstanding_list_is_read_in_a_fixed_number_of_queries(series, users, raise_action):
    first, second, third = series

    def count():
        with CaptureQueriesContext(connection) as queries:
            for action in services.outstanding_actions(meeting=third):
                [o.initials for o in action.owners.all()]
                [n.text for n in action.notes.all()]
                str(action.item.meeting)
        return len(queries)

    raise_action(first, "One")
    before = count()
    for n in range(20):
        action = raise_action(second if n % 2 else first, f"Action {n}", owners=("ME", "OF"))
        services.add_progress_note(action=action, text="Progress", by=users["officer"])
    assert count() == before


def test_the_due_date_defaults_to_the_next_meeting(series):
    first, second, third = series
    item = first.items.get(title="Hate Crime Case Studies")
    owner = first.attendance.get(initials="ME")
    action = services.create_action(item=item, description="Provide case studies", owners=[owner])
    assert action.due_date == second.date
    assert list(action.owners.all()) == [owner]
    last = services.create_action(
        item=third.items.first(), description="No next meeting yet", owners=[]
    )
    assert last.due_date is None


def test_a_cancelled_meeting_is_not_the_default_due_date(series):
    first, second, third = series
    rewind_to_scheduled(second)
    move_to(second, MeetingStatus.CANCELLED)
    action = services.create_action(item=first.items.first(), description="Do it", owners=[])
    assert action.due_date == third.date


def test_owners_must_attend_the_meeting_the_action_is_raised_at(series):
    first, second, _third = series
    stranger = second.attendance.get(initials="ME")
    with pytest.raises(ValueError, match="attendance"):
        services.create_action(item=first.items.first(), description="x", owners=[stranger])
    assert not Action.objects.exists()


def test_overdue_is_computed_from_the_due_date(series, users, raise_action):
    first = series[0]
    today = datetime.date.today()
    late = raise_action(first, "Late", due=today - datetime.timedelta(days=1))
    due_today = raise_action(first, "Due today", due=today)
    undated = raise_action(first, "Undated")
    closed_late = raise_action(first, "Closed late", due=today - datetime.timedelta(days=9))
    services.close_action(action=closed_late, status="done", by=users["officer"])
    closed_late.refresh_from_db()

    assert late.is_overdue
    assert not due_today.is_overdue
    assert not undated.is_overdue
    assert not closed_late.is_overdue
    assert list(Action.objects.overdue(today=today)) == [late]


def test_closing_records_who_when_and_the_reviewing_meeting(series, users, raise_action):
    first, second, _third = series
    action = raise_action(first, "Provide case studies")
    closed = services.close_action(
        action=action,
        status="dropped",
        by=users["officer"],
        note="No longer needed",
        meeting=second,
    )
    assert closed.status == ActionStatus.DROPPED
    assert closed.closed_by == users["officer"]
    assert closed.closed_at is not None
    assert closed.version == 2
    note = ActionNote.objects.get()
    assert (note.text, note.new_status, note.meeting, note.created_by) == (
        "No longer needed",
        "dropped",
        second,
        users["officer"],
    )


def test_it_refuses_to_close_an_action_twice_or_with_an_open_status(series, users, raise_action):
    action = raise_action(series[0], "Once only")
    with pytest.raises(ValueError):
        services.close_action(action=action, status="open", by=users["officer"])
    services.close_action(action=action, status="done", by=users["officer"])
    with pytest.raises(services.ActionStateError):
        services.close_action(action=action, status="dropped", by=users["officer"])
    assert Action.objects.get().status == "done"
    assert ActionNote.objects.count() == 1


def test_reopening_puts_the_action_back_on_the_list(series, users, raise_action):
    first, second, _third = series
    action = raise_action(first, "Reopen me")
    services.close_action(action=action, status="done", by=users["officer"], meeting=second)
    reopened = services.reopen_action(action=action, by=users["officer"], meeting=second)
    assert (reopened.status, reopened.closed_at, reopened.closed_by) == ("open", None, None)
    assert outstanding(second) == ["Reopen me"]
    assert services.closed_at_meeting(meeting=second) == []


def test_an_empty_progress_note_is_refused(series, users, raise_action):
    action = raise_action(series[0], "Note me")
    with pytest.raises(ValueError):
        services.add_progress_note(action=action, text="   ", by=users["member"])
    assert not ActionNote.objects.exists()


def test_the_printed_review_keeps_what_each_meeting_reviewed(series, users, raise_action):
    first, second, third = series
    carried = raise_action(first, "Carried to the third")
    done_at_second = raise_action(first, "Done at the second")
    services.add_progress_note(
        action=carried, text="Chased the council", by=users["officer"], meeting=second
    )
    services.close_action(action=done_at_second, status="done", by=users["officer"], meeting=second)

    at_second = services.actions_reviewed(meeting=second, with_confidential=True)
    assert [a.description for a in at_second] == ["Carried to the third", "Done at the second"]
    assert [n.text for n in at_second[0].review_notes] == ["Chased the council"]
    assert [n.new_status for n in at_second[1].review_notes] == [ActionStatus.DONE]
    at_third = services.actions_reviewed(meeting=third, with_confidential=True)
    assert [a.description for a in at_third] == ["Carried to the third"]
    assert at_third[0].review_notes == []


def test_nothing_is_reviewed_at_a_meeting_with_no_earlier_actions(series):
    assert services.actions_reviewed(meeting=series[1], with_confidential=True) == []

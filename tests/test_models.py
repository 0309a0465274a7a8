import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from states import move_to

from actions.models import Action, ActionStatus
from meetings.models import AgendaItem, Attendance, Meeting
from members.models import Membership, Person


def join(body, name, initials, **extra):
    person = Person.objects.create(name=name)
    return Membership(body=body, person=person, position="IAG Member", initials=initials, **extra)


def test_duplicate_initials_among_current_members_are_refused_with_a_clear_message(body):
    join(body, "Adeel Karim", "AK").save()
    clash = join(body, "Aisha Khan", "AK")

    with pytest.raises(ValidationError) as error:
        clash.full_clean()

    message = " ".join(error.value.message_dict["initials"])
    assert "AK is already used by Adeel Karim (IAG Member)" in message
    assert "AK/2" in message  # the minutes' way of telling them apart


def test_the_database_refuses_duplicate_current_initials_whatever_their_case(body):
    join(body, "Adeel Karim", "AKt").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        join(body, "Aisha Khan", "AKT").save()


def test_disambiguated_initials_are_accepted(body):
    join(body, "Adeel Karim", "AK/1").save()
    second = join(body, "Aisha Khan", "AK/2")
    second.full_clean()
    second.save()
    assert Membership.objects.filter(body=body).count() == 2


def test_a_former_member_frees_their_initials(body):
    join(body, "Rashid Sultan", "RS", end_date=datetime.date(2021, 11, 30)).save()
    newcomer = join(body, "Ruth Simmons", "RS", start_date=datetime.date(2021, 12, 1))
    newcomer.full_clean()
    newcomer.save()
    assert list(Membership.objects.current().values_list("person__name", flat=True)) == [
        "Ruth Simmons"
    ]


def test_initials_held_during_an_overlapping_period_are_refused(body):
    join(body, "Rashid Sultan", "RS", end_date=datetime.date(2022, 6, 30)).save()
    overlapping = join(body, "Ruth Simmons", "RS", start_date=datetime.date(2022, 1, 1))
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert "Rashid Sultan" in str(error.value)


def test_the_same_initials_are_fine_in_another_body(body, other_body):
    join(body, "Adeel Karim", "AK").save()
    elsewhere = join(other_body, "Aisha Khan", "AK")
    elsewhere.full_clean()


@pytest.mark.parametrize("bad", ["ak", "A K", "AK/0", "AK/", "1A", "ABCDEFGH", ""])
def test_initials_must_look_like_initials(body, bad):
    with pytest.raises(ValidationError) as error:
        join(body, "Someone", bad).full_clean()
    assert "initials" in error.value.message_dict


def test_the_database_refuses_malformed_initials(body):
    with pytest.raises(IntegrityError), transaction.atomic():
        join(body, "Someone", "a k").save()


def test_a_membership_cannot_end_before_it_starts(body):
    membership = join(
        body,
        "Someone",
        "SO",
        start_date=datetime.date(2022, 1, 2),
        end_date=datetime.date(2022, 1, 1),
    )
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        membership.full_clean()


def test_attendance_initials_are_unique_within_a_meeting(meeting):
    duplicate = Attendance(meeting=meeting, initials="Ak/1", role="IAG Member")
    with pytest.raises(ValidationError, match="AK/1 and AK/2"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_person_appears_once_on_a_meetings_attendance(meeting):
    person = Person.objects.create(name="Joanne Hughes")
    Attendance.objects.create(meeting=meeting, person=person, initials="JH")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, person=person, initials="JHu")


def test_a_meeting_must_end_after_it_starts(body):
    meeting = Meeting(
        body=body,
        date=datetime.date(2022, 1, 1),
        start_time=datetime.time(18, 0),
        end_time=datetime.time(17, 0),
    )
    with pytest.raises(ValidationError, match="must end after it starts"):
        meeting.full_clean()


def test_a_body_has_one_meeting_at_a_date_and_time(meeting):
    twin = Meeting(body=meeting.body, date=meeting.date, start_time=meeting.start_time)
    with pytest.raises(ValidationError, match="already has a meeting"):
        twin.full_clean()


def test_item_numbers_may_carry_a_letter_and_minute_references_use_the_prefix(meeting, other_body):
    item = AgendaItem.objects.create(meeting=meeting, order=3, number="4a", title="Sub item")
    assert str(item) == "4a. Sub item"
    item.minute_number = 25
    assert item.minute_reference(other_body) == "OTH25"
    assert item.minute_reference(meeting.body) == ""  # informal style: no prefix


def test_minute_numbers_are_unique_within_a_meeting(meeting):
    AgendaItem.objects.create(meeting=meeting, order=5, title="A", minute_number=25)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, order=6, title="B", minute_number=25)


def test_closing_an_action_stamps_who_and_when_and_reopening_clears_it(meeting, users):
    action = Action.objects.create(item=meeting.items.first(), description="Share the details")
    action.set_status(ActionStatus.DONE, by=users["officer"])
    action.save()
    action.refresh_from_db()
    assert action.closed_by == users["officer"]
    assert action.closed_at <= timezone.now()

    action.set_status(ActionStatus.OPEN, by=users["officer"])
    action.save()
    action.refresh_from_db()
    assert (action.closed_at, action.closed_by) == (None, None)


def test_the_database_refuses_a_closed_action_without_a_closing_time(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(item=meeting.items.first(), description="X", status=ActionStatus.DONE)


def test_overdue_means_open_and_past_its_due_date(meeting):
    item = meeting.items.first()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    late = Action.objects.create(item=item, description="Late", due_date=yesterday)
    Action.objects.create(item=item, description="Not yet", due_date=timezone.localdate())
    done = Action.objects.create(
        item=item,
        description="Done late",
        due_date=yesterday,
        status=ActionStatus.DONE,
        closed_at=timezone.now(),
    )
    assert list(Action.objects.overdue()) == [late]
    assert late.is_overdue and not done.is_overdue


def test_next_meeting_skips_cancelled_meetings(meeting):
    move_to(
        Meeting.objects.create(
            body=meeting.body, date=datetime.date(2022, 4, 1), start_time=datetime.time(18)
        ),
        "cancelled",
    )
    following = Meeting.objects.create(
        body=meeting.body, date=datetime.date(2022, 4, 13), start_time=datetime.time(18)
    )
    assert meeting.next_meeting() == following


@pytest.mark.parametrize(
    ("wanted", "taken", "result"),
    [
        ("AK", set(), "AK"),
        ("AK", {"ak"}, "AK/2"),
        ("AK/1", {"ak/1", "ak/2"}, "AK/3"),
        ("EBr", {"eb"}, "EBr"),
    ],
)
def test_initials_are_told_apart_the_way_the_minutes_do(wanted, taken, result):
    from members.models import disambiguate

    assert disambiguate(wanted, taken) == result

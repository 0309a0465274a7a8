import pytest
from states import move_to

from advice import services
from advice.models import Advice, AdviceStatus
from advice.presenters import carried_advice
from meetings.models import MeetingStatus, MinutesLocked

from .conftest import SECRET, open_point, secret_point


def carried_text(meeting, with_confidential=True):
    return [
        row.text
        for row in carried_advice(meeting=meeting, with_confidential=with_confidential).rows
    ]


def test_advice_raised_from_a_point_links_back_to_it(meetings, users):
    first = meetings[0]
    point = open_point(first)

    advice, created = services.raise_advice(point=point, by=users["officer"])

    assert created
    assert advice.point == point and advice.meeting == first
    assert list(point.advice.all()) == [advice]
    assert advice.text == point.text
    assert advice.addressee == services.DEFAULT_ADDRESSEE
    assert advice.response_due == meetings[1].date  # by the next meeting
    assert advice.raised_by == users["officer"]
    assert advice.status is AdviceStatus.AWAITING_RESPONSE


def test_raising_a_point_twice_gives_the_same_advice(meetings, users):
    point = open_point(meetings[0])
    first, _ = services.raise_advice(point=point, by=users["officer"])
    again, created = services.raise_advice(point=point, by=users["officer"])
    assert not created and again == first
    assert Advice.objects.count() == 1


def test_advice_from_a_confidential_item_is_confidential(meetings, users):
    advice, _ = services.raise_advice(point=secret_point(meetings[0]), by=users["officer"])
    assert advice.confidential


def test_open_advice_is_carried_to_every_following_meeting_until_answered(meetings, users):
    first, second, third = meetings
    advice, _ = services.raise_advice(point=open_point(first), by=users["officer"])

    assert carried_text(first) == []  # not at the meeting that gave it
    assert carried_text(second) == carried_text(third) == [advice.text]

    services.record_response(
        advice=advice, response="accepted", plan="Review BWV monthly", by=users["chair"]
    )
    assert carried_text(third) == [advice.text]  # a response alone does not answer it
    row = carried_advice(meeting=third, with_confidential=True).rows[0]
    assert row.update.startswith("Accepted. Review BWV monthly")
    assert row.age == "2 months"  # 70 days

    services.record_outcome(advice=advice, outcome="Reviews began in June", by=users["chair"])
    assert carried_text(third) == []  # answered before the next meeting
    # The last meeting, held while it was open, still shows what it reviewed, as it
    # stood then: its printed minutes do not change with what came after.
    assert carried_text(second) == [advice.text]
    then = carried_advice(meeting=second, with_confidential=True).rows[0]
    assert then.update.startswith("Awaiting a response") and then.status == "Awaiting a response"


def test_carried_advice_takes_three_queries_at_most_whatever_its_number(
    meetings, users, django_assert_num_queries
):
    first, second, third = meetings
    services.raise_advice(point=open_point(first), by=users["officer"])
    services.raise_advice(point=open_point(second), by=users["officer"])
    services.raise_advice(point=secret_point(second), by=users["officer"])
    with django_assert_num_queries(2):
        assert len(carried_advice(meeting=third, with_confidential=True).rows) == 3
    with django_assert_num_queries(3):
        public = carried_advice(meeting=third, with_confidential=False)
    assert len(public.rows) == 2 and public.withheld == 1
    assert SECRET not in " ".join(row.text for row in public.rows)


def test_what_was_advised_is_locked_with_the_minutes_but_the_response_is_not(meetings, users):
    first = meetings[0]
    advice, _ = services.raise_advice(point=open_point(first), by=users["officer"])
    move_to(first, MeetingStatus.APPROVED)

    advice.text = "Something else"
    with pytest.raises(MinutesLocked):
        advice.save()
    with pytest.raises(MinutesLocked):
        Advice.objects.filter(pk=advice.pk).update(addressee="Someone else")

    advice.refresh_from_db()
    services.record_response(advice=advice, response="partly", reasons="Cost", by=users["chair"])
    services.record_outcome(advice=advice, outcome="Pilot in one area", by=users["chair"])
    advice.refresh_from_db()
    assert advice.response == "partly" and advice.outcome == "Pilot in one area"
    with pytest.raises(MinutesLocked):  # nor is advice raised from them afterwards
        services.raise_advice(point=secret_point(first), by=users["officer"])


def test_an_outcome_needs_a_response_first(meetings, users):
    advice, _ = services.raise_advice(point=open_point(meetings[0]), by=users["officer"])
    with pytest.raises(services.AdviceStateError):
        services.record_outcome(advice=advice, outcome="Done", by=users["chair"])


def test_every_change_of_the_response_is_kept_in_the_history(meetings, users):
    advice, _ = services.raise_advice(point=open_point(meetings[0]), by=users["officer"])
    services.record_response(advice=advice, response="not_accepted", by=users["chair"])
    services.record_response(advice=advice, response="accepted", by=users["guest"])
    responses = list(advice.history.order_by("history_date").values_list("response", flat=True))
    assert responses == ["", "not_accepted", "accepted"]
    reasons = list(
        advice.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons[1:] == ["Response: Not accepted", "Response: Accepted"]

"""The agenda item that reviews the previous minutes is marked as such, never guessed
from its title by the pages that need it."""

import datetime

from actions.services import review_item
from meetings.models import AgendaItem, Meeting
from meetings.services import AgendaSource, fill_agenda
from members.models import ItemKind, StandardItem


def test_an_item_titled_previous_is_not_the_review_item_unless_marked(meeting):
    titled = AgendaItem.objects.create(meeting=meeting, order=5, title="Previous notes/actions")
    assert review_item(meeting.items.all()) is None
    titled.kind = ItemKind.PREVIOUS_MINUTES
    titled.save()
    assert review_item(meeting.items.all()) == titled


def test_a_renamed_review_item_stays_the_review_item(meeting):
    item = AgendaItem.objects.create(
        meeting=meeting, order=5, title="Minutes and actions", kind=ItemKind.PREVIOUS_MINUTES
    )
    assert review_item(meeting.items.all()) == item


def test_the_standard_agenda_carries_the_kind_into_a_new_meeting(body):
    StandardItem.objects.create(body=body, order=1, title="Welcome")
    StandardItem.objects.create(
        body=body, order=2, title="Matters arising", kind=ItemKind.PREVIOUS_MINUTES
    )
    meeting = Meeting.objects.create(
        body=body, date=datetime.date(2023, 1, 4), start_time=datetime.time(18)
    )
    fill_agenda(meeting=meeting, source=AgendaSource.STANDARD)
    assert [i.kind for i in meeting.items.order_by("order")] == [
        ItemKind.BUSINESS,
        ItemKind.PREVIOUS_MINUTES,
    ]


def test_only_the_first_matching_title_is_taken_from_text():
    assert ItemKind.from_title("Previous notes/actions") == ItemKind.PREVIOUS_MINUTES
    assert ItemKind.from_title("Matters arising") == ItemKind.PREVIOUS_MINUTES
    assert ItemKind.from_title("Previous notes/actions", taken=True) == ItemKind.BUSINESS
    assert ItemKind.from_title("Chairs Report") == ItemKind.BUSINESS


def test_the_demo_marks_its_review_item(demo):
    meetings = Meeting.objects.filter(body=demo, items__isnull=False).distinct()
    assert meetings.count() == 2
    for meeting in meetings:
        marked = meeting.items.filter(kind=ItemKind.PREVIOUS_MINUTES)
        assert [i.title for i in marked] == ["Previous notes/actions"]

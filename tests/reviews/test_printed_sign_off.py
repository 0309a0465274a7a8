"""The next meeting's printed minutes carry the sign-off of the previous minutes."""

from states import move_to

from meetings.models import AgendaItem, Point
from members.models import ItemKind
from publishing.editions import Edition, build_minutes
from publishing.word import render_docx


def review_item(minutes):
    return next(item for item in minutes.items if item.title == "Previous notes/actions")


def test_the_agreed_line_is_printed_under_previous_notes(approved, next_meeting, users):
    AgendaItem.objects.create(
        meeting=next_meeting,
        order=2,
        number="2",
        title="Previous notes/actions",
        kind=ItemKind.PREVIOUS_MINUTES,
    )
    move_to(next_meeting, "draft")
    minutes = build_minutes(next_meeting, edition=Edition.PUBLIC)
    assert review_item(minutes).agreed_line == (
        "The minutes of the previous meeting (2 March 2022) were agreed as a correct record."
    )
    import io

    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(minutes))).paragraphs)
    assert "The minutes of the previous meeting (2 March 2022) were agreed" in text


def test_it_is_not_printed_twice_when_the_officer_typed_it(approved, next_meeting):
    item = AgendaItem.objects.create(
        meeting=next_meeting,
        order=2,
        number="2",
        title="Previous notes/actions",
        kind=ItemKind.PREVIOUS_MINUTES,
    )
    Point.objects.create(item=item, text="The minutes of the previous meeting were agreed.")
    move_to(next_meeting, "draft")
    assert review_item(build_minutes(next_meeting, edition=Edition.MEMBERS)).agreed_line == ""

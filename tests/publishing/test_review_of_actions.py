"""The printed minutes carry the review of earlier actions under "Previous notes/actions"."""

import datetime
import io
import subprocess

import docx
import pytest
from django.template.loader import render_to_string

from actions.models import Action
from actions.services import add_progress_note, close_action
from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from members.models import ItemKind
from publishing.editions import Edition, build_minutes
from publishing.pdf import render_pdf
from publishing.word import render_docx


@pytest.fixture
def second_meeting(meeting, users):
    second = Meeting.objects.create(
        body=meeting.body,
        date=datetime.date(2022, 4, 13),
        start_time=datetime.time(18),
        status=MeetingStatus.DRAFT,
    )
    AgendaItem.objects.create(meeting=second, order=1, number="1", title="Welcome")
    AgendaItem.objects.create(
        meeting=second,
        order=2,
        number="2",
        title="Previous notes/actions",
        kind=ItemKind.PREVIOUS_MINUTES,
    )
    return second


def texts(minutes):
    html = render_to_string("publishing/minutes_pdf.html", {"minutes": minutes})
    pdf = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=render_pdf(html), capture_output=True, check=True
    ).stdout.decode()
    document = docx.Document(io.BytesIO(render_docx(minutes)))
    word = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    return pdf, word


def test_an_action_reviewed_at_the_next_meeting_is_printed_with_its_update(
    meeting, second_meeting, users
):
    action = Action.objects.create(
        item=meeting.items.get(number="1"), description="Share the Pride date"
    )
    action.owners.add(Attendance.objects.get(meeting=meeting, initials="AK/1"))
    add_progress_note(
        action=action,
        text="Date confirmed as 9 September",
        by=users["officer"],
        meeting=second_meeting,
    )
    close_action(action=action, status="done", by=users["officer"], meeting=second_meeting)

    minutes = build_minutes(second_meeting, edition=Edition.MEMBERS)
    review = next(item for item in minutes.items if item.title == "Previous notes/actions")
    assert [(r.owners, r.description, r.raised) for r in review.reviewed] == [
        ("AK/1", "Share the Pride date", datetime.date(2022, 3, 2))
    ]
    assert "Date confirmed as 9 September" in review.reviewed[0].update
    assert "Done." in review.reviewed[0].update
    pdf, word = texts(minutes)
    for text in (pdf, word):
        assert "Share the Pride date" in text and "Date confirmed as 9 September" in text


def test_an_action_with_nothing_recorded_is_printed_as_carried_forward(meeting, second_meeting):
    Action.objects.create(item=meeting.items.get(number="1"), description="Book the hall")
    minutes = build_minutes(second_meeting, edition=Edition.MEMBERS)
    review = next(item for item in minutes.items if item.title == "Previous notes/actions")
    assert [(r.description, r.update) for r in review.reviewed] == [
        ("Book the hall", "Carried forward.")
    ]
    pdf, word = texts(minutes)
    for text in (" ".join(pdf.split()), word):
        assert "Actions from earlier meetings" in text
        assert "Carried forward." in text
    assert "Owner Action Raised Update" in " ".join(pdf.split())


def test_no_outstanding_actions_is_printed_when_there_were_none(second_meeting):
    minutes = build_minutes(second_meeting, edition=Edition.PUBLIC)
    review = next(item for item in minutes.items if item.title == "Previous notes/actions")
    assert review.reviewed == ()
    pdf, word = texts(minutes)
    assert "There are no outstanding actions." in " ".join(pdf.split())
    assert "There are no outstanding actions." in word


def test_a_confidential_items_action_stays_out_of_the_public_review(meeting, second_meeting):
    Action.objects.create(
        item=meeting.items.get(confidential=True), description="Quokka-lantern task"
    )
    public = build_minutes(second_meeting, edition=Edition.PUBLIC)
    members = build_minutes(second_meeting, edition=Edition.MEMBERS)
    assert "Quokka-lantern" not in " ".join(texts(public))
    assert "Quokka-lantern" in " ".join(texts(members))

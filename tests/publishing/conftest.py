import datetime
import io
import subprocess

import pytest
from django.contrib.auth import get_user_model
from docx import Document
from states import move_to

from actions.models import Action
from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus, Point
from members.models import Body
from reviews import services


def _pdf_text(content: bytes) -> str:
    """The PDF's text as pdftotext reads it, with lines joined by single spaces."""
    assert content.startswith(b"%PDF-"), content[:40]
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode().split())


def _pdf_info(content: bytes) -> str:
    result = subprocess.run(
        ["/usr/bin/pdfinfo", "-enc", "UTF-8", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def _docx_document(content: bytes):
    return Document(io.BytesIO(content))


def _docx_text(content: bytes) -> str:
    """Every paragraph, table cell, header and footer of the document, and its core properties."""
    document = _docx_document(content)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
        parts += [p.text for p in section.footer.paragraphs]
    props = document.core_properties
    parts += [
        str(getattr(props, name) or "")
        for name in (
            "title",
            "subject",
            "author",
            "keywords",
            "comments",
            "category",
            "last_modified_by",
            "content_status",
            "identifier",
            "version",
        )
    ]
    return " ".join(" ".join(parts).split())


@pytest.fixture
def pdf_text():
    return _pdf_text


@pytest.fixture
def pdf_info():
    return _pdf_info


@pytest.fixture
def docx_document():
    return _docx_document


@pytest.fixture
def docx_text():
    return _docx_text


@pytest.fixture
def demo_user(demo):
    """The demo logins by name (member NA, guest MT, officer DL, chair AK/1)."""
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def demo_meeting(demo):
    return Meeting.objects.get(body=demo, date=datetime.date(2021, 12, 7))


@pytest.fixture
def formal_body(db):
    return Body.objects.create(
        name="SaferMK Partnership",
        short_name="SaferMK",
        slug="safermk",
        minute_prefix="SMK",
        publishes_minutes=True,
    )


@pytest.fixture
def formal_meeting(formal_body):
    """A committee meeting in the seed 003 style, with an exempt item."""
    meeting = Meeting.objects.create(
        body=formal_body,
        date=datetime.date(2020, 1, 30),
        start_time=datetime.time(14, 0),
        location="Room 1.02, Civic, Milton Keynes Council",
        status=MeetingStatus.DRAFT,
    )
    Attendance.objects.create(
        meeting=meeting,
        name="Chief Inspector K Gardner",
        initials="KG",
        role="Deputy LPA Commander, Thames Valley Police",
        order=1,
    )
    Attendance.objects.create(
        meeting=meeting,
        name="R Alsop",
        initials="RA",
        role="Milton Keynes Clinical Commissioning Group",
        status="apologies",
        order=2,
    )
    minutes = AgendaItem.objects.create(
        meeting=meeting, order=1, number="2", title="Minutes", minute_number=26
    )
    Point.objects.create(
        item=minutes,
        order=1,
        kind="decision",
        text="That the Minutes of the SaferMK Partnership held on 24 October 2019 be approved.",
    )
    reviews = AgendaItem.objects.create(
        meeting=meeting,
        order=2,
        number="10",
        title="Domestic Homicide Reviews - Update",
        minute_number=34,
        confidential=True,
    )
    Point.objects.create(item=reviews, order=1, text="Heron-gazebo review details.")
    Action.objects.create(item=reviews, description="Heron-gazebo follow up")
    return move_to(meeting, MeetingStatus.PUBLISHED)


@pytest.fixture
def approved(meeting, users, django_capture_on_commit_callbacks):
    """Minutes signed off by the chair, rendered in the background as the step commits."""
    move_to(meeting, "circulated")
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_off(meeting=meeting, by=users["chair"])
    return meeting


@pytest.fixture
def published(meeting):
    """Published minutes of a body that publishes them."""
    move_to(meeting, "published")
    meeting.body.publishes_minutes = True
    meeting.body.save()
    return meeting

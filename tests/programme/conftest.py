import dataclasses
import datetime
from pathlib import Path

import pytest

from meetings.models import Meeting, MeetingStatus
from programme.services import ProgrammeRow

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_1157592b07b0273f.txt"


@pytest.fixture
def seed_programme():
    """The eight lines of the 2022 programme as the Chair's Report in the seed prints them."""
    text = SEED.read_text()
    return text[text.index("- 2nd February") : text.index("4. LPA Commanders")].strip()


@pytest.fixture
def iag(body):
    body.default_location = "Milton Keynes Mosque"
    body.default_start_time = datetime.time(18, 30)
    body.default_end_time = datetime.time(20, 30)
    body.save()
    return body


@pytest.fixture
def scheduled(iag):
    """Two scheduled meetings of 2030 and one whose minutes are being drafted."""

    def make(day, month, topic, status=MeetingStatus.SCHEDULED):
        return Meeting.objects.create(
            body=iag,
            date=datetime.date(2030, month, day),
            start_time=datetime.time(18, 30),
            end_time=datetime.time(20, 30),
            location="Milton Keynes Mosque",
            topic=topic,
            status=status,
        )

    return {
        "feb": make(6, 2, "Body Worn Video"),
        "jul": make(10, 7, "Burglaries and Fraud"),
        "drafted": make(9, 1, "Hate Crime", MeetingStatus.DRAFT),
    }


def _formset_data(rows, *, initial=0, action="save", lines=None):
    """The POST body of the edit form: `rows` are dicts of field values."""
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(initial),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "200",
        "action": action,
    }
    if lines is not None:
        data["lines"] = lines
    for index, row in enumerate(rows):
        for name, value in row.items():
            if value is False:
                continue
            data[f"form-{index}-{name}"] = "on" if value is True else value
    return data


def _existing_rows(meetings):
    return [
        {
            "meeting_id": str(m.pk),
            "date": m.date.isoformat(),
            "start_time": m.start_time.strftime("%H:%M"),
            "end_time": m.end_time.strftime("%H:%M") if m.end_time else "",
            "location": m.location,
            "topic": m.topic,
            "cancel": m.status == MeetingStatus.CANCELLED,
            "reason": "",
        }
        for m in sorted(meetings, key=lambda m: (m.date, m.start_time))
    ]


@pytest.fixture
def formset_data():
    return _formset_data


@pytest.fixture
def existing_rows():
    return _existing_rows


def _meeting_row(meeting, **changes):
    """The programme row of an existing meeting as it stands, with `changes` applied."""
    row = ProgrammeRow(
        meeting=meeting,
        date=meeting.date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        location=meeting.location,
        topic=meeting.topic,
    )
    return dataclasses.replace(row, **changes)


@pytest.fixture
def meeting_row():
    return _meeting_row

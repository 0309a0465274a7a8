"""Open data: the public edition of published minutes as JSON, shaped after Open Civic
Data / Popolo (an organization, an event with its agenda, people by role, decisions).

Every document is built from `publishing.editions.build_minutes(..., edition=PUBLIC)`,
the builder of the printed public edition: what it leaves out (confidential items'
content, confidential points, attendee notes, unpublished minutes) cannot reach here.
The shape is described by `publishing/schema/opendata-meeting.schema.json`.
"""

import datetime
import hashlib
import json

from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from members import permissions
from publishing.editions import Edition, Minutes, build_minutes

SCHEMA_VERSION = "1.0"


def published_meetings(body=None):
    """Meetings whose public edition anyone may read, newest first."""
    meetings = permissions.public_meetings(Meeting.objects.select_related("body"))
    if body is not None:
        meetings = meetings.filter(body=body)
    return meetings.order_by("-date", "-start_time")


def organization(body, absolute) -> dict:
    return {
        "_type": "organization",
        "id": absolute(reverse("opendata:body", args=[body.slug])),
        "name": body.name,
        "other_names": [{"name": body.short_name}],
        "classification": "committee" if body.is_formal else "advisory group",
    }


def _start(minutes: Minutes) -> str:
    moment = datetime.datetime.combine(minutes.date, minutes.start_time)
    return timezone.make_aware(moment).isoformat()


def _end(minutes: Minutes) -> str | None:
    if minutes.end_time is None:
        return None
    moment = datetime.datetime.combine(minutes.date, minutes.end_time)
    return timezone.make_aware(moment).isoformat()


def _person(attendee, role: str) -> dict:
    return {
        "_type": "person",
        "name": attendee.name or attendee.initials,
        "initials": attendee.initials,
        "role": attendee.role,
        "attendance": role,
    }


def meeting_document(meeting, absolute) -> dict:
    """The OCD-style event of one published meeting (its public edition only)."""
    minutes = build_minutes(meeting, edition=Edition.PUBLIC)
    decisions = []
    agenda = []
    for order, item in enumerate(minutes.items, start=1):
        notes = [note for note in (item.withheld_note, item.state_note) if note]
        item_decisions = [point.text for point in item.points if point.is_decision]
        decisions.extend(
            {"agenda_item": item.number or str(order), "reference": item.reference, "text": text}
            for text in item_decisions
        )
        agenda.append(
            {
                "order": order,
                "number": item.number,
                "reference": item.reference,
                "description": item.title,
                "lead": item.lead,
                "withheld": bool(item.withheld_note),
                "notes": notes,
                "points": [
                    {"kind": point.kind, "text": point.text}
                    for point in item.points
                    if not point.is_decision
                ],
                "decisions": item_decisions,
                "actions": [
                    {
                        "description": action.description,
                        "owners": action.owners,
                        "due_date": action.due.isoformat() if action.due else None,
                    }
                    for action in item.actions
                ],
            }
        )
    edition_url = absolute(reverse("publishing:public_print", args=[meeting.pk]))
    return {
        "schema_version": SCHEMA_VERSION,
        "_type": "event",
        "id": absolute(reverse("opendata:meeting", args=[meeting.pk])),
        "name": minutes.title,
        "classification": "meeting",
        "status": "passed",
        "start_date": _start(minutes),
        "end_date": _end(minutes),
        "location": {"name": minutes.location},
        "description": minutes.topic,
        "organization": organization(meeting.body, absolute),
        "participants": [_person(a, "present") for a in minutes.present]
        + [_person(a, "apologies") for a in minutes.apologies],
        "agenda": agenda,
        "decisions": decisions,
        "approval": minutes.signed_line,
        "sources": [{"url": edition_url, "note": "The public edition of the minutes"}],
        "links": {
            "pdf": absolute(reverse("publishing:public_pdf", args=[meeting.pk])),
            "docx": absolute(reverse("publishing:public_docx", args=[meeting.pk])),
        },
    }


def body_index(body, absolute) -> dict:
    """The published meetings of one body, each with its document's address."""
    return {
        "schema_version": SCHEMA_VERSION,
        "organization": organization(body, absolute),
        "events": [
            {
                "_type": "event",
                "id": absolute(reverse("opendata:meeting", args=[m.pk])),
                "name": str(m),
                "start_date": m.date.isoformat(),
                "updated_at": m.updated_at.isoformat(),
            }
            for m in published_meetings(body)
        ],
    }


def encoded(document: dict) -> tuple[bytes, str]:
    """The JSON bytes and their strong ETag."""
    content = json.dumps(document, ensure_ascii=False, indent=1).encode()
    return content, '"' + hashlib.sha256(content).hexdigest()[:32] + '"'

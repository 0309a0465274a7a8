"""Nothing confidential reaches the public edition, in any format or its metadata."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from states import move_to

from actions.models import Action
from meetings.models import AgendaItem, Attendance, Point

PHRASES = {
    "item point": "Zanzibar-walrus",  # the shared fixture's confidential item
    "item action": "Quokka-lantern",
    "open item point": "Okapi-teapot",
    "attendee note": "Narwhal-umbrella",
    "item lead": "Pangolin-lead",
    "decision": "Axolotl-verdict",
}


@pytest.fixture
def secret_meeting(meeting):
    """The shared draft meeting with a unique phrase planted in every confidential place."""
    secret = meeting.items.get(confidential=True)
    secret.lead = "Pangolin-lead"
    secret.save()
    Action.objects.create(
        item=secret, description="Quokka-lantern follow up", due_date=datetime.date(2022, 4, 13)
    )
    Point.objects.create(item=secret, order=2, kind="decision", text="Axolotl-verdict agreed.")
    open_item = meeting.items.get(number="1")
    Point.objects.create(item=open_item, order=2, text="Okapi-teapot remark", confidential=True)
    Attendance.objects.filter(meeting=meeting, initials="AK/1").update(note="Narwhal-umbrella")
    Action.objects.create(item=open_item, description="Circulate the open notes")
    return meeting


def fetch_all(client, meeting, edition, pdf_text, docx_text, pdf_info):
    pk = meeting.pk
    html = client.get(reverse(f"publishing:{edition}_print", args=[pk]))
    pdf_response = client.get(reverse(f"publishing:{edition}_pdf", args=[pk]))
    docx_response = client.get(reverse(f"publishing:{edition}_docx", args=[pk]))
    assert html.status_code == pdf_response.status_code == docx_response.status_code == 200
    pdf, docx = pdf_response.getvalue(), docx_response.getvalue()
    return {
        "html": html.content.decode(),
        "pdf": pdf_text(pdf),
        "pdf metadata": pdf_info(pdf),
        "pdf bytes": pdf.decode("latin-1"),
        "docx": docx_text(docx),
        "docx bytes": docx.decode("latin-1"),
    }


def test_the_public_edition_leaves_out_every_confidential_phrase_in_all_formats(
    role_client, secret_meeting, pdf_text, docx_text, pdf_info
):
    formats = fetch_all(
        role_client("officer"), secret_meeting, "public", pdf_text, docx_text, pdf_info
    )
    for name, text in formats.items():
        for where, phrase in PHRASES.items():
            assert phrase not in text, f"the {where} leaked into the public {name}"
    for name in ("html", "pdf", "docx"):
        text = formats[name]
        assert "2. Case review" in text, name
        assert "Confidential - not for publication." in text, name
        assert "Circulate the open notes" in text, name  # open content is still there
        assert "AK/1 Welcomed everyone." in text, name
        assert "PUBLIC" in text and "OFFICIAL-SENSITIVE" not in text, name


def test_the_members_edition_holds_every_confidential_phrase_in_all_formats(
    role_client, secret_meeting, pdf_text, docx_text, pdf_info
):
    formats = fetch_all(
        role_client("member"), secret_meeting, "members", pdf_text, docx_text, pdf_info
    )
    for name in ("html", "pdf", "docx"):
        for where, phrase in PHRASES.items():
            assert phrase in formats[name], f"the {where} is missing from the members' {name}"
        assert "Confidential - not for publication." not in formats[name]
    # Metadata carries the meeting, never its content.
    assert "Title:" in formats["pdf metadata"]
    assert (
        "Test Independent Advisory Group - Meeting Minutes (draft) - 2 March 2022"
        in (formats["pdf metadata"])
    )
    for phrase in PHRASES.values():
        assert phrase not in formats["pdf metadata"]


def test_the_docx_core_properties_carry_only_the_title(role_client, secret_meeting, docx_document):
    response = role_client("member").get(
        reverse("publishing:members_docx", args=[secret_meeting.pk])
    )
    props = docx_document(response.getvalue()).core_properties
    assert props.title == "Test Independent Advisory Group - Meeting Minutes (draft) - 2 March 2022"
    assert props.author == "Test Independent Advisory Group"
    assert props.last_modified_by == "Test IAG"
    assert props.keywords == props.comments == ""
    assert "python-docx" not in f"{props.author}{props.comments}{props.last_modified_by}"


def test_the_public_edition_never_reads_confidential_points_or_notes_from_the_database(
    role_client, secret_meeting
):
    with CaptureQueriesContext(connection) as queries:
        role_client("officer").get(reverse("publishing:public_print", args=[secret_meeting.pk]))
    point_queries = [q["sql"] for q in queries if 'FROM "meetings_point"' in q["sql"]]
    assert point_queries and all('"confidential"' in sql for sql in point_queries)
    attendance = [
        q["sql"]
        for q in queries
        if 'FROM "meetings_attendance"' in q["sql"] and "'apologies'" in q["sql"]
    ]
    assert attendance and all('"note"' not in sql.split("FROM")[0] for sql in attendance)


def test_a_formal_bodys_exempt_item_prints_the_schedule_12a_wording(
    client, formal_meeting, pdf_text, docx_text
):
    pk = formal_meeting.pk
    html = client.get(reverse("publishing:public_print", args=[pk])).content.decode()
    pdf = pdf_text(client.get(reverse("publishing:public_pdf", args=[pk])).getvalue())
    docx = docx_text(client.get(reverse("publishing:public_docx", args=[pk])).getvalue())
    for text in (html, pdf, docx):
        assert "SMK34" in text
        assert "10. DOMESTIC HOMICIDE REVIEWS - UPDATE" in text
        assert "Schedule 12A to the Local Government Act 1972" in text
        assert "Heron-gazebo" not in text


def test_a_confidential_item_added_by_a_typist_is_withheld_from_guests_of_agreed_minutes(
    role_client, secret_meeting, pdf_text
):
    AgendaItem.objects.create(
        meeting=secret_meeting, order=3, number="3", title="Later secret", confidential=True
    )
    move_to(secret_meeting, "approved")
    guest = role_client("guest")
    assert guest.get(reverse("publishing:members_pdf", args=[secret_meeting.pk])).status_code == 403
    text = pdf_text(
        guest.get(reverse("publishing:public_pdf", args=[secret_meeting.pk])).getvalue()
    )
    assert "3. Later secret" in text
    for phrase in PHRASES.values():
        assert phrase not in text

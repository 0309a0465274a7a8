"""The formal committee style (seed 003) and the item states of the IAG style."""

import datetime

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from meetings.models import Meeting
from publishing.editions import Edition, build_minutes


def test_the_formal_style_prints_references_resolutions_and_full_names(
    formal_meeting, pdf_text, docx_text
):
    pk = formal_meeting.pk
    client = Client()
    pdf = pdf_text(client.get(reverse("publishing:public_pdf", args=[pk])).getvalue())
    docx = docx_text(client.get(reverse("publishing:public_docx", args=[pk])).getvalue())
    for text in (pdf, docx):
        assert "SMK26" in text and "2. MINUTES" in text
        assert "RESOLVED - That the Minutes of the SaferMK Partnership" in text
        assert (
            "Present: Chief Inspector K Gardner (Deputy LPA Commander, Thames Valley Police)"
            in text
        )
        assert "Apologies: R Alsop (Milton Keynes Clinical Commissioning Group)" in text
        assert "Init Position and Area" not in text


def test_deferred_items_say_so_and_the_demo_draft_is_marked_draft(demo, pdf_text, client):
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    minutes = build_minutes(meeting, edition=Edition.MEMBERS)
    deferred = [item.heading for item in minutes.items if item.state_note]
    assert deferred == ["5. Stop and Search Data and Discussion", "7. Other Crime Updates"]
    client.force_login(get_user_model().objects.get(username="member"))
    text = pdf_text(client.get(reverse("publishing:members_pdf", args=[meeting.pk])).getvalue())
    assert "Meeting Minutes (draft)" in text
    assert "5. Stop and Search Data and Discussion: All Deferred to the next meeting." in text


def test_carried_over_items_print_nothing_to_report(meeting):
    item = meeting.items.get(number="1")
    item.state = "carried_over"
    item.save()
    minutes = build_minutes(meeting, edition=Edition.PUBLIC)
    assert minutes.items[0].state_note == "Nothing to report - to be carried over."
    assert minutes.marking == "PUBLIC"
    assert minutes.items[1].withheld_note == "Confidential - not for publication."
    assert minutes.items[1].points == ()

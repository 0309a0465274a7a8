"""The demo meeting of 7 December 2021 (from seed 000) printed to PDF and Word."""

import re

import pytest
from django.urls import reverse

# Every attendee of the seed, in the seed's order: initials and position.
PRESENT = [
    ("AK/1", "IAG Chair"),
    ("AS", "IAG Member"),
    ("JH", "TVP Community & Diversity Officer"),
    ("NS", "TVP Community & Diversity Officer"),
    ("NR", "IAG Member"),
    ("HS", "IAG Member"),
    ("RG", "TVP Inspector"),
    ("NA", "IAG Member"),
    ("JS", "MKC SaferMK"),
    ("AK/2", "IAG Member"),
    ("SB", "IAG Member"),
    ("TG", "IAG Member"),
    ("TR", "IAG Member"),
    ("MI", "IAG Member"),
    ("QA", "IAG Member"),
    ("KM", "IAG Member"),
    ("AA", "IAG Member"),
    ("MT", "TVP LPA Commander"),
    ("DL", "TVP Admin Support Officer (minutes)"),
    ("MH", "TVP Inspector"),
]
APOLOGIES = [
    ("ACP", "IAG Member"),
    ("LH", "Mental Health Services"),
    ("L", "IAG Member"),
    ("TJ", "IAG Member"),
    ("ZM", "IAG Member"),
    ("DJ", "IAG Member"),
    ("LP", "IAG Member"),
    ("LS", "IAG Member"),
    ("RRK", "IAG Member"),
    ("MV", "IAG Member"),
]
ITEMS = [
    "1. Welcome and Introductions: IAG Chair",
    "2. Previous notes/actions: All",
    "3. Chairs Report: IAG Chair",
    "4. LPA Commanders Updates: LPA Commander",
    "5. Stop and Search Data and Discussion: All",
    "6. Hate Crime Case Studies and Discussion: All",
    "7. Other Crime Updates: LPA Commander",
    "8. Members Feedback / Issues to raise: All",
    "9. AOB: IAG Chair",
    "10. Agenda items requested for next meeting: All",
    "11. Next Meeting Dates",
]
POINTS = [
    "AK/1 Welcomed everyone to the meeting and thanked the Mosque",
    "There are no outstanding actions.",
    "MT reported an increase in ATM robberies",
    "RG discussed the Scrutiny meeting and a peer review process",
    "JS discussed community trigger legislation",
    "NA said that the translation service remains an issue in Milton Keynes.",
]
ACTIONS = [
    "ACTION JH: JH will provide some case studies ahead of the next IAG",
    "ACTION AK/2: AK/2 to share the details of the racist neighbourhood incident",
]


def in_order(text: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        assert found != -1, f"{needle!r} missing (or out of order) after position {position}"
        position = found + len(needle)


@pytest.fixture
def member_client(client, demo_user):
    client.force_login(demo_user("member"))
    return client


def test_the_members_pdf_holds_the_whole_demo_meeting(member_client, demo_meeting, pdf_text):
    response = member_client.get(reverse("publishing:members_pdf", args=[demo_meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    content = response.getvalue()
    text = pdf_text(content)

    in_order(
        text,
        [
            "Milton Keynes Independent Advisory Group",
            "Meeting Minutes",
            "DATE Tuesday 7 December 2021",
            "TIME 18:00 hrs",
            "LOCATION Wolverton Mosque",
            "Init Position and Area",
        ],
    )
    in_order(text, [f"{i} {role}" for i, role in PRESENT] + ["Apologies"])
    in_order(text, ["Apologies"] + [f"{i} {role}" for i, role in APOLOGIES])
    in_order(text, ITEMS + ["Actions from this meeting", "Next meeting"])
    for point in POINTS + ACTIONS:
        assert point in text
    in_order(text, ["Actions from this meeting", "6 JH JH will provide", "2 Feb 2022"])
    assert "Next meeting Wednesday 2 February 2022, 18:00 hrs" in text
    # The running header and footer on every page: marking, body, date, page numbers.
    pages = content.count(b"/Type /Page\n") or text.count("Page 1 of")
    assert pages >= 1
    assert text.count("OFFICIAL-SENSITIVE") >= 2
    assert re.search(r"Page 1 of (\d+)", text)
    last = int(re.search(r"Page 1 of (\d+)", text).group(1))
    assert f"Page {last} of {last}" in text
    assert text.count("Tuesday 7 December 2021") >= last


def test_the_members_docx_holds_the_whole_demo_meeting_as_word_structure(
    member_client, demo_meeting, docx_document, docx_text
):
    response = member_client.get(reverse("publishing:members_docx", args=[demo_meeting.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = response.getvalue()
    document = docx_document(content)

    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings[: len(ITEMS)] == ITEMS
    assert headings[len(ITEMS) :] == ["Actions from this meeting", "Next meeting"]
    assert any(p.style.name == "Title" and p.text == "Meeting Minutes" for p in document.paragraphs)

    attendance, actions = document.tables
    rows = [tuple(cell.text for cell in row.cells) for row in attendance.rows]
    assert rows[0] == ("Init", "Position and Area")
    assert rows[1 : 1 + len(PRESENT)] == PRESENT
    assert rows[1 + len(PRESENT)] == ("Apologies", "Apologies")  # one merged cell
    assert rows[2 + len(PRESENT) :] == APOLOGIES
    assert [cell.text for cell in actions.rows[1].cells] == [
        "6",
        "JH",
        "JH will provide some case studies ahead of the next IAG so that the members have "
        "time to review them and raise any questions.",
        "2 Feb 2022",
    ]

    text = docx_text(content)
    for field in ("DATE Tuesday 7 December 2021", "TIME 18:00 hrs", "LOCATION Wolverton Mosque"):
        assert field in text
    for point in POINTS + ACTIONS:
        assert point in text
    assert "Wednesday 2 February 2022, 18:00 hrs" in text
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "OFFICIAL-SENSITIVE" in header
    assert "Milton Keynes Independent Advisory Group - 7 December 2021" in header
    assert document.core_properties.title == (
        "Milton Keynes Independent Advisory Group - Meeting Minutes - 7 December 2021"
    )
    assert document.core_properties.author == "Milton Keynes Independent Advisory Group"


def test_the_print_view_shows_the_same_minutes(member_client, demo_meeting):
    response = member_client.get(reverse("publishing:members_print", args=[demo_meeting.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<td>AK/1</td><td>IAG Chair</td>" in content
    assert "<td>RRK</td><td>IAG Member</td>" in content.split('id="doc-apologies"')[1]
    assert '<span class="doc-item-title">9. AOB</span><span class="doc-lead">: IAG Chair' in content
    assert "Wednesday 2 February 2022, 18:00 hrs" in content
    assert f'href="/minutes/{demo_meeting.pk}/members.pdf"' in content

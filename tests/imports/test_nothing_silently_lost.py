"""Text the meeting cannot hold as read is flagged or reported, never dropped."""

import pytest

from imports.models import Flag, ImportRecord
from imports.parsing import parse_minutes
from imports.services import import_minutes
from meetings.models import AgendaItem, Attendance, Meeting
from members.models import Membership, Person

HEADER = "DATE: Wednesday 2nd March 2022\nTIME: 18:00\nLOCATION: Age UK"


def import_text(body, text: str):
    report = import_minutes(
        body=body, source_name="minutes.txt", lines=text.splitlines(), dry_run=False
    )
    return report, Meeting.objects.get(pk=report.meeting_id)


def flags(meeting) -> list[tuple[str, str]]:
    return [
        (flag.point.text, flag.reason)
        for flag in Flag.objects.filter(record__meeting=meeting).select_related("point")
    ]


# --- The same initials printed twice ----------------------------------------------

REPEATED_INITIALS = f"""\
{HEADER}

Init\tPosition and Area
AK/1\tIAG Chair
AK/2\tIAG Member
NS\tTVP Community & Diversity Officer
AK/1\tIAG Chair
Apologies
JS\tMKC SaferMK

1. Welcome and Introductions: IAG Chair

AK/1 welcomed everyone. AK/2 said hello.
"""


def test_initials_printed_twice_are_one_person_kept_once_and_the_repeat_is_flagged(body):
    report, meeting = import_text(body, REPEATED_INITIALS)

    assert list(meeting.attendance.values_list("initials", "role", "status")) == [
        ("AK/1", "IAG Chair", "present"),
        ("AK/2", "IAG Member", "present"),
        ("NS", "TVP Community & Diversity Officer", "present"),
        ("JS", "MKC SaferMK", "apologies"),
    ]
    [(text, reason)] = flags(meeting)
    assert text == "AK/1 IAG Chair"
    assert "AK/1 is listed twice" in reason
    assert report.summary()["flagged_lines"] == [
        {"item": "1", "lines": [9], "reason": reason},
    ]
    welcome = meeting.items.get(number="1").points.get(kind="discussion", import_flags=None)
    assert list(welcome.speakers.values_list("initials", flat=True)) == ["AK/1", "AK/2"]


def test_a_repeat_under_apologies_keeps_the_first_listing():
    parsed = parse_minutes(
        REPEATED_INITIALS.replace(
            "AK/1\tIAG Chair\nApologies", "Apologies\nAK/2\tIAG Member"
        ).splitlines()
    )
    assert [(row.initials, row.status) for row in parsed.attendance] == [
        ("AK/1", "present"),
        ("AK/2", "present"),
        ("NS", "present"),
        ("JS", "apologies"),
    ]
    [repeat] = parsed.flagged()
    assert (repeat.text, repeat.flag_code) == ("AK/2 IAG Member", "repeated_attendance")


def test_bare_initials_printed_twice_are_numbered_around_numbers_already_printed():
    parsed = parse_minutes(
        REPEATED_INITIALS.replace("AK/1\tIAG Chair\nApologies", "AK\tIAG Member\nApologies")
        .replace("AK/2\tIAG Member", "AK\tIAG Member")
        .splitlines()
    )
    assert [row.initials for row in parsed.attendance] == ["AK/1", "AK/2", "NS", "AK/3", "JS"]
    assert parsed.flagged() == []


FORMAL = """\
Minutes of the meeting of the SAFERMK PARTNERSHIP held on THURSDAY 30 JANUARY 2020 at 2.00 pm

Present: Chief Inspector K Gardner (Thames Valley Police) and J Smith (MKC)

Apologies: Chief Inspector K Gardner (Thames Valley Police)

SMK25 ELECTION OF CHAIR

RESOLVED -

That K Gardner be elected Chair.
"""


def test_a_full_name_listed_twice_in_formal_minutes_is_one_person(safermk):
    gardner = Person.objects.create(name="Chief Inspector K Gardner")
    Membership.objects.create(body=safermk, person=gardner, initials="KG", position="Chair")

    _report, meeting = import_text(safermk, FORMAL)

    assert list(meeting.attendance.values_list("person__name", "status")) == [
        ("Chief Inspector K Gardner", "present"),
        ("J Smith", "present"),
    ]
    [(text, reason)] = flags(meeting)
    assert text == "Apologies: Chief Inspector K Gardner (Thames Valley Police)"
    assert "listed twice" in reason


# --- Text longer than its field ---------------------------------------------------

LONG_PLACE = "The Peartree Centre, " + "Community Room " * 20 + "Peartree Bridge"
LONG_LEAD = "IAG Chair and Vice Chair with the Chief Inspector for the Local Policing Area"
LONG_ROLE = "TVP Community & Diversity Officer " + "for the Neighbourhood Policing Team " * 6


def test_text_too_long_for_its_field_is_shortened_and_kept_whole_in_a_flagged_point(body):
    assert len(LONG_PLACE) > 300 and len(LONG_LEAD) * 2 > 100 and len(LONG_ROLE) > 200
    text = f"""\
DATE: Wednesday 2nd March 2022
LOCATION: Age UK
{LONG_PLACE}

Init\tPosition and Area
AK\tIAG Chair
NS\t{LONG_ROLE}

1. Welcome and Introductions:**{LONG_LEAD} and {LONG_LEAD}**

AK welcomed everyone.
"""
    report, meeting = import_text(body, text)

    full_place = f"Age UK, {LONG_PLACE}"
    assert meeting.location.endswith("…") and len(meeting.location) <= 300
    assert full_place.startswith(meeting.location[:-1])
    item = AgendaItem.objects.get(meeting=meeting, number="1")
    assert item.lead.endswith("…") and len(item.lead) <= 100
    role = Attendance.objects.get(meeting=meeting, initials="NS").role
    assert role.endswith("…") and len(role) <= 200

    kept = flags(meeting)
    assert [text for text, _reason in kept] == [
        f"Location (in full): {full_place}",
        f"NS's position and area (in full): {LONG_ROLE.strip()}",
        f"Lead (in full): {LONG_LEAD} and {LONG_LEAD}",
    ]
    assert all("shortened" in reason for _text, reason in kept)
    assert [flag["lines"] for flag in report.summary()["flagged_lines"]] == [[2, 3], [7], [9]]
    # The meeting's own points are untouched.
    assert list(item.points.filter(import_flags=None).values_list("text", flat=True)) == [
        "AK welcomed everyone."
    ]


def test_the_parser_fits_text_to_what_the_database_holds():
    from imports.parsing import FIELD_LENGTHS

    assert {
        "location": Meeting._meta.get_field("location").max_length,
        "topic": Meeting._meta.get_field("topic").max_length,
        "number": AgendaItem._meta.get_field("number").max_length,
        "title": AgendaItem._meta.get_field("title").max_length,
        "lead": AgendaItem._meta.get_field("lead").max_length,
        "role": Attendance._meta.get_field("role").max_length,
        "name": min(
            Attendance._meta.get_field("name").max_length,
            Person._meta.get_field("name").max_length,
        ),
    } == FIELD_LENGTHS


# --- Lines above the DATE line ------------------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_banner_and_a_title_above_the_date_are_reported_as_not_imported(body, dry_run):
    text = "OFFICIAL-SENSITIVE\nMilton Keynes IAG\n\n" + REPEATED_INITIALS.replace(
        "AK/1\tIAG Chair\nApologies", "Apologies"
    )
    parsed = parse_minutes(text.splitlines())
    assert parsed.not_imported == [(1, "OFFICIAL-SENSITIVE"), (2, "Milton Keynes IAG")]
    assert (parsed.line_roles[1], parsed.line_roles[2]) == ("not_imported", "not_imported")
    assert any("OFFICIAL-SENSITIVE" in note and "not imported" in note for note in parsed.notes)

    report = import_minutes(
        body=body, source_name="banner.txt", lines=text.splitlines(), dry_run=dry_run
    )
    expected = [
        {"line": 1, "text": "OFFICIAL-SENSITIVE"},
        {"line": 2, "text": "Milton Keynes IAG"},
    ]
    assert report.summary()["not_imported"] == expected
    if not dry_run:
        assert ImportRecord.objects.get().report["not_imported"] == expected


def test_an_overlong_topic_is_shortened_and_its_heading_flagged_where_it_is_kept_whole():
    topic = "Alliances and Communities " + "in Milton Keynes and beyond " * 12
    parsed = parse_minutes(
        f"{HEADER}\n\nInit\tPosition and Area\nAK\tIAG Chair\n\n1. Welcome: All\n\n"
        f"➤ Topic: {topic}\n\nAK welcomed everyone.".splitlines()
    )
    assert parsed.header.topic.endswith("…") and len(parsed.header.topic) <= 300
    [heading] = parsed.flagged()
    assert (heading.kind, heading.text) == ("heading", f"Topic: {topic.strip()}")
    assert "topic is longer than the 300 characters" in heading.flag


def test_an_overlong_minute_reference_is_kept_whole_in_a_flagged_point():
    parsed = parse_minutes(FORMAL.replace("SMK25", "SAFERMKCSP1234").splitlines())
    item = parsed.items[0]
    assert len(item.number) <= 10 and item.minute_number == 1234
    assert item.points[0].text == "Item number (in full): SAFERMKCSP1234"
    assert item.points[0].flag_code == "too_long"

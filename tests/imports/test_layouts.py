"""Minutes of other bodies, in the layouts real minutes use (tests/imports/layouts/).

Each fixture imitates one layout; the counts are those a person makes by hand
reading it: present, apologies, agenda items, decisions, actions, and the date.
"""

import datetime
from pathlib import Path

import pytest

from imports.parsing import parse_minutes
from imports.services import import_minutes
from meetings.models import Attendance, Meeting, Point
from members.models import Body

LAYOUTS = Path(__file__).parent / "layouts"

# (layout, fixture, date, present, apologies, items, decisions, actions)
BY_HAND = [
    (
        "date in a title sentence, Zoom, number/year items",
        "joint_committee_zoom",
        "2020-07-01",
        9,
        2,
        6,
        3,
        2,
    ),
    (
        "'held on 21st February 2020', 'Item 1' items, 'Apologies: None'",
        "forum_held_on_no_weekday",
        "2020-02-21",
        6,
        0,
        5,
        0,
        2,
    ),
    (
        "'Meeting held 20/02/2020', role headings, '1)' items",
        "ward_panel_numeric_date",
        "2020-02-20",
        8,
        1,
        4,
        1,
        1,
    ),
    (
        "'20.02.20' in a markdown heading, Name/Initials table, numbered actions",
        "net_meeting_short_date",
        "2020-02-20",
        4,
        1,
        4,
        1,
        3,
    ),
    ("front matter with an ISO date", "front_matter_iso_date", "2021-03-04", 4, 2, 4, 1, 1),
    (
        "date in a heading, names run together by titles, **bold** minute refs",
        "heading_date_markdown",
        "2020-02-03",
        6,
        1,
        4,
        3,
        1,
    ),
    (
        "roman numeral items with (a) sub-headings",
        "items_roman_and_lettered",
        "2019-10-09",
        4,
        0,
        4,
        0,
        1,
    ),
    ("'DATE OF MEETING:' key, 3a/3b items", "items_3a_subitems", "2021-11-11", 4, 0, 5, 1, 1),
    ("unnumbered upper-case headings", "items_uppercase_unnumbered", "2020-01-06", 5, 2, 5, 0, 2),
    ("Owner | Action | Due table", "actions_owner_table", "2020-02-05", 4, 1, 3, 0, 3),
    ("Role | Init | Name table", "attendance_initials_role_first", "2020-05-14", 4, 1, 3, 0, 1),
    (
        "messy: odd spacing, '1 .', '3 -', a hyphen split",
        "messy_mixed_separators",
        "2020-02-20",
        5,
        0,
        3,
        0,
        2,
    ),
    (
        "SMK-style references on their own line",
        "minute_refs_smk_general",
        "2020-12-03",
        3,
        1,
        2,
        1,
        0,
    ),
    (
        "converted PDF: running headers, 'Page 1 of 2', a run-on reference",
        "pdf_subcommittee_scanned",
        "2020-03-12",
        5,
        1,
        3,
        1,
        1,
    ),
    (
        "converted PDF: page numbers, a date broken over two lines",
        "pdf_parish_minute_items",
        "2020-01-14",
        5,
        1,
        5,
        1,
        1,
    ),
    (
        "attendance grouped under role headings",
        "role_headings_council",
        "2020-09-08",
        10,
        2,
        3,
        2,
        1,
    ),
]


def read(fixture: str):
    lines = (LAYOUTS / f"{fixture}.txt").read_text(encoding="utf-8").splitlines()
    return lines, parse_minutes(lines)


def counts(parsed) -> tuple:
    return (
        parsed.header.date.isoformat() if parsed.header.date else None,
        sum(row.status == "present" for row in parsed.attendance),
        sum(row.status == "apologies" for row in parsed.attendance),
        len(parsed.items),
        sum(point.kind == "decision" for point in parsed.points()),
        sum(len(item.actions) for item in parsed.items),
    )


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [pytest.param(row[1], row[2:], id=row[0]) for row in BY_HAND],
)
def test_each_layout_imports_with_the_counts_a_person_makes(fixture, expected):
    lines, parsed = read(fixture)
    assert counts(parsed) == expected
    assert parsed.missing == []
    unclaimed = [
        n for n, line in enumerate(lines, 1) if line.strip() and n not in parsed.line_roles
    ]
    assert unclaimed == []


def test_every_fixture_is_imported_and_saved(db):
    for _layout, fixture, date, present, apologies, items, _d, actions in BY_HAND:
        # A body each: two of the fixtures are meetings on the same evening.
        body = Body.objects.create(name=fixture, short_name=fixture[:50], slug=fixture[:50])
        lines, _parsed = read(fixture)
        report = import_minutes(body=body, source_name=f"{fixture}.txt", lines=lines, dry_run=False)
        meeting = Meeting.objects.get(pk=report.meeting_id)
        assert meeting.date.isoformat() == date
        assert meeting.attendance.filter(status="present").count() == present
        assert meeting.attendance.filter(status="apologies").count() == apologies
        assert meeting.items.count() == items
        assert sum(item.actions.count() for item in meeting.items.all()) == actions
    assert Meeting.objects.count() == len(BY_HAND)


def test_a_title_sentence_gives_date_time_and_venue():
    _lines, parsed = read("joint_committee_zoom")
    header = parsed.header
    assert header.start_time == datetime.time(19, 0)
    assert header.end_time == datetime.time(20, 42)  # "The meeting closed at 8.42 pm."
    assert header.location == "Virtually online via Zoom"
    assert parsed.not_imported == [(1, "NORTH VALE JOINT POLICING COMMITTEE")]
    assert [item.number for item in parsed.items][:2] == ["107/20", "108/20"]


def test_titles_brackets_and_roles_are_read_from_a_present_paragraph():
    _lines, parsed = read("joint_committee_zoom")
    rows = {row.name: row for row in parsed.attendance}
    assert rows["Cllr R Ahmed"].role == "Chair"
    assert rows["Cllr P Dunne"].role == "Vice-Chair"
    assert rows["Cllr H Oduya"].role == "from minute 111/20"
    assert rows["Mrs K Lowe"].is_minute_taker  # the Clerk
    assert [r.name for r in parsed.attendance if r.status == "apologies"] == [
        "Cllr B Naylor",
        "Sgt M Price",
    ]


def test_names_separated_only_by_the_next_title_are_several_people():
    _lines, parsed = read("heading_date_markdown")
    assert [row.name for row in parsed.attendance][:5] == [
        "Cllr A Brown",
        "Cllr B Green",
        "Cllr C White",
        "Cllr D Black",
        "Cllr E Rose",
    ]
    assert parsed.public_count == 2


def test_a_plural_title_names_each_councillor():
    _lines, parsed = read("pdf_parish_minute_items")
    assert [row.name for row in parsed.attendance][:4] == [
        "Cllr M Ford",
        "Cllr N Gill",
        "Cllr O Hale",
        "Cllr P Ives",
    ]


def test_role_headings_give_each_person_their_group():
    _lines, parsed = read("role_headings_council")
    rows = {row.name: row for row in parsed.attendance}
    assert rows["Councillor P Roberts"].role == "Chair"
    assert rows["Dr V Davies"].role == "Director of Public Health; Officials"
    assert rows["Ch Insp X Foster"].role == "Police"
    assert rows["Mrs A Irwin"].role == "Victim Support; Co-opted"
    assert parsed.header.location == "County Hall"


def test_members_of_the_public_are_a_count_not_people():
    _lines, parsed = read("ward_panel_numeric_date")
    assert parsed.public_count == 5
    assert not any("public" in row.name for row in parsed.attendance)


def test_a_converted_pdf_loses_its_page_furniture_and_keeps_its_text():
    _lines, parsed = read("pdf_subcommittee_scanned")
    not_imported = dict(parsed.not_imported)
    assert not_imported[22] == "Page 1 of 2"
    assert not_imported[24] == "[Scanned page 2]"
    assert (
        not_imported[21]
        == not_imported[25]
        == "North Vale Joint Policing Sub-Committee - 12 March 2020"
    )
    minutes, update, aob = parsed.items
    assert minutes.points[0].text.endswith("be approved as a correct record.")  # "ap-" "proved"
    # A paragraph cut by the page break is one point again.
    assert update.points[0].text.endswith(
        "still being collated by the analysts and would be circulated."
    )
    # "... agreed to look into the request. 25/20 ANY OTHER BUSINESS": the reference ran on.
    assert update.points[1].text.endswith("Insp Greaves agreed to look into the request.")
    assert (aob.number, aob.title) == ("25/20", "ANY OTHER BUSINESS")
    assert update.actions[0].owners == ["TG"]


def test_actions_are_owned_by_the_people_they_name():
    _lines, parsed = read("net_meeting_short_date")
    actions = parsed.items[2].actions
    assert [(a.owners, a.description) for a in actions] == [
        (["PGL"], "PGL to circulate the revised timetable"),
        (["SM"], "SM to confirm the planning committee date"),
        (["IQ"], "IQ to share the closure plan with TO"),
    ]


def test_an_action_table_gives_owners_and_due_dates():
    _lines, parsed = read("actions_owner_table")
    actions = parsed.items[1].actions
    assert actions[0].owners == ["MD"] and actions[0].due == datetime.date(2020, 3, 4)
    assert actions[2].owners == ["LC", "JA"]
    assert actions[2].description == "Draft the newsletter article (due next meeting)"


def test_a_clerk_named_by_role_owns_the_action():
    _lines, parsed = read("heading_date_markdown")
    assert parsed.items[-1].actions[0].owners == ["FG"]  # Mrs F Grey (Clerk)


def test_a_decision_inside_a_paragraph_is_a_decision_of_its_own():
    _lines, parsed = read("ward_panel_numeric_date")
    points = parsed.items[1].points
    assert [p.kind for p in points] == ["discussion", "decision"]
    assert points[1].text == "It was agreed to keep both priorities for the next quarter."


def test_speakers_named_by_title_and_surname_are_found(body):
    lines, _parsed = read("joint_committee_zoom")
    report = import_minutes(body=body, source_name="j.txt", lines=lines, dry_run=False)
    point = Point.objects.get(item__meeting_id=report.meeting_id, text__startswith="Supt Marsh")
    assert [a.name for a in point.speakers.all()] == ["Supt L Marsh"]


def test_people_are_matched_to_members_by_name_with_or_without_their_title(body):
    lines, _parsed = read("joint_committee_zoom")
    first = import_minutes(body=body, source_name="a.txt", lines=lines, dry_run=False)
    later = [line.replace("1 July 2020", "5 August 2020") for line in lines]
    second = import_minutes(body=body, source_name="b.txt", lines=later, dry_run=False)
    assert first.new_people and not second.new_people
    ahmed = Attendance.objects.filter(name="Cllr R Ahmed")
    assert ahmed.count() == 2 and len({a.person_id for a in ahmed}) == 1


def test_a_resolved_with_nothing_after_it_is_saved_as_printed_and_flagged(body):
    lines = [
        "Minutes of the Panel held on 3 March 2020",
        "",
        "Present: Mr A Bell",
        "",
        "1. Minutes",
    ]
    lines.append("RESOLVED:")
    report = import_minutes(body=body, source_name="r.txt", lines=lines, dry_run=False)
    point = Point.objects.get(item__meeting_id=report.meeting_id)
    assert point.text == "RESOLVED:" and point.import_flags.exists()


def test_what_is_not_initials_in_an_initials_column_is_kept_in_the_role():
    lines = [
        "Panel meeting, 3 March 2020",
        "",
        "Name | Initials | Role",
        "Jane Appleby | 04/03/2020 | Chair",
        "",
        "1. Welcome",
        "JA welcomed everyone.",
    ]
    row = parse_minutes(lines).attendance[0]
    assert (row.initials, row.role) == ("JA", "Chair; 04/03/2020")

"""Each seed in ../shared/seeds imported for real, checked against exact counts,
the hand transcription in meetings/demo, and the promise that nothing is lost."""

import datetime
import json
import re
from pathlib import Path

import pytest

from actions.models import Action
from committee.models import Decision
from imports.models import Flag, ImportRecord
from imports.parsing import parse_minutes
from imports.samples import year_of_minutes
from imports.services import import_minutes
from meetings.models import AgendaItem, Attendance, Meeting, Point
from members.models import ItemKind, Membership, Person

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
DEMO = Path(__file__).resolve().parents[2] / "meetings" / "demo"


def seed_lines(prefix: str) -> list[str]:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8").splitlines()


def imported(body, prefix, **options):
    lines = seed_lines(prefix)
    report = import_minutes(
        body=body, source_name=f"{prefix}.txt", lines=lines, dry_run=False, **options
    )
    return report, Meeting.objects.get(pk=report.meeting_id)


def counts(meeting):
    return {
        "present": meeting.attendance.filter(status="present").count(),
        "apologies": meeting.attendance.filter(status="apologies").count(),
        "items": meeting.items.count(),
        "points": Point.objects.filter(item__meeting=meeting).count(),
        "actions": Action.objects.filter(item__meeting=meeting).count(),
        "flagged": Flag.objects.filter(record__meeting=meeting).count(),
    }


def test_the_december_iag_minutes_are_imported_with_exact_counts(body):
    report, meeting = imported(body, "000")
    assert counts(meeting) == {
        "present": 20,
        "apologies": 10,
        "items": 11,
        "points": 30,
        "actions": 2,
        "flagged": 1,
    }
    assert report.counts() == counts(meeting)
    assert (meeting.date, meeting.start_time, meeting.location, meeting.status) == (
        datetime.date(2021, 12, 7),
        datetime.time(18, 0),
        "Wolverton Mosque",
        "approved",
    )
    assert "next meeting date (2 February 2022)" in report.summary()["year_inferred_from"]
    leads = list(meeting.items.values_list("number", "title", "lead"))
    assert leads[:3] == [
        ("1", "Welcome and Introductions", "IAG Chair"),
        ("2", "Previous notes/actions", "All"),
        ("3", "Chairs Report", "IAG Chair"),
    ]
    assert leads[5:9] == [
        ("6", "Hate Crime Case Studies and Discussion", "All"),
        ("7", "Other Crime Updates", "LPA Commander"),
        ("8", "Members Feedback / Issues to raise", "All"),
        ("9", "AOB", "IAG Chair"),
    ]
    reviewing = meeting.items.filter(kind=ItemKind.PREVIOUS_MINUTES)
    assert [i.number for i in reviewing] == ["2"]
    minute_taker = meeting.attendance.get(is_minute_taker=True)
    assert (minute_taker.initials, minute_taker.role) == ("DL", "TVP Admin Support Officer")


def test_the_2022_programme_is_recognised_in_the_chairs_report_and_not_scheduled(body):
    report, meeting = imported(body, "000")
    programme = report.summary()["programme"]
    assert len(programme) == 8
    assert programme[0] == {"date": "2022-02-02", "topic": "Body Worn Video / Stop & Search"}
    assert programme[-1] == {"date": "2022-12-14", "topic": "Mental Health"}
    chairs_report = meeting.items.get(number="3")
    assert chairs_report.points.filter(text__startswith="- 2nd February – Body Worn").count() == 1
    assert Meeting.objects.count() == 1  # the programme's dates were reported, not created


def test_actions_get_their_owner_and_fall_due_at_the_next_meeting(body):
    _report, meeting = imported(body, "000")
    actions = Action.objects.filter(item__meeting=meeting).prefetch_related("owners")
    assert [
        ([o.initials for o in a.owners.all()], a.description[:40], a.due_date) for a in actions
    ] == [
        (["JH"], "JH will provide some case studies ahead ", datetime.date(2022, 2, 2)),
        (["AK/2"], "AK/2 was asked to share the details so t", datetime.date(2022, 2, 2)),
    ]


def test_the_page_header_in_the_middle_of_the_minutes_is_kept_and_flagged(body):
    _report, meeting = imported(body, "000")
    flag = Flag.objects.get(record__meeting=meeting)
    assert flag.point.text == "Milton Keynes\nIAG Meeting\nMinutes"
    assert flag.point.item.number == "8"
    assert "page header" in flag.reason


def test_the_march_minutes_tell_the_two_aks_apart_and_flag_unknown_speakers(body):
    report, meeting = imported(body, "001")
    assert counts(meeting) == {
        "present": 25,
        "apologies": 0,
        "items": 11,
        "points": 66,
        "actions": 1,
        "flagged": 6,
    }
    assert list(
        meeting.attendance.filter(initials__startswith="AK").values_list("initials", "role")
    ) == [
        ("AK/1", "IAG Chair"),
        ("AK/2", "IAG Member"),
    ]
    tl = Point.objects.get(item__meeting=meeting, text__startswith="TL said that some people")
    assert list(tl.speakers.all()) == []
    assert "we have to address the initial perception" in tl.text
    assert "TL is not on the attendance list" in tl.import_flags.get().reason
    deferred = meeting.items.filter(state="deferred").values_list("number", flat=True)
    assert list(deferred) == ["5", "7"]
    assert meeting.topic == "Alliances and Communities"
    assert "AK appears 2 times" in report.parsed.notes[0]


def test_the_formal_committee_minutes_become_minute_references_decisions_and_exempt_items(
    safermk,
):
    _report, meeting = imported(safermk, "003")
    assert counts(meeting) == {
        "present": 21,
        "apologies": 6,
        "items": 10,
        "points": 41,
        "actions": 0,
        "flagged": 0,
    }
    assert (meeting.date, meeting.start_time, meeting.end_time) == (
        datetime.date(2020, 1, 30),
        datetime.time(14, 0),
        datetime.time(15, 56),
    )
    assert meeting.location == "Room 1.02, Civic, at Milton Keynes Council"
    items = list(meeting.items.values_list("minute_number", "title", "confidential"))
    assert items[0] == (25, "ELECTION OF CHAIR", False)
    assert [n for n, _t, _c in items] == list(range(25, 35))
    assert items[-2:] == [
        (33, "EXCLUSION OF PUBLIC AND PRESS", False),
        (34, "DOMESTIC HOMICIDE REVIEWS - UPDATE", True),
    ]
    assert meeting.items.get(minute_number=34).exempt_paragraphs == "1,2"
    assert Point.objects.filter(item__meeting=meeting, confidential=True).count() == 2
    decisions = Point.objects.filter(item__meeting=meeting, kind="decision")
    assert decisions.count() == 9
    assert decisions.get(item__minute_number=30).text == (
        "1. That the projects undertaken to improve community safety be noted.\n"
        "2. That the results of the Annual Crime and Disorder Survey be brought to the next "
        "meeting of the Partnership."
    )
    # The register: one decision for each RESOLVED block, by its reference.
    register = Decision.objects.filter(point__item__meeting=meeting)
    assert sorted(register.values_list("point__item__minute_number", flat=True)) == [
        25,
        26,
        28,
        28,
        28,
        29,
        30,
        31,
        33,
    ]
    headings = Point.objects.filter(item__minute_number=28, kind="heading")
    assert list(headings.values_list("text", flat=True)) == [
        "(a) Update on Knife Enabled Crime Projects",
        "(b) Terms of Reference for New Research into Gangs in Milton Keynes",
        "(c) Serious Knife Violence - Proposed Task and Finish Group",
    ]
    chair = meeting.attendance.get(initials="KG")
    assert (chair.name, chair.role, chair.capacity) == (
        "Chief Inspector K Gardner",
        "Deputy LPA Commander, Thames Valley Police",
        "chair",
    )
    observers = meeting.attendance.filter(name__in=["Councillor Ferrans", "Councillor McLean"])
    assert set(observers.values_list("role", flat=True)) == {"Milton Keynes Council"}
    # Each group as the seed prints it, counted by hand.
    groups = {}
    for status, capacity in meeting.attendance.values_list("status", "capacity"):
        groups[(status, capacity)] = groups.get((status, capacity), 0) + 1
    assert groups == {
        ("present", "chair"): 1,
        ("present", "member"): 6,
        ("present", "observer"): 2,
        ("present", "co_opted"): 5,
        ("present", "officer"): 6,
        ("present", "also_present"): 1,
        ("apologies", "member"): 6,
    }
    assert meeting.public_count == 5
    assert (meeting.next_date, meeting.next_time) == (
        datetime.date(2020, 4, 9),
        datetime.time(14, 0),
    )
    assert meeting.no_interests_declared


def test_the_strategy_document_is_refused_and_nothing_is_saved(body):
    from imports.services import NotMinutes

    with pytest.raises(NotMinutes, match="does not look like minutes"):
        imported(body, "004")
    assert not Meeting.objects.exists()
    assert not Person.objects.exists()


# --- Nothing lost ---------------------------------------------------------------


def normalise(text: str) -> str:
    text = text.replace("**", " ")
    text = re.sub(r"^\s*(?:[-➤•]\s+)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_no_source_line_is_missing_from_the_imported_meeting(body, prefix):
    lines = seed_lines(prefix)
    parsed = parse_minutes(lines)
    _report, meeting = imported(body, prefix)
    points = normalise(
        " ".join(Point.objects.filter(item__meeting=meeting).values_list("text", flat=True))
    )
    items = " ".join(
        f"{number} {title} {lead}"
        for number, title, lead in AgendaItem.objects.filter(meeting=meeting).values_list(
            "number", "title", "lead"
        )
    )
    people = " ".join(
        f"{initials} {name} {role}"
        for initials, name, role in Attendance.objects.filter(meeting=meeting).values_list(
            "initials", "name", "role"
        )
    )
    states = set(meeting.items.values_list("state", flat=True))
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        role = parsed.line_roles.get(number)
        text = normalise(line)
        where = f"line {number}: {line!r}"
        if role == "point":
            assert text in points, where
        elif role == "item":
            assert words(text) <= words(items + " " + points), where
        elif role == "attendance":
            assert words(text) - {"and"} <= words(people + " " + points) | {
                "present",
                "observers",
                "co",
                "opted",
                "members",
                "without",
                "voting",
                "rights",
                "officers",
                "also",
                "apologies",
                "councillors",
            } | ({"five", "of", "the", "public"} if meeting.public_count else set()), where
        elif role == "header":
            assert words(text) & (words(meeting.location) | {"date", "time", "minutes"}), where
        elif role == "state":
            assert "deferred" in states or "carried_over" in states, where
        elif role == "not_imported":
            assert any(text in note for note in parsed.notes), where
        elif role == "structure":
            assert text.split()[0] in {"Init", "Initials", "Apologies", "RESOLVED"}, where
        else:
            pytest.fail(f"{where} was not placed anywhere")


# --- The hand transcription as an oracle ------------------------------------------


def as_printed(text: str) -> str:
    """The transcription writes links as text and drops the export's escapes."""
    text = re.sub(r"\[(.+?)\]\((\S+?)\)", r"\1 \2", text).replace("\\", "")
    return re.sub(r"<(https?://\S+)>", r"\1", text)


@pytest.mark.parametrize(("prefix", "oracle"), [("000", "2021-12-07"), ("001", "2022-03-02")])
def test_the_import_agrees_with_the_hand_transcription(prefix, oracle):
    expected = json.loads((DEMO / f"{oracle}.json").read_text())
    parsed = parse_minutes(seed_lines(prefix))
    assert parsed.header.date.isoformat() == expected["date"]
    assert parsed.next_meeting.isoformat() == expected["next_meeting"]
    assert [
        (row.initials, row.role, row.status, row.is_minute_taker) for row in parsed.attendance
    ] == [
        (row["initials"], row["role"], row["status"], row["minute_taker"])
        for row in expected["attendance"]
    ]
    assert [(i.number, i.title, i.lead, i.state) for i in parsed.items] == [
        (i["number"], i["title"], i["lead"], i["state"]) for i in expected["items"]
    ]
    for item, want in zip(parsed.items, expected["items"], strict=True):
        kept = [p for p in item.points if p.flag_code not in {"stray_text", "no_words"}]
        assert [(p.kind, as_printed(p.text), p.speakers) for p in kept] == [
            (p["kind"], p["text"], p["speakers"]) for p in want["points"]
        ], item.title
        owners = [a.owners for a in item.actions]
        assert all(o in [a["owners"] for a in want["actions"]] for o in owners), item.title


# --- People, duplicates, dry runs ------------------------------------------------


def test_people_are_matched_to_members_by_initials_and_new_ones_reported(body):
    chair = Person.objects.create(name="Adeel Karim")
    Membership.objects.create(body=body, person=chair, initials="AK/1", position="IAG Chair")
    report, meeting = imported(body, "000")
    assert meeting.attendance.get(initials="AK/1").person == chair
    assert "AK/1" not in [p["initials"] for p in report.new_people]
    assert len(report.new_people) == 29
    ns = Membership.objects.get(body=body, initials="NS")
    assert (ns.person.name, ns.position, ns.role) == (
        "NS",
        "TVP Community & Diversity Officer",
        "guest",
    )
    assert Membership.objects.get(body=body, initials="AS").role == "member"

    second, march = imported(body, "001")
    assert march.attendance.get(initials="AK/1").person == chair
    assert sorted(p["initials"] for p in second.new_people) == ["MK", "PK", "RS", "SD"]


def test_importing_the_same_file_twice_reports_the_existing_meeting(body):
    first, meeting = imported(body, "000")
    again = import_minutes(
        body=body, source_name="copy.txt", lines=seed_lines("000"), dry_run=False
    )
    assert (again.existing, again.meeting_id) == (True, meeting.pk)
    assert Meeting.objects.count() == 1
    assert ImportRecord.objects.count() == 1
    assert Attendance.objects.count() == 30


def test_a_dry_run_reports_everything_and_saves_nothing(body):
    report = import_minutes(body=body, source_name="000.txt", lines=seed_lines("000"), dry_run=True)
    assert report.counts()["present"] == 20
    assert len(report.new_people) == 30
    assert report.meeting_id is None
    assert not Meeting.objects.exists()
    assert not Person.objects.exists()
    assert not ImportRecord.objects.exists()


def test_a_year_of_minutes_imports_in_one_go(body):
    """Twelve files (the seeds with shifted dates), as the benchmark does, without timing."""
    reports = [
        import_minutes(body=body, source_name=name, lines=lines, dry_run=False)
        for name, lines in year_of_minutes()
    ]
    assert not any(report.existing for report in reports)
    assert Meeting.objects.filter(body=body).count() == 12
    # 6 meetings of each seed: 30 and 25 people; people are created once only.
    assert Attendance.objects.filter(meeting__body=body).count() == 6 * 30 + 6 * 25
    assert Person.objects.count() == 34


def test_an_import_costs_the_same_queries_however_many_people_and_points(body, safermk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        import_minutes(body=body, source_name="a.txt", lines=seed_lines("000"), dry_run=True)
    with CaptureQueriesContext(connection) as large:
        import_minutes(body=body, source_name="b.txt", lines=seed_lines("001"), dry_run=True)
    with CaptureQueriesContext(connection) as formal:
        import_minutes(body=safermk, source_name="c.txt", lines=seed_lines("003"), dry_run=True)
    # A handful of bulk queries, whether 30 people and 30 points or 27 and 42;
    # only whether there are actions, flags or guests changes which ones run.
    # It includes the savepoint around the save, the lock's checks that no row lands in
    # agreed minutes (one per kind of row) and the lifecycle's step to "approved", and the
    # search index's one pass over the new minutes (search.indexing.index_meeting: about
    # four queries a kind of row, 16 on SQLite with its FTS5 writes, fewer on PostgreSQL).
    assert len(small) == len(large)
    assert max(len(small), len(large), len(formal)) <= 50
